import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccessWorld, CALLERS, type AccessWorld } from './helpers/access-world';
import { backends } from './helpers/backends';
import { startServer, type TestServer } from './helpers/server';

/** How long each backend is fuzzed: the whole file stays within a minute in CI. */
const BUDGET_MS = 22_000;

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
};
interface Operation {
  method: string;
  path: string;
  parameters: { in: string; name: string; schema: Schema; required?: boolean }[];
  body: Schema | null;
}

/** Values that broke something somewhere once: the database's limits, parsers' corners, injection. */
const HOSTILE_TEXT = [
  '',
  ' ',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:30:00-05:00',
  '+010000-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  'a\u0000b',
  '\ud800',
  '\udc00x',
  '__proto__',
  'constructor',
  '1e20',
  '-1',
  'NaN',
  'Infinity',
  "'; DROP TABLE shipments; --",
  '=HYPERLINK("http://x")',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'x'.repeat(3000),
  '%00',
  '%ED%A0%80',
  'http://127.0.0.1/',
];
const HOSTILE_NUMBERS = [0, -0, -1, 1e20, -1e20, 1e308, 2 ** 31, 2 ** 53, 0.5, -180.0001, 90.0001];

/** A value for a schema: mostly well-formed, sometimes hostile, sometimes of the wrong type altogether. */
function valueOf(schema: Schema | undefined, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  const anything: fc.Arbitrary<unknown> = fc.oneof(
    fc.constantFrom(...HOSTILE_TEXT),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constantFrom(null, true, false, [], {}),
    fc.constantFrom(...ids),
  );
  if (!schema || depth > 4) return anything;
  if (schema.const !== undefined) return fc.oneof({ weight: 4, arbitrary: fc.constant(schema.const) }, { weight: 1, arbitrary: anything });
  if (schema.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: anything });
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((s) => valueOf(s, ids, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  let typed: fc.Arbitrary<unknown>;
  switch (type) {
    case 'string':
      typed =
        schema.format === 'date-time'
          ? fc.oneof(fc.date({ min: new Date(Date.now() - 30 * 86_400_000), max: new Date(Date.now() + 30 * 86_400_000), noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom(...HOSTILE_TEXT.slice(2, 6)))
          : schema.format === 'uuid'
            ? fc.oneof(fc.constantFrom(...ids), fc.uuid())
            : fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...HOSTILE_TEXT), fc.constantFrom(...ids));
      break;
    case 'integer':
      typed = fc.oneof(fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 2000, 2000) }), fc.constantFrom(...HOSTILE_NUMBERS));
      break;
    case 'number':
      typed = fc.oneof(fc.double({ min: schema.minimum ?? -200, max: schema.maximum ?? 200, noNaN: true }), fc.constantFrom(...HOSTILE_NUMBERS));
      break;
    case 'boolean':
      typed = fc.boolean();
      break;
    case 'array':
      typed = fc.array(valueOf(schema.items, ids, depth + 1), { maxLength: 4 });
      break;
    case 'object': {
      const entries = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of entries) record[key] = valueOf(value, ids, depth + 1);
      typed = fc
        .tuple(
          fc.record(record, { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k) || Math.random() < 0.5) }),
          fc.option(fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'extra', '\u0000'), anything, { maxKeys: 2 }), { freq: 6 }),
        )
        .map(([known, extra]) => (extra ? Object.assign(Object.create(null) as object, known, extra) : known));
      break;
    }
    default:
      typed = anything;
  }
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: anything });
}

/** A path segment as an attacker can send it: a lone surrogate goes as the raw bytes of one (not UTF-8). */
const segment = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))}%ED%A0%80`;
  }
};

describe.each(backends())('fuzzed requests over every route: no 5xx, and a refused request writes nothing [$name]', (backend) => {
  let server: TestServer;
  let w: AccessWorld;
  let operations: Operation[];
  let ids: string[];

  beforeAll(async () => {
    // No timers writing behind the fuzzer's back: no sweep, webhooks polled rarely and tried once.
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0', WEBHOOK_POLL_MS: '60000', WEBHOOK_MAX_ATTEMPTS: '1', RATE_LIMIT_INGEST_PER_DEVICE_PER_MIN: '1000000', RATE_LIMIT_INGEST_PER_IP_PER_MIN: '1000000', SOCKET_RECHECK_S: '3600' } });
    w = await buildAccessWorld(server);
    const doc = (await server.app.inject({ url: '/api/docs/json' })).json<{ paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content: Record<string, { schema: Schema }> } }>> }>();
    operations = Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/api/docs'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          parameters: op.parameters ?? [],
          body: op.requestBody?.content['application/json']?.schema ?? (op.requestBody ? { type: 'string' } : null),
        })),
      );
    ids = [w.a.site.id, w.a.shipment.id, w.a.carrier.id, w.a.device.id, w.a.alert.id, w.b.site.id, w.b.shipment.id, w.b.carrier.id, w.b.device.id, w.webhookA.id, w.deliveryA.id];
  });
  afterAll(async () => {
    await server?.close();
  });

  /** What the app has stored, less what changes on its own (audit trail, sessions, token use, webhook attempts). */
  const fingerprint = async () => {
    const tables = ['sites', 'carriers', 'devices', 'shipments', 'shipment_assignments', 'pings', 'rejected_pings', 'status_events', 'tracking_links', 'alerts', 'alert_changes', 'eta_history', 'webhooks', 'site_alert_settings', 'users'];
    const parts = tables.map((t) => `(select md5(coalesce(string_agg(x::text, ',' order by x::text), '')) from ${t} x)`);
    parts.push(`(select md5(coalesce(string_agg(id::text || webhook_id::text, ',' order by id), '')) from webhook_deliveries)`);
    const result = await server.app.db.execute(sql.raw(`select ${parts.join(' || ')} as f`));
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { f: string }[];
    return rows[0]!.f;
  };

  it('answers every request with a status below 500, and a refused one changes nothing', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const request = fc.constantFrom(...operations).chain((op) =>
      fc.record({
        op: fc.constant(op),
        // Half the requests as an admin, whose requests get past authorization to the handlers.
        caller: fc.oneof(fc.constantFrom('bootstrap' as const, 'admin' as const), fc.constantFrom(...CALLERS)),
        params: fc.tuple(...op.parameters.map((p) => fc.option(valueOf(p.schema, ids), { freq: p.required ? 20 : 2 })), fc.constant(null)),
        body: op.body ? valueOf(op.body, ids) : fc.constant(undefined),
      }),
    );
    let sent = 0;
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(request, async ({ op, caller, params, body }) => {
        let path = op.path;
        const query = new URLSearchParams();
        op.parameters.forEach((p, i) => {
          const value = params[i];
          if (p.in === 'path') path = path.replace(`{${p.name}}`, segment(value ?? ids[0]));
          else if (p.in === 'query' && value !== null && value !== undefined) query.append(p.name, typeof value === 'string' ? value : JSON.stringify(value));
        });
        const url = query.size > 0 ? `${path}?${query}` : path;
        const before = await fingerprint();
        const res = await server.app.inject({
          method: op.method as 'GET',
          url,
          headers: { ...w.headers[caller], ...(body !== undefined ? { 'content-type': typeof body === 'string' && op.body?.type === 'string' ? 'application/gpx+xml' : 'application/json' } : {}) },
          ...(body !== undefined ? { payload: typeof body === 'string' && op.body?.type === 'string' ? body : JSON.stringify(body) ?? 'null' } : {}),
        });
        sent++;
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        const what = `${op.method} ${url} as ${caller} with ${JSON.stringify(body)?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        if (res.statusCode >= 400) expect(await fingerprint(), `a refused request wrote: ${what}`).toBe(before);
      }),
      { numRuns: 1_000_000, interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: false, endOnFailure: true },
    );
    // The budget bought a meaningful number of requests.
    expect(sent).toBeGreaterThan(100);
    // And some got past validation and authorization to change things.
    expect(Object.entries(statuses).filter(([status]) => Number(status) < 300).length).toBeGreaterThan(1);
    expect((await server.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
