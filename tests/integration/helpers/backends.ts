import { inject } from 'vitest';

export interface Backend {
  name: 'embedded' | 'postgres+redis';
  databaseUrl: string | null;
  redisUrl: string | null;
}

export const embedded: Backend = { name: 'embedded', databaseUrl: null, redisUrl: null };

/** The real PostgreSQL + Redis backend of this run, or null (only outside CI). */
export function realBackend(): Backend | null {
  const real = inject('realServices');
  return real ? { name: 'postgres+redis', databaseUrl: real.databaseUrl, redisUrl: real.redisUrl } : null;
}

/** Every backend this run can reach: one shared suite runs against each. */
export function backends(): Backend[] {
  const real = realBackend();
  return real ? [embedded, real] : [embedded];
}
