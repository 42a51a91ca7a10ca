import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header every delivery carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = 'dockwatch-signature';

/** How old (or how far ahead) a signature may be before verification refuses it, in seconds. Default 300. */
export const DEFAULT_SIGNATURE_TOLERANCE_S = 300;

const hmac = (secret: string, timestamp: number, rawBody: string | Uint8Array): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');

/** The `Dockwatch-Signature` value for a body posted at `timestampSeconds`. */
export function signWebhook(secret: string, rawBody: string | Uint8Array, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, rawBody)}`;
}

export interface VerifyOptions {
  /** Oldest (and furthest ahead) accepted timestamp, in seconds from now. Default 300. */
  toleranceSeconds?: number;
  /** The receiver's clock, in ms. Default `Date.now()`. */
  now?: number;
}

/**
 * True when `header` signs exactly `rawBody` with `secret` and is recent. Pass the body bytes as
 * received: re-serialised JSON does not match. A timestamp outside the tolerance is refused so a
 * captured request cannot be replayed later.
 */
export function verifyWebhookSignature(
  header: string | undefined | null,
  rawBody: string | Uint8Array,
  secret: string,
  options: VerifyOptions = {},
): boolean {
  if (!header) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    // Several v1 values may come while a secret is being rotated; any one may match.
    else if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null || signatures.length === 0) return false;
  const nowSeconds = (options.now ?? Date.now()) / 1000;
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_S)) return false;
  const expected = Buffer.from(hmac(secret, timestamp, rawBody), 'hex');
  // Constant-time: a byte-by-byte early exit would leak how much of a forged signature is right.
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
