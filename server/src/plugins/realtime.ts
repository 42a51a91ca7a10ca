import {
  identityRoom,
  partnerRoom,
  shipmentAlertsRoom,
  shipmentPartnerAlertsRoom,
  shipmentRoom,
  siteRoom,
  supplierDemandRoom,
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
import { partnerAlertView } from '../alerts/partner-view';
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
/** Rooms one socket may be in besides its identity's: a board, or a partner portal following each of its loads. */
const MAX_SUBSCRIPTIONS_PER_SOCKET = 1000;
const MINUTE_MS = 60_000;

/** The rooms a lifecycle step or alert goes to. Alerts never reach partners' shipment rooms. */
function roomsOf(event: Exclude<DomainEvent, { type: 'access:revoked' | 'shipment:updated' | 'coverage:updated' | 'demand:updated' }>): string[] {
  switch (event.type) {
    // The plant's staff of every site it names, and the one partner it is between.
    case 'notice:created':
    case 'notice:updated': {
      const { partner, siteIds } = event.notice;
      return [...siteIds.map(siteRoom), partnerRoom(partner.type, partner.type === 'carrier' ? partner.id : partner.name)];
    }
    case 'shipment:event':
      return [siteRoom(event.payload.siteId), shipmentRoom(event.shipmentId)];
    // Everyone in the conversation's scope: the plant's staff, and the load's carrier and supplier in its room.
    case 'message:created':
      return [siteRoom(event.message.siteId), shipmentRoom(event.message.shipmentId)];
    case 'alert:raised':
    case 'alert:updated':
    case 'alert:resolved':
      // A shortage alert is about a material, not a shipment: the site's staff get it.
      return event.alert.shipmentId === null ? [siteRoom(event.alert.siteId)] : [siteRoom(event.alert.siteId), shipmentAlertsRoom(event.alert.shipmentId)];
  }
}

/**
 * A partner's own room, joined at connect: its disruption notices reach it wherever it looks.
 * Decided by the policy like any room (the notice scope of its own company).
 */
const partnerRoomsOf = (p: StaffPrincipal): string[] => {
  const own = p.role === 'carrier' && p.carrierId !== null ? { type: 'carrier' as const, id: p.carrierId } : p.role === 'supplier' && p.supplier !== null ? { type: 'supplier' as const, id: p.supplier } : null;
  if (!own) return [];
  return decide(p, 'notice:read', { type: 'notice', id: '', siteIds: [], partnerType: own.type, partnerId: own.id }) === 'allow' ? [partnerRoom(own.type, own.id)] : [];
};

type Target = { rooms: string[] } | { error: { code: string; message: string } };

/** Role and bindings: what a socket's rooms were granted under. */
const scopeKey = (p: StaffPrincipal) => JSON.stringify([p.role, p.carrierId, p.supplier, p.siteIds === null ? null : [...p.siteIds].sort()]);

/**
 * The socket's credentials as they are now: null when they no longer resolve, or resolve to
 * another role or bindings than the socket's rooms were granted under (a change whose
 * revocation was lost on the bus). Either way the socket has to go: it reconnects with its
 * current scope, or not at all.
 */
type CurrentPrincipal = (socket: RealtimeSocket) => Promise<StaffPrincipal | null>;

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

    const allowedOrigins = new Set([...(app.config.publicUrl ? [new URL(app.config.publicUrl).origin] : []), ...app.config.access.corsOrigins.map((o) => new URL(o).origin)]);
    /** No Origin (not a browser), our own host (the page the server served), or an origin the configuration names. */
    const originAllowed = (origin: string | undefined, host: string | undefined): boolean => {
      if (origin === undefined) return true;
      if (allowedOrigins.has(origin)) return true;
      try {
        return host !== undefined && new URL(origin).host === host.toLowerCase();
      } catch {
        return false;
      }
    };

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
      // A cookie is sent by the browser whatever page opens the socket: only pages of our own origins may use it.
      if (credentials.bearer === null && !originAllowed(socket.handshake.headers.origin, socket.handshake.headers.host)) {
        return next(new Error('unauthorized: this origin may not use the session cookie'));
      }
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
      const r = request as { siteId?: unknown; shipmentId?: unknown; demandOf?: unknown } | null;
      if (r && typeof r.siteId === 'string' && UUID.test(r.siteId) && typeof r.demandOf === 'string' && r.demandOf !== '') {
        const resource: Resource = { type: 'supplier', id: r.demandOf, siteId: r.siteId };
        const decision = decide(principal, 'supplier-demand:read', resource);
        if (decision === 'forbidden') return refuse(principal, 'supplier-demand:read', decision, resource);
        if (!(await app.siteRepository.get(r.siteId))) return { error: { code: 'not_found', message: `Site ${r.siteId} does not exist` } };
        if (decision !== 'allow') return refuse(principal, 'supplier-demand:read', decision, { type: 'site', id: r.siteId });
        return { rooms: [supplierDemandRoom(r.siteId, r.demandOf)] };
      }
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
        // Alerts of the shipment in full for those who may read alerts; the load's partners get them without the plant's notes.
        const alerts = decide(principal, 'alert:read', { type: 'alert', id: shipment.id, siteId: shipment.siteId }) === 'allow';
        if (alerts) return { rooms: [shipmentRoom(shipment.id), shipmentAlertsRoom(shipment.id)] };
        const loadAlerts = decide(principal, 'load-alerts:read', shipmentResource(shipment)) === 'allow';
        return { rooms: loadAlerts ? [shipmentRoom(shipment.id), shipmentPartnerAlertsRoom(shipment.id)] : [shipmentRoom(shipment.id)] };
      }
      return { error: { code: 'validation_failed', message: 'Expected {siteId: uuid} or {shipmentId: uuid}' } };
    };

    const currentPrincipal: CurrentPrincipal = async (socket) => {
      const cached = principals.get(socket);
      const credentials = credentialsOf.get(socket);
      if (!cached || !credentials) return null;
      const now = await app.resolvePrincipal(credentials);
      if (now === null || now.kind === 'device' || scopeKey(now) !== scopeKey(cached)) return null;
      principals.set(socket, now);
      return now;
    };

    // Each subscribe costs database lookups: a socket gets so many a minute, counted per connection.
    const budgets = new WeakMap<RealtimeSocket, { windowStart: number; used: number }>();
    /** 'ok', 'refuse' beyond the budget, 'drop' for a client that keeps going at twice it. */
    const spend = (socket: RealtimeSocket): 'ok' | 'refuse' | 'drop' => {
      const now = Date.now();
      let budget = budgets.get(socket);
      if (!budget || now - budget.windowStart >= MINUTE_MS) {
        budget = { windowStart: now, used: 0 };
        budgets.set(socket, budget);
      }
      budget.used++;
      const limit = app.config.access.socketMessagesPerMin;
      return budget.used <= limit ? 'ok' : budget.used <= 2 * limit ? 'refuse' : 'drop';
    };

    const onRoomRequest = (socket: RealtimeSocket, join: boolean) => async (request: SubscribeRequest, ack: (r: SubscribeAck) => void) => {
      if (typeof ack !== 'function') return;
      const spent = spend(socket);
      if (spent !== 'ok') {
        ack({ error: { code: 'rate_limited', message: `At most ${app.config.access.socketMessagesPerMin} subscriptions a minute per connection` } });
        if (spent === 'drop') socket.disconnect(true);
        return;
      }
      try {
        // Decided on the credentials as they are now, never on what the handshake found.
        const principal = await currentPrincipal(socket);
        if (!principal) {
          ack({ error: { code: 'unauthorized', message: 'Your access has changed: sign in again' } });
          socket.disconnect(true);
          return;
        }
        const target = await resolveRooms(principal, request);
        if ('error' in target) return ack(target);
        const joining = target.rooms.filter((room) => !socket.rooms.has(room));
        // The socket's own id and identity rooms are not subscriptions.
        if (join && socket.rooms.size - 1 - identitiesOf(principal).length - partnerRoomsOf(principal).length + joining.length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return ack({ error: { code: 'too_many_subscriptions', message: `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection: unsubscribe first` } });
        }
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
      if (principal) void socket.join([...identitiesOf(principal).map(identityRoom), ...partnerRoomsOf(principal)]);
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
        else if (event.type === 'coverage:updated') io.local.to(siteRoom(event.update.siteId)).emit('coverage:updated', event.update);
        else if (event.type === 'demand:updated') {
          if (event.suppliers.length > 0) io.local.to(event.suppliers.map((s) => supplierDemandRoom(event.update.siteId, s))).emit('demand:updated', event.update);
        } else if (event.type === 'message:created') io.local.to(roomsOf(event)).emit('message:created', event.message);
        else if (event.type === 'notice:created') io.local.to(roomsOf(event)).emit('notice:created', event.notice);
        else if (event.type === 'notice:updated') io.local.to(roomsOf(event)).emit('notice:updated', event.notice);
        else {
          io.local.to(roomsOf(event)).emit(event.type, event.alert);
          if (event.alert.shipmentId !== null) io.local.to(shipmentPartnerAlertsRoom(event.alert.shipmentId)).emit(event.type, partnerAlertView(event.alert));
        }
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
        const scope = principal === null || principal.kind === 'device' ? null : scopeKey(principal);
        // Gone, or granted under another role or bindings than the rooms it sits in.
        for (const socket of sockets) if (scope === null || scopeKey(principals.get(socket)!) !== scope) socket.disconnect(true);
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
