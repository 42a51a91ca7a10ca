import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import { PINGS_PATH, type TargetAddress } from './protocol';

/** The little of socket.io's Server the baseline uses. */
interface BareIoServer {
  on(event: 'connection', listener: (socket: BareIoSocket) => void): void;
  to(room: string): { emit(event: string, payload: unknown): boolean };
  disconnectSockets(close: boolean): void;
  engine: { close(): void };
}
interface BareIoSocket {
  on(event: 'subscribe', listener: (request: { siteId?: string }, ack: (result: unknown) => void) => void): void;
  join(room: string): void | Promise<void>;
}

// socket.io is a dependency of the server package, not of the workspace root: load the very copy
// the Dockwatch server runs, so the baseline compares like with like.
const serverRequire = createRequire(import.meta.resolve('@dockwatch/server'));
const { Server } = serverRequire('socket.io') as { Server: new (server: http.Server, options: object) => BareIoServer };

/** Versions of the frameworks both servers run on, for the report. */
export const frameworkVersions = {
  fastify: (serverRequire('fastify/package.json') as { version: string }).version,
  socketIo: (serverRequire('socket.io/package.json') as { version: string }).version,
};

export interface BaselineServer {
  address: TargetAddress;
  close(): Promise<void>;
}

/**
 * The floor for what Dockwatch does per ping: the same Fastify, a POST route that parses the same
 * JSON body and answers 202, and a bare socket.io server that emits an update to the subscribed
 * room on every POST. No validation, auth, database or bus.
 */
export async function startBaseline(devices: number): Promise<BaselineServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const io = new Server(app.server, { serveClient: false });

  // Per bearer token, the one shipment that device carries, as Dockwatch would look it up.
  const shipments = new Map<string, { id: string; siteId: string; version: number }>();
  const addDevice = (siteId: string) => {
    const token = randomUUID();
    const shipment = { id: randomUUID(), siteId, version: 1 };
    shipments.set(`Bearer ${token}`, shipment);
    return { token, shipment };
  };

  io.on('connection', (socket) => {
    socket.on('subscribe', async (request, ack) => {
      if (typeof request?.siteId !== 'string') return ack({ error: { code: 'validation_failed', message: 'Expected {siteId}' } });
      await socket.join(`site:${request.siteId}`);
      ack({ ok: true });
    });
  });

  app.post(PINGS_PATH, async (request, reply) => {
    const shipment = shipments.get(request.headers.authorization ?? '');
    if (!shipment) return reply.code(401).send({ error: { code: 'unauthorized', message: 'Unknown token' } });
    const body = request.body as { pings?: unknown[] };
    const count = Array.isArray(body.pings) ? body.pings.length : 1;
    shipment.version += 1;
    io.to(`site:${shipment.siteId}`).emit('shipments:updated', [{ id: shipment.id, version: shipment.version }]);
    return reply.code(202).send({ accepted: count, duplicates: 0 });
  });

  // Same shutdown as Dockwatch's realtime plugin: sockets go first, Fastify closes the HTTP server.
  app.addHook('preClose', async () => {
    io.disconnectSockets(true);
    io.engine.close();
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('baseline has no TCP address');

  const fleetSite = randomUUID();
  const fleet = Array.from({ length: devices }, () => {
    const { token, shipment } = addDevice(fleetSite);
    return { token, shipmentId: shipment.id };
  });
  const probeSite = randomUUID();
  const probe = addDevice(probeSite);
  return {
    address: {
      label: 'baseline',
      url: `http://127.0.0.1:${address.port}`,
      socketToken: 'baseline',
      fleet,
      probe: { token: probe.token, siteId: probeSite, shipmentId: probe.shipment.id, version: probe.shipment.version },
    },
    close: () => app.close(),
  };
}
