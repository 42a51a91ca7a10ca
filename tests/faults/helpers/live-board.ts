import type { Alert, Board, Shipment } from '@dockwatch/shared';
import { applyAlertEvents, mergeAlertSnapshot } from '../../../client/src/alerts/alerts-model';
import { applyDeltas, mergeSnapshot } from '../../../client/src/board/board-model';
import { LiveConnection, type ConnectionState } from '../../../client/src/live/connection';
import { SnapshotReloader } from '../../../client/src/live/snapshot-reloader';

async function getJson<T>(baseUrl: string, token: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path} → ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** What the database says a site's board and alerts panel should show, over REST. */
export async function siteTruth(baseUrl: string, token: string, siteId: string) {
  const [board, open, acknowledged] = await Promise.all([
    getJson<Board>(baseUrl, token, `/api/v1/sites/${siteId}/board`),
    getJson<{ alerts: Alert[] }>(baseUrl, token, `/api/v1/alerts?siteId=${siteId}&state=open&limit=500`),
    getJson<{ alerts: Alert[] }>(baseUrl, token, `/api/v1/alerts?siteId=${siteId}&state=acknowledged&limit=500`),
  ]);
  return { shipments: board.shipments, alerts: [...open.alerts, ...acknowledged.alerts] };
}

/**
 * A clerk's board and alerts panel for one site, kept the way the client keeps them: the
 * client's own LiveConnection (its reconnect and resync decisions) and the client's own delta
 * and snapshot merging from board-model and alerts-model, over a real socket.io-client
 * connection. Snapshots come over REST. Node has no animation frames, so each delta applies at
 * once; everything else follows client/src/board/store.ts and alerts/alerts-store.ts.
 */
export class LiveBoard {
  shipments = new Map<string, Shipment>();
  alerts = new Map<string, Alert>();
  /** Every state the connection reported, in order. */
  readonly states: { state: ConnectionState; detail?: string }[] = [];
  /** Snapshot reloads that landed, and that did not. */
  reloads = 0;
  failedReloads = 0;
  problem: string | null = null;
  readonly #live: LiveConnection;
  #departed = new Map<string, number>();
  #resolved = new Map<string, number>();
  #heldShipments: Shipment[] = [];
  #heldAlerts: Alert[] = [];
  readonly #reloader = new SnapshotReloader(() => this.#load());
  #loaded = false;
  #waiters = new Set<() => void>();

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    readonly siteId: string,
  ) {
    this.#live = new LiveConnection(
      token,
      {
        onState: (state, detail) => {
          this.states.push({ state, ...(detail ? { detail } : {}) });
          this.#changed();
        },
        onShipments: (changed) => this.#onShipments(changed),
        onAlert: (alert) => this.#onAlert(alert),
        onResync: () => void this.reload(),
      },
      { url: baseUrl },
    );
    this.#live.follow(siteId);
  }

  get state(): ConnectionState | undefined {
    return this.states.at(-1)?.state;
  }

  #onShipments(changed: readonly Shipment[]): void {
    if (this.#reloader.busy) {
      this.#heldShipments.push(...changed);
      return;
    }
    const result = applyDeltas(this.shipments, changed, this.siteId, this.#departed);
    this.shipments = result.shipments;
    this.#departed = result.departed;
    if (result.gap) void this.reload();
    this.#changed();
  }

  #onAlert(alert: Alert): void {
    if (this.#reloader.busy) {
      this.#heldAlerts.push(alert);
      return;
    }
    const result = applyAlertEvents(this.alerts, [alert], this.siteId, this.#resolved);
    this.alerts = result.alerts;
    this.#resolved = result.resolved;
    this.#changed();
  }

  /** The board's reload: board and alerts together, through the client's own reloader. */
  reload(): Promise<void> {
    return this.#reloader.request();
  }

  async #load(): Promise<boolean> {
    try {
      const truth = await siteTruth(this.baseUrl, this.token, this.siteId);
      this.shipments = mergeSnapshot(truth.shipments, this.#heldShipments, this.siteId);
      const alerts = mergeAlertSnapshot(this.alerts, truth.alerts, this.#heldAlerts, this.siteId, { initial: !this.#loaded });
      this.alerts = alerts.alerts;
      this.#resolved = alerts.resolved;
      this.#loaded = true;
      this.#heldShipments = [];
      this.#heldAlerts = [];
      this.problem = null;
      this.reloads++;
      return true;
    } catch (error) {
      // As on the page: the board says so; the reloader tries again.
      this.problem = (error as Error).message;
      this.failedReloads++;
      return false;
    } finally {
      queueMicrotask(() => this.#changed());
    }
  }

  #changed(): void {
    for (const wake of this.#waiters) wake();
  }

  /** Resolves once `check` holds (re-checked on every change this board sees), or rejects after `timeoutMs`. */
  until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const wake = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(wake);
        reject(new Error(`${what}: not within ${timeoutMs} ms (states: ${this.states.map((s) => s.state + (s.detail ? ` (${s.detail})` : '')).join(' → ')})`));
      }, timeoutMs);
      this.#waiters.add(wake);
    });
  }

  /** The rows and alerts where this board differs from `truth` (empty when it shows what the database holds). */
  differences(truth: { shipments: readonly Shipment[]; alerts: readonly Alert[] }): string[] {
    const out: string[] = [];
    const rows = new Map(truth.shipments.map((s) => [s.id, s]));
    for (const [id, s] of rows) {
      const shown = this.shipments.get(id);
      if (!shown) out.push(`row ${s.reference} missing`);
      else if (shown.version !== s.version) out.push(`row ${s.reference} at v${shown.version}, database v${s.version}`);
    }
    for (const id of this.shipments.keys()) if (!rows.has(id)) out.push(`row ${id} shown but not on the board`);
    const alerts = new Map(truth.alerts.map((a) => [a.id, a]));
    for (const [id, a] of alerts) {
      const shown = this.alerts.get(id);
      if (!shown) out.push(`alert ${a.kind} of ${a.reference} missing`);
      else if (shown.state !== a.state || shown.updatedAt !== a.updatedAt) out.push(`alert ${a.kind} of ${a.reference} ${shown.state}@${shown.updatedAt}, database ${a.state}@${a.updatedAt}`);
    }
    for (const id of this.alerts.keys()) if (!alerts.has(id)) out.push(`alert ${id} shown but no longer open`);
    return out;
  }

  close(): void {
    this.#reloader.cancel();
    this.#live.close();
    this.#waiters.clear();
  }
}
