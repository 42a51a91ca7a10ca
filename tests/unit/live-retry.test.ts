import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFinalRefusal, isRetryableSubscribeRefusal, isTransientFailure, LIVE_RETRY, retryDelayMs } from '../../client/src/live/retry';

describe('live connection retries', () => {
  it('retries every refused handshake but one that refuses the credentials', () => {
    expect(isFinalRefusal('unauthorized: unknown or revoked credentials')).toBe(true);
    expect(isFinalRefusal('unauthorized: sign in or send auth.token')).toBe(true);
    // What the server answers while the database is away, and transport failures.
    expect(isFinalRefusal('unavailable: try again')).toBe(false);
    expect(isFinalRefusal('websocket error')).toBe(false);
    expect(isFinalRefusal('timeout')).toBe(false);
  });

  it('retries a subscription the server could not check, not one it refused', () => {
    expect(isRetryableSubscribeRefusal('unavailable')).toBe(true);
    expect(isRetryableSubscribeRefusal('rate_limited')).toBe(true);
    for (const code of ['forbidden', 'not_found', 'validation_failed', 'unauthorized']) expect(isRetryableSubscribeRefusal(code)).toBe(false);
  });

  it('backs off from half a second to at most five, with jitter in the upper half', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, () => 1))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(retryDelayMs(1, () => 0)).toBe(250);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const delay = retryDelayMs(attempt, () => r);
        const ceiling = Math.min(LIVE_RETRY.maxDelayMs, LIVE_RETRY.firstDelayMs * 2 ** (attempt - 1));
        expect(delay).toBeGreaterThanOrEqual(Math.round(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(LIVE_RETRY.maxDelayMs);
      }),
    );
  });
});

describe('transient REST failures', () => {
  it('retries what may answer differently later, not a refusal', () => {
    expect(isTransientFailure(new TypeError('fetch failed'))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('offline'), { status: 0 }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('database_unavailable'), { status: 503 }))).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('rate_limited'), { status: 429 }))).toBe(true);
    for (const status of [401, 403, 404]) expect(isTransientFailure(Object.assign(new Error('refused'), { status }))).toBe(false);
  });
});
