import type { ClientToServerEvents, ServerToClientEvents, Shipment, SubscribeAck, SubscribeRequest } from '@dockwatch/shared';
import { io, type Socket } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Credentials of a socket: a bearer token, or the Cookie header of a signed-in browser. */
export type SocketCredentials = string | { cookie: string } | { authorization: string };

/** A real socket.io-client connection, resolved once connected (rejects on connect_error). */
export function connectSocket(url: string, credentials: SocketCredentials): Promise<ClientSocket> {
  const auth =
    typeof credentials === 'string'
      ? { auth: { token: credentials } }
      : 'cookie' in credentials
        ? { extraHeaders: { cookie: credentials.cookie } }
        : { auth: { token: credentials.authorization.replace(/^Bearer /, '') } };
  const socket: ClientSocket = io(url, { ...auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function subscribe(socket: ClientSocket, request: SubscribeRequest): Promise<SubscribeAck> {
  return socket.timeout(5_000).emitWithAck('subscribe', request);
}

/**
 * Resolves with the first `event` payload matching `predicate`. Start waiting before causing
 * the event.
 */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/**
 * Resolves with the first shipment matching `predicate` in a site room's `shipments:updated`
 * batches. Start waiting before causing the update.
 */
export async function nextSiteUpdate(socket: ClientSocket, predicate: (shipment: Shipment) => boolean, timeoutMs = 10_000): Promise<Shipment> {
  const batch = await nextEvent(socket, 'shipments:updated', (shipments) => shipments.some(predicate), timeoutMs);
  return batch.find(predicate)!;
}

/** Collects every `event` payload until stopped. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E) {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload);
  socket.on(event, listener as never);
  return { seen, stop: () => socket.off(event, listener as never) };
}

/** Resolves when the server drops the connection (revocation), with the reason. */
export function disconnected(socket: ClientSocket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
