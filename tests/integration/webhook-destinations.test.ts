import type { Alert, Site, Webhook, WebhookDelivery } from '@dockwatch/shared';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { PLANT } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';
import { WebhookReceiver } from './helpers/webhook-receiver';

const SECRET = 'whsec_test_0123456789abcdef';
/** A public address for names the stub resolver calls public; nothing in these tests connects to it. */
const PUBLIC = '93.184.215.14';

/** The stub resolver: names as a test says they resolve right now. No test asks real DNS. */
const dns = new Map<string, string[]>();
const lookup = async (hostname: string) => {
  const addresses = dns.get(hostname);
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

/** Every spelling of a destination inside the network that an attacker would try. */
const NON_PUBLIC = [
  'http://127.0.0.1/hook',
  'http://127.0.0.1:6379/',
  'http://localhost/hook',
  'http://LOCALHOST./hook',
  'http://127.1/hook',
  'http://2130706433/hook',
  'http://0x7f000001/hook',
  'http://0x7f.0.0.1/hook',
  'http://0177.0.0.1/hook',
  'http://0.0.0.0/hook',
  'http://0/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:7f00:1]/hook',
  'http://[::1]/hook',
  'http://[::]/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://10.0.0.1/hook',
  'http://172.16.5.4/hook',
  'http://192.168.1.1/hook',
  'http://100.64.0.1/hook',
  'http://[fd00::1]/hook',
  'http://[fe80::1]/hook',
  'http://224.0.0.1/hook',
  'http://loopback.partner.test/hook',
  'http://metadata.partner.test/hook',
  'http://mixed.partner.test/hook',
  'http://v6loopback.partner.test/hook',
  'http://nowhere.partner.test/hook',
];

describe.each(backends())('webhooks post only to public destinations [$name]', (backend) => {
  let server: TestServer;
  let site: Site;
  const receivers: WebhookReceiver[] = [];

  const createSite = async (on: TestServer) =>
    (await on.app.inject({ method: 'POST', url: '/api/v1/sites', headers: on.staff, payload: { name: `Plant ${randomUUID()}`, ...PLANT, timezone: 'Europe/Berlin', docks: ['D1'] } })).json<Site>();
  const create = (on: TestServer, siteId: string, url: string) =>
    on.app.inject({ method: 'POST', url: `/api/v1/sites/${siteId}/webhooks`, headers: on.staff, payload: { url, events: ['alert.raised'], secret: SECRET } });
  const listed = async (on: TestServer, siteId: string) => (await on.app.inject({ url: `/api/v1/sites/${siteId}/webhooks`, headers: on.staff })).json<{ webhooks: Webhook[] }>().webhooks;
  const receiver = async () => {
    const r = await WebhookReceiver.start();
    receivers.push(r);
    return r;
  };
  const alertFor = (siteId: string) => ({ id: randomUUID(), siteId, shipmentId: randomUUID(), kind: 'late_predicted' }) as unknown as Alert;
  /** Queues a delivery for every webhook of the site and waits for the first attempt to be recorded. */
  const firstAttempt = async (on: TestServer, webhookId: string, siteId: string) => {
    await on.app.db.transaction((tx) => on.app.webhookRepository.enqueue(tx, siteId, 'alert.raised', alertFor(siteId), new Date()));
    on.app.webhookWorker.nudge();
    const attempts = async () => {
      const res = await on.app.inject({ url: `/api/v1/webhooks/${webhookId}/deliveries`, headers: on.staff });
      return res.json<{ deliveries: WebhookDelivery[] }>().deliveries[0]?.attempts ?? [];
    };
    await expect.poll(async () => (await attempts()).length).toBeGreaterThan(0);
    return (await attempts())[0]!;
  };

  beforeAll(async () => {
    dns.set('partner.test', [PUBLIC]);
    dns.set('loopback.partner.test', ['127.0.0.1']);
    dns.set('metadata.partner.test', ['169.254.169.254']);
    dns.set('mixed.partner.test', [PUBLIC, '10.1.2.3']);
    dns.set('v6loopback.partner.test', ['::1']);
    dns.set('metadata.google.internal', ['169.254.169.254']);
    // No allow-list: loopback is as refused as it is in production.
    server = await startServer(backend, { env: { WEBHOOK_ALLOWED_DESTINATIONS: '', WEBHOOK_POLL_MS: '50', WEBHOOK_RETRY_BASE_MS: '60000' }, lookup });
    site = await createSite(server);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(NON_PUBLIC)('refuses %s at creation with 400, and stores nothing', async (url) => {
    const res = await create(server, site.id, url);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'destination_refused', details: { field: 'url' } });
    expect(await listed(server, site.id)).toEqual([]);
  });

  it('accepts a public receiver', async () => {
    const other = await createSite(server);
    const res = await create(server, other.id, 'https://partner.test/hooks/dockwatch');
    expect(res.statusCode).toBe(201);
  });

  it('refuses at delivery a name that has come to resolve to loopback, and never connects', async () => {
    const hooks = await receiver();
    const port = new URL(hooks.url).port;
    const other = await createSite(server);
    dns.set('rebinding.partner.test', [PUBLIC]);
    const res = await create(server, other.id, `http://rebinding.partner.test:${port}/hooks/dockwatch`);
    expect(res.statusCode).toBe(201);
    dns.set('rebinding.partner.test', ['127.0.0.1']);
    const attempt = await firstAttempt(server, res.json<Webhook>().id, other.id);
    expect(attempt).toMatchObject({ status: null, error: expect.stringMatching(/^refused: rebinding\.partner\.test is not a public destination/) });
    expect(hooks.requests).toEqual([]);
  });

  it('refuses at delivery a stored loopback URL (a webhook made before the check), and never connects', async () => {
    const hooks = await receiver();
    const other = await createSite(server);
    const webhook = await server.app.webhookRepository.create(other.id, { url: hooks.url, events: ['alert.raised'], secret: SECRET }, new Date());
    const attempt = await firstAttempt(server, webhook.id, other.id);
    expect(attempt).toMatchObject({ status: null, error: expect.stringMatching(/^refused: 127\.0\.0\.1 is not a public destination/) });
    expect(hooks.requests).toEqual([]);
  });
});

describe.each(backends())('WEBHOOK_ALLOWED_DESTINATIONS lets an internal receiver in [$name]', (backend) => {
  it('posts to a listed internal name and range, keeping only the status of its answer', async () => {
    dns.set('receiver.plant.internal', ['127.0.0.1']);
    const server = await startServer(backend, { env: { WEBHOOK_ALLOWED_DESTINATIONS: 'receiver.plant.internal,10.20.0.0/16', WEBHOOK_POLL_MS: '50', WEBHOOK_RETRY_BASE_MS: '60000' }, lookup });
    const hooks = await WebhookReceiver.start();
    try {
      hooks.answer = () => 500;
      const site = (await server.app.inject({ method: 'POST', url: '/api/v1/sites', headers: server.staff, payload: { name: `Plant ${randomUUID()}`, ...PLANT, timezone: 'Europe/Berlin' } })).json<Site>();
      const url = hooks.url.replace('127.0.0.1', 'receiver.plant.internal');
      const res = await server.app.inject({ method: 'POST', url: `/api/v1/sites/${site.id}/webhooks`, headers: server.staff, payload: { url, events: ['alert.raised'], secret: SECRET } });
      expect(res.statusCode).toBe(201);
      const inRange = await server.app.inject({ method: 'POST', url: `/api/v1/sites/${site.id}/webhooks`, headers: server.staff, payload: { url: 'http://10.20.3.4/hook', events: ['alert.raised'], secret: SECRET } });
      expect(inRange.statusCode).toBe(201);
      const outside = await server.app.inject({ method: 'POST', url: `/api/v1/sites/${site.id}/webhooks`, headers: server.staff, payload: { url: 'http://10.21.3.4/hook', events: ['alert.raised'], secret: SECRET } });
      expect(outside.statusCode).toBe(400);
      await server.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${inRange.json<Webhook>().id}`, headers: server.staff });

      await server.app.db.transaction((tx) => server.app.webhookRepository.enqueue(tx, site.id, 'alert.raised', { id: randomUUID(), siteId: site.id } as unknown as Alert, new Date()));
      server.app.webhookWorker.nudge();
      await hooks.waitFor(1);
      const history = async () => (await server.app.inject({ url: `/api/v1/webhooks/${res.json<Webhook>().id}/deliveries`, headers: server.staff })).json<{ deliveries: WebhookDelivery[] }>();
      await expect.poll(async () => (await history()).deliveries[0]?.attempts.length ?? 0).toBe(1);
      const body = JSON.stringify(await history());
      expect((await history()).deliveries[0]!.attempts[0]).toMatchObject({ status: 500, error: 'HTTP 500' });
      expect(body).not.toContain('receiver says no');
    } finally {
      await hooks.close();
      await server.close();
    }
  });
});
