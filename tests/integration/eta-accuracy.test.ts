import type { EtaAccuracy, Shipment } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createShipment, createWorld, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

const MIN = 60_000;
const DAY = 86_400_000;
/** Noon UTC today, to the minute: the figures below do not depend on the wall clock. */
const NOW = Math.floor(Date.now() / DAY) * DAY + 12 * 60 * MIN;

describe.each(backends())('ETA accuracy by lead time [$name]', (backend) => {
  let server: TestServer;
  let world: World;
  /** The app's clock: each load is booked, tracked and marked arrived at its own time. */
  let clock = NOW;

  const accuracy = (siteId: string) => server.app.inject({ url: `/api/v1/sites/${siteId}/eta-accuracy`, headers: server.staff });

  /**
   * A load booked 4 h before it arrives `daysAgo` days before NOW, whose ETA said, from each
   * `[minutes before arrival, minutes off]`, that it would be that far off; then marked arrived.
   */
  async function arrival(siteId: string, daysAgo: number, etas: [before: number, off: number][]): Promise<Shipment> {
    const arrivedAt = NOW - daysAgo * DAY;
    clock = arrivedAt - 240 * MIN;
    const shipment = await createShipment(server, { siteId, carrierId: world.carrier.id }, arrivedAt - 30 * MIN);
    for (const [before, off] of etas) {
      await server.app.alertRepository.recordEta(server.app.db, shipment.id, new Date(arrivedAt - before * MIN), new Date(arrivedAt + off * MIN), 'on_time');
    }
    clock = arrivedAt;
    const res = await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${shipment.id}/events`, headers: server.staff, payload: { type: 'arrived' } });
    expect(res.statusCode).toBe(201);
    clock = NOW;
    return shipment;
  }

  beforeAll(async () => {
    server = await startServer(backend, { now: () => clock });
    world = await createWorld(server, {}, NOW);
    // 3 days ago: 20 min late at 3 h out, 12 min late from 90 min, 4 min early from 40 min, spot on from 10 min.
    await arrival(world.site.id, 3, [
      [180, 20],
      [90, 12],
      [40, -4],
      [10, 0],
    ]);
    // 20 days ago: 30 min late from 130 min out, 2 min late from 20 min.
    await arrival(world.site.id, 20, [
      [130, 30],
      [20, 2],
    ]);
    // 40 days ago: outside both periods.
    await arrival(world.site.id, 40, [[200, 90]]);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("reports the site's ETA error at each lead time over the last 7 and 30 days", async () => {
    const res = await accuracy(world.site.id);
    expect(res.statusCode).toBe(200);
    const body = res.json<EtaAccuracy>();
    expect(body.siteId).toBe(world.site.id);
    expect(body.generatedAt).toBe(new Date(NOW).toISOString());
    expect(body.periods['7d']).toEqual({
      '120': { n: 1, medianAbsMin: 20, p90AbsMin: 20, within15Share: 0 },
      '60': { n: 1, medianAbsMin: 12, p90AbsMin: 12, within15Share: 1 },
      '30': { n: 1, medianAbsMin: 4, p90AbsMin: 4, within15Share: 1 },
      '15': { n: 1, medianAbsMin: 4, p90AbsMin: 4, within15Share: 1 },
    });
    expect(body.periods['30d']).toEqual({
      '120': { n: 2, medianAbsMin: 25, p90AbsMin: 29, within15Share: 0 },
      '60': { n: 2, medianAbsMin: 21, p90AbsMin: 28.2, within15Share: 0.5 },
      '30': { n: 2, medianAbsMin: 17, p90AbsMin: 27.4, within15Share: 0.5 },
      '15': { n: 2, medianAbsMin: 3, p90AbsMin: 3.8, within15Share: 1 },
    });
  });

  it('counts only arrivals: a load still on the road, and loads of other sites, do not count', async () => {
    const elsewhere = await createWorld(server, {}, NOW);
    await arrival(elsewhere.site.id, 1, [[120, 100]]);
    // The first world's load is still on the road, with an ETA on record.
    await server.app.alertRepository.recordEta(server.app.db, world.shipment.id, new Date(NOW - 150 * MIN), new Date(NOW + 100 * MIN), 'late');
    const body = (await accuracy(world.site.id)).json<EtaAccuracy>();
    expect(body.periods['7d']['120']).toEqual({ n: 1, medianAbsMin: 20, p90AbsMin: 20, within15Share: 0 });
    expect(body.periods['30d']['120'].n).toBe(2);
    expect((await accuracy(elsewhere.site.id)).json<EtaAccuracy>().periods['7d']['120']).toEqual({ n: 1, medianAbsMin: 100, p90AbsMin: 100, within15Share: 0 });
  });

  it('reports nothing measured for a site without arrivals, and 404 for an unknown site', async () => {
    const fresh = await createWorld(server, {}, NOW);
    const body = (await accuracy(fresh.site.id)).json<EtaAccuracy>();
    for (const period of ['7d', '30d'] as const) {
      for (const lead of ['120', '60', '30', '15'] as const) expect(body.periods[period][lead]).toEqual({ n: 0, medianAbsMin: null, p90AbsMin: null, within15Share: null });
    }
    const missing = await accuracy('00000000-0000-4000-8000-00000000dead');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
