import type { Shipment, WindowStatus } from '@dockwatch/shared';

export interface BoardFilters {
  windowStatus: WindowStatus | 'all';
  dock: string | 'all';
  carrierId: string | 'all';
  /** Free text matched against reference, supplier, carrier, dock and line items. */
  text: string;
}

export const NO_FILTERS: BoardFilters = { windowStatus: 'all', dock: 'all', carrierId: 'all', text: '' };

// One collator for every comparison: `localeCompare` sets one up per call, thousands per sort.
const byReference = new Intl.Collator().compare;

/** Board order: by window start, then reference, so rows never jump between equal windows. */
export function compareByWindow(a: Shipment, b: Shipment): number {
  return a.windowStart < b.windowStart ? -1 : a.windowStart > b.windowStart ? 1 : byReference(a.reference, b.reference);
}

export function matchesFilters(s: Shipment, f: BoardFilters, carrierName: (id: string) => string): boolean {
  if (f.windowStatus !== 'all' && s.windowStatus !== f.windowStatus) return false;
  if (f.dock !== 'all' && (s.dock ?? '') !== f.dock) return false;
  if (f.carrierId !== 'all' && s.carrierId !== f.carrierId) return false;
  const text = f.text.trim().toLowerCase();
  if (text === '') return true;
  const haystack = searchText(s, carrierName(s.carrierId));
  return text.split(/\s+/).every((word) => haystack.includes(word));
}

// Shipments are replaced, never changed, on every delta: the text of one is built once.
const searchTexts = new WeakMap<Shipment, { carrier: string; text: string }>();

function searchText(s: Shipment, carrier: string): string {
  const cached = searchTexts.get(s);
  if (cached?.carrier === carrier) return cached.text;
  const text = [s.reference, s.supplier, carrier, s.dock ?? '', ...s.items.flatMap((i) => [i.sku, i.description ?? ''])].join('\n').toLowerCase();
  searchTexts.set(s, { carrier, text });
  return text;
}

export function visibleShipments(all: Iterable<Shipment>, f: BoardFilters, carrierName: (id: string) => string): Shipment[] {
  const rows: Shipment[] = [];
  for (const s of all) if (matchesFilters(s, f, carrierName)) rows.push(s);
  return rows.sort(compareByWindow);
}

/**
 * The board's rows for `f`, or `previous` itself when the same shipments still match in the
 * same places (no window, reference or dock changed): a batch of deltas that only moved trucks
 * and ETAs then costs one pass over the board instead of a sort, and nothing downstream of the
 * row list re-renders. Rows handed back from `previous` may be older copies of their shipments,
 * current in those fields only: read anything else from the board.
 */
export function boardRows(
  board: ReadonlyMap<string, Shipment>,
  f: BoardFilters,
  carrierName: (id: string) => string,
  previous: readonly Shipment[] | null,
  since?: BoardStep | null,
): readonly Shipment[] {
  if (previous && (since ? sameRowsAfter(board, f, carrierName, since) : sameRows(board, f, carrierName, previous))) return previous;
  return visibleShipments(board.values(), f, carrierName);
}

/** The board `previous` rows were made from, and the shipments changed since (same filters and carrier names). */
export interface BoardStep {
  before: ReadonlyMap<string, Shipment>;
  changed: Iterable<string>;
}

/** `sameRows` looking at the changed shipments only: each must match (or not) as before, and sort where it did. */
function sameRowsAfter(board: ReadonlyMap<string, Shipment>, f: BoardFilters, carrierName: (id: string) => string, { before, changed }: BoardStep): boolean {
  for (const id of changed) {
    const was = before.get(id);
    const is = board.get(id);
    const wasShown = was !== undefined && matchesFilters(was, f, carrierName);
    const isShown = is !== undefined && matchesFilters(is, f, carrierName);
    if (wasShown !== isShown) return false;
    if (isShown && !samePlace(was!, is!)) return false;
  }
  return true;
}

/** The fields that decide a row's place on the board (order, and the timeline's dock and window). */
const samePlace = (a: Shipment, b: Shipment): boolean =>
  a.windowStart === b.windowStart && a.windowEnd === b.windowEnd && a.reference === b.reference && a.dock === b.dock;

function sameRows(board: ReadonlyMap<string, Shipment>, f: BoardFilters, carrierName: (id: string) => string, previous: readonly Shipment[]): boolean {
  const unfiltered = f.windowStatus === 'all' && f.dock === 'all' && f.carrierId === 'all' && f.text.trim() === '';
  let matching = unfiltered ? board.size : 0;
  if (!unfiltered) for (const s of board.values()) if (matchesFilters(s, f, carrierName)) matching++;
  if (matching !== previous.length) return false;
  return previous.every((row) => {
    const s = board.get(row.id);
    return s !== undefined && samePlace(s, row) && (unfiltered || matchesFilters(s, f, carrierName));
  });
}

/** Docks to offer in the filter and draw in the timeline: the site's, then any others in use. */
export function docksInUse(siteDocks: readonly string[], shipments: Iterable<Shipment>): string[] {
  const extra = new Set<string>();
  for (const s of shipments) if (s.dock && !siteDocks.includes(s.dock)) extra.add(s.dock);
  return [...siteDocks, ...[...extra].sort()];
}
