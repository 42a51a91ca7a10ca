import type { CoverageUpdate, PartCover } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';

/** The cover of the site's parts by part number, as last evaluated (loaded with the board, then live). */
export const partCovers = signal<ReadonlyMap<string, PartCover>>(new Map());

let site: string | null = null;
let asked = 0;
const listeners = new Set<() => void>();

/** Called when a part's cover moves (the coverage panel reloads its figures). */
export function onCoverageMoved(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Loads the site's part covers afresh; the board works on without them if they cannot be loaded. */
export async function loadPartCovers(siteId: string): Promise<void> {
  const ask = ++asked;
  if (site !== siteId) {
    site = siteId;
    partCovers.value = new Map();
  }
  try {
    const list = await api.partCovers(siteId);
    if (ask === asked && site === siteId) partCovers.value = new Map(list.parts.map((p) => [p.sku, p]));
  } catch {
    // No materials kept, or no right to read them: the parts show without their cover.
  }
}

/** A site room's `coverage:updated`: the parts it names replace what was shown. */
export function receiveCoverage(update: CoverageUpdate): void {
  if (update.siteId !== site) return;
  const next = new Map(partCovers.value);
  for (const p of update.parts) next.set(p.sku, p);
  partCovers.value = next;
  for (const listener of listeners) listener();
}
