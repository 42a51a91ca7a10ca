import {
  identityRoom,
  shipmentAlertsRoom,
  shipmentRoom,
  siteRoom,
  type ClientToServerEvents,
  type DomainEvent,
  type InterServerEvents,
  type ServerToClientEvents,
  type Shipment,
  type SocketData,
  type SubscribeAck,
  type SubscribeRequest,
} from '@dockwatch/shared';
import { createAdapter } from '@socket.io/redis-adapter';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import { identitiesOf, SESSION_COOKIE } from '../access/identity';
import { actorOf, decide, shipmentResource, type Action, type Resource, type StaffPrincipal } from '../access/policy';
import type { Credentials } from './auth';

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

/** The rooms a lifecycle step or alert goes to. Alerts never reach partners' shipment rooms. */
function roomsOf(event: Exclude<DomainEvent, { type: 'access:revoked' | 'shipment:updated' }>): string[] {
  switch (event.type) {
    case 'shipment:event':
      return [siteRoom(event.payload.siteId), shipmentRoom(event.shipmentId)];
    case 'alert:raised':
    case 'alert:updated':
    case 'alert:resolved':
      return [siteRoom(event.alert.siteId), shipmentAlertsRoom(event.alert.shipmentId)];
  }
}

type Target = { rooms: string[] } | { error: { code: string; message: string } };

/**
 * Socket.IO on the app's port. The handshake authenticates with the session cookie or
 * `auth.token`; every subscription is decided by the same policy as REST. Every instance
 * delivers bus events to its own sockets (`io.local`), and drops the sockets of a revoked
 * identity when the revocation comes over the bus.
 */
export default fp(
  async (app) => {
    const io: RealtimeServer = new Server(app.server, {
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    });
    if (app.redis) io.adapter(createAdapter(app.redis.publisher, app.redis.adapterSubscriber));

    const principals = new WeakMap<RealtimeSocket, StaffPrincipal>();
    const credentialsOf = new WeakMap<RealtimeSocket, Credentials>();

    io.use(async (socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      const cookies = app.parseCookie(socket.handshake.headers.cookie ?? '');
      const credentials = {
        bearer: typeof token === 'string' && token !== '' ? token : null,
        sessionCookie: cookies[SESSION_COOKIE] ?? null,
      };
      if (credentials.bearer === null && credentials.sessionCookie === null) return next(new Error('unauthorized: sign in or send auth.token'));
      try {
        const principal = await app.resolvePrincipal(credentials);
        if (principal === null || principal.kind === 'device') return next(new Error('unauthorized: unknown or revoked credentials'));
        principals.set(socket, principal);
        credentialsOf.set(socket, credentials);
        const { kind, id, role, carrierId, supplier, siteIds } = principal;
        socket.data.principal = { kind, id, role, carrierId, supplier, siteIds };
        next();
      } catch (err) {
        app.log.error({ err }, 'socket authentication failed');
        next(new Error('unavailable: try again'));
      }
    });

    const refuse = async (principal: StaffPrincipal, action: Action, outcome: 'forbidden' | 'not_found', resource?: Resource): Promise<Target> => {
      await app.auditRepository
        .record({ actor: actorOf(principal), action, resourceType: resource?.type ?? null, resourceId: resource?.id ?? null, outcome: 'denied', details: { via: 'socket' } }, new Date())
        .catch((err: unknown) => app.log.error({ err }, 'audit write failed'));
      return outcome === 'forbidden'
        ? { error: { code: 'forbidden', message: `Your role may not ${action.replace(':', ' ')}` } }
        : { error: { code: 'not_found', message: `${resource?.type === 'site' ? 'Site' : 'Shipment'} ${resource?.id ?? ''} does not exist` } };
    };

    const resolveRooms = async (principal: StaffPrincipal, request: unknown): Promise<Target> => {
      const r = request as { siteId?: unknown; shipmentId?: unknown } | null;
      if (r && typeof r.siteId === 'string' && UUID.test(r.siteId)) {
        const resource: Resource = { type: 'site', id: r.siteId };
        const decision = decide(principal, 'subscribe:site', resource);
        if (decision === 'forbidden') return refuse(principal, 'subscribe:site', decision, resource);
        if (!(await app.siteRepository.get(r.siteId))) return { error: { code: 'not_found', message: `Site ${r.siteId} does not exist` } };
        if (decision !== 'allow') return refuse(principal, 'subscribe:site', decision, resource);
        return { rooms: [siteRoom(r.siteId)] };
      }
      if (r && typeof r.shipmentId === 'string' && UUID.test(r.shipmentId)) {
        const shipment = await app.shipmentRepository.get(r.shipmentId);
        if (!shipment) return { error: { code: 'not_found', message: `Shipment ${r.shipmentId} does not exist` } };
        const decision = decide(principal, 'subscribe:shipment', shipmentResource(shipment));
        if (decision !== 'allow') return refuse(principal, 'subscribe:shipment', decision, shipmentResource(shipment));
        // Alerts of the shipment only for those who may read alerts.
        const alerts = decide(principal, 'alert:read', { type: 'alert', id: shipment.id, siteId: shipment.siteId }) === 'allow';
        return { rooms: alerts ? [shipmentRoom(shipment.id), shipmentAlertsRoom(shipment.id)] : [shipmentRoom(shipment.id)] };
      }
      return { error: { code: 'validation_failed', message: 'Expected {siteId: uuid} or {shipmentId: uuid}' } };
    };

    const onRoomRequest = (socket: RealtimeSocket, join: boolean) => async (request: SubscribeRequest, ack: (r: SubscribeAck) => void) => {
      if (typeof ack !== 'function') return;
      const principal = principals.get(socket);
      if (!principal) return ack({ error: { code: 'unauthorized', message: 'Not authenticated' } });
      try {
        const target = await resolveRooms(principal, request);
        if ('error' in target) return ack(target);
        if (join) await socket.join(target.rooms);
        else for (const room of target.rooms) await socket.leave(room);
        ack({ ok: true });
      } catch (err) {
        app.log.error({ err }, 'socket subscribe failed');
        ack({ error: { code: 'unavailable', message: 'Try again shortly' } });
      }
    };

    io.on('connection', (socket) => {
      const principal = principals.get(socket);
      if (principal) void socket.join(identitiesOf(principal).map(identityRoom));
      if (!app.bus.receiving) socket.emit('feed:stalled');
      socket.on('subscribe', onRoomRequest(socket, true));
      socket.on('unsubscribe', onRoomRequest(socket, false));
    });

    const unsubscribe = app.bus.subscribe((events) => {
      // A site room gets one `shipments:updated` per commit, first, so the shipments are current
      // before the lifecycle steps and alerts that follow; shipment rooms get each shipment.
      const bySite = new Map<string, Shipment[]>();
      for (const event of events) {
        if (event.type !== 'shipment:updated') continue;
        const { shipment } = event;
        const list = bySite.get(shipment.siteId);
        if (list) list.push(shipment);
        else bySite.set(shipment.siteId, [shipment]);
      }
      for (const [siteId, shipments] of bySite) io.local.to(siteRoom(siteId)).emit('shipments:updated', shipments);
      for (const event of events) {
        if (event.type === 'access:revoked') io.local.in(identityRoom(event.identity)).disconnectSockets(true);
        else if (event.type === 'shipment:updated') io.local.to(shipmentRoom(event.shipment.id)).emit('shipment:updated', event.shipment);
        else if (event.type === 'shipment:event') io.local.to(roomsOf(event)).emit('shipment:event', event.payload);
        else io.local.to(roomsOf(event)).emit(event.type, event.alert);
      }
    });

    // Nothing in the deltas shows a change that never arrived, and a quiet site sends no next
    // delta to reveal a gap: every socket on this instance reloads what it shows.
    const stopInterruptions = app.bus.onInterrupted((reason) => {
      const sockets = io.of('/').sockets.size;
      // The first subscription at a start has nobody to tell.
      if (sockets === 0) return;
      app.log.warn({ reason, sockets }, 'live changes may have been lost; telling every client to resync');
      io.local.emit('feed:interrupted', { reason });
    });
    // Say so while it lasts, so a board does not look live while nothing can reach it.
    const stopStalls = app.bus.onStalled(() => {
      app.log.warn({ sockets: io.of('/').sockets.size }, 'bus subscription lost; live updates paused until Redis answers');
      io.local.emit('feed:stalled');
    });

    // Revocations arrive over the bus at most once, and tokens and sessions expire while a socket
    // stays open: check every local socket's credentials again now and then.
    const recheck = async () => {
      const byCredentials = new Map<string, RealtimeSocket[]>();
      for (const socket of io.of('/').sockets.values()) {
        const c = credentialsOf.get(socket);
        if (!c) continue;
        const key = `${c.bearer ?? ''}\n${c.sessionCookie ?? ''}`;
        byCredentials.set(key, [...(byCredentials.get(key) ?? []), socket]);
      }
      for (const sockets of byCredentials.values()) {
        const principal = await app.resolvePrincipal(credentialsOf.get(sockets[0]!)!);
        if (principal === null) for (const socket of sockets) socket.disconnect(true);
      }
    };
    const timer = setInterval(() => void recheck().catch((err: unknown) => app.log.warn({ err }, 'socket credential recheck failed')), app.config.access.socketRecheckMs);
    timer.unref();

    app.decorate('io', io);
    app.metrics.sources.socketsConnected = () => io.of('/').sockets.size;
    app.addHook('preClose', async () => {
      clearInterval(timer);
      unsubscribe();
      stopInterruptions();
      stopStalls();
      io.local.disconnectSockets(true);
      io.engine.close();
    });
  },
  { name: 'realtime', dependencies: ['bus', 'auth', 'repositories', 'metrics'] },
);
