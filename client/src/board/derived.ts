import type { Shipment } from '@dockwatch/shared';
import { computed } from '@preact/signals';
import { siteDate } from '../format/time';
import { docksInUse } from './board-filter';
import { changesBetween } from './board-model';
import { sameItems, stableComputed } from './stable-computed';
import { carriers, now, shipments, site, visible } from './store';

const NO_DOCKS: readonly string[] = [];

/** Ids of the board's rows in order; changes only when a row comes, goes or moves. */
export const visibleIds = stableComputed(() => visible.value.map((s) => s.id), sameItems);

/** The site's time zone (stable across snapshot reloads, which replace the site object). */
export const siteTimeZone = computed(() => site.value?.timezone ?? 'UTC');

/**
 * A list derived from the whole board that a delta batch leaves alone unless a changed shipment
 * came, went, or changed `key`: then (or when the batch is unknown, or `context` changed)
 * `compute` runs over the board again.
 */
function boardList<T, C>(context: () => C, key: (s: Shipment) => unknown, compute: (board: ReadonlyMap<string, Shipment>, context: C) => T[]) {
  let previous: { board: ReadonlyMap<string, Shipment>; context: C; value: T[] } | null = null;
  return stableComputed(() => {
    const board = shipments.value;
    const ctx = context();
    const changed = previous && previous.context === ctx ? changesBetween(previous.board, board) : null;
    const before = previous?.board;
    const untouched = changed !== null && before !== undefined && [...changed].every((id) => {
      const was = before.get(id);
      const is = board.get(id);
      return was !== undefined && is !== undefined && key(was) === key(is);
    });
    const value = untouched && previous ? previous.value : compute(board, ctx);
    previous = { board, context: ctx, value };
    return value;
  }, sameItems);
}

/** Docks to offer and draw: the site's, then any others in use. */
export const dockNames = boardList(
  () => site.value?.docks ?? NO_DOCKS,
  (s) => s.dock,
  (board, docks) => docksInUse(docks, board.values()),
);

/** Carriers with shipments on the board, by name. */
export const carriersInUse = boardList(
  () => carriers.value,
  (s) => s.carrierId,
  (board, known) => {
    const ids = new Set<string>();
    for (const s of board.values()) ids.add(s.carrierId);
    return [...known.values()].filter((c) => ids.has(c.id)).sort((a, b) => a.name.localeCompare(b.name));
  },
);

/** Ping ages refresh every 5 s: often enough for a clerk, cheap enough for thousands of rows. */
export const ageClock = computed(() => Math.floor(now.value / 5_000) * 5_000);

/** The clock in whole minutes, for panels whose text changes no faster. */
export const minuteClock = computed(() => Math.floor(now.value / 60_000) * 60_000);

/**
 * An instant of the site's current local day, which changes at the site's midnight: formatting
 * day markers (`+1d`) against it keeps rows from re-rendering with every clock tick.
 */
export const siteToday = stableComputed(
  () => {
    const timeZone = siteTimeZone.value;
    return { day: `${timeZone} ${siteDate(now.value, timeZone)}`, at: now.value };
  },
  (a, b) => a.day === b.day,
);
