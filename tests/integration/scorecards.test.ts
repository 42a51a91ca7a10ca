import type { Alert, AuditEntry, Board, Carrier, Loyalty, LoyaltyConfig, Scorecard, Shipment, SiteScorecards, Webhook } from '@dockwatch/shared';
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createShipment, createWorld, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';
import { WebhookReceiver } from './helpers/webhook-receiver';

const MIN = 60_000;
const FAST = { WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '1000', ALERT_SWEEP_S: '0' };

/** Gold from 70 with a day's early-arrival tolerance, priority and a one-tap receipt; bronze below; a tier after one load. */
const PROGRAMME: LoyaltyConfig = {
  tiers: [
    { name: 'gold', minScore: 70, benefits: { earlyArrivalToleranceMinutes: 24 * 60, arrivalPriority: true, oneTapReceipt: true } },
    { name: 'bronze', minScore: 0, benefits: { earlyArrivalToleranceMinutes: null, arrivalPriority: false, oneTapReceipt: false } },
  ],
  marginPoints: 3,
  minLoads: 1,
};

describe.each(backends())('scorecards and loyalty [$name]', (backend) => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let world: World;
  let other: Carrier;
  let clock = Date.parse('2026-03-10T09:00:00Z');

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    server = await startServer(backend, { now: () => clock, env: FAST });
    world = await createWorld(server, { supplier: `Supplier ${Date.now().toString(36)}`, windowStart: new Date(clock - 20 * MIN).toISOString(), windowEnd: new Date(clock + 10 * MIN).toISOString() }, clock);
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/carriers', headers: server.staff, payload: { name: `Other carrier ${Date.now()}` } });
    other = res.json<Carrier>();
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  const get = <T>(url: string, headers: Record<string, string> = server.staff) => server.app.inject({ url, headers }).then((r) => ({ status: r.statusCode, body: r.json<T>() }));
  const step = (id: string, payload: object) => server.app.inject({ method: 'POST', url: `/api/v1/shipments/${id}/events`, headers: server.staff, payload });
  const siteCards = async () => (await get<SiteScorecards>(`/api/v1/sites/${world.site.id}/scorecards?period=30d`)).body;
  const carrierRow = async (carrierId: string) => (await siteCards()).partners.find((p) => p.partner.kind === 'carrier' && p.partner.key === carrierId);

  it('updates the rollup as the load arrives, is received short, and its receipt is undone', async () => {
    const id = world.shipment.id;
    expect((await step(id, { type: 'arrived' })).statusCode).toBe(201);
    let row = await carrierRow(world.carrier.id);
    expect(row?.measures.onTimeShare).toMatchObject({ value: 1, loads: 1 });
    expect(row?.measures.inFullShare).toMatchObject({ value: null, loads: 0 });

    clock += 10 * MIN;
    expect((await step(id, { type: 'at_dock' })).statusCode).toBe(201);
    clock += 25 * MIN;
    expect((await step(id, { type: 'received', receivedItems: [{ sku: 'HYD-200', quantity: 30 }] })).statusCode).toBe(201);
    row = await carrierRow(world.carrier.id);
    expect(row?.measures.inFullShare).toMatchObject({ value: 0, loads: 1 });
    expect(row?.measures.shortShare).toMatchObject({ value: 1, loads: 1 });
    expect(row?.measures.medianDockMinutes.loads).toBe(1);
    expect(row?.measures.medianDockMinutes.value).toBeGreaterThanOrEqual(20);
    expect(row?.measures.medianDockMinutes.value).toBeLessThanOrEqual(30);
    // The supplier's row counts the same load.
    const supplierRow = (await siteCards()).partners.find((p) => p.partner.kind === 'supplier');
    expect(supplierRow?.measures.inFullShare.loads).toBe(1);

    clock += MIN;
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${id}/receipt/undo`, headers: server.staff })).statusCode).toBe(200);
    expect((await carrierRow(world.carrier.id))?.measures.inFullShare).toMatchObject({ value: null, loads: 0 });
    expect((await step(id, { type: 'received' })).statusCode).toBe(201);
    expect((await carrierRow(world.carrier.id))?.measures.inFullShare).toMatchObject({ value: 1, loads: 1 });

    // The loads behind the figures, with the shipment to click through to.
    const card = (await get<Scorecard>(`/api/v1/scorecards/carriers/${world.carrier.id}?period=week`)).body;
    expect(card.loads.map((l) => l.shipmentId)).toEqual([id]);
    expect(card.weeks.at(-1)?.loads).toBe(1);
  });

  it("shows a partner its own card beside the site average, and nobody else's", async () => {
    // A late load of the other carrier at the same site pulls the site average down.
    const late = await createShipment(server, { siteId: world.site.id, carrierId: other.id, supplier: 'Someone else', windowStart: new Date(clock - 90 * MIN).toISOString(), windowEnd: new Date(clock - 60 * MIN).toISOString() }, clock);
    expect((await step(late.id, { type: 'arrived' })).statusCode).toBe(201);

    const carrier = await signedInUser(server, 'carrier', { carrierId: world.carrier.id });
    const own = await get<Scorecard>(`/api/v1/scorecards/carriers/${world.carrier.id}`, carrier.headers);
    expect(own.status).toBe(200);
    expect(own.body.measures.onTimeShare).toEqual({ value: 1, loads: 1, siteAverage: 0.5 });
    expect(JSON.stringify(own.body)).not.toContain(late.id);
    expect(JSON.stringify(own.body)).not.toContain(other.id);
    expect((await get(`/api/v1/scorecards/carriers/${other.id}`, carrier.headers)).status).toBe(404);
    expect((await get(`/api/v1/sites/${world.site.id}/scorecards`, carrier.headers)).status).toBe(403);
    expect((await get(`/api/v1/scorecards/suppliers/${encodeURIComponent(world.shipment.supplier)}`, carrier.headers)).status).toBe(403);

    const supplier = await signedInUser(server, 'supplier', { supplier: world.shipment.supplier });
    const mine = await get<Scorecard>(`/api/v1/scorecards/suppliers/${encodeURIComponent(world.shipment.supplier)}`, supplier.headers);
    expect(mine.status).toBe(200);
    expect(mine.body.measures.onTimeShare.value).toBe(1);
    expect((await get(`/api/v1/scorecards/suppliers/${encodeURIComponent('Someone else')}`, supplier.headers)).status).toBe(404);
  });

  it('refuses a bad period or programme with a precise 400 and changes nothing', async () => {
    expect((await get(`/api/v1/sites/${world.site.id}/scorecards?period=year`)).status).toBe(400);
    const bad = await server.app.inject({ method: 'PUT', url: `/api/v1/sites/${world.site.id}/loyalty`, headers: server.staff, payload: { ...PROGRAMME, tiers: [PROGRAMME.tiers[0], { ...PROGRAMME.tiers[1], name: 'gold' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_loyalty' } });
    const loyalty = (await get<Loyalty>(`/api/v1/sites/${world.site.id}/loyalty`)).body;
    expect(loyalty.updatedAt).toBeNull();
    expect(loyalty.config.tiers.map((t) => t.name)).toEqual(['gold', 'silver', 'bronze']);
  });

  it('changes tiers when the programme changes: audited, sent by webhook, shown to the partner with the reason', async () => {
    const hook = await server.app.inject({ method: 'POST', url: `/api/v1/sites/${world.site.id}/webhooks`, headers: server.staff, payload: { url: receiver.url, events: ['partner.tier_changed'], secret: 'a-secret-of-sixteen+' } });
    expect(hook.statusCode).toBe(201);
    const put = await server.app.inject({ method: 'PUT', url: `/api/v1/sites/${world.site.id}/loyalty`, headers: server.staff, payload: PROGRAMME });
    expect(put.statusCode).toBe(200);

    const [delivery] = await receiver.waitFor(1, (r) => r.body?.type === 'partner.tier_changed' && (r.body.data as { partner?: { key?: string } }).partner?.key === world.carrier.id);
    expect(delivery!.body!.data).toMatchObject({ siteId: world.site.id, from: null, to: 'gold', partner: { kind: 'carrier', key: world.carrier.id, name: world.carrier.name } });
    expect(hook.json<Webhook>().events).toEqual(['partner.tier_changed']);

    const audit = (await get<{ entries: AuditEntry[] }>(`/api/v1/audit?action=partner:tier-change&resourceId=${world.carrier.id}`)).body.entries;
    expect(audit[0]).toMatchObject({ actor: 'system', details: { to: 'gold', siteId: world.site.id } });

    const carrier = await signedInUser(server, 'carrier', { carrierId: world.carrier.id });
    const card = (await get<Scorecard>(`/api/v1/scorecards/carriers/${world.carrier.id}`, carrier.headers)).body;
    expect(card.tiers).toEqual([expect.objectContaining({ siteId: world.site.id, tier: 'gold', benefits: PROGRAMME.tiers[0]!.benefits })]);
    expect(card.tierChanges[0]).toMatchObject({ to: 'gold', reason: expect.stringMatching(/reaches gold/), reasonDetail: { code: 'reaches', tier: 'gold' } });
    // The other carrier's late load keeps it bronze.
    expect((await carrierRow(other.id))?.tier?.tier).toBe('bronze');
    // Gold earns priority at the dock: the clerks' board marks the carrier's loads, not the other's.
    const board = (await get<Board>(`/api/v1/sites/${world.site.id}/board`)).body;
    expect(board.priority?.carrierIds).toContain(world.carrier.id);
    expect(board.priority?.carrierIds).not.toContain(other.id);
    // And a one-tap receipt: the clerk books its loads as announced.
    expect(board.oneTapReceipt?.carrierIds).toContain(world.carrier.id);
    expect(board.oneTapReceipt?.carrierIds).not.toContain(other.id);
  });

  it("spares a gold partner's early truck the early_arrival alert, and still warns of anyone else's", async () => {
    const early = { windowStart: new Date(clock + 120 * MIN).toISOString(), windowEnd: new Date(clock + 150 * MIN).toISOString() };
    const gold = await createShipment(server, { siteId: world.site.id, carrierId: world.carrier.id, supplier: 'Third supplier', ...early }, clock);
    const bronze = await createShipment(server, { siteId: world.site.id, carrierId: other.id, supplier: 'Third supplier', ...early }, clock);
    for (const s of [gold, bronze]) expect((await step(s.id, { type: 'arrived' })).statusCode).toBe(201);
    const kinds = async (s: Shipment) => (await get<{ alerts: Alert[] }>(`/api/v1/alerts?shipmentId=${s.id}`)).body.alerts.map((a) => a.kind);
    expect(await kinds(bronze)).toContain('early_arrival');
    expect(await kinds(gold)).not.toContain('early_arrival');
  });

  it('moves a tier in the daily round as old loads leave the 90-day window, once a day', async () => {
    expect((await carrierRow(other.id))?.tier?.tier).toBe('bronze');
    // Two months on the other carrier's next load is on time; with the late one still counted, it stays bronze.
    clock += 60 * 24 * 60 * MIN;
    const onTime = await createShipment(server, { siteId: world.site.id, carrierId: other.id, supplier: 'Third supplier', windowStart: new Date(clock - 10 * MIN).toISOString(), windowEnd: new Date(clock + 20 * MIN).toISOString() }, clock);
    expect((await step(onTime.id, { type: 'arrived' })).statusCode).toBe(201);
    const tierOf = async () => (await get<Scorecard>(`/api/v1/scorecards/carriers/${other.id}`)).body.tiers.find((t) => t.siteId === world.site.id)?.tier;
    expect(await tierOf()).toBe('bronze');

    // 35 days later the late and early loads of day one are out of the window; no load arrived since.
    clock += 35 * 24 * 60 * MIN;
    const changes = await server.app.scorecards.sweepTiers(new Date(clock));
    expect(changes).toContainEqual(expect.objectContaining({ siteId: world.site.id, partner: expect.objectContaining({ key: other.id }), from: 'bronze', to: 'gold' }));
    expect(await tierOf()).toBe('gold');
    const [delivery] = await receiver.waitFor(1, (r) => r.body?.type === 'partner.tier_changed' && (r.body.data as { partner?: { key?: string }; to?: string }).partner?.key === other.id && (r.body.data as { to?: string }).to === 'gold');
    expect(delivery!.body!.data).toMatchObject({ from: 'bronze', to: 'gold', reason: expect.stringMatching(/passed the gold threshold/), reasonDetail: { code: 'passed', tier: 'gold' } });
    // The same day again is not a second round.
    expect(await server.app.scorecards.sweepTiers(new Date(clock + 60 * MIN))).toBeNull();
  });
});

describe.each(backends())("scorecard days are the site's local days [$name]", (backend) => {
  let server: TestServer;
  // 00:30 on Tuesday 17 March in Berlin: still Monday in UTC.
  const clock = Date.parse('2026-03-16T23:30:00Z');

  beforeAll(async () => {
    server = await startServer(backend, { now: () => clock, env: FAST });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('counts a load just after local midnight for that day, and a migration that moves days rebuilds the rollups it left', async () => {
    const world = await createWorld(server, { supplier: `Night supplier ${Date.now().toString(36)}`, windowStart: new Date(clock - 15 * MIN).toISOString(), windowEnd: new Date(clock + 15 * MIN).toISOString() }, clock);
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/shipments/${world.shipment.id}/events`, headers: server.staff, payload: { type: 'arrived' } })).statusCode).toBe(201);

    const cards = (await server.app.inject({ url: `/api/v1/sites/${world.site.id}/scorecards?period=week`, headers: server.staff })).json<SiteScorecards>();
    expect({ from: cards.from, to: cards.to }).toEqual({ from: '2026-03-11', to: '2026-03-17' });
    expect(cards.partners.find((p) => p.partner.key === world.carrier.id)?.measures.onTimeShare).toMatchObject({ value: 1, loads: 1 });
    const card = (await server.app.inject({ url: `/api/v1/scorecards/carriers/${world.carrier.id}?period=week&siteId=${world.site.id}`, headers: server.staff })).json<Scorecard>();
    expect(card.loads.map((l) => l.day)).toEqual(['2026-03-17']);

    // As a release before site-local days left it: the load and its rollups on the UTC day.
    const repo = server.app.scorecardRepository;
    const rollupDays = async () => (await repo.days('carrier', world.carrier.id, [world.site.id], '2026-03-01', '2026-03-31')).map((d) => d.day);
    await server.app.db.transaction(async (tx) => {
      await tx.execute(sql`update scorecard_loads set day = '2026-03-16', facts = jsonb_set(facts, '{day}', '"2026-03-16"') where shipment_id = ${world.shipment.id}`);
      for (const [kind, key] of [['carrier', world.carrier.id], ['supplier', world.shipment.supplier]] as const) {
        for (const day of ['2026-03-16', '2026-03-17']) await repo.refreshDay(tx, world.site.id, kind, key, day);
      }
    });
    expect(await rollupDays()).toEqual(['2026-03-16']);

    // The migration's data step moves the load and queues both days; the server recomputes them.
    const migration = readFileSync(fileURLToPath(new URL('../../migrations/0021_scorecard_site_local_days.sql', import.meta.url)), 'utf8');
    const dataStep = migration.split('--> statement-breakpoint').at(-1)!;
    await server.app.db.execute(sql.raw(dataStep));
    expect(await server.app.scorecards.refreshStaleDays(new Date(clock))).toBe(4);
    expect(await rollupDays()).toEqual(['2026-03-17']);
    const after = (await server.app.inject({ url: `/api/v1/scorecards/suppliers/${encodeURIComponent(world.shipment.supplier)}?period=week&siteId=${world.site.id}`, headers: server.staff })).json<Scorecard>();
    expect(after.loads.map((l) => l.day)).toEqual(['2026-03-17']);
    expect(after.weeks.at(-1)).toMatchObject({ week: '2026-03-16', loads: 1 });
    // Nothing is left queued.
    expect(await server.app.scorecards.refreshStaleDays(new Date(clock))).toBe(0);
  });
});
