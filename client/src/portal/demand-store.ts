import type { SupplierDemand } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';

/** The supplier's view of each plant's demand for its parts, by site id. */
export const supplierDemand = signal<ReadonlyMap<string, SupplierDemand>>(new Map());
export const demandProblem = signal<string | null>(null);

/** One plant's demand for the supplier's parts; null for a plant without any of them (404), or when it failed (said in `demandProblem`). */
async function fetchView(siteId: string): Promise<SupplierDemand | null> {
  try {
    return await api.supplierDemand(siteId);
  } catch (error) {
    if ((error as { status?: number }).status !== 404) demandProblem.value = (error as Error).message;
    return null;
  }
}

/** Loads the demand of every site the supplier has loads at (a site with none of its parts is left out). */
export async function loadSupplierDemand(siteIds: readonly string[]): Promise<void> {
  const next = new Map<string, SupplierDemand>();
  for (const siteId of siteIds) {
    const view = await fetchView(siteId);
    if (view) next.set(siteId, view);
  }
  supplierDemand.value = next;
}

/** Reloads one plant's demand for the supplier (after `demand:updated`), leaving the others as they are. */
export async function refreshSupplierDemand(siteId: string): Promise<void> {
  const view = await fetchView(siteId);
  if (!view) return;
  supplierDemand.value = new Map(supplierDemand.value).set(siteId, view);
  demandProblem.value = null;
}

/** Marks the demand seen: the highlights of what moved go away. */
export async function markDemandSeen(siteId: string): Promise<void> {
  await api.markDemandSeen(siteId);
  await loadSupplierDemand([...supplierDemand.value.keys()]);
}

export const exportUrl = (siteId: string, format: 'csv' | 'delfor') => `/api/v1/supplier/demand/export?siteId=${encodeURIComponent(siteId)}&format=${format}`;
