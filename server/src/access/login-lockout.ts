import type { Redis } from 'ioredis';

/** Counts failed logins per email; once they reach the limit the email is locked until the window ends. */
export interface LoginLockout {
  /** Milliseconds until the email may try again, or 0. */
  lockedFor(email: string): Promise<number>;
  /** Records a failure; answers the wait now in force (0 while attempts remain). */
  fail(email: string): Promise<number>;
  clear(email: string): Promise<void>;
}

export interface LockoutRules {
  attempts: number;
  windowMs: number;
}

const keyOf = (email: string) => `dockwatch:lockout:${email.toLowerCase()}`;

/** Shared by every instance: the count lives in Redis and expires with the window. */
export function redisLockout(redis: Redis, rules: LockoutRules): LoginLockout {
  const lockedFor = async (email: string) => {
    const [count, ttl] = await Promise.all([redis.get(keyOf(email)), redis.pttl(keyOf(email))]);
    return Number(count ?? 0) >= rules.attempts && ttl > 0 ? ttl : 0;
  };
  return {
    lockedFor,
    fail: async (email) => {
      const key = keyOf(email);
      const count = await redis.incr(key);
      if (count === 1) await redis.pexpire(key, rules.windowMs);
      return count >= rules.attempts ? Math.max(await redis.pttl(key), 0) : 0;
    },
    clear: async (email) => {
      await redis.del(keyOf(email));
    },
  };
}

/** One instance only: counts in memory. */
export function memoryLockout(rules: LockoutRules, now: () => number = Date.now): LoginLockout {
  const failures = new Map<string, { count: number; until: number }>();
  const live = (email: string) => {
    const entry = failures.get(keyOf(email));
    if (entry && entry.until <= now()) {
      failures.delete(keyOf(email));
      return null;
    }
    return entry ?? null;
  };
  return {
    lockedFor: async (email) => {
      const entry = live(email);
      return entry && entry.count >= rules.attempts ? entry.until - now() : 0;
    },
    fail: async (email) => {
      const entry = live(email) ?? { count: 0, until: now() + rules.windowMs };
      entry.count += 1;
      failures.set(keyOf(email), entry);
      return entry.count >= rules.attempts ? entry.until - now() : 0;
    },
    clear: async (email) => {
      failures.delete(keyOf(email));
    },
  };
}
