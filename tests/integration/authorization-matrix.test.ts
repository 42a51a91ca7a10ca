import type { AuditEntry, SubscribeAck } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccessWorld, CALLERS, type AccessWorld, type CallerName } from './helpers/access-world';
import { backends } from './helpers/backends';
import { ROUTES, type MatrixRequest, type RouteCase } from './helpers/route-matrix';
import { connectSocket, subscribe } from './helpers/socket';
import { startServer, type TestServer } from './helpers/server';

const methodOf = (c: RouteCase) => c.route.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'DELETE';
const DENIED = [401, 403, 404];

describe.each(backends())('authorization matrix [$name]', (backend) => {
  let server: TestServer;
  let w: AccessWorld;

  beforeAll(async () => {
    server = await startServer(backend, { env: { ALERT_SWEEP_S: '0' } });
    w = await buildAccessWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const call = async (caller: CallerName, c: RouteCase, request: MatrixRequest) => {
    const res = await server.app.inject({ method: methodOf(c), url: request.url, headers: { ...w.headers[caller], ...request.headers }, ...(request.payload ? { payload: request.payload } : {}) });
    return { status: res.statusCode, body: res.body === '' ? null : (res.json() as unknown) };
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
    await expect(connectSocket(server.url, { cookie: 'dw_session=forged' })).rejects.toThrow(/unauthorized/);
    await expect(connectSocket(server.url, w.headers.device.authorization!.replace('Bearer ', ''))).rejects.toThrow(/unauthorized/);
  });

  it('allows exactly the listed callers on every route, and hides the other tenant behind 404', async () => {
    const failures: string[] = [];
    for (const c of ROUTES) {
      for (const caller of CALLERS) {
        const own = await call(caller, c, await c.own(w, server));
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
    expect(done.filter((e) => e.resourceId === w.a.shipment.id).map((e) => e.action)).toEqual(expect.arrayContaining(['shipment:event', 'shipment:update']));
    expect(done.some((e) => e.action === 'alert:ack' && e.resourceId === w.a.alert.id)).toBe(true);
  });
});
