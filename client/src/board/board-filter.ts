import type { Shipment, WindowStatus } from '@dockwatch/shared';

export interface BoardFilters {
  windowStatus: WindowStatus | 'all';
  dock: string | 'all';
  carrierId: string | 'all';
  /** Free text matched against reference, supplier, carrier, dock and line items. */
  text: string;
}

export const NO_FILTERS: BoardFilters = { windowStatus: 'all', dock: 'all', carrierId: 'all', text: '' };

/** Board order: by window start, then reference, so rows never jump between equal windows. */
export function compareByWindow(a: Shipment, b: Shipment): number {
  return a.windowStart < b.windowStart ? -1 : a.windowStart > b.windowStart ? 1 : a.reference.localeCompare(b.reference);
}

export function matchesFilters(s: Shipment, f: BoardFilters, carrierName: (id: string) => string): boolean {
  if (f.windowStatus !== 'all' && s.windowStatus !== f.windowStatus) return false;
  if (f.dock !== 'all' && (s.dock ?? '') !== f.dock) return false;
  if (f.carrierId !== 'all' && s.carrierId !== f.carrierId) return false;
  const text = f.text.trim().toLowerCase();
  if (text === '') return true;
  const haystack = [s.reference, s.supplier, carrierName(s.carrierId), s.dock ?? '', ...s.items.flatMap((i) => [i.sku, i.description ?? ''])]
    .join('\n')
    .toLowerCase();
  return text.split(/\s+/).every((word) => haystack.includes(word));
}

export function visibleShipments(all: Iterable<Shipment>, f: BoardFilters, carrierName: (id: string) => string): Shipment[] {
  const rows: Shipment[] = [];
  for (const s of all) if (matchesFilters(s, f, carrierName)) rows.push(s);
  return rows.sort(compareByWindow);
}

/** Docks to offer in the filter and draw in the timeline: the site's, then any others in use. */
export function docksInUse(siteDocks: readonly string[], shipments: Iterable<Shipment>): string[] {
  const extra = new Set<string>();
  for (const s of shipments) if (s.dock && !siteDocks.includes(s.dock)) extra.add(s.dock);
  return [...siteDocks, ...[...extra].sort()];
}
