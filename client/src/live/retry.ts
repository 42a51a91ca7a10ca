/** How the live connection spaces its attempts after a refusal or a failure. */
export interface RetryPolicy {
  /** Delay before the first retry. Default 500 ms. */
  firstDelayMs: number;
  /** Longest delay between retries. Default 5 s (socket.io-client's own reconnection cap here). */
  maxDelayMs: number;
}

export const LIVE_RETRY: RetryPolicy = { firstDelayMs: 500, maxDelayMs: 5_000 };

/**
 * Delay before retry number `attempt` (1, 2, …): doubling from the first delay up to the cap,
 * then drawn from its upper half, so a room full of boards does not come back in step.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random, policy: RetryPolicy = LIVE_RETRY): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

/**
 * Whether a refused handshake is final: only a refusal of the credentials is (a revoked token,
 * a disabled user, an ended session). Anything else (`unavailable: try again` while the database
 * is away, an instance shutting down) is worth another attempt.
 */
export function isFinalRefusal(message: string): boolean {
  return message.startsWith('unauthorized');
}

/**
 * Whether a refused subscription may succeed later: `unavailable` (the server could not check
 * it just now) and `rate_limited` may; `forbidden`, `not_found`, `validation_failed` and
 * `unauthorized` will not.
 */
export function isRetryableSubscribeRefusal(code: string): boolean {
  return code === 'unavailable' || code === 'rate_limited';
}

/**
 * Whether a failed REST call may succeed if tried again: no answer at all (network, status 0),
 * a 5xx (`503` while the database is away) or a 429. Any other 4xx will answer the same again.
 */
export function isTransientFailure(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number') return true;
  return status === 0 || status === 429 || status >= 500;
}
