import { WEBHOOK_EVENTS, type Alert, type Site, type Webhook, type WebhookDelivery, type WebhookEventType } from '@dockwatch/shared';
import { verifyWebhookSignature } from '@dockwatch/server';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends, realBackend, type Backend } from './helpers/backends';
import { PLANT } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';
import { WebhookReceiver } from './helpers/webhook-receiver';

/** Fast retries so a whole retry story fits in a test: 100 ms, 200 ms, 400 ms, then failed. */
const FAST = { WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_MAX_ATTEMPTS: '4' };
const SECRET = 'whsec_test_0123456789abcdef';

let counter = 0;

/** An alert as the alert service would announce it; deliveries carry it verbatim. */
function syntheticAlert(siteId: string): Alert {
  const now = Date.now();
  const iso = (offsetMin: number) => new Date(now + offsetMin * 60_000).toISOString();
  return {
    id: randomUUID(),
    shipmentId: randomUUID(),
    siteId,
    kind: 'late_predicted',
    state: 'open',
    severity: 3,
    delayMinutes: 25,
    leadMinutes: 40,
    raisedAt: iso(0),
    updatedAt: iso(0),
    notifiedAt: iso(0),
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackNote: null,
    resolvedAt: null,
    reference: `PO-${++counter}`,
    supplier: 'Bosch Rexroth',
    dock: 'D1',
    windowStart: iso(10),
    windowEnd: iso(40),
    items: [{ sku: 'HYD-200', description: 'Hydraulic valve', quantity: 40 }],
    eta: iso(65),
    etaEarliest: iso(55),
    etaLatest: iso(80),
    etaOverdue: false,
    material: null,
  };
}

async function createSite(server: TestServer): Promise<Site> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/sites',
    headers: server.staff,
    payload: { name: `Plant ${randomUUID()}`, ...PLANT, timezone: 'Europe/Berlin', docks: ['D1'] },
  });
  expect(res.statusCode).toBe(201);
  return res.json<Site>();
}

/** Queues a delivery the way the alert service does: inside a transaction, then a nudge. */
async function enqueue(server: TestServer, siteId: string, type: WebhookEventType, alert: Alert): Promise<number> {
  const queued = await server.app.db.transaction((tx) => server.app.webhookRepository.enqueue(tx, siteId, type, alert, new Date()));
  server.app.webhookWorker.nudge();
  return queued;
}

async function deliveries(server: TestServer, webhookId: string, query = ''): Promise<WebhookDelivery[]> {
  const res = await server.app.inject({ url: `/api/v1/webhooks/${webhookId}/deliveries${query}`, headers: server.staff });
  expect(res.statusCode).toBe(200);
  return res.json<{ deliveries: WebhookDelivery[] }>().deliveries;
}

/** The webhook's only delivery, once it has reached `state`. */
async function settled(server: TestServer, webhookId: string, state: WebhookDelivery['state']): Promise<WebhookDelivery> {
  await expect.poll(async () => (await deliveries(server, webhookId)).map((d) => d.state), { timeout: 10_000 }).toEqual([state]);
  return (await deliveries(server, webhookId))[0]!;
}

describe.each(backends())('webhook delivery ($name)', (backend: Backend) => {
  let server: TestServer;
  const receivers: WebhookReceiver[] = [];
  const created: { server: TestServer; id: string }[] = [];

  const receiver = async () => {
    const r = await WebhookReceiver.start();
    receivers.push(r);
    return r;
  };
  const subscribe = async (on: TestServer, siteId: string, url: string, events: readonly WebhookEventType[] = WEBHOOK_EVENTS): Promise<Webhook> => {
    const res = await on.app.inject({ method: 'POST', url: `/api/v1/sites/${siteId}/webhooks`, headers: on.staff, payload: { url, events, secret: SECRET } });
    expect(res.statusCode).toBe(201);
    const webhook = res.json<Webhook>();
    created.push({ server: on, id: webhook.id });
    return webhook;
  };

  beforeAll(async () => {
    server = await startServer(backend, { env: FAST });
  });
  afterEach(async () => {
    // Disabling gives up what is still pending, so no test's retries spill into the next one.
    for (const { server: on, id } of created.splice(0)) {
      if (on.app.server.listening) await on.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${id}`, headers: on.staff });
    }
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps subscriptions per site, never shows the secret, and refuses bad input', async () => {
    const site = await createSite(server);
    const hooks = await receiver();
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${site.id}/webhooks`,
      headers: server.staff,
      payload: { url: hooks.url, events: ['alert.raised', 'alert.resolved'], secret: SECRET },
    });
    expect(res.statusCode).toBe(201);
    const webhook = res.json<Webhook>();
    created.push({ server, id: webhook.id });
    expect(webhook).toEqual({ id: expect.any(String), siteId: site.id, url: hooks.url, events: ['alert.raised', 'alert.resolved'], createdAt: expect.any(String), disabledAt: null });
    expect(res.headers.location).toBe(`/api/v1/webhooks/${webhook.id}`);
    expect(res.body).not.toContain(SECRET);

    const list = await server.app.inject({ url: `/api/v1/sites/${site.id}/webhooks`, headers: server.staff });
    expect(list.json()).toEqual({ webhooks: [webhook] });
    expect(list.body).not.toContain(SECRET);

    const disabled = await server.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}`, headers: server.staff });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json<Webhook>().disabledAt).not.toBeNull();
    // Disabling twice changes nothing; the webhook and its history stay listed.
    const again = await server.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}`, headers: server.staff });
    expect(again.json()).toEqual(disabled.json());
    expect((await server.app.inject({ url: `/api/v1/sites/${site.id}/webhooks`, headers: server.staff })).json()).toEqual({ webhooks: [disabled.json()] });

    const post = (url: string, payload: object) => server.app.inject({ method: 'POST', url, headers: server.staff, payload });
    const valid = { url: hooks.url, events: ['alert.raised'], secret: SECRET };
    const unknown = randomUUID();
    expect((await post(`/api/v1/sites/${unknown}/webhooks`, valid)).statusCode).toBe(404);
    expect((await server.app.inject({ url: `/api/v1/sites/${unknown}/webhooks`, headers: server.staff })).statusCode).toBe(404);
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${unknown}`, headers: server.staff })).statusCode).toBe(404);
    expect((await server.app.inject({ url: `/api/v1/webhooks/${unknown}/deliveries`, headers: server.staff })).statusCode).toBe(404);
    expect((await post(`/api/v1/webhook-deliveries/${unknown}/replay`, {})).json().error.code).toBe('not_found');
    for (const bad of [
      { ...valid, url: 'ftp://example.com/hook' },
      { ...valid, events: ['alert.exploded'] },
      { ...valid, events: [] },
      { ...valid, secret: 'short' },
      { url: valid.url, events: valid.events },
    ]) {
      const refused = await post(`/api/v1/sites/${site.id}/webhooks`, bad);
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
      expect(refused.json().error.code).toBe('validation_failed');
    }
    expect((await server.app.inject({ url: `/api/v1/webhooks/${webhook.id}/deliveries?state=lost`, headers: server.staff })).statusCode).toBe(400);
    expect((await server.app.inject({ url: '/api/v1/webhooks/not-a-uuid/deliveries', headers: server.staff })).statusCode).toBe(400);
    expect((await server.app.inject({ url: `/api/v1/sites/${site.id}/webhooks` })).statusCode).toBe(401);
  });

  it('retries failures with backoff and delivers on the third attempt, signed', async () => {
    const hooks = await receiver();
    hooks.answer = (_request, index) => (index < 2 ? 500 : 200);
    const site = await createSite(server);
    const webhook = await subscribe(server, site.id, hooks.url, ['alert.raised']);
    const alert = syntheticAlert(site.id);

    expect(await enqueue(server, site.id, 'alert.raised', alert)).toBe(1);
    const [first, second, third] = await hooks.waitFor(3);

    // Each retry waits at least the backoff after the answer before it: 100 ms, then 200 ms.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(100);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(200);
    expect(third!.body).toEqual({ id: expect.any(String), type: 'alert.raised', createdAt: expect.any(String), data: alert });
    expect(Object.keys(third!.body!)).toEqual(['id', 'type', 'createdAt', 'data']);
    expect(new Set([first, second, third].map((r) => r!.body!.id))).toEqual(new Set([third!.body!.id]));
    expect(third!.method).toBe('POST');
    expect(third!.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Dockwatch-Webhooks/1', 'dockwatch-delivery': third!.body!.id });
    const signature = third!.headers['dockwatch-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(signature, third!.rawBody, SECRET)).toBe(true);
    expect(verifyWebhookSignature(signature, third!.rawBody, 'another-secret-0123456789')).toBe(false);
    const tampered = third!.rawBody.replace('"delayMinutes":25', '"delayMinutes":5');
    expect(tampered).not.toBe(third!.rawBody);
    expect(verifyWebhookSignature(signature, tampered, SECRET)).toBe(false);

    const delivery = await settled(server, webhook.id, 'delivered');
    expect(delivery).toMatchObject({ id: third!.body!.id, webhookId: webhook.id, type: 'alert.raised', nextAttemptAt: null, deliveredAt: expect.any(String) });
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    // The status only: what a receiver answers is not kept (it could be an internal service's page).
    expect(delivery.attempts[0]!.error).toBe('HTTP 500');
    expect(delivery.attempts[2]!.error).toBeNull();
    expect(hooks.requests).toHaveLength(3);
    expect(await deliveries(server, webhook.id, '?state=pending')).toEqual([]);
    expect((await deliveries(server, webhook.id, '?state=delivered')).map((d) => d.id)).toEqual([delivery.id]);
  });

  it('counts a timeout as a failed attempt, and refuses to replay a delivery while it is being posted', async () => {
    const hooks = await receiver();
    hooks.answer = (_request, index) => (index === 0 ? 'hang' : 200);
    const site = await createSite(server);
    const webhook = await subscribe(server, site.id, hooks.url);
    await enqueue(server, site.id, 'alert.updated', syntheticAlert(site.id));

    const [hanging] = await hooks.waitFor(1);
    const replay = await server.app.inject({ method: 'POST', url: `/api/v1/webhook-deliveries/${hanging!.body!.id}/replay`, headers: server.staff });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('delivery_in_flight');

    await hooks.waitFor(2);
    const delivery = await settled(server, webhook.id, 'delivered');
    expect(delivery.attempts).toMatchObject([
      { status: null, error: 'timed out after 1000 ms' },
      { status: 200, error: null },
    ]);
    expect(delivery.attempts[0]!.durationMs).toBeGreaterThanOrEqual(950);
  });

  it('treats a redirect as a failed attempt and never follows it', async () => {
    const hooks = await receiver();
    hooks.answer = (_request, index) => (index === 0 ? { status: 302, headers: { location: '/somewhere-else' } } : 200);
    const site = await createSite(server);
    const webhook = await subscribe(server, site.id, hooks.url);
    await enqueue(server, site.id, 'alert.raised', syntheticAlert(site.id));

    const delivery = await settled(server, webhook.id, 'delivered');
    expect(delivery.attempts).toMatchObject([
      { status: 302, error: 'HTTP 302: redirect not followed' },
      { status: 200, error: null },
    ]);
    expect(hooks.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /hooks/dockwatch', 'POST /hooks/dockwatch']);
  });

  it('gives up after the last attempt; a replay sends the delivery once more', async () => {
    const hooks = await receiver();
    let recovered = false;
    hooks.answer = () => (recovered ? 200 : 503);
    const site = await createSite(server);
    const webhook = await subscribe(server, site.id, hooks.url);
    const alert = syntheticAlert(site.id);
    await enqueue(server, site.id, 'alert.resolved', alert);

    const failed = await settled(server, webhook.id, 'failed');
    expect(failed.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503]);
    expect(failed.nextAttemptAt).toBeNull();
    expect(hooks.for(failed.id)).toHaveLength(4);

    recovered = true;
    const replayed = await server.app.inject({ method: 'POST', url: `/api/v1/webhook-deliveries/${failed.id}/replay`, headers: server.staff });
    expect(replayed.statusCode).toBe(202);
    expect(replayed.json<WebhookDelivery>()).toMatchObject({ id: failed.id, state: 'pending', nextAttemptAt: expect.any(String) });
    const delivered = await settled(server, webhook.id, 'delivered');
    expect(delivered.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503, 200]);
    expect(hooks.for(failed.id)).toHaveLength(5);

    // A delivered one can be replayed too (the receiver lost it): it goes out once more, same id and body.
    await server.app.inject({ method: 'POST', url: `/api/v1/webhook-deliveries/${failed.id}/replay`, headers: server.staff });
    await expect.poll(async () => (await deliveries(server, webhook.id))[0]!.attempts.length).toBe(6);
    expect((await deliveries(server, webhook.id))[0]!.state).toBe('delivered');
    const sent = hooks.for(failed.id);
    expect(sent).toHaveLength(6);
    expect(sent[5]!.body).toEqual(sent[4]!.body);
  });

  it('queues deliveries only for active webhooks of the site subscribed to the event', async () => {
    const hooks = await receiver();
    const [site, other] = await Promise.all([createSite(server), createSite(server)]);
    const gone = await subscribe(server, site.id, hooks.url, ['alert.raised']);
    const raisedAndResolved = await subscribe(server, site.id, hooks.url, ['alert.raised', 'alert.resolved']);
    const elsewhere = await subscribe(server, other.id, hooks.url);
    expect((await server.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${gone.id}`, headers: server.staff })).statusCode).toBe(200);

    expect(await enqueue(server, site.id, 'alert.raised', syntheticAlert(site.id))).toBe(1);
    expect(await enqueue(server, site.id, 'alert.resolved', syntheticAlert(site.id))).toBe(1);
    expect(await enqueue(server, site.id, 'alert.updated', syntheticAlert(site.id))).toBe(0);

    expect(await deliveries(server, gone.id)).toEqual([]);
    expect(await deliveries(server, elsewhere.id)).toEqual([]);
    expect((await deliveries(server, raisedAndResolved.id)).map((d) => d.type).sort()).toEqual(['alert.raised', 'alert.resolved']);
    await hooks.waitFor(2);
    await expect.poll(async () => (await deliveries(server, raisedAndResolved.id)).map((d) => d.state)).toEqual(['delivered', 'delivered']);
    expect(hooks.requests.map((r) => r.body!.type).sort()).toEqual(['alert.raised', 'alert.resolved']);
  });

  it('gives up pending retries when their webhook is disabled', async () => {
    const hooks = await receiver();
    hooks.answer = () => 500;
    const site = await createSite(server);
    const webhook = await subscribe(server, site.id, hooks.url);
    await enqueue(server, site.id, 'alert.raised', syntheticAlert(site.id));
    await hooks.waitFor(1);

    await server.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhook.id}`, headers: server.staff });
    const delivery = await settled(server, webhook.id, 'failed');
    expect(delivery.nextAttemptAt).toBeNull();
    const replay = await server.app.inject({ method: 'POST', url: `/api/v1/webhook-deliveries/${delivery.id}/replay`, headers: server.staff });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('webhook_disabled');
  });

  it("lets a crashed worker's claim lapse, then delivers once", async () => {
    const hooks = await receiver();
    const site = await createSite(server);
    const webhook = await subscribe(server, site.id, hooks.url);
    const leaseMs = 1_000;
    const claimedAt = new Date();
    const claims = await server.app.db.transaction(async (tx) => {
      await server.app.webhookRepository.enqueue(tx, site.id, 'alert.raised', syntheticAlert(site.id), claimedAt);
      // A worker that claims the delivery and dies before posting it: nobody records anything.
      return server.app.webhookRepository.claimDue(claimedAt, 100, leaseMs, tx);
    });
    expect(claims.filter((c) => c.webhookId === webhook.id)).toHaveLength(1);
    server.app.webhookWorker.nudge();

    const [request] = await hooks.waitFor(1);
    expect(request!.at).toBeGreaterThanOrEqual(claimedAt.getTime() + leaseMs);
    const delivery = await settled(server, webhook.id, 'delivered');
    expect(delivery.attempts).toHaveLength(1);
    expect(hooks.requests).toHaveLength(1);
  });

  it('keeps retrying across a restart and delivers exactly once', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-webhooks-'));
    const hooks = await receiver();
    let recovered = false;
    hooks.answer = () => (recovered ? 200 : 500);
    const first = await startServer(backend, { dataDir, env: FAST });
    let second: TestServer | null = null;
    try {
      const site = await createSite(first);
      const webhook = await subscribe(first, site.id, hooks.url);
      await enqueue(first, site.id, 'alert.raised', syntheticAlert(site.id));
      await hooks.waitFor(2);
      await first.close();

      recovered = true;
      second = await startServer(backend, { dataDir, env: FAST });
      created.push({ server: second, id: webhook.id });
      const [success] = await hooks.waitFor(1, (r) => r.status === 200);
      const delivery = await settled(second, webhook.id, 'delivered');
      expect(success!.body!.id).toBe(delivery.id);
      expect(hooks.for(delivery.id).filter((r) => r.status === 200)).toHaveLength(1);
      // Every request made, before and after the restart, is in the history.
      expect(delivery.attempts.map((a) => a.status)).toEqual(hooks.for(delivery.id).map((r) => r.status));
      expect(delivery.attempts.at(-1)!.status).toBe(200);
    } finally {
      // Disable while the server is still up (afterEach would find it closed).
      for (const { server: on, id } of created.splice(0)) {
        if (on.app.server.listening) await on.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${id}`, headers: on.staff });
      }
      await first.close().catch(() => {});
      await second?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

const real = realBackend();

// Needs real PostgreSQL: instances share one outbox there.
describe.runIf(real)('webhook workers on several instances', () => {
  it('delivers each delivery once while two instances claim together', async () => {
    const hooks = await WebhookReceiver.start();
    // A slow receiver keeps both workers' batches in flight at once.
    hooks.answer = () => ({ status: 200, delayMs: 20 });
    const [a, b] = await Promise.all([startServer(real!, { env: FAST }), startServer(real!, { env: FAST })]);
    let webhookId: string | null = null;
    try {
      const site = await createSite(a);
      const res = await a.app.inject({ method: 'POST', url: `/api/v1/sites/${site.id}/webhooks`, headers: a.staff, payload: { url: hooks.url, events: ['alert.raised'], secret: SECRET } });
      webhookId = res.json<Webhook>().id;
      const alerts = Array.from({ length: 60 }, () => syntheticAlert(site.id));
      await a.app.db.transaction(async (tx) => {
        for (const alert of alerts) await a.app.webhookRepository.enqueue(tx, site.id, 'alert.raised', alert, new Date());
      });
      a.app.webhookWorker.nudge();
      b.app.webhookWorker.nudge();

      await hooks.waitFor(alerts.length);
      await expect.poll(async () => (await deliveries(b, webhookId!, '?state=delivered&limit=100')).length).toBe(alerts.length);
      // Closing waits for anything still in flight, so a duplicate would have arrived by now.
      await Promise.all([a.close(), b.close()]);
      const ids = hooks.requests.map((r) => r.body!.id);
      expect(ids).toHaveLength(alerts.length);
      expect(new Set(ids).size).toBe(alerts.length);
      expect(new Set(hooks.requests.map((r) => r.body!.data.id))).toEqual(new Set(alerts.map((x) => x.id)));
    } finally {
      if (webhookId && a.app.server.listening) await a.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhookId}`, headers: a.staff });
      await Promise.all([a.close().catch(() => {}), b.close().catch(() => {})]);
      await hooks.close();
    }
  });
});
