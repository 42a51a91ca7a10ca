import type { Shipment } from '@dockwatch/shared';
import { compareByWindow } from '../board/board-filter';

/** What the wall screen's header counts. */
export interface WallCounts {
  /** On the road and late by the window status. */
  late: number;
  /** On the road and at risk of missing the window. */
  atRisk: number;
  /** On the road with a best estimate in the next 30 minutes (or overdue). */
  next30: number;
  /** Arrived and not yet received: at the gate, at a door, unloading, or held by an exception. */
  onYard: number;
}

const NEXT_MS = 30 * 60_000;

/** Still on the road: no arrival recorded. */
export const onTheRoad = (s: Shipment): boolean => s.arrivedAt === null && s.status !== 'cancelled' && s.status !== 'received';

export function wallCounts(board: Iterable<Shipment>, now: number): WallCounts {
  const counts: WallCounts = { late: 0, atRisk: 0, next30: 0, onYard: 0 };
  for (const s of board) {
    if (!onTheRoad(s)) {
      if (s.arrivedAt !== null) counts.onYard++;
      continue;
    }
    if (s.windowStatus === 'late') counts.late++;
    if (s.windowStatus === 'at_risk') counts.atRisk++;
    if (s.eta !== null && Date.parse(s.eta) <= now + NEXT_MS) counts.next30++;
  }
  return counts;
}

/** The next `n` loads to arrive, by best estimate (loads without one last, by window). */
export function nextArrivals(board: Iterable<Shipment>, n: number): Shipment[] {
  const coming = [...board].filter(onTheRoad);
  coming.sort((a, b) => {
    if (a.eta !== null && b.eta !== null) return a.eta < b.eta ? -1 : a.eta > b.eta ? 1 : compareByWindow(a, b);
    if (a.eta !== null) return -1;
    if (b.eta !== null) return 1;
    return compareByWindow(a, b);
  });
  return coming.slice(0, n);
}

/** One door of the door view. */
export interface DoorState {
  dock: string;
  /** The load being handled at the door (at dock or unloading), if any. */
  atDoor: Shipment | null;
  /** The next load due at this door: on the yard first, then on the road by ETA. */
  next: Shipment | null;
  /** When this door was last seen busy, for its idle time; null when not seen busy yet. */
  freeSince: number | null;
}

const AT_DOOR = new Set(['at_dock', 'unloading']);

/**
 * Per dock: the load at the door now, the next one, and since when the door has been free.
 * `lastBusy` remembers, per dock, when it was last seen with a load at the door; it is updated
 * in place (the board does not carry departure times, so a screen measures idle time itself).
 * Trucks waiting on the yard queue by window, except that a load with priority at the dock (its
 * partner's loyalty tier earns it) goes before the others.
 */
export function doorView(docks: readonly string[], board: Iterable<Shipment>, now: number, lastBusy: Map<string, number>, prioritized: (s: Shipment) => boolean = () => false): DoorState[] {
  const byDock = new Map<string, Shipment[]>();
  for (const s of board) {
    if (s.dock === null) continue;
    let list = byDock.get(s.dock);
    if (!list) byDock.set(s.dock, (list = []));
    list.push(s);
  }
  return docks.map((dock) => {
    const loads = byDock.get(dock) ?? [];
    const atDoor = loads.filter((s) => AT_DOOR.has(s.status)).sort(compareByWindow)[0] ?? null;
    if (atDoor) lastBusy.set(dock, now);
    const yard = loads.filter((s) => s.status === 'arrived').sort((a, b) => Number(prioritized(b)) - Number(prioritized(a)) || compareByWindow(a, b));
    const next = yard[0] ?? nextArrivals(loads, 1)[0] ?? null;
    return { dock, atDoor, next, freeSince: atDoor ? null : (lastBusy.get(dock) ?? null) };
  });
}

/** Pages of the board and how long each shows, so every load is on screen at least once a minute. */
export function pagePlan(rows: number, rowsPerPage: number, cycleMs = 60_000, maxPageMs = 15_000): { pages: number; pageMs: number } {
  const perPage = Math.max(1, rowsPerPage);
  const pages = Math.max(1, Math.ceil(rows / perPage));
  return { pages, pageMs: Math.min(maxPageMs, Math.floor(cycleMs / pages)) };
}

/** The page on show at `now` for a board shown since `since`: the first page first, then one per `pageMs`. */
export const pageAt = (now: number, since: number, plan: { pages: number; pageMs: number }): number => Math.floor(Math.max(0, now - since) / plan.pageMs) % plan.pages;
