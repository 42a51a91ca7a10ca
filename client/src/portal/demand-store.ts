import type { SupplierDemand } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { token } from '../api/client';
import { requestJson } from '../api/rest';

/** The supplier's view of each plant's demand for its parts, by site id. */
export const supplierDemand = signal<ReadonlyMap<string, SupplierDemand>>(new Map());
export const demandProblem = signal<string | null>(null);

/** Loads the demand of every site the supplier has loads at (a site with none of its parts is left out). */
export async function loadSupplierDemand(siteIds: readonly string[]): Promise<void> {
  const next = new Map<string, SupplierDemand>();
  for (const siteId of siteIds) {
    try {
      next.set(siteId, await requestJson<SupplierDemand>(`/api/v1/supplier/demand?siteId=${encodeURIComponent(siteId)}`, token.value, {}, 'The server cannot be reached'));
    } catch (error) {
      if ((error as { status?: number }).status !== 404) demandProblem.value = (error as Error).message;
    }
  }
  supplierDemand.value = next;
}

/** Reloads one plant's demand for the supplier (after `demand:updated`), leaving the others as they are. */
export async function refreshSupplierDemand(siteId: string): Promise<void> {
  try {
    const view = await requestJson<SupplierDemand>(`/api/v1/supplier/demand?siteId=${encodeURIComponent(siteId)}`, token.value, {}, 'The server cannot be reached');
    supplierDemand.value = new Map(supplierDemand.value).set(siteId, view);
    demandProblem.value = null;
  } catch (error) {
    if ((error as { status?: number }).status !== 404) demandProblem.value = (error as Error).message;
  }
}

/** Marks the demand seen: the highlights of what moved go away. */
export async function markDemandSeen(siteId: string): Promise<void> {
  await requestJson<void>(`/api/v1/supplier/demand/seen?siteId=${encodeURIComponent(siteId)}`, token.value, { method: 'POST' }, 'The server cannot be reached');
  await loadSupplierDemand([...supplierDemand.value.keys()]);
}

export const exportUrl = (siteId: string, format: 'csv' | 'delfor') => `/api/v1/supplier/demand/export?siteId=${encodeURIComponent(siteId)}&format=${format}`;
