import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new 256-bit random token, prefixed so a leaked one can be recognised (`dwd_` device, `dwa_` admin, `dwt_` API token, `dws_` session, `dwl_` tracking link). */
export function generateToken(prefix: 'dwd' | 'dwa' | 'dwt' | 'dws' | 'dwl'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of a token. Tokens are 256-bit random values, not passwords, so a fast hash is
 * enough to keep them unusable if the table leaks, and it allows an indexed lookup.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
