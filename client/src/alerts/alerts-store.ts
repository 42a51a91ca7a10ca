import type { Alert } from '@dockwatch/shared';
import { batch, computed, signal } from '@preact/signals';
import { onNextFrame } from '../live/next-frame';
import { isTransientFailure } from '../live/retry';
import { applyAlertEvents, countOpen, mergeAlertSnapshot, sortAlerts } from './alerts-model';

/** The REST calls the alerts list needs (the app's RestClient). */
export interface AlertsApi {
  alerts(siteId: string, state: 'open' | 'acknowledged'): Promise<Alert[]>;
  alert(id: string): Promise<Alert>;
  acknowledgeAlert(id: string, note?: string): Promise<Alert>;
}

/**
 * The followed site's open and acknowledged alerts as signals: loaded from a snapshot on every
 * (re)sync, kept current from socket events applied once per frame, newest `updatedAt` winning.
 */
export class AlertsStore {
  /** Open and acknowledged alerts by id. */
  readonly byId = signal<ReadonlyMap<string, Alert>>(new Map());
  /** Most severe first (as `severityShift` moves it: a late load that stops a line above, one whose parts are covered below), then newest. */
  readonly list = computed(() => sortAlerts(this.byId.value.values(), this.severityShift));
  /** Alerts no planner has acknowledged yet. */
  readonly openCount = computed(() => countOpen(this.byId.value.values()));
  readonly problem = signal<string | null>(null);

  #siteId: string | null = null;
  /** A snapshot of this site has landed: later snapshots may report alerts raised while we were away. */
  #loaded = false;
  #pending: Alert[] = [];
  #resolved = new Map<string, number>();
  #reloads = 0;
  #flushScheduled = false;

  constructor(
    private readonly api: AlertsApi,
    /** Called for each alert that warns of a late arrival now (see `isNewLateWarning`). */
    private readonly onLateWarning: (alert: Alert) => void,
    /** How far an alert moves from its severity in the list; signals it reads re-sort the list when they change. */
    private readonly severityShift: (alert: Alert) => number = () => 0,
  ) {}

  /** Starts over for another site; nothing shows until its snapshot lands. */
  follow(siteId: string): void {
    this.#siteId = siteId;
    this.#loaded = false;
    this.#pending = [];
    this.#resolved = new Map();
    batch(() => {
      this.byId.value = new Map();
      this.problem.value = null;
    });
  }

  /** An `alert:*` payload from the socket, or an alert the REST API answered with. */
  receive(alert: Alert): void {
    if (alert.siteId !== this.#siteId) return;
    this.#pending.push(alert);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    onNextFrame(() => this.#flush());
  }

  #flush(): void {
    this.#flushScheduled = false;
    // Held until the snapshot lands, then merged by updatedAt.
    if (this.#reloads > 0 || !this.#siteId || this.#pending.length === 0) return;
    const events = this.#pending;
    this.#pending = [];
    const result = applyAlertEvents(this.byId.peek(), events, this.#siteId, this.#resolved);
    this.#resolved = result.resolved;
    if (result.applied > 0) this.byId.value = result.alerts;
    result.warnings.forEach(this.onLateWarning);
  }

  /**
   * Loads the site's open and acknowledged alerts; events arriving meanwhile are applied on top.
   * Resolves false when the snapshot failed and may load if tried again (the board's reload does).
   */
  async reload(): Promise<boolean> {
    const siteId = this.#siteId;
    if (!siteId) return true;
    this.#reloads++;
    try {
      const [open, acknowledged] = await Promise.all([this.api.alerts(siteId, 'open'), this.api.alerts(siteId, 'acknowledged')]);
      if (siteId !== this.#siteId) return true;
      const held = this.#pending;
      this.#pending = [];
      const result = mergeAlertSnapshot(this.byId.peek(), [...open, ...acknowledged], held, siteId, { initial: !this.#loaded });
      this.#loaded = true;
      this.#resolved = result.resolved;
      batch(() => {
        this.byId.value = result.alerts;
        this.problem.value = null;
      });
      result.warnings.forEach(this.onLateWarning);
      return true;
    } catch (error) {
      if (siteId !== this.#siteId) return true;
      this.problem.value = `Alerts could not be loaded: ${(error as Error).message}`;
      return !isTransientFailure(error);
    } finally {
      this.#reloads--;
      if (this.#reloads === 0 && this.#pending.length > 0) this.#flush();
    }
  }

  /** A planner acknowledges; the list updates from the answer at once and from the socket everywhere else. */
  async acknowledge(id: string, note?: string): Promise<void> {
    try {
      this.receive(await this.api.acknowledgeAlert(id, note));
    } catch (error) {
      // Someone else was quicker (409) or it resolved: show what the alert is now, then say why.
      void this.api.alert(id).then(
        (alert) => this.receive(alert),
        () => {},
      );
      throw error;
    }
  }
}
