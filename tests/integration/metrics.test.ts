import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osmand, withToken } from '../fixtures/device-requests';
import { createToken } from './helpers/access';
import { backends } from './helpers/backends';
import { alertWithoutPersistence, createWorld, fixAt, latForEta, PLANT, type World } from './helpers/fixtures';
import { sendRaw } from './helpers/raw';
import { startServer, type TestServer } from './helpers/server';
import { connectSocket, subscribe, type ClientSocket } from './helpers/socket';

const METRICS_TOKEN = 'metrics-scrape-token-0123456789';

/** The value of one sample in Prometheus' text format (labels in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

describe.each(backends())('metrics [$name]', (backend) => {
  let server: TestServer;
  let world: World;
  let socket: ClientSocket;

  beforeAll(async () => {
    server = await startServer(backend, { env: { METRICS_TOKEN, FILTER_MAX_ACCURACY_M: '100', ALERT_SWEEP_S: '0' } });
    world = await createWorld(server);
  });
  afterAll(async () => {
    socket?.close();
    await server?.close();
  });

  const scrape = async (headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }) => server.app.inject({ url: '/metrics', headers });

  it('is not public: the metrics token or an admin of every site reads it, nobody else', async () => {
    expect((await scrape({})).statusCode).toBe(401);
    expect((await scrape({ authorization: 'Bearer not-the-metrics-token-at-all' })).statusCode).toBe(401);
    expect((await scrape(world.deviceAuth)).statusCode).toBe(403);
    const siteAdmin = await createToken(server, { role: 'admin', siteIds: [world.site.id] });
    expect((await scrape(siteAdmin.headers)).statusCode).toBe(403);
    const planner = await createToken(server, { role: 'planner' });
    expect((await scrape(planner.headers)).statusCode).toBe(403);
    const admin = await createToken(server, { role: 'admin' });
    expect((await scrape(admin.headers)).statusCode).toBe(200);
    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts ingest requests and pings accepted, duplicate and rejected by reason, with commit batches', async () => {
    const before = (await scrape()).body;
    const fix = fixAt(48.4, PLANT.lon, 60);
    for (let i = 0; i < 2; i++) {
      expect((await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fix })).statusCode).toBe(202);
    }
    const raw = withToken({ ...osmand.isoTimestamp, url: `/osmand?id={{TOKEN}}&lat=48.39&lon=${PLANT.lon}&timestamp=${Math.round(Date.now() / 1000) - 30}&accuracy=800` }, world.device.token);
    expect((await sendRaw(server, raw)).statusCode).toBe(200);

    const after = (await scrape()).body;
    const delta = (name: string, labels: Record<string, string> = {}) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(delta('dockwatch_ingest_requests_total', { route: '/api/v1/pings', status: '202' })).toBe(2);
    expect(delta('dockwatch_ingest_requests_total', { route: '/osmand', status: '200' })).toBe(1);
    expect(delta('dockwatch_pings_total', { outcome: 'accepted' })).toBe(1);
    expect(delta('dockwatch_pings_total', { outcome: 'duplicate' })).toBe(1);
    expect(delta('dockwatch_pings_total', { outcome: 'rejected', reason: 'poor_accuracy' })).toBe(1);
    expect(delta('dockwatch_commit_batch_pings_count')).toBe(3);
    expect(delta('dockwatch_commit_duration_seconds_count')).toBe(3);
    expect(delta('dockwatch_bus_publish_lag_seconds_count')).toBeGreaterThan(0);
  });

  it('reports sockets connected, open alerts by kind and state, the webhook queue and the sweep', async () => {
    const late = await createWorld(server);
    await alertWithoutPersistence(server, late.site.id);
    const hook = await server.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${late.site.id}/webhooks`,
      headers: server.staff,
      payload: { url: 'http://127.0.0.1:9/hooks', events: ['alert.raised'], secret: 'a-secret-of-sixteen+' },
    });
    expect(hook.statusCode).toBe(201);
    const before = (await scrape()).body;
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: late.deviceAuth, payload: fixAt(latForEta(200), PLANT.lon, 0, { speed: 20 }) });
    expect(res.statusCode).toBe(202);

    socket = await connectSocket(server.url, server.staff);
    expect(await subscribe(socket, { siteId: late.site.id })).toEqual({ ok: true });
    await server.app.tracking.sweep();

    const after = (await scrape()).body;
    expect(sample(after, 'dockwatch_sockets_connected')).toBe(1);
    expect(sample(after, 'dockwatch_alerts_open', { kind: 'late_predicted', state: 'open' })).toBeGreaterThanOrEqual(1);
    // At least the late truck's (the sweep also sees other suites' shipments in a shared database).
    expect((sample(after, 'dockwatch_alert_changes_total', { kind: 'late_predicted', state: 'open' }) ?? 0) - (sample(before, 'dockwatch_alert_changes_total', { kind: 'late_predicted', state: 'open' }) ?? 0)).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'dockwatch_webhook_queue_depth')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'dockwatch_sweep_duration_seconds_count')).toBe(1);
    expect(sample(after, 'dockwatch_swept_shipments_total')).toBeGreaterThanOrEqual(2);
    // The delivery to a closed port fails and waits for its retry.
    await expect.poll(async () => sample((await scrape()).body, 'dockwatch_webhook_attempts_total', { result: 'pending' }), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  });
});
