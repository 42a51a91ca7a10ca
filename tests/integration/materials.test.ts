import type { Alert, CoverageList, DiscrepancyList, Material, PartCoverList, Projection } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createShipment, createWorld, fixAtTime, latForEta, PLANT, type World } from './helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';
import { connectSocket, nextEvent, subscribe } from './helpers/socket';
import { DockwatchClient } from '../../server/src/simulator/http-client';
import { seedMaterials } from '../../server/src/simulator/materials';
import { createFleet } from '../../server/src/simulator/simulator';
import { tripStateAt } from '../../server/src/simulator/trips';
import { DELFOR } from '../fixtures/delfor';

const H = 3_600_000;
const MIN = 60_000;

describe.each(backends())('materials and coverage [$name]', (backend) => {
  let server: TestServer;
  let clock = Date.parse('2026-03-02T06:00:00Z');
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => {
    const res = await server.app.inject({ method, url, headers: server.staff, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() };
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  /** Hourly buckets of `perHour` for `hours` from the clock on. */
  const hourly = (perHour: number, hours: number, fromMs = clock) => Array.from({ length: hours }, (_, i) => ({ from: iso(fromMs + i * H), to: iso(fromMs + (i + 1) * H), quantity: perHour }));

  async function materialAt(world: World, sku: string, stock: number, perHour: number): Promise<Material> {
    const created = await call('POST', `/api/v1/sites/${world.site.id}/materials`, { sku, description: 'Hydraulic valve', unit: 'pcs', safetyStock: { hours: 2 }, suppliers: ['Bosch Rexroth'], line: 'L3' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const m = created.body as Material;
    expect((await call('PUT', `/api/v1/materials/${m.id}/stock`, { quantity: stock, countedAt: iso(clock) })).status).toBe(200);
    expect((await call('PUT', `/api/v1/materials/${m.id}/demand`, { buckets: hourly(perHour, 48) })).status).toBe(200);
    return m;
  }
  const coverageOf = async (world: World, sku: string) => {
    const res = await call('GET', `/api/v1/sites/${world.site.id}/coverage`);
    expect(res.status).toBe(200);
    return (res.body as CoverageList).materials.find((m) => m.sku === sku)!;
  };

  it('keeps a material with its stock count and demand plan, and refuses a second one with the same part number', async () => {
    const world = await createWorld(server, {}, clock);
    const m = await materialAt(world, 'HYD-220', 100, 10);
    expect(m).toMatchObject({ sku: 'HYD-220', unit: 'pcs', safetyStock: { quantity: null, hours: 2 }, suppliers: ['Bosch Rexroth'], line: 'L3' });
    expect((await call('GET', `/api/v1/materials/${m.id}`)).body).toMatchObject({ stock: { quantity: 100, countedAt: iso(clock) } });
    expect(((await call('GET', `/api/v1/materials/${m.id}/demand`)).body as { buckets: unknown[] }).buckets).toHaveLength(48);
    const again = await call('POST', `/api/v1/sites/${world.site.id}/materials`, { sku: 'HYD-220' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'duplicate_sku' } });
    const patched = await call('PATCH', `/api/v1/materials/${m.id}`, { safetyStock: { quantity: 25 } });
    expect(patched.body).toMatchObject({ safetyStock: { quantity: 25, hours: 2 } });
  });

  it('refuses a bad demand plan with every problem and keeps the plan it had', async () => {
    const world = await createWorld(server, {}, clock);
    const m = await materialAt(world, 'BRK-118', 100, 10);
    const bad = [
      { from: iso(clock), to: iso(clock + H), quantity: 5 },
      { from: iso(clock + 30 * MIN), to: iso(clock + 2 * H), quantity: 5 }, // overlaps the first
      { from: iso(clock + 3 * H), to: iso(clock + 3 * H), quantity: 5 }, // empty span
    ];
    const res = await call('PUT', `/api/v1/materials/${m.id}/demand`, { buckets: bad });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_demand', details: { problems: [{ path: '/buckets/2' }, { path: '/buckets/1' }] } } });
    expect(((await call('GET', `/api/v1/materials/${m.id}/demand`)).body as { buckets: unknown[] }).buckets).toHaveLength(48);
    const future = await call('PUT', `/api/v1/materials/${m.id}/stock`, { quantity: 5, countedAt: iso(clock + 2 * H) });
    expect(future.status).toBe(400);
    expect((await call('GET', `/api/v1/materials/${m.id}`)).body).toMatchObject({ stock: { quantity: 100 } });
  });

  it('turns a covered part critical when its truck falls behind, names the truck, and counts the receipt once it is in', async () => {
    // 100 on hand at 10 an hour: 10 h of stock; the truck with 400 more is due in 1–1.5 h.
    const world = await createWorld(server, { items: [{ sku: 'HRN-530', quantity: 400 }], windowStart: iso(clock + H), windowEnd: iso(clock + 1.5 * H) }, clock);
    await materialAt(world, 'HRN-530', 100, 10);
    const untracked = await coverageOf(world, 'HRN-530');
    expect(untracked.status).toBe('covered');
    expect(untracked.onHand).toBe(100);
    expect(untracked.nextInbound).toMatchObject({ shipmentId: world.shipment.id, quantity: 400, eta: null, lateCausesRunOut: false });
    // Expected at the middle of its window (1.25 h): 87.5 left, +400 → out after 48.75 h, past the 48 h demand plan.
    expect(untracked.coverHours).toBeNull();

    // A fix far out: the truck is 11 h away, past the 10 h the stock lasts.
    const post = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: { pings: [fixAtTime(latForEta(11 * 60), PLANT.lon, clock, { speed: 20 })] } });
    expect(post.statusCode).toBe(202);
    const late = await coverageOf(world, 'HRN-530');
    expect(late.status).toBe('critical');
    expect(late.nextInbound!.lateCausesRunOut).toBe(true);
    expect(Date.parse(late.pessimisticRunOutAt!)).toBeCloseTo(clock + 10 * H, -5);
    expect(late.nextInbound!.etaLatest).not.toBeNull();

    const projection = (await call('GET', `/api/v1/materials/${late.materialId}/projection?hours=24`)).body as Projection;
    expect(projection.expected[0]).toEqual({ t: iso(clock), quantity: 100 });
    expect(Date.parse(projection.until)).toBe(clock + 24 * H);
    expect(projection.coverage.status).toBe('critical');

    // Two hours on, the load is received: its 400 are on hand.
    clock += 2 * H;
    for (const type of ['arrived', 'received']) expect((await call('POST', `/api/v1/shipments/${world.shipment.id}/events`, { type })).status).toBe(201);
    const received = await coverageOf(world, 'HRN-530');
    expect(received.onHand).toBeCloseTo(100 - 20 + 400);
    expect(received.status).toBe('covered');
    expect(received.nextInbound).toBeNull();
  });

  it('raises one shortage alert when a late truck makes a part run out, names the truck and the gap, and resolves it once the load is received', async () => {
    const world = await createWorld(server, { items: [{ sku: 'BRG-907', quantity: 400 }], windowStart: iso(clock + H), windowEnd: iso(clock + 1.5 * H) }, clock);
    const m = await materialAt(world, 'BRG-907', 100, 10);
    const alertsOf = async () =>
      (await server.app.inject({ url: `/api/v1/alerts?siteId=${world.site.id}&kind=shortage_risk`, headers: server.staff })).json<{ alerts: Alert[] }>().alerts;
    await server.app.shortages.sweep(clock);
    expect(await alertsOf()).toEqual([]);

    // The truck reports from 11 h out: the part runs out at 10 h, before it comes. The condition must hold for the raise persistence (3 min).
    const fix = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: { pings: [fixAtTime(latForEta(11 * 60), PLANT.lon, clock, { speed: 20 })] } });
    expect(fix.statusCode).toBe(202);
    await server.app.shortages.sweep(clock);
    expect(await alertsOf()).toEqual([]);
    clock += 3 * MIN;
    await server.app.shortages.sweep(clock);
    const [alert] = await alertsOf();
    expect(alert).toMatchObject({ kind: 'shortage_risk', state: 'open', shipmentId: null, severity: 5, material: { materialId: m.id, sku: 'BRG-907', level: 'critical', line: 'L3', nextInbound: { shipmentId: world.shipment.id } } });
    expect(Date.parse(alert!.material!.pessimisticRunOutAt!)).toBeCloseTo(clock - 3 * MIN + 10 * H, -5);
    expect(alert!.material!.gapMinutes!.max).toBeGreaterThan(60);
    expect(alert!.leadMinutes).toBeGreaterThan(9 * 60);

    // More sweeps: still one alert, not re-notified.
    clock += MIN;
    await server.app.shortages.sweep(clock);
    const again = await alertsOf();
    expect(again).toHaveLength(1);
    expect(again[0]!.notifiedAt).toBe(alert!.notifiedAt);

    // The load comes and is received: 400 more on hand; the alert resolves once covered for the resolve persistence (15 min).
    for (const type of ['arrived', 'received']) expect((await call('POST', `/api/v1/shipments/${world.shipment.id}/events`, { type })).status).toBe(201);
    await server.app.shortages.sweep(clock);
    expect((await alertsOf())[0]!.state).toBe('open');
    clock += 15 * MIN;
    await server.app.shortages.sweep(clock);
    const [resolved] = await alertsOf();
    expect(resolved!.state).toBe('resolved');
  });

  it('books what the clerk counted, not what the notice said, and takes it back when the receipt is undone', async () => {
    const world = await createWorld(server, { items: [{ sku: 'SEN-777', quantity: 400 }] }, clock);
    await materialAt(world, 'SEN-777', 100, 10);
    clock += 6 * MIN;
    expect((await call('POST', `/api/v1/shipments/${world.shipment.id}/events`, { type: 'arrived' })).status).toBe(201);
    const received = await call('POST', `/api/v1/shipments/${world.shipment.id}/events`, { type: 'received', receivedItems: [{ sku: 'SEN-777', quantity: 350 }] });
    expect(received.status).toBe(201);
    // 6 min at 10 an hour used since the count.
    expect((await coverageOf(world, 'SEN-777')).onHand).toBeCloseTo(100 - 1 + 350);
    // The planner sees the short delivery among the site's discrepancies.
    const short = (await call('GET', `/api/v1/sites/${world.site.id}/receipts/discrepancies`)).body as DiscrepancyList;
    expect(short.discrepancies).toEqual([expect.objectContaining({ shipmentId: world.shipment.id, reference: world.shipment.reference, sku: 'SEN-777', expectedQuantity: 400, quantity: 350, difference: -50 })]);
    expect((await call('GET', `/api/v1/sites/${world.site.id}/receipts/discrepancies?days=0`)).status).toBe(400);
    expect((await call('POST', `/api/v1/shipments/${world.shipment.id}/receipt/undo`)).status).toBeLessThan(300);
    // An undone receipt booked nothing: no discrepancy left.
    expect(((await call('GET', `/api/v1/sites/${world.site.id}/receipts/discrepancies`)).body as DiscrepancyList).discrepancies).toEqual([]);
    const undone = await coverageOf(world, 'SEN-777');
    expect(undone.onHand).toBeCloseTo(100 - 1);
    // Back on the yard: the load counts as arriving now again.
    expect(undone.nextInbound).toMatchObject({ shipmentId: world.shipment.id, quantity: 400 });
  });

  it('lists the least covered first, filtered by supplier or line, and counts only the site’s own shipments', async () => {
    const world = await createWorld(server, { items: [{ sku: 'SEN-041', quantity: 50 }] }, clock);
    await materialAt(world, 'SEN-041', 1_000, 1);
    await materialAt(world, 'ECU-300', 5, 10);
    const other = await createWorld(server, {}, clock);
    await createShipment(server, { siteId: other.site.id, carrierId: other.carrier.id, items: [{ sku: 'ECU-300', quantity: 999 }] }, clock);
    const list = ((await call('GET', `/api/v1/sites/${world.site.id}/coverage`)).body as CoverageList).materials;
    expect(list.map((m) => m.sku)).toEqual(['ECU-300', 'SEN-041']);
    expect(list[0]).toMatchObject({ status: 'critical', inbound: [] });
    expect(list[1]!.inbound.map((i: { shipmentId: string }) => i.shipmentId)).toEqual([world.shipment.id]);
    const byLine = ((await call('GET', `/api/v1/sites/${world.site.id}/coverage?line=L9`)).body as CoverageList).materials;
    expect(byLine).toEqual([]);
    const bySupplier = ((await call('GET', `/api/v1/sites/${world.site.id}/coverage?supplier=${encodeURIComponent('Bosch Rexroth')}`)).body as CoverageList).materials;
    expect(bySupplier).toHaveLength(2);
  });
});

describe.each(backends())('cover kept as things change [$name]', (backend) => {
  let server: TestServer;
  let clock = Date.parse('2026-03-02T06:00:00Z');
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await server.app.inject({ method, url, headers: server.staff, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() };
  };
  async function partAt(world: World, sku: string, stock: number, perHour: number, hours = 24 * 7): Promise<Material> {
    const m = (await call('POST', `/api/v1/sites/${world.site.id}/materials`, { sku, unit: 'pcs', suppliers: ['Bosch'], line: 'L1' })).body as Material;
    expect((await call('PUT', `/api/v1/materials/${m.id}/stock`, { quantity: stock, countedAt: iso(clock) })).status).toBe(200);
    const buckets = Array.from({ length: hours }, (_, i) => ({ from: iso(clock + i * H), to: iso(clock + (i + 1) * H), quantity: perHour }));
    expect((await call('PUT', `/api/v1/materials/${m.id}/demand`, { buckets })).status).toBe(200);
    return m;
  }
  const coversOf = async (world: World) => {
    const res = await call('GET', `/api/v1/sites/${world.site.id}/coverage/parts`);
    expect(res.status).toBe(200);
    return new Map((res.body as PartCoverList).parts.map((p) => [p.sku, p]));
  };

  it('evaluates a rewritten demand plan at once (a plan read before is not used again)', async () => {
    const world = await createWorld(server, { items: [{ sku: 'DMP-501', quantity: 50 }], windowStart: iso(clock + 20 * H), windowEnd: iso(clock + 21 * H) }, clock);
    const m = await partAt(world, 'DMP-501', 100, 1);
    // The next check is due: the sweep reads the plan (and keeps it for the next evaluation).
    await server.app.shortages.sweep(clock);
    expect((await coversOf(world)).get('DMP-501')!.status).toBe('covered');
    // The plan now uses the stock up in two hours, long before the truck: the next evaluation sees it.
    const buckets = Array.from({ length: 48 }, (_, i) => ({ from: iso(clock + i * H), to: iso(clock + (i + 1) * H), quantity: 50 }));
    expect((await call('PUT', `/api/v1/materials/${m.id}/demand`, { buckets })).status).toBe(200);
    await server.app.shortages.idle();
    expect((await coversOf(world)).get('DMP-501')!.status).toBe('critical');
  });

  it('pushes a part’s new cover to the board the moment a ping makes its truck late, without waiting for a sweep', async () => {
    const world = await createWorld(server, { items: [{ sku: 'VLV-310', quantity: 500 }], windowStart: iso(clock + H), windowEnd: iso(clock + 1.5 * H) }, clock);
    await partAt(world, 'VLV-310', 100, 10);
    await partAt(world, 'GSK-120', 5_000, 10);
    const before = await coversOf(world);
    // Ten hours of stock, the truck due in an hour: covered; the other part has weeks.
    expect(before.get('VLV-310')).toMatchObject({ status: 'covered', lateCausesRunOut: [] });
    expect(before.get('GSK-120')!.status).toBe('covered');
    const untouched = before.get('GSK-120')!.evaluatedAt;

    const socket = await connectSocket(server.url, ADMIN_TOKEN);
    try {
      expect(await subscribe(socket, { siteId: world.site.id })).toEqual({ ok: true });
      const pushed = nextEvent(socket, 'coverage:updated', (u) => u.parts.some((p) => p.sku === 'VLV-310'));
      // The truck reports from 11 h out: the part runs out at 10 h, before it comes.
      const fix = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: { pings: [fixAtTime(latForEta(11 * 60), PLANT.lon, clock, { speed: 20 })] } });
      expect(fix.statusCode).toBe(202);
      const update = await pushed;
      expect(update.siteId).toBe(world.site.id);
      const part = update.parts.find((p) => p.sku === 'VLV-310')!;
      expect(part).toMatchObject({ status: 'critical', lateCausesRunOut: [world.shipment.id] });
      expect(Date.parse(part.pessimisticRunOutAt!)).toBeCloseTo(clock + 10 * H, -5);
      // Only the part on the truck was looked at again.
      expect(update.parts.map((p) => p.sku)).toEqual(['VLV-310']);
    } finally {
      socket.close();
    }
    await server.app.shortages.idle();
    const after = await coversOf(world);
    expect(after.get('VLV-310')!.status).toBe('critical');
    expect(after.get('GSK-120')!.evaluatedAt).toBe(untouched);
  });

  it('has the sweep look again only at what the clock can change: a far run-out once it comes within 48 h, a quiet part every 15 min', async () => {
    const world = await createWorld(server, { items: [{ sku: 'OTH-001', quantity: 1 }] }, clock);
    // 1,000 at 10 an hour: runs out in 100 h, so it becomes critical 52 h from now.
    await partAt(world, 'CLK-100', 1_000, 10);
    // Weeks of stock, nothing ever due.
    await partAt(world, 'CLK-200', 100_000, 1);
    const start = await coversOf(world);
    expect(start.get('CLK-100')!.status).toBe('covered');
    const evaluatedAt = (covers: Awaited<ReturnType<typeof coversOf>>, sku: string) => covers.get(sku)!.evaluatedAt;

    clock += 5 * MIN;
    await server.app.shortages.sweep(clock);
    const early = await coversOf(world);
    expect(evaluatedAt(early, 'CLK-100')).toBe(evaluatedAt(start, 'CLK-100'));
    expect(evaluatedAt(early, 'CLK-200')).toBe(evaluatedAt(start, 'CLK-200'));

    clock += 11 * MIN;
    await server.app.shortages.sweep(clock);
    const quarter = await coversOf(world);
    expect(evaluatedAt(quarter, 'CLK-200')).toBe(iso(clock));

    // 52 h after the count the run-out is 48 h away: the next sweep finds it critical.
    clock = Date.parse(start.get('CLK-100')!.pessimisticRunOutAt!) - 48 * H + MIN;
    await server.app.shortages.sweep(clock);
    expect((await coversOf(world)).get('CLK-100')!.status).toBe('critical');
  });
});

describe.each(backends())('material imports [$name]', (backend) => {
  let server: TestServer;
  const clock = Date.parse('2025-03-04T07:00:00Z');
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  const upload = async (siteId: string, body: string, contentType = 'text/csv', query = '') => {
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/sites/${siteId}/imports${query}`, headers: { ...server.staff, 'content-type': contentType }, payload: body });
    return { status: res.statusCode, body: res.json() };
  };
  const materialsOf = async (siteId: string) => (await server.app.inject({ url: `/api/v1/sites/${siteId}/materials`, headers: server.staff })).json<{ materials: Material[] }>().materials;
  const demandOf = async (id: string) => (await server.app.inject({ url: `/api/v1/materials/${id}/demand`, headers: server.staff })).json<{ buckets: { from: string; to: string; quantity: number }[] }>().buckets;

  it('imports materials, then stock and demand from CSV, and a DELFOR schedule as demand', async () => {
    const world = await createWorld(server, {}, clock);
    const site = world.site.id;
    expect(await upload(site, 'sku,description,unit,safety_stock_hours,suppliers,line\nHYD-220,Valve block,pcs,4,Bosch Rexroth,L3\nBRK-118,Caliper,pcs,,Bosch Rexroth,L1\n')).toEqual({ status: 200, body: { kind: 'materials', materials: 2, buckets: 0 } });
    expect(await upload(site, 'sku,quantity,counted_at\nHYD-220,120,2025-03-04 06:00\nBRK-118,40,2025-03-04T05:00:00Z\n')).toEqual({ status: 200, body: { kind: 'stock', materials: 2, buckets: 0 } });
    const list = await materialsOf(site);
    const hyd = list.find((m) => m.sku === 'HYD-220')!;
    expect(hyd).toMatchObject({ description: 'Valve block', safetyStock: { hours: 4 }, line: 'L3', stock: { quantity: 120, countedAt: '2025-03-04T05:00:00.000Z' } });

    expect(await upload(site, 'sku,from,to,quantity\nHYD-220,2025-03-04 08:00,2025-03-04 09:00,20\nHYD-220,2025-03-04 09:00,2025-03-04 10:00,30\n')).toEqual({ status: 200, body: { kind: 'demand', materials: 1, buckets: 2 } });
    expect((await demandOf(hyd.id)).map((b) => b.quantity)).toEqual([20, 30]);

    // The DELFOR replaces both parts' plans.
    expect(await upload(site, DELFOR, 'application/edifact')).toEqual({ status: 200, body: { kind: 'delfor', materials: 2, buckets: 4 } });
    expect(await demandOf(hyd.id)).toEqual([
      { from: '2025-03-04T23:00:00.000Z', to: '2025-03-05T23:00:00.000Z', quantity: 400 },
      { from: '2025-03-05T23:00:00.000Z', to: '2025-03-06T23:00:00.000Z', quantity: 380 },
      { from: '2025-03-09T23:00:00.000Z', to: '2025-03-16T23:00:00.000Z', quantity: 2100 },
    ]);
  });

  it('changes nothing for a bad file: every problem with its line or segment, unknown parts included', async () => {
    const world = await createWorld(server, {}, clock);
    const site = world.site.id;
    await upload(site, 'sku\nHYD-220\n');
    const [hyd] = await materialsOf(site);
    await upload(site, 'sku,from,to,quantity\nHYD-220,2025-03-04 08:00,2025-03-04 09:00,20\n');

    const bad = await upload(site, 'sku,from,to,quantity\nHYD-220,2025-03-04 10:00,2025-03-04 11:00,5\nHYD-220,2025-03-04 10:30,2025-03-04 12:00,5\nHYD-220,soon,later,5\n');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'invalid_import', details: { problems: [{ path: 'line 4' }, { path: 'line 3', message: expect.stringMatching(/overlaps/) }] } } });
    // The DELFOR names BRK-118, which this site does not have: nothing of it is written, HYD-220's plan included.
    const unknown = await upload(site, DELFOR, 'application/edifact');
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'invalid_import', details: { problems: [{ message: expect.stringMatching(/no material BRK-118/) }] } } } });
    expect((await demandOf(hyd!.id)).map((b) => b.quantity)).toEqual([20]);
    const typo = await upload(site, DELFOR.replace("QTY+113:380:PCE'", "QTY+113:3B0:PCE'"), 'application/edifact');
    expect(typo).toMatchObject({ status: 400, body: { error: { details: { problems: [{ path: 'segment 14' }] } } } });
    expect((await upload(site, 'part,qty\nA,1\n')).status).toBe(400);
    // A count from the future is refused, and the file's other counts are not written either.
    await upload(site, 'sku\nBRK-118\n');
    const future = await upload(site, 'sku,quantity,counted_at\nBRK-118,5,2025-03-04 07:00\nHYD-220,9,2025-03-05 07:00\n');
    expect(future).toMatchObject({ status: 400, body: { error: { code: 'invalid_import', details: { problems: [{ message: expect.stringMatching(/HYD-220: counted_at .* is in the future/) }] } } } });
    expect((await materialsOf(site)).map((m) => m.stock)).toEqual([null, null]);
  });
});

describe.each(backends())('the demo’s materials [$name]', (backend) => {
  let server: TestServer;
  let clock = Date.parse('2026-03-02T06:00:00Z');
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('seeds every part of the fleet covered, except one the late truck stops a line for once it reports', async () => {
    const api = new DockwatchClient(server.url, ADMIN_TOKEN);
    const site = await api.createSite({ name: `Demo ${Date.now().toString(36)}`, ...PLANT, timezone: 'Europe/Berlin', docks: ['D1', 'D2'] });
    const fleet = await createFleet(api, site, { trucks: 10, seed: 42, now: clock });
    const seeded = await seedMaterials(api, site, fleet, clock);
    expect(seeded.shortage).not.toBeNull();
    const coverage = async () => (await server.app.inject({ url: `/api/v1/sites/${site.id}/coverage`, headers: server.staff })).json<CoverageList>().materials;
    const before = await coverage();
    expect(before.length).toBe(seeded.materials);
    expect(before.filter((m) => m.status === 'critical')).toEqual([]);

    // The late truck's first fix, from where its plan has it now (or its yard before it leaves).
    const late = fleet.find((t) => t.shipment.reference === seeded.shortage!.reference)!;
    const state = tripStateAt(late.trip, clock);
    await api.postPings(late.deviceToken, { pings: [{ ts: new Date(clock).toISOString(), lat: state.position.lat, lon: state.position.lon, speed: state.speedMps }] });
    const after = await coverage();
    const short = after.find((m) => m.sku === seeded.shortage!.sku)!;
    expect(short.status).toBe('critical');
    expect(short.inbound.find((i) => i.shipmentId === late.shipment.id)!.lateCausesRunOut).toBe(true);
    expect(after.filter((m) => m.status === 'critical').map((m) => m.sku)).toEqual([seeded.shortage!.sku]);

    await server.app.shortages.sweep(clock);
    clock += 3 * 60_000;
    await server.app.shortages.sweep(clock);
    const alerts = (await server.app.inject({ url: `/api/v1/alerts?siteId=${site.id}&kind=shortage_risk`, headers: server.staff })).json<{ alerts: Alert[] }>().alerts;
    expect(alerts.map((a) => [a.material!.sku, a.material!.level])).toEqual([[seeded.shortage!.sku, 'critical']]);
  });
});
