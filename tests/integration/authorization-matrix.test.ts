import type { AuditEntry, Shipment, SubscribeAck, TrackingLinkCreated } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccessWorld, CALLERS, type AccessWorld, type CallerName } from './helpers/access-world';
import { createToken, signedInUser } from './helpers/access';
import { backends } from './helpers/backends';
import { fixAt } from './helpers/fixtures';
import { ROUTES, type MatrixRequest, type RouteCase } from './helpers/route-matrix';
import { connectSocket, subscribe } from './helpers/socket';
import { startServer, type TestServer } from './helpers/server';

const methodOf = (c: RouteCase) => c.route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const DENIED = [401, 403, 404];

describe.each(backends())('authorization matrix [$name]', (backend) => {
  let server: TestServer;
  let w: AccessWorld;

  beforeAll(async () => {
    // The matrix is about scope: its fixes jump between places minutes or seconds apart, and a
    // speed check against whichever fix came last (which depends on how long the rows took)
    // would drop some of them. Off here; the filter has tests of its own.
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0', FILTER_MAX_SPEED_KMH: '0' } });
    w = await buildAccessWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const call = async (caller: CallerName, c: RouteCase, request: MatrixRequest) => {
    const res = await server.app.inject({ method: methodOf(c), url: request.url, headers: { ...w.headers[caller], ...request.headers }, ...(request.payload ? { payload: request.payload } : {}) });
    // Exports answer CSV or EDIFACT text, not JSON.
    return { status: res.statusCode, body: res.body === '' ? null : String(res.headers['content-type'] ?? '').includes('json') ? (res.json() as unknown) : res.body };
  };

  it('has a row for every /api/v1 route the server registers, and none that it does not', () => {
    const registered = server.app.guardedRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(ROUTES.map((c) => c.route).sort());
  });

  it('answers every subscription by role and binding, and refuses sockets without credentials', async () => {
    const expected: Record<Exclude<CallerName, 'anonymous' | 'device'>, [string, string, string, string]> = {
      //         site A    site B       shipment A   shipment B
      bootstrap: ['ok', 'ok', 'ok', 'ok'],
      admin: ['ok', 'ok', 'ok', 'ok'],
      planner: ['ok', 'not_found', 'ok', 'not_found'],
      clerk: ['ok', 'not_found', 'ok', 'not_found'],
      viewer: ['ok', 'not_found', 'ok', 'not_found'],
      carrier: ['forbidden', 'forbidden', 'ok', 'not_found'],
      supplier: ['forbidden', 'forbidden', 'ok', 'not_found'],
    };
    const outcome = (ack: SubscribeAck) => ('ok' in ack ? 'ok' : ack.error.code);
    for (const [caller, answers] of Object.entries(expected)) {
      const headers = w.headers[caller as CallerName];
      const socket = await connectSocket(server.url, 'cookie' in headers ? { cookie: headers.cookie! } : { authorization: headers.authorization! });
      try {
        const got = [
          await subscribe(socket, { siteId: w.a.site.id }),
          await subscribe(socket, { siteId: w.b.site.id }),
          await subscribe(socket, { shipmentId: w.a.shipment.id }),
          await subscribe(socket, { shipmentId: w.b.shipment.id }),
        ].map(outcome);
        expect(got, caller).toEqual(answers);
      } finally {
        socket.close();
      }
    }
    // The plant's demand for one supplier's parts (`demand:updated`): that supplier, and planners
    // previewing a supplier of their own sites; never another tenant's or another supplier's.
    const demandExpected: Record<Exclude<CallerName, 'anonymous' | 'device'>, [string, string, string]> = {
      //         A, own supplier  B, its supplier  A, B's supplier
      bootstrap: ['ok', 'ok', 'ok'],
      admin: ['ok', 'ok', 'ok'],
      planner: ['ok', 'not_found', 'ok'],
      clerk: ['forbidden', 'forbidden', 'forbidden'],
      viewer: ['forbidden', 'forbidden', 'forbidden'],
      carrier: ['forbidden', 'forbidden', 'forbidden'],
      supplier: ['ok', 'not_found', 'not_found'],
    };
    for (const [caller, answers] of Object.entries(demandExpected)) {
      const headers = w.headers[caller as CallerName];
      const socket = await connectSocket(server.url, 'cookie' in headers ? { cookie: headers.cookie! } : { authorization: headers.authorization! });
      try {
        const got = [
          await subscribe(socket, { siteId: w.a.site.id, demandOf: w.a.supplier }),
          await subscribe(socket, { siteId: w.b.site.id, demandOf: w.b.supplier }),
          await subscribe(socket, { siteId: w.a.site.id, demandOf: w.b.supplier }),
        ].map(outcome);
        expect(got, `demand rooms as ${caller}`).toEqual(answers);
      } finally {
        socket.close();
      }
    }
    await expect(connectSocket(server.url, { cookie: 'dw_session=forged' })).rejects.toThrow(/unauthorized/);
    await expect(connectSocket(server.url, w.headers.device.authorization!.replace('Bearer ', ''))).rejects.toThrow(/unauthorized/);
  });

  it('allows exactly the listed callers on every route, and hides the other tenant behind 404', async () => {
    const failures: string[] = [];
    for (const c of ROUTES) {
      for (const caller of CALLERS) {
        const own = await call(caller, c, await c.own(w, server, caller));
        const allowed = c.allow.includes(caller);
        const expectedOwn = allowed ? 'allowed' : caller === 'anonymous' || c.ownCredential ? 401 : 403;
        const gotOwn = DENIED.includes(own.status) ? own.status : 'allowed';
        if (gotOwn !== expectedOwn) failures.push(`${c.route} as ${caller}: expected ${expectedOwn}, got ${own.status} ${JSON.stringify(own.body)}`);
        else if (allowed && c.check) c.check(caller, own.body, w);

        if (!c.foreign) continue;
        const foreign = await call(caller, c, await c.foreign(w, server));
        const foreignAllowed = (c.foreignAllow ?? ['bootstrap', 'admin']).includes(caller);
        const expectedForeign = foreignAllowed ? 'allowed' : !allowed ? expectedOwn : 404;
        const gotForeign = DENIED.includes(foreign.status) ? foreign.status : 'allowed';
        if (gotForeign !== expectedForeign) failures.push(`${c.route} on tenant B as ${caller}: expected ${expectedForeign}, got ${foreign.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("checks each device-wide credential's reach, not only its route: fixes move only what its issuer may touch", async () => {
    // Tenant A's truck also carries a load for tenant B's site: A's clerk and planner may not touch it; A's carrier may.
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/v1/shipments',
      headers: server.staff,
      payload: { reference: `PO-reach-${Date.now()}`, siteId: w.b.site.id, carrierId: w.a.carrier.id, deviceId: w.a.device.id, supplier: 'Elsewhere', windowStart: new Date(Date.now() + 3_600_000).toISOString(), windowEnd: new Date(Date.now() + 5_400_000).toISOString() },
    });
    expect(created.statusCode).toBe(201);
    const onB = created.json<Shipment>();
    // Fresh callers bound as the matrix's are (the matrix ends some of its sessions on the way).
    const callers: Record<string, Record<string, string>> = {
      clerk: (await signedInUser(server, 'clerk', { siteIds: [w.a.site.id] })).headers,
      carrier: (await signedInUser(server, 'carrier', { carrierId: w.a.carrier.id })).headers,
      planner: (await createToken(server, { role: 'planner', siteIds: [w.a.site.id] })).headers,
    };
    const versionOf = async () => (await server.app.inject({ url: `/api/v1/shipments/${onB.id}`, headers: server.staff })).json<Shipment>().version;
    const linkBy = async (caller: 'clerk' | 'carrier', url: string) => {
      const res = await server.app.inject({ method: 'POST', url, headers: callers[caller], payload: {} });
      expect(res.statusCode, `${caller} ${url}`).toBe(201);
      return { authorization: `Bearer ${res.json<TrackingLinkCreated>().token}` };
    };
    const loadLink = `/api/v1/shipments/${w.a.shipment.id}/links`;
    const truckLink = `/api/v1/carriers/${w.a.carrier.id}/devices/${w.a.device.id}/links`;
    let secondsAgo = 60;
    const driverPing = (headers: Record<string, string>) =>
      server.app.inject({ method: 'POST', url: '/api/v1/driver/pings', headers, payload: { pings: [fixAt(48.3, 11.7, (secondsAgo -= 5))] } });
    const gpx = () => {
      const at = new Date(Date.now() - (secondsAgo -= 5) * 1000).toISOString();
      return server.app.inject({
        method: 'POST',
        url: `/api/v1/shipments/${w.a.shipment.id}/gpx`,
        headers: { ...callers.planner, 'content-type': 'application/gpx+xml' },
        payload: `<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="48.3" lon="11.7"><time>${at}</time></trkpt></trkseg></trk></gpx>`,
      });
    };
    const reach: [string, () => Promise<{ statusCode: number }>, boolean][] = [
      ["A clerk's link for an A load", async () => driverPing(await linkBy('clerk', loadLink)), false],
      ["the carrier's link for an A load", async () => driverPing(await linkBy('carrier', loadLink)), false],
      ["an A planner's GPX import into an A load", gpx, false],
      ["the carrier's link for its truck", async () => driverPing(await linkBy('carrier', truckLink)), true],
      ["the truck's own token", () => server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: w.headers.device, payload: fixAt(48.3, 11.7, (secondsAgo -= 5)) }), true],
    ];
    const failures: string[] = [];
    for (const [credential, post, movesIt] of reach) {
      const before = await versionOf();
      const res = await post();
      const moved = (await versionOf()) > before;
      if (res.statusCode >= 300 || moved !== movesIt) failures.push(`${credential}: ${res.statusCode}, ${moved ? 'moved' : 'did not move'} the site-B load`);
    }
    expect(failures).toEqual([]);
  });

  it('writes every refusal to the audit log, readable by admins', async () => {
    const res = await server.app.inject({ url: `/api/v1/audit?actor=${w.actors.carrier}&outcome=denied&limit=1000`, headers: server.staff });
    const entries = res.json<{ entries: AuditEntry[] }>().entries;
    // The carrier tried tenant B's shipment, and routes its role may not use.
    expect(entries.some((e) => e.resourceId === w.b.shipment.id && e.action === 'shipment:read')).toBe(true);
    expect(entries.some((e) => e.action === 'board:read' && e.details?.status === 403)).toBe(true);
    const socketRefusals = await server.app.inject({ url: `/api/v1/audit?actor=${w.actors.clerk}&action=subscribe:site&outcome=denied`, headers: server.staff });
    expect(socketRefusals.json<{ entries: AuditEntry[] }>().entries.map((e) => e.resourceId)).toContain(w.b.site.id);
    // And what was done: the status event that went through, the acknowledgement, the window edit.
    const done = (await server.app.inject({ url: '/api/v1/audit?actor=bootstrap&outcome=allowed&limit=1000', headers: server.staff })).json<{ entries: AuditEntry[] }>().entries;
    expect(done.filter((e) => e.resourceId === w.a.shipment.id).map((e) => e.action)).toEqual(expect.arrayContaining(['shipment:event', 'shipment:update', 'shipment:assign']));
    expect(done.some((e) => e.action === 'alert:ack' && e.resourceId === w.a.alert.id)).toBe(true);
  });
});
