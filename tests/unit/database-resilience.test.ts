import { loadConfig } from '@dockwatch/server';
import { describe, expect, it } from 'vitest';
import { reconnectBackoff } from '../../server/src/db/connect';
import { isDatabaseBusy, isDatabaseUnavailable, isRetryableTransactionError } from '../../server/src/db/errors';
import { DatabaseProbe } from '../../server/src/db/probe';
import { retryTransaction } from '../../server/src/db/retry';
import { TransactionSlots, TransactionSlotTimeout } from '../../server/src/db/transaction-slots';

const pgError = (code: string) => Object.assign(new Error(`postgres ${code}`), { code });
/** As drizzle wraps a driver error: the driver's error is the cause. */
const wrapped = (cause: Error) => new Error('Failed query: insert into "pings" ...', { cause });

describe('database errors that answer 503', () => {
  it('tells an unreachable database from a busy one, through drizzle’s wrapper', () => {
    expect(isDatabaseUnavailable(wrapped(pgError('ECONNREFUSED')))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(pgError('57P01')))).toBe(true);
    for (const code of ['55P03', '57014', '40P01', '40001']) {
      expect(isDatabaseBusy(wrapped(pgError(code)))).toBe(true);
      expect(isDatabaseUnavailable(wrapped(pgError(code)))).toBe(false);
    }
    expect(isDatabaseBusy(wrapped(pgError('23505')))).toBe(false);
  });

  it('runs a transaction again after a deadlock or serialization failure, and only then', async () => {
    let runs = 0;
    const result = await retryTransaction(
      async () => {
        runs++;
        if (runs < 3) throw wrapped(pgError(runs === 1 ? '40P01' : '40001'));
        return 'committed';
      },
      { baseDelayMs: 1 },
    );
    expect({ result, runs }).toEqual({ result: 'committed', runs: 3 });

    runs = 0;
    const unique = wrapped(pgError('23505'));
    await expect(retryTransaction(async () => (runs++, Promise.reject(unique)), { baseDelayMs: 1 })).rejects.toBe(unique);
    expect(runs).toBe(1);
    expect(isRetryableTransactionError(unique)).toBe(false);
  });

  it('gives up after the last attempt with the deadlock itself (which answers 503)', async () => {
    let runs = 0;
    const deadlock = wrapped(pgError('40P01'));
    await expect(retryTransaction(async () => (runs++, Promise.reject(deadlock)), { attempts: 3, baseDelayMs: 1 })).rejects.toBe(deadlock);
    expect(runs).toBe(3);
  });
});

describe('transaction slots in front of the pool', () => {
  it('lets `limit` transactions run at once and the next in as one ends', async () => {
    const slots = new TransactionSlots(2, 1_000);
    const ends: (() => void)[] = [];
    const running: number[] = [];
    const run = (n: number) => slots.run(() => (running.push(n), new Promise<number>((resolve) => ends.push(() => resolve(n)))));
    const all = [run(1), run(2), run(3)];
    await Promise.resolve();
    expect(running).toEqual([1, 2]);
    ends.shift()!();
    await expect(all[0]).resolves.toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toEqual([1, 2, 3]);
    for (const end of ends) end();
    await expect(Promise.all(all)).resolves.toEqual([1, 2, 3]);
  });

  it('fails a transaction that waited too long for a slot as busy (503), without running it', async () => {
    const slots = new TransactionSlots(1, 10);
    let release!: () => void;
    const holder = slots.run(() => new Promise<void>((resolve) => (release = resolve)));
    let ran = false;
    const waiter = slots.run(async () => (ran = true));
    await expect(waiter).rejects.toBeInstanceOf(TransactionSlotTimeout);
    expect(isDatabaseBusy(await waiter.catch((e: unknown) => e))).toBe(true);
    expect(ran).toBe(false);
    release();
    await holder;
    await expect(slots.run(async () => 'free again')).resolves.toBe('free again');
  });
});

describe('reaching the database again', () => {
  it('retries a lost connection within half a second at most, starting at 50 ms', () => {
    expect([1, 2, 3, 4, 5, 50].map(reconnectBackoff)).toEqual([0.05, 0.1, 0.2, 0.4, 0.5, 0.5]);
  });

  it('asks the database once for any number of waiting requests, and reuses the answer briefly', async () => {
    let now = 0;
    let pings = 0;
    let answer!: () => void;
    const probe = new DatabaseProbe(() => (pings++, new Promise<void>((resolve) => (answer = resolve))), 500, () => now);
    const asked = [probe.answers(), probe.answers(), probe.answers()];
    answer();
    expect(await Promise.all(asked)).toEqual([true, true, true]);
    now = 400;
    expect(await probe.answers()).toBe(true);
    expect(pings).toBe(1);
    now = 1000;
    const again = probe.answers();
    answer();
    expect(await again).toBe(true);
    expect(pings).toBe(2);
  });

  it('counts a database that does not answer within the timeout as not answering', async () => {
    const probe = new DatabaseProbe(() => new Promise<void>(() => {}), 20);
    expect(await probe.answers()).toBe(false);
    const failing = new DatabaseProbe(() => Promise.reject(pgError('ECONNREFUSED')), 20);
    expect(await failing.answers()).toBe(false);
  });

  it('reads the timeouts once, with defaults', () => {
    expect(loadConfig({}).database).toEqual({ poolSize: 10, connectTimeoutMs: 2000, statementTimeoutMs: 5000, lockTimeoutMs: 2000, requestDeadlineMs: 2000, readyTimeoutMs: 1000 });
    expect(loadConfig({ DB_LOCK_TIMEOUT_MS: '500', DB_REQUEST_DEADLINE_MS: '3000' }).database).toMatchObject({ lockTimeoutMs: 500, requestDeadlineMs: 3000 });
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: '5' })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
  });
});
