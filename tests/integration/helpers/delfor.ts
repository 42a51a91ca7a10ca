import type { DemandBucket } from '@dockwatch/shared';
import { planImport } from '../../../server/src/materials/imports';
export type { DemandSharingList, SupplierDemand } from '@dockwatch/shared';

/** A DELFOR file read by the plant's own import: each part's demand buckets (throws on a bad file). */
export function parseDelfor(text: string, timeZone: string): Map<string, DemandBucket[]> {
  const result = planImport(text, 'delfor', timeZone);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  if (result.plan.kind !== 'delfor') throw new Error(`read as ${result.plan.kind}`);
  return result.plan.plans;
}
