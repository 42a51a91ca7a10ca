import { parseDelfor, type DemandSharingList, type SupplierDemand } from './helpers/delfor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createWorld } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';
import { connectSocket, nextEvent, subscribe } from './helpers/socket';

describe.each(backends())('the supplier view of the plant’s demand [$name]', (backend) => {
  let server: TestServer;
  // 06:00 UTC is 07:00 in Berlin: today is 2 March in the site's zone.
  const clock = Date.parse('2026-03-02T06:00:00Z');
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  const as = (headers: Record<string, string>) => ({
    get: async (url: string) => {
      const res = await server.app.inject({ url, headers });
      return { status: res.statusCode, body: String(res.headers['content-type'] ?? '').includes('json') ? res.json() : res.body, type: String(res.headers['content-type'] ?? '') };
    },
    send: async (method: 'POST' | 'PUT', url: string, payload?: object) => {
      const res = await server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: res.body === '' ? null : res.json() };
    },
  });
  /** Berlin midnight of 2026-03-(2 + day) in UTC. */
  const day = (d: number) => new Date(Date.UTC(2026, 2, 1 + d, 23, 0)).toISOString();

  async function plantWithPart() {
    const stamp = Date.now().toString(36);
    const mine = `Pumps ${stamp}`;
    const other = `Valves ${stamp}`;
    const world = await createWorld(server, { supplier: mine, items: [{ sku: 'PMP-410', quantity: 40 }] }, clock);
    const staff = as(server.staff);
    const part = (await staff.send('POST', `/api/v1/sites/${world.site.id}/materials`, { sku: 'PMP-410', description: 'Pump, "410" series', suppliers: [mine] })).body as { id: string };
    const valve = (await staff.send('POST', `/api/v1/sites/${world.site.id}/materials`, { sku: 'VLV-220', suppliers: [other] })).body as { id: string };
    await staff.send('PUT', `/api/v1/materials/${part.id}/stock`, { quantity: 100, countedAt: new Date(clock - 3_600_000).toISOString() });
    // 60 a day on 2 and 3 March (day 0 and 1), 30 on 5 March.
    await staff.send('PUT', `/api/v1/materials/${part.id}/demand`, {
      buckets: [
        { from: day(0), to: day(1), quantity: 60 },
        { from: day(1), to: day(2), quantity: 60 },
        { from: day(3), to: day(4), quantity: 30 },
      ],
    });
    const vendor = as((await signedInUser(server, 'supplier', { supplier: mine })).headers);
    const rival = as((await signedInUser(server, 'supplier', { supplier: other })).headers);
    return { world, staff, part, valve, mine, other, vendor, rival, url: `/api/v1/supplier/demand?siteId=${world.site.id}` };
  }

  it('shows a supplier its parts’ daily demand, and stock and cover only once the plant shares them', async () => {
    const { world, staff, part, mine, vendor, rival, url, valve } = await plantWithPart();
    const off = (await vendor.get(url)).body as SupplierDemand;
    expect(off.dates).toHaveLength(28);
    expect(off.dates[0]).toBe('2026-03-02');
    expect(off.materials.map((m) => m.sku)).toEqual(['PMP-410']);
    const pump = off.materials[0]!;
    expect(pump.days.slice(0, 4).map((d) => d.quantity)).toEqual([60, 60, 0, 30]);
    expect(pump.shared).toBe(false);
    expect(pump.cover).toBeNull();
    expect(JSON.stringify(off)).not.toContain('"onHand"');
    expect(off.shipments.map((s) => s.shipmentId)).toEqual([world.shipment.id]);
    expect(off.shipments[0]!.items).toEqual([{ sku: 'PMP-410', quantity: 40 }]);

    expect(((await staff.get(`/api/v1/sites/${world.site.id}/demand-sharing`)).body as DemandSharingList).entries).toEqual([]);
    // Sharing a part with a supplier that does not deliver it is refused, and nothing changes.
    const wrong = await staff.send('PUT', `/api/v1/sites/${world.site.id}/demand-sharing`, { entries: [{ supplier: mine, materialId: part.id, share: true }, { supplier: mine, materialId: valve.id, share: true }] });
    expect(wrong.status).toBe(400);
    expect(((await staff.get(`/api/v1/sites/${world.site.id}/demand-sharing`)).body as DemandSharingList).entries).toEqual([]);
    const put = await staff.send('PUT', `/api/v1/sites/${world.site.id}/demand-sharing`, { entries: [{ supplier: mine, materialId: part.id, share: true }] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ siteId: world.site.id, entries: [{ supplier: mine, materialId: part.id, share: true, sku: 'PMP-410' }] });

    const on = ((await vendor.get(url)).body as SupplierDemand).materials[0]!;
    expect(on.shared).toBe(true);
    expect(on.cover).toMatchObject({ onHand: expect.any(Number), status: expect.any(String) });
    expect(on.cover!.onHand!).toBeLessThan(100);
    // The planner previews exactly what the supplier sees.
    expect(((await staff.get(`${url}&supplier=${encodeURIComponent(mine)}`)).body as SupplierDemand).materials[0]!.cover).toEqual(on.cover);

    // The other supplier sees its own part, never this one, and gets nothing for a name not its own.
    const theirs = (await rival.get(url)).body as SupplierDemand;
    expect(theirs.materials.map((m) => m.sku)).toEqual(['VLV-220']);
    expect(theirs.materials[0]!.cover).toBeNull();
    expect(theirs.shipments).toEqual([]);
    expect((await rival.get(`${url}&supplier=${encodeURIComponent(mine)}`)).status).toBe(404);
    // A site where the supplier delivers nothing does not exist for it.
    const elsewhere = await createWorld(server, {}, clock);
    expect((await vendor.get(`/api/v1/supplier/demand?siteId=${elsewhere.site.id}`)).status).toBe(404);
    // Staff must name whom they preview.
    expect((await staff.get(url)).status).toBe(400);
  });

  it('highlights what moved since the supplier last looked, live', async () => {
    const { world, staff, part, mine, vendor, url } = await plantWithPart();
    const cookie = (await signedInUser(server, 'supplier', { supplier: mine })).headers.cookie!;
    expect((await vendor.send('POST', `/api/v1/supplier/demand/seen?siteId=${world.site.id}`)).status).toBe(204);
    expect(((await vendor.get(url)).body as SupplierDemand).materials[0]!.changed).toBe(false);
    // Staff previewing never mark it seen for the supplier.
    expect((await staff.send('POST', `/api/v1/supplier/demand/seen?siteId=${world.site.id}`)).status).toBe(403);

    const socket = await connectSocket(server.url, { cookie });
    try {
      expect(await subscribe(socket, { siteId: world.site.id, demandOf: 'Somebody else' })).toMatchObject({ error: { code: 'not_found' } });
      expect(await subscribe(socket, { siteId: world.site.id, demandOf: mine })).toEqual({ ok: true });
      const live = nextEvent(socket, 'demand:updated', (u) => u.materialId === part.id);
      await staff.send('PUT', `/api/v1/materials/${part.id}/demand`, {
        buckets: [
          { from: day(0), to: day(1), quantity: 60 },
          { from: day(1), to: day(2), quantity: 90 },
        ],
      });
      expect(await live).toEqual({ siteId: world.site.id, materialId: part.id, sku: 'PMP-410' });
    } finally {
      socket.close();
    }
    const moved = ((await vendor.get(url)).body as SupplierDemand).materials[0]!;
    expect(moved.changed).toBe(true);
    expect(moved.days.slice(0, 4)).toEqual([
      { date: '2026-03-02', quantity: 60, previousQuantity: null },
      { date: '2026-03-03', quantity: 90, previousQuantity: 60 },
      { date: '2026-03-04', quantity: 0, previousQuantity: null },
      { date: '2026-03-05', quantity: 0, previousQuantity: 30 },
    ]);
  });

  it('exports the demand as CSV and as a DELFOR the import reads back', async () => {
    const { world, vendor } = await plantWithPart();
    const csv = await vendor.get(`/api/v1/supplier/demand/export?siteId=${world.site.id}`);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('sku,description,unit,date,quantity,previous_quantity');
    expect(lines).toHaveLength(1 + 28);
    expect(lines[1]).toBe('PMP-410,"Pump, ""410"" series",pcs,2026-03-02,60,');

    const edi = await vendor.get(`/api/v1/supplier/demand/export?siteId=${world.site.id}&format=delfor`);
    expect(edi.status).toBe(200);
    const plan = parseDelfor(edi.body as string, 'Europe/Berlin');
    expect(plan.get('PMP-410')).toEqual([
      { from: Date.parse(day(0)), to: Date.parse(day(1)), quantity: 60 },
      { from: Date.parse(day(1)), to: Date.parse(day(2)), quantity: 60 },
      { from: Date.parse(day(3)), to: Date.parse(day(4)), quantity: 30 },
    ]);
  });
});
