import type { Alert, DisruptionNotice, ClientToServerEvents, CoverageUpdate, DemandUpdate, ServerToClientEvents, ShipmentMessage, Shipment, SubscribeAck, SubscribeRequest } from '@dockwatch/shared';
import { io, type Socket } from 'socket.io-client';
import { isFinalRefusal, isRetryableSubscribeRefusal, retryDelayMs } from './retry';

/** `stalled`: connected, but the server's message bus is away, so no live change can arrive. */
export type ConnectionState = 'connecting' | 'connected' | 'stalled' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onState(state: ConnectionState, detail?: string): void;
  /** Shipments after a committed change: a site room's `shipments:updated`, a shipment room's `shipment:updated`. */
  onShipments(shipments: readonly Shipment[]): void;
  /** `alert:raised`, `alert:updated` and `alert:resolved` alike: each carries the whole alert. */
  onAlert(alert: Alert): void;
  /** A site room's `coverage:updated`: parts whose cover moved. */
  onCoverage?(update: CoverageUpdate): void;
  /** A plant's demand for a supplier's part changed (a supplier's `demandOf` room). */
  onDemand?(update: DemandUpdate): void;
  /** `message:created`: a message on a shipment's conversation. */
  onMessage?(message: ShipmentMessage): void;
  /** `notice:created` and `notice:updated`: a disruption notice, whole, with its version. */
  onNotice?(notice: DisruptionNotice): void;
  /**
   * After every (re)connection and subscription, and whenever the server says live changes were
   * lost (`feed:interrupted`): the view must reload its snapshots (board and alerts alike).
   */
  onResync(): void;
  /** The server refused the credentials (revoked token, disabled user, ended session). */
  onUnauthorized?(): void;
}

export interface LiveOptions {
  /** Server to connect to; default the page's own origin. */
  url?: string;
  /** Source of the retry jitter; default `Math.random`. */
  random?: () => number;
}

const key = (r: SubscribeRequest) => ('demandOf' in r ? `demand:${r.siteId}:${r.demandOf}` : 'siteId' in r ? `site:${r.siteId}` : `shipment:${r.shipmentId}`);

/**
 * The Socket.IO connection of one browser tab: authenticates with the bearer token or the
 * session cookie, (re)subscribes after every connect, and reports its state for the header.
 */
export class LiveConnection {
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #requests: SubscribeRequest[] = [];

  /** Pending retry of the handshake or of the subscriptions, and how many came before it. */
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #attempts = 0;
  /** The server said its bus is away (`feed:stalled`) and has not said it is back. */
  #stalled = false;
  readonly #random: () => number;

  constructor(
    token: string | null,
    private readonly handlers: LiveHandlers,
    options: LiveOptions = {},
  ) {
    this.#random = options.random ?? Math.random;
    const socketOptions = { ...(token ? { auth: { token } } : {}), transports: ['websocket', 'polling'], reconnectionDelayMax: 5_000 };
    this.#socket = options.url === undefined ? io(socketOptions) : io(options.url, socketOptions);
    handlers.onState('connecting');
    this.#socket.on('connect', () => {
      this.#cancelRetry();
      this.#attempts = 0;
      // A server whose bus is still away says so again right after the handshake.
      this.#stalled = false;
      handlers.onState('connected');
      void this.#join();
    });
    this.#socket.on('disconnect', (reason) => {
      // The server closed us on purpose (shutdown or revocation): try again; the handshake decides.
      if (reason === 'io server disconnect') this.#socket.connect();
      handlers.onState('reconnecting', reason);
    });
    this.#socket.on('connect_error', (error) => {
      if (isFinalRefusal(error.message)) {
        this.close();
        handlers.onState('offline', error.message);
        handlers.onUnauthorized?.();
        return;
      }
      // A refused handshake (`unavailable: try again` while the database is away) ends
      // socket.io-client's own reconnecting; a failed transport does not.
      if (!this.#socket.active) this.#retry(() => this.#socket.connect());
      handlers.onState('reconnecting', error.message);
    });
    this.#socket.on('shipments:updated', (shipments) => handlers.onShipments(shipments));
    this.#socket.on('shipment:updated', (shipment) => handlers.onShipments([shipment]));
    for (const event of ['alert:raised', 'alert:updated', 'alert:resolved'] as const) this.#socket.on(event, (alert) => handlers.onAlert(alert));
    this.#socket.on('coverage:updated', (update) => handlers.onCoverage?.(update));
    this.#socket.on('demand:updated', (update) => handlers.onDemand?.(update));
    this.#socket.on('message:created', (message) => handlers.onMessage?.(message));
    for (const event of ['notice:created', 'notice:updated'] as const) this.#socket.on(event, (notice) => handlers.onNotice?.(notice));
    this.#socket.on('feed:stalled', () => {
      this.#stalled = true;
      handlers.onState('stalled', 'the server lost its message bus; changes show again when it is back');
    });
    // Changes were lost with no version gap to show it (a Redis outage, a failed publish).
    this.#socket.on('feed:interrupted', () => {
      if (this.#stalled) {
        this.#stalled = false;
        handlers.onState('connected');
      }
      handlers.onResync();
    });
  }

  #retry(attempt: () => void): void {
    this.#cancelRetry();
    this.#attempts++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      attempt();
    }, retryDelayMs(this.#attempts, this.#random));
  }

  #cancelRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  /** Follows one site; after each (re)connection the room is joined again and the board resynced. */
  follow(siteId: string): void {
    this.followAll([{ siteId }]);
  }

  /** Follows exactly these rooms (a partner follows each of its shipments). */
  followAll(requests: SubscribeRequest[]): void {
    const wanted = new Set(requests.map(key));
    const had = new Set(this.#requests.map(key));
    const left = this.#requests.filter((old) => !wanted.has(key(old)));
    const added = [...wanted].some((k) => !had.has(k));
    // The same rooms again (a view that follows what its reload found, and reloads after each
    // join) change nothing: joining would resync, and the resync reload, without end.
    if (left.length === 0 && !added) return;
    if (this.#socket.connected) for (const old of left) this.#socket.emit('unsubscribe', old, () => {});
    this.#requests = requests;
    if (this.#socket.connected && added) void this.#join();
  }

  async #join(): Promise<void> {
    const requests = this.#requests;
    if (requests.length === 0) return;
    let acks: SubscribeAck[];
    try {
      acks = await Promise.all(requests.map((r) => this.#socket.timeout(10_000).emitWithAck('subscribe', r)));
    } catch {
      this.#retryJoin('subscription timed out');
      return;
    }
    const refusals = acks.flatMap((ack) => ('error' in ack ? [ack.error] : []));
    const transient = refusals.find((refusal) => isRetryableSubscribeRefusal(refusal.code));
    if (transient) {
      this.#retryJoin(transient.message);
      return;
    }
    if (refusals[0]) this.handlers.onState('offline', refusals[0].message);
    else if (this.#attempts > 0) this.handlers.onState(this.#stalled ? 'stalled' : 'connected');
    this.#attempts = 0;
    // Anything that happened while we were away is in the snapshot, not in the missed deltas.
    this.handlers.onResync();
  }

  /** Subscribing again is harmless for the rooms already joined. A reconnect joins anyway. */
  #retryJoin(reason: string): void {
    if (!this.#socket.connected) return;
    this.handlers.onState('reconnecting', reason);
    this.#retry(() => {
      if (this.#socket.connected) void this.#join();
    });
  }

  close(): void {
    this.#cancelRetry();
    this.#socket.close();
  }
}
