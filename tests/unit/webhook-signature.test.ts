import { DEFAULT_SIGNATURE_TOLERANCE_S, signWebhook, verifyWebhookSignature } from '@dockwatch/server';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const SECRET = 'whsec_0123456789abcdef';
const BODY = '{"id":"7d1c2f8e-0000-4000-8000-000000000001","type":"alert.raised","createdAt":"2026-03-02T08:00:00.000Z","data":{"delayMinutes":25}}';
const T = 1_772_438_400; // 2026-03-02T08:00:00Z
const atT = { now: T * 1000 };

describe('webhook signatures', () => {
  it('is an HMAC-SHA256 over "<t>.<raw body>" that a receiver can recompute by hand', () => {
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, BODY, T)).toBe(`t=${T},v1=${expected}`);
  });

  it('verifies the body it signed, as text or as bytes', () => {
    const header = signWebhook(SECRET, BODY, T);
    expect(verifyWebhookSignature(header, BODY, SECRET, atT)).toBe(true);
    expect(verifyWebhookSignature(header, Buffer.from(BODY), SECRET, atT)).toBe(true);
  });

  it('refuses a tampered body, a wrong secret or a forged signature', () => {
    const header = signWebhook(SECRET, BODY, T);
    expect(verifyWebhookSignature(header, BODY.replace('25', '5'), SECRET, atT)).toBe(false);
    // Re-serialised JSON is a different body: receivers must verify the bytes they got.
    expect(verifyWebhookSignature(header, JSON.stringify(JSON.parse(BODY), null, 2), SECRET, atT)).toBe(false);
    expect(verifyWebhookSignature(header, BODY, 'another-secret-0123', atT)).toBe(false);
    expect(verifyWebhookSignature(header.replace(/v1=./, 'v1=0'), BODY, SECRET, atT)).toBe(false);
    // The timestamp is signed too: moving it breaks the signature.
    expect(verifyWebhookSignature(header.replace(`t=${T}`, `t=${T + 1}`), BODY, SECRET, atT)).toBe(false);
  });

  it('refuses missing or malformed headers', () => {
    const v1 = signWebhook(SECRET, BODY, T).split(',')[1]!;
    for (const header of [undefined, null, '', v1, `t=${T}`, `t=soon,${v1}`, `t=${T},v1=abc`, `t=${T},v2=${v1.slice(3)}`]) {
      expect(verifyWebhookSignature(header, BODY, SECRET, atT), String(header)).toBe(false);
    }
  });

  it('refuses timestamps outside the tolerance, either way', () => {
    const header = signWebhook(SECRET, BODY, T);
    const at = (offsetS: number, toleranceSeconds?: number) => verifyWebhookSignature(header, BODY, SECRET, { now: (T + offsetS) * 1000, toleranceSeconds });
    expect(at(DEFAULT_SIGNATURE_TOLERANCE_S)).toBe(true);
    expect(at(DEFAULT_SIGNATURE_TOLERANCE_S + 1)).toBe(false);
    expect(at(-DEFAULT_SIGNATURE_TOLERANCE_S - 1)).toBe(false);
    expect(at(3_600, 7_200)).toBe(true);
    expect(at(61, 60)).toBe(false);
  });

  it('accepts any matching v1 among several (secret rotation)', () => {
    const current = signWebhook(SECRET, BODY, T);
    const old = signWebhook('the-previous-secret-01', BODY, T).split(',')[1]!;
    expect(verifyWebhookSignature(`${current},${old}`, BODY, SECRET, atT)).toBe(true);
    expect(verifyWebhookSignature(`${current},${old}`, BODY, 'the-previous-secret-01', atT)).toBe(true);
  });

  it('round-trips any body and secret, and no other secret verifies', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (body, secret, other) => {
        const header = signWebhook(secret, body, T);
        expect(verifyWebhookSignature(header, body, secret, atT)).toBe(true);
        if (other !== secret) expect(verifyWebhookSignature(header, body, other, atT)).toBe(false);
      }),
    );
  });
});
