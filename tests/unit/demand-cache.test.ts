import type { DemandBucket } from '@dockwatch/shared';
import { describe, expect, it } from 'vitest';
import { DemandPlanCache } from '../../server/src/materials/demand-cache';

const H = 3_600_000;
const plan = (hours: number, quantity: number): DemandBucket[] => Array.from({ length: hours }, (_, i) => ({ from: i * H, to: (i + 1) * H, quantity }));

/** A loader over fixed plans that counts what it was asked to read. */
function loader(plans: Map<string, DemandBucket[]>) {
  const reads: string[][] = [];
  const load = async (ids: readonly string[], after: Date) => {
    reads.push([...ids]);
    return new Map(ids.map((id) => [id, (plans.get(id) ?? []).filter((b) => b.to > after.getTime())]));
  };
  return { load, reads };
}

describe('DemandPlanCache', () => {
  it('reads a plan once per revision and gives the same buckets from memory, later starts cut off', async () => {
    const plans = new Map([['a', plan(4, 10)], ['b', plan(2, 5)]]);
    const { load, reads } = loader(plans);
    const cache = new DemandPlanCache();
    const first = await cache.plans([{ id: 'a', revision: 1 }, { id: 'b', revision: 1 }], 0, load);
    expect(first.get('a')).toEqual(plan(4, 10));
    const again = await cache.plans([{ id: 'a', revision: 1 }, { id: 'b', revision: 1 }], 1.5 * H, load);
    expect(reads).toEqual([['a', 'b']]);
    expect(again.get('a')).toEqual(plan(4, 10).slice(1));
    expect(again.get('b')).toEqual(plan(2, 5).slice(1));
  });

  it('reads again for a new revision or an earlier start, and only those materials', async () => {
    const plans = new Map([['a', plan(4, 10)], ['b', plan(2, 5)]]);
    const { load, reads } = loader(plans);
    const cache = new DemandPlanCache();
    await cache.plans([{ id: 'a', revision: 1 }, { id: 'b', revision: 1 }], H, load);
    plans.set('a', plan(4, 99));
    const changed = await cache.plans([{ id: 'a', revision: 2 }, { id: 'b', revision: 1 }], H, load);
    expect(changed.get('a')!.map((b) => b.quantity)).toEqual([99, 99, 99]);
    await cache.plans([{ id: 'b', revision: 1 }], 0, load);
    expect(reads).toEqual([['a', 'b'], ['a'], ['b']]);
  });

  it('holds at most its bucket budget, dropping the least recently used plans', async () => {
    const plans = new Map([['a', plan(4, 1)], ['b', plan(4, 2)], ['c', plan(4, 3)]]);
    const { load, reads } = loader(plans);
    const cache = new DemandPlanCache(8);
    await cache.plans([{ id: 'a', revision: 0 }], 0, load);
    await cache.plans([{ id: 'b', revision: 0 }], 0, load);
    await cache.plans([{ id: 'a', revision: 0 }], 0, load);
    await cache.plans([{ id: 'c', revision: 0 }], 0, load);
    expect(cache.size).toBe(2);
    await cache.plans([{ id: 'a', revision: 0 }], 0, load);
    await cache.plans([{ id: 'b', revision: 0 }], 0, load);
    expect(reads).toEqual([['a'], ['b'], ['c'], ['b']]);
  });
});
