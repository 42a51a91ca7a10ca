import type { Shipment, TrackingLinkCreated } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, fixAt, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

/** Valid RFC 3339 that no database column takes: year 0, and a date an offset moves past 9999. */
const YEAR_ZERO = '0000-01-01T00:00:00Z';
const PAST_9999 = '9999-12-31T23:30:00-05:00';

const gpx = (inner: string, prolog = '') => `<?xml version="1.0"?>${prolog}<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">${inner}</gpx>`;
const point = (time = new Date(Date.now() - 60_000).toISOString()) => `<trk><trkseg><trkpt lat="48.5" lon="11.6"><time>${time}</time></trkpt></trkseg></trk>`;

describe.each(backends())('input the database cannot store is a 400 that changes nothing [$name]', (backend) => {
  let server: TestServer;
  let world: World;
  let link: TrackingLinkCreated;

  beforeAll(async () => {
    server = await startServer(backend);
    world = await createWorld(server);
    link = (await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/links`, headers: server.staff, payload: {} })).json<TrackingLinkCreated>();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The world as it was: no position, no track, no lifecycle step, the first version. */
  const unchanged = async () => {
    const shipment = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: server.staff })).json<Shipment>();
    expect(shipment).toMatchObject({ version: world.shipment.version, position: null, windowStart: world.shipment.windowStart, windowEnd: world.shipment.windowEnd, reference: world.shipment.reference });
    const track = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/track`, headers: server.staff })).json();
    expect(track.geometry.coordinates).toEqual([]);
    const events = (await server.app.inject({ url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff })).json();
    expect(events.events ?? events).toHaveLength(0);
    const list = (await server.app.inject({ url: `/api/v1/shipments?siteId=${world.site.id}`, headers: server.staff })).json<{ total: number }>();
    expect(list.total).toBe(1);
  };

  const json = (method: 'POST' | 'PATCH', url: string, payload: unknown, headers: Record<string, string> = server.staff) =>
    server.app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
  const shipmentBody = (extra: Record<string, unknown>) => ({
    reference: `PO-new-${Date.now()}`,
    siteId: world.site.id,
    carrierId: world.carrier.id,
    supplier: 'Bosch',
    windowStart: new Date(Date.now() + 3_600_000).toISOString(),
    windowEnd: new Date(Date.now() + 5_400_000).toISOString(),
    ...extra,
  });

  const requests: [string, () => ReturnType<typeof json>, string][] = [
    ['a ping in year 0', () => json('POST', '/api/v1/pings', { ...fixAt(48.5, 11.6), ts: YEAR_ZERO }, world.deviceAuth), 'validation_failed'],
    ['a ping an offset moves past 9999', () => json('POST', '/api/v1/pings', { ...fixAt(48.5, 11.6), ts: PAST_9999 }, world.deviceAuth), 'validation_failed'],
    ['a driver ping in year 0', () => json('POST', '/api/v1/driver/pings', { pings: [{ ...fixAt(48.5, 11.6), ts: YEAR_ZERO }] }, { authorization: `Bearer ${link.token}` }), 'validation_failed'],
    ['a shipment whose window starts in year 0', () => json('POST', '/api/v1/shipments', shipmentBody({ windowStart: YEAR_ZERO })), 'validation_failed'],
    ['a window moved to year 0', () => json('PATCH', `/api/v1/shipments/${world.shipment.id}`, { windowStart: YEAR_ZERO }), 'validation_failed'],
    ['a lifecycle step dated year 0', () => json('POST', `/api/v1/shipments/${world.shipment.id}/events`, { type: 'dispatched', ts: YEAR_ZERO }), 'validation_failed'],
    ['a reference with a NUL', () => json('POST', '/api/v1/shipments', shipmentBody({ reference: 'PO-\u0000-1' })), 'invalid_text'],
    ['a line item with a lone surrogate', () => json('POST', '/api/v1/shipments', shipmentBody({ items: [{ sku: 'A-1', description: 'valve \ud800', quantity: 1 }] })), 'invalid_text'],
    ['a supplier edit with a NUL', () => json('PATCH', `/api/v1/shipments/${world.shipment.id}`, { supplier: 'Bosch\u0000' }), 'invalid_text'],
    ['a note with a lone low surrogate', () => json('POST', `/api/v1/shipments/${world.shipment.id}/events`, { type: 'dispatched', note: '\udc00' }), 'invalid_text'],
  ];

  it.each(requests)('refuses %s', async (_name, send, code) => {
    const res = await send();
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code, message: expect.any(String) });
    await unchanged();
  });

  it.each([
    `/api/v1/shipments?windowFrom=${YEAR_ZERO}`,
    `/api/v1/shipments?windowTo=${encodeURIComponent(PAST_9999)}`,
    '/api/v1/shipments?offset=1e20',
    `/api/v1/alerts?since=${YEAR_ZERO}`,
    `/api/v1/sites/SITE/status-events?from=${YEAR_ZERO}`,
    `/api/v1/audit?since=${YEAR_ZERO}`,
    '/api/v1/shipments?reference=PO%00',
  ])('refuses the query %s', async (url) => {
    const res = await server.app.inject({ url: url.replace('SITE', world.site.id), headers: server.staff });
    expect(res.statusCode).toBe(400);
    expect(['validation_failed', 'invalid_text']).toContain(res.json().error.code);
  });

  it('refuses a sign-in with a NUL in the email, without a 500', async () => {
    const res = await json('POST', '/api/v1/auth/login', { email: 'clerk\u0000@example.test', password: 'whatever it is' }, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_text');
  });

  it.each([
    ['year 10000 in milliseconds', `/osmand?id=TOKEN&lat=48.5&lon=11.6&timestamp=253402300800000`],
    ['before year 1', `/osmand?id=TOKEN&lat=48.5&lon=11.6&timestamp=-62198755200`],
    ['an ISO time before year 1', `/osmand?id=TOKEN&lat=48.5&lon=11.6&timestamp=-000001-01-01T00:00:00Z`],
  ])('refuses a tracker report dated %s with 400 invalid_report', async (_name, url) => {
    const res = await server.app.inject({ method: 'GET', url: url.replace('TOKEN', world.device.token) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_report');
    await unchanged();
  });

  it('refuses an OwnTracks report from before year 1 and an Overland one past 9999', async () => {
    const basic = `Basic ${Buffer.from(`u:${world.device.token}`).toString('base64')}`;
    const owntracks = await json('POST', '/owntracks', { _type: 'location', lat: 48.5, lon: 11.6, tst: -62198755200 }, { authorization: basic });
    expect(owntracks.statusCode).toBe(400);
    const overland = await json(
      'POST',
      '/overland',
      { locations: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [11.6, 48.5] }, properties: { timestamp: '+010000-01-01T00:00:00Z' } }] },
      { authorization: `Bearer ${world.device.token}` },
    );
    expect(overland.statusCode).toBe(400);
    await unchanged();
  });

  const deep = (levels: number) => `${'<a>'.repeat(levels)}${'</a>'.repeat(levels)}`;
  it.each([
    ['an external entity', gpx(`${point()}<name>&xxe;</name>`, '<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')],
    ['a parameter entity', gpx(point(), '<!DOCTYPE gpx [<!ENTITY % p SYSTEM "http://127.0.0.1/evil.dtd"> %p;]>')],
    ['a <__proto__> element', gpx(`<__proto__><polluted>yes</polluted></__proto__>${point()}`)],
    ['nesting 20,000 levels deep', gpx(`${deep(20_000)}${point()}`)],
    ['a time in year 0', gpx(point(YEAR_ZERO))],
  ])('refuses a GPX file with %s with 400 invalid_gpx', async (_name, xml) => {
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/gpx`, headers: { ...server.staff, 'content-type': 'application/gpx+xml' }, payload: xml });
    expect(res.statusCode).toBe(400);
    expect(['invalid_gpx', 'invalid_text']).toContain(res.json().error.code);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await unchanged();
  });
});
