import { loadConfig, retryDelayMs } from '@dockwatch/server';
import { describe, expect, it } from 'vitest';

describe('webhook retry backoff', () => {
  it('doubles from the base after each failed attempt and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 5_000, 3_600_000))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(11, 5_000, 3_600_000)).toBe(3_600_000);
    expect(retryDelayMs(60, 5_000, 3_600_000)).toBe(3_600_000);
  });

  it('spreads the default 12 attempts over about two and a half hours', () => {
    const { retryBaseMs, retryMaxMs, maxAttempts } = loadConfig({}).webhooks;
    // Waits come after attempts 1..11; the 12th failure is final.
    const total = Array.from({ length: maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1, retryBaseMs, retryMaxMs)).reduce((a, b) => a + b, 0);
    // 5 s, 10 s, … 42 min 40 s, then the 1 h cap: 2 h 25 min 15 s.
    expect(total).toBe(8_715_000);
  });
});
