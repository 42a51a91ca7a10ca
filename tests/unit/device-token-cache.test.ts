import { describe, expect, it } from 'vitest';
import { DeviceTokenCache } from '../../server/src/auth/device-token-cache';
import type { DeviceRecord } from '../../server/src/repositories/carriers';

const device = (id: string, revokedAt: Date | null = null) => ({ id, carrierId: 'c1', name: id, tokenHash: `hash-${id}`, revokedAt }) as unknown as DeviceRecord;

describe('device token cache', () => {
  it('serves a device until its TTL runs out, then asks again', () => {
    let now = 0;
    const cache = new DeviceTokenCache({ ttlMs: 10_000, now: () => now });
    cache.set('h1', device('d1'));
    now = 9_999;
    expect(cache.get('h1')?.id).toBe('d1');
    now = 10_000;
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.holds('d1')).toBe(false);
  });

  it("drops every token of a device at once, and only that device's", () => {
    const cache = new DeviceTokenCache({ ttlMs: 10_000, now: () => 0 });
    cache.set('old', device('d1'));
    cache.set('new', device('d1'));
    cache.set('other', device('d2'));
    cache.invalidateDevice('d1');
    expect([cache.get('old'), cache.get('new')]).toEqual([undefined, undefined]);
    expect(cache.get('other')?.id).toBe('d2');
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('never holds a revoked device, holds nothing with a TTL of 0, and stays within its bound', () => {
    const cache = new DeviceTokenCache({ ttlMs: 10_000, maxEntries: 2, now: () => 0 });
    cache.set('r', device('revoked', new Date(0)));
    expect(cache.get('r')).toBeUndefined();
    for (const id of ['a', 'b', 'c']) cache.set(`h-${id}`, device(id));
    expect(cache.size).toBe(2);
    expect([cache.holds('a'), cache.holds('b'), cache.holds('c')]).toEqual([false, true, true]);
    const off = new DeviceTokenCache({ ttlMs: 0 });
    off.set('h', device('d'));
    expect(off.get('h')).toBeUndefined();
  });
});
