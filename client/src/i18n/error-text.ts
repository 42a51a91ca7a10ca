import { ApiError } from '../api/rest';
import { hasMessage, tDynamic } from './i18n';

/**
 * What a failed request says to the person: the catalogue's words for the server's error code
 * when it has them (the server's own message names ids and is in English), else the message.
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError && hasMessage(`errors.${error.code}`)) return tDynamic(`errors.${error.code}`);
  return error instanceof Error ? error.message : String(error);
}
