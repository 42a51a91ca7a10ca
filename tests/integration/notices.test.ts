import type { DisruptionNotice, NoticeList } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { createWorld } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';
import { connectSocket, nextEvent, subscribe } from './helpers/socket';

describe.each(backends())('disruption notices both ways [$name]', (backend) => {
  let server: TestServer;
  let clock = Date.parse('2026-03-02T06:00:00Z');
  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' }, now: () => clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  const as = (headers: Record<string, string>) => ({
    get: async (url: string) => {
      const res = await server.app.inject({ url, headers });
      return { status: res.statusCode, body: res.json() };
    },
    post: async (url: string, payload?: object) => {
      const res = await server.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
      return { status: res.statusCode, body: res.json() };
    },
  });
  const strike = (siteId: string) => ({
    cause: 'strike',
    effect: 'capacity_down',
    startsAt: '2026-03-03T06:00:00Z',
    endsAt: '2026-03-05T18:00:00Z',
    siteIds: [siteId],
    skus: ['HYD-200'],
    text: 'Strike at our Leipzig works: half capacity',
  });

  it('carries a supplier’s notice to the planner live, who acks and replies; the supplier closes it', async () => {
    const supplierName = `Supplier notices ${Date.now().toString(36)}`;
    const world = await createWorld(server, { supplier: supplierName }, clock);
    const planner = await signedInUser(server, 'planner', { siteIds: [world.site.id] });
    const vendorUser = await signedInUser(server, 'supplier', { supplier: supplierName });
    const plannerApi = as(planner.headers);
    const vendor = as(vendorUser.headers);
    const board = await connectSocket(server.url, { cookie: planner.headers.cookie! });
    const portal = await connectSocket(server.url, { cookie: vendorUser.headers.cookie! });
    try {
      expect(await subscribe(board, { siteId: world.site.id })).toEqual({ ok: true });
      const hook = await as(server.staff).post(`/api/v1/sites/${world.site.id}/webhooks`, { url: 'http://127.0.0.1:9/notices', events: ['notice.created'], secret: 'a-secret-of-sixteen-chars' });
      expect(hook.status).toBe(201);
      const live = nextEvent(board, 'notice:created', (n) => n.siteIds.includes(world.site.id));
      const posted = await vendor.post('/api/v1/notices', strike(world.site.id));
      expect(posted.status).toBe(201);
      const notice = posted.body as DisruptionNotice;
      expect(notice).toMatchObject({ state: 'open', author: { side: 'supplier' }, partner: { type: 'supplier', name: supplierName }, partnerName: supplierName, acks: [], replies: [] });
      expect((await live).id).toBe(notice.id);
      // The plant's systems hear of it durably, through the webhook outbox.
      const deliveries = (await as(server.staff).get(`/api/v1/webhooks/${(hook.body as { id: string }).id}/deliveries`)).body as { deliveries: { type: string; body: { data: { id: string } } }[] };
      expect(deliveries.deliveries.map((d) => [d.type, d.body.data.id])).toEqual([['notice.created', notice.id]]);

      // The supplier hears the planner's ack and reply in its own partner room, without subscribing.
      const acked = nextEvent(portal, 'notice:updated', (n) => n.id === notice.id && n.acks.length === 1);
      clock += 60_000;
      const ack = await plannerApi.post(`/api/v1/notices/${notice.id}/ack`);
      expect(ack.status).toBe(200);
      expect(ack.body).toMatchObject({ acks: [{ by: { side: 'plant' } }], version: notice.version + 1 });
      expect((await acked).version).toBe(notice.version + 1);
      // A second ack by the same person changes nothing; the poster's side may not ack its own.
      expect(((await plannerApi.post(`/api/v1/notices/${notice.id}/ack`)).body as DisruptionNotice).acks).toHaveLength(1);
      expect((await vendor.post(`/api/v1/notices/${notice.id}/ack`)).body.error.code).toBe('own_notice');

      const replied = nextEvent(portal, 'notice:updated', (n) => n.id === notice.id && n.replies.length === 1);
      expect((await plannerApi.post(`/api/v1/notices/${notice.id}/replies`, { text: ' We move the line to Saturday ' })).status).toBe(201);
      expect((await replied).replies[0]).toMatchObject({ text: 'We move the line to Saturday', by: { side: 'plant' } });

      // Only the poster's side closes it.
      expect((await plannerApi.post(`/api/v1/notices/${notice.id}/close`)).body.error.code).toBe('not_poster');
      const closedLive = nextEvent(board, 'notice:updated', (n) => n.id === notice.id && n.state === 'closed');
      const closed = await vendor.post(`/api/v1/notices/${notice.id}/close`);
      expect(closed.status).toBe(200);
      expect((await closedLive).closedAt).not.toBeNull();
      expect((await vendor.post(`/api/v1/notices/${notice.id}/replies`, { text: 'late' })).body.error.code).toBe('notice_closed');

      const open = (await plannerApi.get(`/api/v1/notices?siteId=${world.site.id}&state=open`)).body as NoticeList;
      expect(open.notices.map((n) => n.id)).not.toContain(notice.id);
      const all = (await plannerApi.get(`/api/v1/notices?siteId=${world.site.id}&sku=HYD-200`)).body as NoticeList;
      expect(all.notices.map((n) => n.id)).toContain(notice.id);

      const audit = await server.app.inject({ url: `/api/v1/audit?resourceId=${notice.id}`, headers: server.staff });
      expect(audit.json<{ entries: { action: string }[] }>().entries.map((e) => e.action).sort()).toEqual(['notice:ack', 'notice:close', 'notice:create', 'notice:reply']);
    } finally {
      board.close();
      portal.close();
    }
  });

  it('keeps notices between the plant and their partner: another supplier or carrier never sees them, and gets 404', async () => {
    const world = await createWorld(server, {}, clock);
    const other = await createWorld(server, {}, clock);
    const plannerB = as((await signedInUser(server, 'planner', { siteIds: [other.site.id] })).headers);
    const otherVendor = as((await signedInUser(server, 'supplier', { supplier: 'Someone else entirely' })).headers);
    const addressed = await signedInUser(server, 'carrier', { carrierId: world.carrier.id });
    const stranger = as((await signedInUser(server, 'carrier', { carrierId: other.carrier.id })).headers);
    const posted = await as(server.staff).post('/api/v1/notices', { ...strike(world.site.id), effect: 'demand_up', cause: 'other', partner: { type: 'carrier', id: world.carrier.id } });
    expect(posted.status).toBe(201);
    const id = (posted.body as DisruptionNotice).id;
    expect((posted.body as DisruptionNotice).partnerName).toBe(world.carrier.name);

    expect(((await as(addressed.headers).get('/api/v1/notices')).body as NoticeList).notices.map((n) => n.id)).toContain(id);
    for (const outsider of [stranger, otherVendor, plannerB]) {
      expect(((await outsider.get('/api/v1/notices')).body as NoticeList).notices.map((n) => n.id)).not.toContain(id);
      expect((await outsider.post(`/api/v1/notices/${id}/ack`)).status).toBe(404);
      expect((await outsider.post(`/api/v1/notices/${id}/replies`, { text: 'hi' })).status).toBe(404);
    }
    expect((await stranger.post('/api/v1/notices/00000000-0000-4000-8000-000000000000/close')).status).toBe(404);
  });

  it('refuses bad notices with a precise 400 and stores nothing', async () => {
    const supplierName = `Supplier bad ${Date.now().toString(36)}`;
    const world = await createWorld(server, { supplier: supplierName }, clock);
    const vendor = as((await signedInUser(server, 'supplier', { supplier: supplierName })).headers);
    const staff = as(server.staff);
    const good = strike(world.site.id);
    const cases: [typeof vendor, object, string][] = [
      [vendor, { ...good, endsAt: '2026-03-02T06:00:00Z' }, 'end_before_start'],
      [vendor, { ...good, siteIds: ['00000000-0000-4000-8000-000000000000'] }, 'unknown_site'],
      [vendor, { ...good, partner: { type: 'supplier', name: 'Another' } }, 'partner_not_allowed'],
      [vendor, { ...good, text: '   ' }, 'empty_text'],
      [vendor, { ...good, cause: 'aliens' }, 'validation_failed'],
      [staff, good, 'partner_required'],
      [staff, { ...good, partner: { type: 'carrier', id: '00000000-0000-4000-8000-000000000000' } }, 'unknown_carrier'],
    ];
    for (const [who, body, code] of cases) {
      const res = await who.post('/api/v1/notices', body);
      expect([res.status, res.body.error?.code], code).toEqual([400, code]);
    }
    expect(((await staff.get(`/api/v1/notices?siteId=${world.site.id}`)).body as NoticeList).notices).toEqual([]);
  });
});
