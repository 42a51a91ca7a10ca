import {
  shipmentRoom,
  siteRoom,
  type ClientToServerEvents,
  type DomainEvent,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
  type SubscribeAck,
  type SubscribeRequest,
} from '@dockwatch/shared';
import { createAdapter } from '@socket.io/redis-adapter';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    io: RealtimeServer;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Largest Socket.IO message a client may send (subscriptions are tiny). */
const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/** The rooms a committed change goes to. */
function roomsOf(event: DomainEvent): string[] {
  switch (event.type) {
    case 'shipment:updated':
      return [siteRoom(event.shipment.siteId), shipmentRoom(event.shipment.id)];
    case 'shipment:event':
      return [siteRoom(event.payload.siteId), shipmentRoom(event.shipmentId)];
    case 'alert:raised':
    case 'alert:updated':
    case 'alert:resolved':
      return [siteRoom(event.alert.siteId), shipmentRoom(event.alert.shipmentId)];
  }
}

/**
 * Socket.IO on the app's port. Every instance delivers bus events to its own sockets
 * (`io.local`), so each change reaches each browser once however many instances run. With
 * Redis the adapter is attached too, so room operations span instances.
 */
export default fp(
  async (app) => {
    const io: RealtimeServer = new Server(app.server, {
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    });
    if (app.redis) io.adapter(createAdapter(app.redis.publisher, app.redis.adapterSubscriber));

    io.use(async (socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token === '') return next(new Error('unauthorized: missing auth.token'));
      try {
        const principal = await app.resolvePrincipal(token);
        if (principal?.kind !== 'admin') return next(new Error('unauthorized: unknown or revoked token'));
        socket.data.principal = { kind: 'admin' };
        next();
      } catch (err) {
        app.log.error({ err }, 'socket authentication failed');
        next(new Error('unavailable: try again'));
      }
    });

    const resolveRoom = async (request: unknown): Promise<{ room: string } | { error: { code: string; message: string } }> => {
      const r = request as { siteId?: unknown; shipmentId?: unknown } | null;
      if (r && typeof r.siteId === 'string' && UUID.test(r.siteId)) {
        return (await app.siteRepository.get(r.siteId))
          ? { room: siteRoom(r.siteId) }
          : { error: { code: 'not_found', message: `Site ${r.siteId} does not exist` } };
      }
      if (r && typeof r.shipmentId === 'string' && UUID.test(r.shipmentId)) {
        return (await app.shipmentRepository.get(r.shipmentId))
          ? { room: shipmentRoom(r.shipmentId) }
          : { error: { code: 'not_found', message: `Shipment ${r.shipmentId} does not exist` } };
      }
      return { error: { code: 'validation_failed', message: 'Expected {siteId: uuid} or {shipmentId: uuid}' } };
    };

    const onRoomRequest = (socket: RealtimeSocket, join: boolean) => async (request: SubscribeRequest, ack: (r: SubscribeAck) => void) => {
      if (typeof ack !== 'function') return;
      try {
        const target = await resolveRoom(request);
        if ('error' in target) return ack(target);
        if (join) await socket.join(target.room);
        else await socket.leave(target.room);
        ack({ ok: true });
      } catch (err) {
        app.log.error({ err }, 'socket subscribe failed');
        ack({ error: { code: 'unavailable', message: 'Try again shortly' } });
      }
    };

    io.on('connection', (socket) => {
      socket.on('subscribe', onRoomRequest(socket, true));
      socket.on('unsubscribe', onRoomRequest(socket, false));
    });

    const unsubscribe = app.bus.subscribe((event) => {
      const to = io.local.to(roomsOf(event));
      if (event.type === 'shipment:updated') to.emit('shipment:updated', event.shipment);
      else if (event.type === 'shipment:event') to.emit('shipment:event', event.payload);
      else to.emit(event.type, event.alert);
    });

    app.decorate('io', io);
    app.addHook('preClose', async () => {
      unsubscribe();
      io.local.disconnectSockets(true);
      io.engine.close();
    });
  },
  { name: 'realtime', dependencies: ['bus', 'auth', 'repositories'] },
);
