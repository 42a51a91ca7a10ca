import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SnapshotReloader } from '../../client/src/live/snapshot-reloader';

/** A load whose outcome the test decides, one call at a time. */
function scriptedLoad() {
  const calls: { resolve: (landed: boolean) => void; reject: (error: Error) => void }[] = [];
  const load = () => new Promise<boolean>((resolve, reject) => calls.push({ resolve, reject }));
  return { load, calls };
}

describe('SnapshotReloader', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs one reload at a time and reloads once more when asked meanwhile', async () => {
    const { load, calls } = scriptedLoad();
    const reloader = new SnapshotReloader(load, { random: () => 1 });
    const first = reloader.request();
    void reloader.request();
    void reloader.request();
    expect(calls).toHaveLength(1);
    expect(reloader.busy).toBe(true);
    calls[0]!.resolve(true);
    await first;
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(true);
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(2);
    expect(reloader.busy).toBe(false);
  });

  it('tries a failed reload again with backoff until one lands, then stops', async () => {
    const { load, calls } = scriptedLoad();
    const reloader = new SnapshotReloader(load, { random: () => 1 });
    void reloader.request();
    calls[0]!.reject(new Error('503 database_unavailable'));
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(3);
    calls[2]!.resolve(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(3);
  });

  it('drops a pending retry when cancelled, also one a running reload would schedule', async () => {
    const { load, calls } = scriptedLoad();
    const reloader = new SnapshotReloader(load, { random: () => 1 });
    void reloader.request();
    reloader.cancel();
    calls[0]!.resolve(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    // Still usable afterwards (another site).
    void reloader.request();
    expect(calls).toHaveLength(2);
  });
});
