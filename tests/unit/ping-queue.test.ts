import type { PingInput } from '@dockwatch/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PingQueue, pingFromPosition } from '../../client/src/driver/ping-queue';

/** localStorage's contract, in memory. */
const memoryStorage = () => {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
};
const ping = (i: number): PingInput => ({ ts: new Date(Date.UTC(2026, 0, 1, 8, 0, i)).toISOString(), lat: 48 + i / 1000, lon: 11.6 });

describe('PingQueue', () => {
  it('keeps positions across page loads (same storage) until the server accepted them', () => {
    const storage = memoryStorage();
    const first = new PingQueue(storage, 'q');
    [0, 1, 2].forEach((i) => first.push(ping(i)));
    const reloaded = new PingQueue(storage, 'q');
    expect(reloaded.head(2)).toEqual([ping(0), ping(1)]);
    reloaded.push(ping(3));
    reloaded.remove([ping(0), ping(1)]);
    expect(reloaded.all()).toEqual([ping(2), ping(3)]);
  });

  it('drops the oldest past the cap and survives garbage in storage', () => {
    const storage = memoryStorage();
    const queue = new PingQueue(storage, 'q', 3);
    [0, 1, 2, 3, 4].forEach((i) => queue.push(ping(i)));
    expect(queue.all()).toEqual([ping(2), ping(3), ping(4)]);
    storage.setItem('q', '{not json');
    expect(new PingQueue(storage, 'q').size).toBe(0);
  });

  it('never loses or duplicates a position, whatever is sent in between', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('push' as const), fc.integer({ min: 1, max: 5 })), { maxLength: 50 }), (ops) => {
        const queue = new PingQueue(memoryStorage(), 'q');
        let next = 0;
        const sent: PingInput[] = [];
        for (const op of ops) {
          if (op === 'push') queue.push(ping(next++));
          else {
            const batch = queue.head(op);
            queue.remove(batch);
            sent.push(...batch);
          }
        }
        expect([...sent, ...queue.all()]).toEqual(Array.from({ length: next }, (_, i) => ping(i)));
      }),
    );
  });
});

describe('pingFromPosition', () => {
  it('leaves out what the browser does not know', () => {
    const position = { timestamp: Date.UTC(2026, 0, 1), coords: { latitude: 48.1, longitude: 11.5, accuracy: 8, speed: null, heading: Number.NaN } };
    expect(pingFromPosition(position)).toEqual({ ts: '2026-01-01T00:00:00.000Z', lat: 48.1, lon: 11.5, accuracy: 8 });
    expect(pingFromPosition({ ...position, coords: { ...position.coords, speed: 22.2, heading: 90 } })).toMatchObject({ speed: 22.2, heading: 90 });
  });
});
