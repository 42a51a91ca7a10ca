import type { Alert, ClientToServerEvents, ServerToClientEvents, Shipment } from '@dockwatch/shared';
import { io, type Socket } from 'socket.io-client';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onState(state: ConnectionState, detail?: string): void;
  onShipment(shipment: Shipment): void;
  /** `alert:raised`, `alert:updated` and `alert:resolved` alike: each carries the whole alert. */
  onAlert(alert: Alert): void;
  /** After every (re)connection and subscription: the board must reload its snapshot. */
  onResync(): void;
}

/**
 * The Socket.IO connection of one browser tab: authenticates with the staff token, (re)joins
 * the site room after every connect, and reports its state for the header indicator.
 */
export class LiveConnection {
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #siteId: string | null = null;

  constructor(token: string, private readonly handlers: LiveHandlers) {
    this.#socket = io({ auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 5_000 });
    handlers.onState('connecting');
    this.#socket.on('connect', () => {
      handlers.onState('connected');
      void this.#join();
    });
    this.#socket.on('disconnect', (reason) => {
      // The server closed us on purpose (e.g. shutdown): socket.io does not retry by itself.
      if (reason === 'io server disconnect') this.#socket.connect();
      handlers.onState('reconnecting', reason);
    });
    this.#socket.on('connect_error', (error) => {
      handlers.onState(this.#socket.active ? 'reconnecting' : 'offline', error.message);
    });
    this.#socket.on('shipment:updated', (shipment) => handlers.onShipment(shipment));
    for (const event of ['alert:raised', 'alert:updated', 'alert:resolved'] as const) this.#socket.on(event, (alert) => handlers.onAlert(alert));
  }

  /** Follows one site; after each (re)connection the room is joined again and the board resynced. */
  follow(siteId: string): void {
    const previous = this.#siteId;
    this.#siteId = siteId;
    if (previous && previous !== siteId && this.#socket.connected) {
      this.#socket.emit('unsubscribe', { siteId: previous }, () => {});
    }
    if (this.#socket.connected) void this.#join();
  }

  async #join(): Promise<void> {
    const siteId = this.#siteId;
    if (!siteId) return;
    try {
      const ack = await this.#socket.timeout(10_000).emitWithAck('subscribe', { siteId });
      if ('error' in ack) this.handlers.onState('offline', ack.error.message);
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
