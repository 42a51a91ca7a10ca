import { HttpError } from '../errors';
import type { Action, Resource } from './policy';

/**
 * A refusal by the policy: 403 when the role may never do the action, 404 when the resource is
 * outside the caller's scope. Every one is written to the audit log.
 */
export class AccessDenied extends HttpError {
  constructor(
    readonly action: Action,
    readonly outcome: 'forbidden' | 'not_found',
    readonly resource?: Resource,
    what = 'Resource',
  ) {
    super(
      outcome === 'forbidden' ? 403 : 404,
      outcome,
      outcome === 'forbidden' ? `Your role may not ${action.replace(':', ' ')}` : `${what} ${resource?.id ?? ''} does not exist`.trim(),
    );
    this.name = 'AccessDenied';
  }
}
