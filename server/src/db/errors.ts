import { TransactionSlotTimeout } from './transaction-slots';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

/** Errors of a database that is up but cannot serve this statement now: retrying later can succeed. */
const BUSY_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '57014', // query_canceled (statement_timeout)
]);

/** Conflicts between concurrent transactions: running the transaction again resolves them. */
const RETRYABLE_CODES = new Set(['40001', '40P01']);

/** The first string `code` found on an error or the errors it wraps. */
function codeOf(error: unknown, accept: (code: string) => boolean): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Object && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && accept(code)) return code;
  }
  return null;
}

/** True when an error (or one it wraps) means the database could not be reached, not that the query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return error instanceof DatabaseDeadlineError || codeOf(error, (code) => UNAVAILABLE_CODES.has(code) || code.startsWith('08')) !== null;
}

/** True when the database refused a statement for now: a lock or statement timeout, a deadlock, a serialization failure. */
export function isDatabaseBusy(error: unknown): boolean {
  return error instanceof TransactionSlotTimeout || codeOf(error, (code) => BUSY_CODES.has(code)) !== null;
}

/** True for a deadlock or serialization failure: the whole transaction may simply run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  return codeOf(error, (code) => RETRYABLE_CODES.has(code)) !== null;
}

/** A request outlived its deadline while the database did not answer. */
export class DatabaseDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`the database did not answer within ${deadlineMs} ms`);
    this.name = 'DatabaseDeadlineError';
  }
}

/** The Postgres error code of a unique-constraint violation, looked up through wrappers. */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Object && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint_name: constraintName, constraint } = e as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (code === '23505') return String(constraintName ?? constraint ?? 'unique');
  }
  return null;
}
