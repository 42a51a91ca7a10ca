import { loadNotices, receiveNotice } from '../notices/notices-store';
import { RECEIPT_UNDO_MS, type Carrier, type ClientConfig, type ReceivedItemInput, type Shipment, type ShipmentHistory, type Site, type StatusEventType, type Track } from '@dockwatch/shared';
import { batch, computed, signal } from '@preact/signals';
import { AlertsStore } from '../alerts/alerts-store';
import { LateWarnings } from '../alerts/late-warnings';
import { api, endSession, token } from '../api/client';
import { ApiError } from '../api/rest';
import { LiveConnection, type ConnectionState } from '../live/connection';
import { onNextFrame } from '../live/next-frame';
import { isTransientFailure } from '../live/retry';
import { SnapshotReloader } from '../live/snapshot-reloader';
import { perf } from '../perf';
import { setSiteInUrl, siteFromUrl } from '../session';
import { boardRows, NO_FILTERS, type BoardFilters } from './board-filter';
import { applyDeltas, changesBetween, mergeSnapshot, trackWithPositions } from './board-model';
import { ShipmentCells } from './shipment-cells';
import { t } from '../i18n/i18n';
import { loadPartCovers, partCovers, receiveCoverage } from '../coverage/part-covers';
import { loadVerdict, severityShift } from '../coverage/part-cover-model';
import { loadUnread, openConversation, receiveMessage } from './conversation';

/** Everything the screen shows, as signals; components read them, actions below change them. */
export const config = signal<ClientConfig | null>(null);
export const sites = signal<Site[]>([]);
export const site = signal<Site | null>(null);
export const carriers = signal<Map<string, Carrier>>(new Map());
export const shipments = signal<Map<string, Shipment>>(new Map());
export const selectedId = signal<string | null>(null);
export const filters = signal<BoardFilters>(NO_FILTERS);
export const connection = signal<{ state: ConnectionState; detail?: string }>({ state: 'connecting' });
export const now = signal(Date.now());
export const track = signal<Track | null>(null);
export const problem = signal<string | null>(null);
export const snapshotAt = signal<number | null>(null);
/** Partners whose tier earns their loads priority at the dock (carrier ids and supplier names), from the board snapshot. */
export const priorityPartners = signal<ReadonlySet<string>>(new Set());
/** Partners whose tier lets the clerk book their loads as announced with one tap, from the board snapshot. */
export const oneTapPartners = signal<ReadonlySet<string>>(new Set());
/** True when the load's carrier or supplier has priority at the dock. */
export const hasPriority = (s: Pick<Shipment, 'carrierId' | 'supplier'>): boolean => priorityPartners.value.has(`carrier:${s.carrierId}`) || priorityPartners.value.has(`supplier:${s.supplier}`);
const partnerSet = (p: { carrierIds: string[]; suppliers: string[] } | undefined): ReadonlySet<string> =>
  new Set([...(p?.carrierIds ?? []).map((id) => `carrier:${id}`), ...(p?.suppliers ?? []).map((name) => `supplier:${name}`)]);

export const carrierName = (id: string): string => carriers.value.get(id)?.name ?? t('board.unknownCarrier');
/** Who earns the load a one-tap receipt: its carrier's name or its supplier; null when neither's tier does. */
export const oneTapEarnedBy = (s: Pick<Shipment, 'carrierId' | 'supplier'>): string | null =>
  oneTapPartners.value.has(`carrier:${s.carrierId}`) ? carrierName(s.carrierId) : oneTapPartners.value.has(`supplier:${s.supplier}`) ? s.supplier : null;

/** The board's rows, filtered and in order: the same array until a row comes, goes or moves (see `boardRows`). */
export const visible = (() => {
  let previous: { rows: readonly Shipment[]; board: ReadonlyMap<string, Shipment>; filters: BoardFilters; carriers: ReadonlyMap<string, Carrier> } | null = null;
  return computed(() => {
    const board = shipments.value;
    const f = filters.value;
    const names = carriers.value;
    // Same filters and carrier names: only the shipments a delta batch changed can move rows.
    const changed = previous && previous.filters === f && previous.carriers === names ? changesBetween(previous.board, board) : null;
    const rows = boardRows(board, f, carrierName, previous?.rows ?? null, changed && previous ? { before: previous.board, changed } : null);
    previous = { rows, board, filters: f, carriers: names };
    return rows;
  });
})();
const cells = new ShipmentCells();
/** One shipment's own signal: rows and bars read it, so a delta re-renders only what it changed. */
export const shipmentCell = (id: string) => cells.cell(id, shipments.peek());
/** A chosen shipment that is not on the board (received, from a scorecard's loads), fetched when chosen. */
const offBoard = signal<Shipment | null>(null);
export const selected = computed(() => {
  const id = selectedId.value;
  if (!id) return null;
  return shipments.value.get(id) ?? (offBoard.value?.id === id ? offBoard.value : null);
});

let live: LiveConnection | null = null;

/** Opt-in beep and browser notification for new late arrivals. */
export const lateWarnings = new LateWarnings();
/** The site's open and acknowledged alerts. */
export const alerts = new AlertsStore(
  api,
  (alert) => lateWarnings.warn(alert, site.peek()?.timezone ?? 'UTC', () => void select(alert.shipmentId)),
  (alert) => (alert.shipmentId === null ? 0 : severityShift(loadVerdict(alert.items, alert.shipmentId, partCovers.value))),
);

/** A shipment's ETA and alert changes, for the details panel. */
export const loadHistory = (shipmentId: string): Promise<ShipmentHistory> => api.shipmentHistory(shipmentId);
/** A shipment's lifecycle steps with their notes, for the details panel. */
export const loadStatusEvents = (shipmentId: string) => api.statusEvents(shipmentId);

// Deltas are applied once per frame, however many arrive, to keep the main thread free.
let pending: Shipment[] = [];
/** Shipments that left the board, so a late, older delta cannot bring one back. */
let departed = new Map<string, number>();
let flushScheduled = false;

function scheduleFlush() {
  if (flushScheduled) return;
  flushScheduled = true;
  onNextFrame(flush);
}

function flush() {
  flushScheduled = false;
  const current = site.value;
  if (!current || pending.length === 0) return;
  const started = performance.now();
  const batchOfDeltas = pending;
  pending = [];
  if (boardReloader.busy) {
    // Held until the snapshot lands, then merged by version.
    pending = batchOfDeltas;
    return;
  }
  const result = applyDeltas(shipments.value, batchOfDeltas, current.id, departed);
  departed = result.departed;
  if (result.applied > 0) {
    batch(() => {
      shipments.value = result.shipments;
      cells.sync(result.shipments, batchOfDeltas.map((d) => d.id));
      extendTrack(batchOfDeltas);
    });
  }
  perf.recordFlush(batchOfDeltas.length, performance.now() - started);
  if (result.gap) void reloadBoard();
}

/** Adds the selected shipment's new positions to its drawn track without refetching it. */
function extendTrack(deltas: readonly Shipment[]) {
  const t = track.value;
  if (!t) return;
  const next = trackWithPositions(t, deltas);
  if (next !== t) track.value = next;
}

/** Whether the banner shows a failed board load (which the next good load clears). */
let boardProblemShown = false;

/** Loads the board and alerts snapshots of the site; false when either failed and may pass if tried again. */
async function loadBoardSnapshot(): Promise<boolean> {
  const current = site.value;
  if (!current) return true;
  try {
    // The alerts reload with the board: both come from the same resync, and neither blocks the other.
    const [board, alertsLoaded] = await Promise.all([api.board(current.id), alerts.reload(), loadPartCovers(current.id), loadUnread(current.id)]);
    if (site.value?.id !== current.id) return true;
    const held = pending;
    pending = [];
    batch(() => {
      shipments.value = mergeSnapshot(board.shipments, held, current.id);
      cells.sync(shipments.value);
      site.value = board.site;
      snapshotAt.value = Date.parse(board.at);
      priorityPartners.value = partnerSet(board.priority);
      oneTapPartners.value = partnerSet(board.oneTapReceipt);
      if (boardProblemShown) problem.value = null;
      boardProblemShown = false;
    });
    perf.recordReload();
    return alertsLoaded;
  } catch (error) {
    if (site.value?.id !== current.id) return true;
    problem.value = t('board.problem', { message: (error as Error).message });
    boardProblemShown = true;
    return !isTransientFailure(error);
  }
}

/** One board reload at a time; one that fails (the database still away) is tried again until it lands. */
const boardReloader = new SnapshotReloader(loadBoardSnapshot);

/** Reloads the site's board and alerts snapshots (after a reconnect, a version gap or a lost feed). */
export function reloadBoard(): Promise<void> {
  return boardReloader.request();
}

export async function selectSite(siteId: string): Promise<void> {
  const found = sites.value.find((s) => s.id === siteId);
  if (!found) {
    problem.value = t('board.siteNotFound', { site: siteId });
    return;
  }
  setSiteInUrl(siteId);
  batch(() => {
    site.value = found;
    shipments.value = new Map();
    cells.sync(shipments.value);
    selectedId.value = null;
    track.value = null;
    filters.value = NO_FILTERS;
  });
  pending = [];
  departed = new Map();
  boardReloader.cancel();
  alerts.follow(siteId);
  live?.follow(siteId);
  await reloadBoard();
  void loadNotices(siteId);
}

export async function select(shipmentId: string | null): Promise<void> {
  if (selectedId.value === shipmentId) return;
  batch(() => {
    selectedId.value = shipmentId;
    track.value = null;
  });
  void openConversation(shipmentId);
  if (!shipmentId) return;
  if (!shipments.peek().has(shipmentId)) {
    try {
      const found = await api.shipment(shipmentId);
      if (selectedId.value === shipmentId) offBoard.value = found;
    } catch {
      // Gone or out of reach: nothing to show.
    }
  }
  try {
    const t = await api.track(shipmentId);
    if (selectedId.value === shipmentId) track.value = t;
  } catch {
    // The board works without the trail; the next selection tries again.
  }
}

/** A clerk's lifecycle step; the board updates from the server's answer and the socket. */
export async function recordEvent(shipmentId: string, type: StatusEventType, note?: string, receivedItems?: ReceivedItemInput[]): Promise<void> {
  const result = await api.postEvent(shipmentId, type, note, receivedItems);
  pending.push(result.shipment);
  scheduleFlush();
  if (type === 'received') {
    lastReceipt.value = { shipmentId, reference: result.shipment.reference, until: Date.parse(result.event.ts) + RECEIPT_UNDO_MS, undone: false };
  }
}

/** The receipt just booked in this browser, offered for undo until `until`. */
export const lastReceipt = signal<{ shipmentId: string; reference: string; until: number; undone: boolean } | null>(null);

/** Takes the receipt back: the shipment returns to the board in its status before. */
export async function undoLastReceipt(): Promise<void> {
  const receipt = lastReceipt.value;
  if (!receipt) return;
  const result = await api.undoReceipt(receipt.shipmentId);
  pending.push(result.shipment);
  scheduleFlush();
  lastReceipt.value = { ...receipt, undone: true };
}

function sessionLost(message: string) {
  live?.close();
  live = null;
  endSession(message);
}

/** Opens the staff board: settings, sites, the live connection, then the site from the URL. */
export async function startBoard(): Promise<void> {
  try {
    const [cfg, siteList, carrierList] = await Promise.all([api.clientConfig(), api.sites(), api.carriers()]);
    batch(() => {
      config.value = cfg;
      sites.value = siteList;
      carriers.value = new Map(carrierList.map((c) => [c.id, c]));
      problem.value = null;
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return sessionLost(t('board.signInInvalid'));
    problem.value = t('board.unreachable', { message: (error as Error).message });
    return;
  }
  live?.close();
  live = new LiveConnection(token.value, {
    onState: (state, detail) => (connection.value = { state, ...(detail ? { detail } : {}) }),
    onShipments: (changed) => {
      perf.recordDeltas(changed.length);
      if (changed.some((s) => !carriers.value.has(s.carrierId))) void refreshCarriers();
      pending.push(...changed);
      scheduleFlush();
    },
    onAlert: (alert) => alerts.receive(alert),
    onCoverage: receiveCoverage,
    onMessage: receiveMessage,
    onNotice: receiveNotice,
    onResync: () => {
      void reloadBoard();
      if (site.value) void loadNotices(site.value.id);
    },
    onUnauthorized: () => sessionLost(t('board.accessEnded')),
  });
  const wanted = siteFromUrl() ?? (sites.value.length === 1 ? sites.value[0]!.id : null);
  if (wanted) await selectSite(wanted);
}

async function refreshCarriers() {
  try {
    carriers.value = new Map((await api.carriers()).map((c) => [c.id, c]));
  } catch {
    // Names fill in on the next successful load.
  }
}

/** Issues a driver link for a load (the board shows its URL and QR code). */
export const createDriverLink = (shipmentId: string) => api.createDriverLink(shipmentId);
