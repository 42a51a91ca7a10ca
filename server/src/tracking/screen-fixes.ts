import { filterFixes, type FixFilterRules, type FixRejectReason } from '@dockwatch/shared';
import type { Transaction } from '../db/connect';
import type { PingRepository, StoredFix } from '../repositories/pings';

export interface Screened {
  passed: readonly StoredFix[];
  rejected: { fix: StoredFix; reason: FixRejectReason }[];
}

/**
 * Runs a device's raw fixes through the filters, measured from its last stored fix before them,
 * and stores the dropped ones with their reason in the same transaction. No rules: all pass.
 */
export async function screenFixes(
  tx: Transaction,
  pings: PingRepository,
  deviceId: string,
  fixes: readonly StoredFix[],
  rules: FixFilterRules | undefined,
  now: number,
  receivedAt: Date,
): Promise<Screened> {
  if (!rules || fixes.length === 0) return { passed: fixes, rejected: [] };
  const previous = await pings.latestBefore(tx, deviceId, fixes.reduce((min, f) => Math.min(min, f.ts), Infinity));
  const { accepted, rejected } = filterFixes(fixes, previous, now, rules);
  await pings.insertRejected(tx, deviceId, rejected, receivedAt);
  return { passed: accepted, rejected };
}
