import { describe, expect, it } from 'vitest';
import { GroupCommit, type Settled } from '../../server/src/db/group-commit';

/** A batch runner whose transactions the test commits by hand. */
function manualRunner() {
  const batches: { jobs: string[]; commit: (results?: Settled<string>[]) => void; fail: (error: Error) => void }[] = [];
  let started: () => void = () => {};
  const run = (jobs: string[]) =>
    new Promise<Settled<string>[]>((resolve, reject) => {
      batches.push({ jobs, commit: (results) => resolve(results ?? jobs.map((j) => ({ ok: true, value: `stored ${j}` }))), fail: reject });
      started();
    });
  const nextBatch = () => new Promise<void>((resolve) => (started = resolve));
  return { run, batches, nextBatch };
}

const settle = <T>(p: Promise<T>) => p.then((value) => ({ value }), (error: unknown) => ({ error }));

describe('group commit', () => {
  it('puts jobs that arrive together into one batch and answers none before its commit', async () => {
    const runner = manualRunner();
    const group = new GroupCommit(runner.run, { windowMs: 0, maxWeight: 100, concurrency: 1 });
    let answered = 0;
    const started = runner.nextBatch();
    const answers = ['a', 'b', 'c'].map((j) => group.submit(j, 1).then((v) => (answered++, v)));
    await started;
    expect(runner.batches.map((b) => b.jobs)).toEqual([['a', 'b', 'c']]);
    await Promise.resolve();
    expect(answered).toBe(0);
    runner.batches[0]!.commit();
    expect(await Promise.all(answers)).toEqual(['stored a', 'stored b', 'stored c']);
  });

  it('a failed job fails alone; a failed transaction fails its whole batch and nothing else', async () => {
    const runner = manualRunner();
    const group = new GroupCommit(runner.run, { windowMs: 0, maxWeight: 100, concurrency: 1 });
    let started = runner.nextBatch();
    const first = ['good', 'bad'].map((j) => settle(group.submit(j, 1)));
    await started;
    started = runner.nextBatch();
    runner.batches[0]!.commit([{ ok: true, value: 'stored good' }, { ok: false, error: new Error('revoked') }]);
    expect(await Promise.all(first)).toEqual([{ value: 'stored good' }, { error: new Error('revoked') }]);

    const second = settle(group.submit('x', 1));
    await started;
    started = runner.nextBatch();
    runner.batches[1]!.fail(new Error('connection lost'));
    expect(await second).toEqual({ error: new Error('connection lost') });
    const third = group.submit('y', 1);
    await started;
    runner.batches[2]!.commit();
    expect(await third).toBe('stored y');
  });

  it('bounds a batch by weight, lets a heavy job go alone, and keeps to its concurrency while jobs queue', async () => {
    const runner = manualRunner();
    const group = new GroupCommit(runner.run, { windowMs: 0, maxWeight: 10, concurrency: 2 });
    let started = runner.nextBatch();
    const answers = [group.submit('a', 6), group.submit('b', 4), group.submit('heavy', 50), group.submit('c', 1), group.submit('d', 1)];
    await started;
    expect(runner.batches.map((b) => b.jobs)).toEqual([['a', 'b'], ['heavy']]);
    started = runner.nextBatch();
    runner.batches[1]!.commit();
    await started;
    expect(runner.batches.map((b) => b.jobs)).toEqual([['a', 'b'], ['heavy'], ['c', 'd']]);
    runner.batches[0]!.commit();
    runner.batches[2]!.commit();
    expect(await Promise.all(answers)).toEqual(['stored a', 'stored b', 'stored heavy', 'stored c', 'stored d']);
  });

  it('fails the jobs that waited too long behind a stuck batch when it ends, and batches the rest', async () => {
    const runner = manualRunner();
    let now = 0;
    const group = new GroupCommit(runner.run, { windowMs: 0, maxWeight: 100, concurrency: 1, maxQueueMs: 1_000, queueTimeout: (ms) => new Error(`waited ${ms} ms`), now: () => now });
    let started = runner.nextBatch();
    const stuck = settle(group.submit('stuck', 1));
    await started;
    const early = settle(group.submit('early', 1));
    now = 1_500;
    const late = settle(group.submit('late', 1));
    now = 2_000;
    started = runner.nextBatch();
    runner.batches[0]!.fail(new Error('lock timeout'));
    expect(await stuck).toEqual({ error: new Error('lock timeout') });
    expect(await early).toEqual({ error: new Error('waited 2000 ms') });
    await started;
    expect(runner.batches[1]!.jobs).toEqual(['late']);
    runner.batches[1]!.commit();
    expect(await late).toEqual({ value: 'stored late' });
  });
});
