import { filterFixes, type FilterOutcome, type FixFilterRules, type FixRejectReason } from '@dockwatch/shared';
import type { Transaction } from '../db/connect';
import type { PingRepository, StoredFix } from '../repositories/pings';

export interface Screened {
  passed: readonly StoredFix[];
  rejected: { fix: StoredFix; reason: FixRejectReason }[];
}

/**
 * Runs a device's raw fixes through the filters, measured from its last stored fix before them,
 * and stores the dropped ones with their reason in the same transaction, with `unreadable`
 * messages (fixes the server could not read at all). No rules: all pass but those the device
 * marked invalid, which never move a shipment.
 */
export async function screenFixes(
  tx: Transaction,
  pings: PingRepository,
  deviceId: string,
  fixes: readonly StoredFix[],
  rules: FixFilterRules | undefined,
  now: number,
  receivedAt: Date,
  unreadable: readonly { reason: FixRejectReason; ts: number }[] = [],
): Promise<Screened> {
  const dropped = unreadable.map(({ reason, ts }) => ({ fix: { ts, lat: Number.NaN, lon: Number.NaN, accuracy: null, speed: null, heading: null }, reason }));
  if (fixes.length === 0) {
    await pings.insertRejected(tx, deviceId, dropped, receivedAt);
    return { passed: [], rejected: dropped };
  }
  let outcome: FilterOutcome<StoredFix>;
  if (rules) {
    const previous = await pings.latestBefore(tx, deviceId, fixes.reduce((min, f) => Math.min(min, f.ts), Infinity));
    outcome = filterFixes(fixes, previous, now, rules);
  } else {
    outcome = { accepted: fixes.filter((f) => f.valid !== false), rejected: fixes.filter((f) => f.valid === false).map((fix) => ({ fix, reason: 'marked_invalid' as const })) };
  }
  const { accepted, rejected } = outcome;
  const all = [...rejected, ...dropped];
  await pings.insertRejected(tx, deviceId, all, receivedAt);
  return { passed: accepted, rejected: all };
}
