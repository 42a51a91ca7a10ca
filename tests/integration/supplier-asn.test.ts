import type { AsnRules, AuditEntry, Board, Shipment, SupplierAsnSites } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createWorld, type World } from './helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';
import { connectSocket, nextSiteUpdate, subscribe } from './helpers/socket';

const H = 3_600_000;

describe.each(backends())("suppliers' own advance shipping notices [$name]", (backend) => {
  let server: TestServer;
  let world: World;
  let supplier: string;
  let vendor: Record<string, string>;
  const clock = Date.parse('2026-03-02T06:00:00Z');

  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
    supplier = `Supplier asn ${Date.now().toString(36)}`;
    world = await createWorld(server, {}, clock);
    await server.app.inject({ method: 'PATCH', url: `/api/v1/sites/${world.site.id}`, headers: server.staff, payload: { docks: ['D1', 'D2', 'D3'] } });
    vendor = (await signedInUser(server, 'supplier', { supplier })).headers;
  });
  afterAll(async () => {
    await server?.close();
  });

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) => {
    const res = await server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() };
  };
  const notice = (over: object = {}) => ({
    reference: `ASN-${Math.random().toString(36).slice(2, 8)}`,
    siteId: world.site.id,
    carrierId: world.carrier.id,
    windowStart: new Date(clock + 3 * H).toISOString(),
    windowEnd: new Date(clock + 3.5 * H).toISOString(),
    dock: 'D2',
    items: [{ sku: 'HYD-220', quantity: 120 }],
    ...over,
  });
  const boardRefs = async () => (await call('GET', `/api/v1/sites/${world.site.id}/board`, server.staff)).body as Board;

  it('takes no notice from a supplier until the site names it (the site is hidden behind 404)', async () => {
    expect(((await call('GET', `/api/v1/sites/${world.site.id}/asn-rules`, server.staff)).body as AsnRules)).toMatchObject({ suppliers: [], updatedAt: null });
    expect((await call('GET', '/api/v1/supplier/asn-sites', vendor)).body).toEqual({ supplier, sites: [] });
    const refused = await call('POST', '/api/v1/supplier/shipments', vendor, notice());
    expect(refused).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('refuses rules naming a dock the site does not have, and changes nothing', async () => {
    const bad = await call('PUT', `/api/v1/sites/${world.site.id}/asn-rules`, server.staff, { suppliers: [supplier], docks: ['D9'], minLeadMinutes: 60, maxDaysAhead: 7 });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'unknown_dock' } } });
    expect(((await call('GET', `/api/v1/sites/${world.site.id}/asn-rules`, server.staff)).body as AsnRules).suppliers).toEqual([]);
  });

  it('puts a named supplier’s notice on the board at once, live, audited, as that supplier’s load', async () => {
    const put = await call('PUT', `/api/v1/sites/${world.site.id}/asn-rules`, server.staff, { suppliers: [supplier], docks: ['D1', 'D2'], minLeadMinutes: 60, maxDaysAhead: 7 });
    expect(put.status).toBe(200);
    const sites = (await call('GET', '/api/v1/supplier/asn-sites', vendor)).body as SupplierAsnSites;
    expect(sites.sites).toEqual([expect.objectContaining({ siteId: world.site.id, docks: ['D1', 'D2'], minLeadMinutes: 60, maxDaysAhead: 7, carriers: [{ id: world.carrier.id, name: world.carrier.name }] })]);

    const body = notice();
    const socket = await connectSocket(server.url, ADMIN_TOKEN);
    try {
      expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
      const live = nextSiteUpdate(socket, (s) => s.reference === body.reference);
      const created = await call('POST', '/api/v1/supplier/shipments', vendor, body);
      expect(created.status).toBe(201);
      expect(created.body as Shipment).toMatchObject({ reference: body.reference, supplier, dock: 'D2', siteId: world.site.id, items: [{ sku: 'HYD-220', quantity: 120 }] });
      expect((await live).supplier).toBe(supplier);
    } finally {
      socket.disconnect();
    }
    expect((await boardRefs()).shipments.map((s) => s.reference)).toContain(body.reference);
    // The supplier finds it among its own loads.
    expect(((await call('GET', `/api/v1/shipments?siteId=${world.site.id}`, vendor)).body as { shipments: Shipment[] }).shipments.map((s) => s.reference)).toContain(body.reference);
    const audit = (await call('GET', '/api/v1/audit?action=shipment:create&limit=50', server.staff)).body as { entries: AuditEntry[] };
    expect(audit.entries.some((e) => e.details?.announcedBy === 'supplier')).toBe(true);
  });

  it('refuses a notice that breaks the rules with a precise 400, and creates nothing', async () => {
    const before = (await boardRefs()).shipments.length;
    const cases: [object, string][] = [
      [{ dock: 'D3' }, 'dock_not_allowed'],
      [{ dock: undefined }, 'dock_not_allowed'],
      [{ windowStart: new Date(clock + 30 * 60_000).toISOString(), windowEnd: new Date(clock + H).toISOString() }, 'window_too_soon'],
      [{ windowStart: new Date(clock + 8 * 24 * H).toISOString(), windowEnd: new Date(clock + 8 * 24 * H + H).toISOString() }, 'window_too_far'],
      [{ windowEnd: new Date(clock + 2 * H).toISOString() }, 'invalid_window'],
      [{ items: [] }, 'validation_failed'],
      [{ supplier: 'Someone else' }, 'validation_failed'],
    ];
    for (const [over, code] of cases) {
      const res = await call('POST', '/api/v1/supplier/shipments', vendor, notice(over));
      expect({ over, status: res.status, code: res.body.error?.code }).toEqual({ over, status: 400, code });
    }
    // Another supplier, not named by the site, gets the same 404 as for a site that does not exist.
    const other = (await signedInUser(server, 'supplier', { supplier: 'Not named GmbH' })).headers;
    expect((await call('POST', '/api/v1/supplier/shipments', other, notice())).status).toBe(404);
    expect((await boardRefs()).shipments.length).toBe(before);
  });
});
