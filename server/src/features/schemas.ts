import { ErrorBody } from '@dockwatch/shared';

/** Error answers documented on routes (all share the `{error: {code, message, details?}}` shape). */
export const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 413 | 429 | 503)[]) =>
  Object.fromEntries(codes.map((code) => [code, ErrorBody])) as Record<number, typeof ErrorBody>;

/** Staff routes: the session cookie or a bearer API token (the bootstrap admin token too). */
export const staffSecurity = [{ bearerAuth: [] }];
