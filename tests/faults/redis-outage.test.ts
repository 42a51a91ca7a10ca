import type { Shipment } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../integration/helpers/access';
import { alertWithoutPersistence, createShipment, createWorld, fixAt, latForEta, PLANT, type World } from '../integration/helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { TcpProxy } from '../integration/helpers/tcp-proxy';
import { LiveBoard, siteTruth } from './helpers/live-board';
import { PrivateRedis, redisServerProblem, REQUIRED } from './helpers/private-redis';
import { createScratchDatabase, postgresProblem, type ScratchDatabase } from './helpers/scratch-database';

const problem = redisServerProblem() ?? (await postgresProblem());
if (problem !== null && REQUIRED) throw new Error(`The Redis fault suite is required here (CI) but cannot run: ${problem}`);
if (problem !== null) console.warn(`[dockwatch] Redis fault suite skipped: ${problem}`);

/** How soon after a fault ends every board must show what the database holds. */
const CATCH_UP_MS = 10_000;
/** Sweeps stay off: nothing but the test changes a site, so a board can be compared with the database. */
const QUIET = { ALERT_SWEEP_S: '0' };

/** A fix whose ETA at 20 m/s is `minutes` away (the shipment's window is 60–90 min ahead). */

const readiness = async (server: TestServer) => (await server.app.inject({ url: '/readyz' })).json<{ status: string; bus: { ok: boolean } }>();

/** Polls `probe` until it returns true, or fails after `timeoutMs` with `what`. */
async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until every board shows its site as the database holds it; resolves with the time it took. */
async function allConsistent(boards: LiveBoard[], via: TestServer, timeoutMs = CATCH_UP_MS): Promise<number> {
  let last: string[] = [];
  try {
    return await eventually(
      'boards consistent with the database',
      async () => {
        last = [];
        for (const board of boards) {
          const diff = board.differences(await siteTruth(via.url, ADMIN_TOKEN, board.siteId));
          last.push(...diff.map((d) => `${board.siteId.slice(0, 8)}: ${d}`));
        }
        return last.length === 0;
      },
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; still different: ${last.join('; ')}`);
  }
}

const post = async (server: TestServer, url: string, headers: Record<string, string>, payload: object) => {
  const res = await server.app.inject({ method: 'POST', url, headers, payload });
  return res.statusCode;
};

describe.skipIf(problem !== null)('outages of the real services: Redis (a private redis-server, several instances)', () => {
  let db: ScratchDatabase;
  const started: TestServer[] = [];
  const boards: LiveBoard[] = [];
  const redises: PrivateRedis[] = [];
  const proxies: TcpProxy[] = [];
  const start = async (redisUrl: string, databaseUrl = db.url) => {
    const server = await startServer({ name: 'postgres+redis', databaseUrl, redisUrl }, { env: QUIET });
    started.push(server);
    return server;
  };
  const board = (server: TestServer, siteId: string, token = ADMIN_TOKEN) => {
    const b = new LiveBoard(server.url, token, siteId);
    boards.push(b);
    return b;
  };

  beforeAll(async () => {
    db = await createScratchDatabase('redis');
  });
  afterAll(async () => {
    for (const b of boards) b.close();
    await Promise.all(started.map((s) => s.close()));
    await Promise.all(redises.map((r) => r.kill()));
    await Promise.all(proxies.map((p) => p.cut()));
    await db?.drop();
  });

  describe('Redis killed and started again', () => {
    let redis: PrivateRedis;
    let a: TestServer;
    let b: TestServer;

    beforeAll(async () => {
      redis = await PrivateRedis.create();
      redises.push(redis);
      [a, b] = await Promise.all([start(redis.url), start(redis.url)]);
    });

    it('keeps both instances serving, and every board and alerts panel on both catches up with no later change on its site', async () => {
      const world = await createWorld(a);
      await alertWithoutPersistence(a, world.site.id);
      const quiet = await createShipment(a, { siteId: world.site.id, carrierId: world.carrier.id });
      // A late truck (band and all past the window end): one open alert before the outage.
      expect(await post(a, '/api/v1/pings', world.deviceAuth, fixAt(latForEta(200), PLANT.lon, 0, { speed: 20 }))).toBe(202);
      const onA = board(a, world.site.id);
      const onB = board(b, world.site.id);
      await allConsistent([onA, onB], a);
      const [alert] = [...onB.alerts.values()];
      expect(alert).toMatchObject({ shipmentId: world.shipment.id, state: 'open' });

      await redis.kill();
      await eventually('both instances see the bus down', async () => !(await readiness(a)).bus.ok && !(await readiness(b)).bus.ok, 10_000);

      // Every write is stored while the bus is away, on either instance.
      expect(await post(a, '/api/v1/pings', world.deviceAuth, fixAt(latForEta(220), PLANT.lon, 0, { speed: 20 }))).toBe(202);
      expect(await post(b, `/api/v1/shipments/${quiet.id}/events`, b.staff, { type: 'delayed' })).toBe(201);
      expect(await post(b, `/api/v1/alerts/${alert!.id}/ack`, b.staff, { note: 'Line 3 resequenced' })).toBe(200);
      for (const server of [a, b]) {
        expect(await readiness(server)).toMatchObject({ status: 'degraded', bus: { ok: false } });
        expect((await server.app.inject({ url: `/api/v1/shipments/${quiet.id}`, headers: server.staff })).json<Shipment>().version).toBe(quiet.version + 1);
      }
      // The boards did miss it: no delta reached them, and nothing on the site will change again.
      const truth = await siteTruth(a.url, ADMIN_TOKEN, world.site.id);
      expect(onA.differences(truth)).not.toEqual([]);
      expect(onB.differences(truth)).not.toEqual([]);
      // And say so: connected, but nothing live can arrive.
      for (const onX of [onA, onB]) await onX.until(() => onX.state === 'stalled', 'the board says live updates are paused');

      await redis.start();
      const caughtUp = await allConsistent([onA, onB], a);
      for (const onX of [onA, onB]) await onX.until(() => onX.state === 'connected', 'the board live again');
      const ready = await eventually('both instances ready again by themselves', async () => (await readiness(a)).status === 'ready' && (await readiness(b)).status === 'ready', 10_000);
      console.info(`[faults] Redis killed and restarted: boards consistent ${Math.round(caughtUp)} ms after Redis returned; instances ready by ${Math.round(ready + caughtUp)} ms`);
      expect(onB.alerts.get(alert!.id)?.state).toBe('acknowledged');

      // And live delivery runs across instances again: a ping on B reaches A's board as a delta.
      const reloads = onA.reloads;
      expect(await post(b, '/api/v1/pings', world.deviceAuth, fixAt(latForEta(160), PLANT.lon, 0, { speed: 20 }))).toBe(202);
      const stored = (await a.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: a.staff })).json<Shipment>();
      await onA.until(() => onA.shipments.get(world.shipment.id)?.version === stored.version, 'the next ping live on A');
      expect(onA.reloads).toBe(reloads);
    });
  });

  describe('publishes failing on one instance only', () => {
    let redis: PrivateRedis;
    let proxy: TcpProxy;
    let cut: TestServer;
    let whole: TestServer;

    beforeAll(async () => {
      redis = await PrivateRedis.create();
      redises.push(redis);
      proxy = new TcpProxy('127.0.0.1', redis.port);
      proxies.push(proxy);
      await proxy.start();
      [cut, whole] = await Promise.all([start(proxy.url(redis.url)), start(redis.url)]);
    });

    it('tells the boards on the other instance, whose own bus never broke, to resync', async () => {
      const world = await createWorld(whole);
      const onWhole = board(whole, world.site.id);
      await allConsistent([onWhole], whole);

      await proxy.cut();
      await eventually('the cut instance sees its bus down', async () => !(await readiness(cut)).bus.ok, 10_000);
      expect((await readiness(whole)).bus.ok).toBe(true);
      expect(await post(cut, '/api/v1/pings', world.deviceAuth, fixAt(latForEta(45), PLANT.lon, 0, { speed: 20 }))).toBe(202);
      expect(await post(cut, `/api/v1/shipments/${world.shipment.id}/events`, cut.staff, { type: 'delayed' })).toBe(201);
      expect(onWhole.differences(await siteTruth(whole.url, ADMIN_TOKEN, world.site.id))).not.toEqual([]);

      await proxy.restore();
      const caughtUp = await allConsistent([onWhole], whole);
      console.info(`[faults] publishes lost on one instance: the other instance's board consistent ${Math.round(caughtUp)} ms after its Redis link returned`);
      await eventually('the cut instance ready again by itself', async () => (await readiness(cut)).status === 'ready', 10_000);
    });
  });

  describe('an instance started while Redis is down', () => {
    let redis: PrivateRedis;

    beforeAll(async () => {
      redis = await PrivateRedis.create({ running: false });
      redises.push(redis);
    });

    it('starts degraded, serves ingest and REST, and attaches the bus when Redis comes', async () => {
      const t0 = performance.now();
      const lonely = await start(redis.url);
      const startMs = performance.now() - t0;
      const world: World = await createWorld(lonely);
      expect(await post(lonely, '/api/v1/pings', world.deviceAuth, fixAt(latForEta(45), PLANT.lon, 0, { speed: 20 }))).toBe(202);
      expect((await lonely.app.inject({ url: `/api/v1/shipments/${world.shipment.id}`, headers: lonely.staff })).json<Shipment>().version).toBe(2);
      const ready = await lonely.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'degraded', database: { ok: true }, bus: { kind: 'redis', ok: false } });
      const early = board(lonely, world.site.id);
      await allConsistent([early], lonely);
      await early.until(() => early.state === 'stalled', 'a board connected without the bus says live updates are paused');
      console.info(`[faults] start without Redis: listening after ${Math.round(startMs)} ms`);

      await redis.start();
      const attached = await eventually('the instance attaches the bus by itself', async () => (await readiness(lonely)).status === 'ready', 10_000);
      console.info(`[faults] start without Redis: bus attached ${Math.round(attached)} ms after Redis came`);
      // A board that connected before the bus was there reloads when it attaches (it may have
      // missed changes other instances made), and then follows another instance's changes live.
      await early.until(() => early.reloads >= 2 && early.state === 'connected', 'the board resyncs and goes live when the bus attaches');
      const other = await start(redis.url);
      expect(await post(other, `/api/v1/shipments/${world.shipment.id}/events`, other.staff, { type: 'delayed' })).toBe(201);
      await early.until(() => early.shipments.get(world.shipment.id)?.version === 3, 'a change on another instance live on the early board');
      await allConsistent([early], other);
    });
  });

  describe('Redis back before the database (the instance cut off from both)', () => {
    let redis: PrivateRedis;
    let redisProxy: TcpProxy;
    let dbProxy: TcpProxy;
    let cutOff: TestServer;
    let other: TestServer;

    beforeAll(async () => {
      redis = await PrivateRedis.create();
      redises.push(redis);
      redisProxy = new TcpProxy('127.0.0.1', redis.port);
      const target = new URL(db.url);
      dbProxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      proxies.push(redisProxy, dbProxy);
      await Promise.all([redisProxy.start(), dbProxy.start()]);
      [cutOff, other] = await Promise.all([start(redisProxy.url(redis.url), dbProxy.url(db.url)), start(redis.url)]);
    });

    it('tries the resync that hit the database outage again until it lands', async () => {
      const world = await createWorld(other);
      const onCutOff = board(cutOff, world.site.id);
      await allConsistent([onCutOff], other);

      await Promise.all([redisProxy.cut(), dbProxy.cut()]);
      await eventually('the cut-off instance sees its bus down', async () => !(await readiness(cutOff)).bus.ok, 10_000);
      expect(await post(other, '/api/v1/pings', world.deviceAuth, fixAt(latForEta(45), PLANT.lon, 0, { speed: 20 }))).toBe(202);
      await redisProxy.restore();
      // The resync comes while the instance still cannot read the board.
      await onCutOff.until(() => onCutOff.failedReloads > 0, 'the resync hits the database outage');
      expect(onCutOff.differences(await siteTruth(other.url, ADMIN_TOKEN, world.site.id))).not.toEqual([]);

      await dbProxy.restore();
      const caughtUp = await allConsistent([onCutOff], other);
      console.info(`[faults] Redis back before the database: board consistent ${Math.round(caughtUp)} ms after the database returned`);
      await eventually('the cut-off instance ready again by itself', async () => (await readiness(cutOff)).status === 'ready', 10_000);
    });
  });

  describe('a reconnect during a database outage', () => {
    let redis: PrivateRedis;
    let dbProxy: TcpProxy;
    let server: TestServer;

    beforeAll(async () => {
      redis = await PrivateRedis.create();
      redises.push(redis);
      const target = new URL(db.url);
      dbProxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      proxies.push(dbProxy);
      await dbProxy.start();
      server = await start(redis.url, dbProxy.url(db.url));
    });

    it('retries a handshake refused as unavailable and a refused subscription until they pass, by itself', async () => {
      const world = await createWorld(server);
      // A token is looked up in the database at the handshake; the bootstrap admin token is not,
      // so its handshake passes and its subscription (a site lookup) is refused instead.
      const token = await createToken(server, { role: 'clerk', siteIds: [world.site.id] });
      await dbProxy.cut();
      const handshake = board(server, world.site.id, token.token);
      const subscription = board(server, world.site.id, ADMIN_TOKEN);
      await handshake.until(() => handshake.states.some((s) => s.detail === 'unavailable: try again'), 'handshake refused as unavailable');
      await subscription.until(() => subscription.states.some((s) => s.state === 'reconnecting' && s.detail === 'Try again shortly'), 'subscription refused as unavailable');
      expect(handshake.state).toBe('reconnecting');

      await dbProxy.restore();
      const t0 = performance.now();
      for (const b of [handshake, subscription]) await b.until(() => b.state === 'connected' && b.reloads > 0, 'connected and loaded by itself', 20_000);
      const back = performance.now() - t0;
      await allConsistent([handshake, subscription], server);
      console.info(`[faults] reconnect during a database outage: both boards connected and loaded ${Math.round(back)} ms after the database returned`);
      expect(handshake.states.some((s) => s.state === 'offline')).toBe(false);
    });
  });
});

