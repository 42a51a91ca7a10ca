import type { Alert, ClientToServerEvents, ServerToClientEvents, Shipment, SubscribeRequest } from '@dockwatch/shared';
import { io, type Socket } from 'socket.io-client';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onState(state: ConnectionState, detail?: string): void;
  /** Shipments after a committed change: a site room's `shipments:updated`, a shipment room's `shipment:updated`. */
  onShipments(shipments: readonly Shipment[]): void;
  /** `alert:raised`, `alert:updated` and `alert:resolved` alike: each carries the whole alert. */
  onAlert(alert: Alert): void;
  /** After every (re)connection and subscription: the view must reload its snapshot. */
  onResync(): void;
  /** The server refused the credentials (revoked token, disabled user, ended session). */
  onUnauthorized?(): void;
}

const key = (r: SubscribeRequest) => ('siteId' in r ? `site:${r.siteId}` : `shipment:${r.shipmentId}`);

/**
 * The Socket.IO connection of one browser tab: authenticates with the bearer token or the
 * session cookie, (re)subscribes after every connect, and reports its state for the header.
 */
export class LiveConnection {
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #requests: SubscribeRequest[] = [];

  constructor(token: string | null, private readonly handlers: LiveHandlers) {
    this.#socket = io({ ...(token ? { auth: { token } } : {}), transports: ['websocket', 'polling'], reconnectionDelayMax: 5_000 });
    handlers.onState('connecting');
    this.#socket.on('connect', () => {
      handlers.onState('connected');
      void this.#join();
    });
    this.#socket.on('disconnect', (reason) => {
      // The server closed us on purpose (shutdown or revocation): try again; the handshake decides.
      if (reason === 'io server disconnect') this.#socket.connect();
      handlers.onState('reconnecting', reason);
    });
    this.#socket.on('connect_error', (error) => {
      if (error.message.startsWith('unauthorized')) {
        this.#socket.close();
        handlers.onState('offline', error.message);
        handlers.onUnauthorized?.();
        return;
      }
      handlers.onState(this.#socket.active ? 'reconnecting' : 'offline', error.message);
    });
    this.#socket.on('shipments:updated', (shipments) => handlers.onShipments(shipments));
    this.#socket.on('shipment:updated', (shipment) => handlers.onShipments([shipment]));
    for (const event of ['alert:raised', 'alert:updated', 'alert:resolved'] as const) this.#socket.on(event, (alert) => handlers.onAlert(alert));
  }

  /** Follows one site; after each (re)connection the room is joined again and the board resynced. */
  follow(siteId: string): void {
    this.followAll([{ siteId }]);
  }

  /** Follows exactly these rooms (a partner follows each of its shipments). */
  followAll(requests: SubscribeRequest[]): void {
    const wanted = new Set(requests.map(key));
    if (this.#socket.connected) {
      for (const old of this.#requests) if (!wanted.has(key(old))) this.#socket.emit('unsubscribe', old, () => {});
    }
    this.#requests = requests;
    if (this.#socket.connected) void this.#join();
  }

  async #join(): Promise<void> {
    const requests = this.#requests;
    if (requests.length === 0) return;
    try {
      const acks = await Promise.all(requests.map((r) => this.#socket.timeout(10_000).emitWithAck('subscribe', r)));
      const refused = acks.find((ack) => 'error' in ack);
      if (refused && 'error' in refused) this.handlers.onState('offline', refused.error.message);
    } catch {
      this.handlers.onState('reconnecting', 'subscription timed out');
      return;
    }
    // Anything that happened while we were away is in the snapshot, not in the missed deltas.
    this.handlers.onResync();
  }

  close(): void {
    this.#socket.close();
  }
}
