import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

/** The instants PostgreSQL's `timestamptz` takes from us: years 0001 to 9999 (JavaScript writes others as `0000-`, `-000001-` or `+010000-`). */
// Date.UTC maps years 0–99 to 1900–1999, so year 1 is set on a Date.
export const EARLIEST_STORABLE_MS = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(1);
export const LATEST_STORABLE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** True for an epoch-ms instant the database stores as given. */
export const isStorableInstant = (ms: number) => Number.isFinite(ms) && ms >= EARLIEST_STORABLE_MS && ms <= LATEST_STORABLE_MS;

const rfc3339 = fullFormats['date-time'] as { validate: (s: string) => boolean } | ((s: string) => boolean);
const isRfc3339 = typeof rfc3339 === 'function' ? rfc3339 : rfc3339.validate;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...base, ...options });
  addFormats.default(ajv);
  // RFC 3339 allows year 0000 and an offset that moves a date past 9999; the database does not.
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => isRfc3339(s) && isStorableInstant(Date.parse(s)) });
  return ajv;
}

/**
 * Bodies are validated strictly (`"12"` is not a number, unknown fields are refused); path
 * and query strings are text by nature and get coerced.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}

// A NUL, or half of a surrogate pair: PostgreSQL stores neither (text refuses NUL, jsonb both).
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where in a parsed body or query the first text the database cannot store is, or null. */
export function unstorableTextAt(value: unknown, at = ''): string | null {
  const stack: [unknown, string][] = [[value, at]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return path || '/';
    } else if (Array.isArray(item)) {
      item.forEach((v, i) => stack.push([v, `${path}/${i}`]));
    } else if (item !== null && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) {
        if (UNSTORABLE.test(k)) return `${path}/${k}`;
        stack.push([v, `${path}/${k}`]);
      }
    }
  }
  return null;
}

/** A `preValidation` hook: text with a NUL or a lone surrogate anywhere is a 400, before any handler sees it. */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [['body', request.body], ['querystring', request.query], ['params', request.params]] as const) {
    const path = unstorableTextAt(value);
    if (path !== null) throw new HttpError(400, 'invalid_text', `${part}${path === '/' ? '' : path} contains a NUL character or a lone UTF-16 surrogate`, { path: `${part}${path}` });
  }
}
