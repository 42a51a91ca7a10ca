import { tallyOf, type LoadFacts, type LoadRecord, type LoyaltyConfig, type Tally } from '@dockwatch/shared';
import { and, asc, desc, eq, gte, inArray, isNull, lte, min, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../db/connect';
import {
  alertChanges,
  etaHistory,
  loyaltyProgrammes,
  partnerTierChanges,
  partnerTiers,
  pings,
  receiptItems,
  receipts,
  scorecardDays,
  scorecardLoads,
  scorecardStaleDays,
  shipmentAssignments,
  shipments,
  sites,
  statusEvents,
  type PartnerKind,
} from '../db/schema';
import { TRACK_LOOKBACK_MS } from './shipments';

/** Where a load counts: the rollup rows its facts are part of. */
export interface LoadPlace {
  siteId: string;
  carrierId: string;
  supplier: string;
  day: string;
}

export interface DayRow {
  siteId: string;
  partnerKind: PartnerKind;
  partnerKey: string;
  day: string;
  tally: Tally;
}

export type TierRow = typeof partnerTiers.$inferSelect;
export type TierChangeRow = typeof partnerTierChanges.$inferSelect;

/** A partner filter for reads: one partner, at some sites (null: every site). */
export interface PartnerFilter {
  kind: PartnerKind;
  key: string;
  siteIds: readonly string[] | null;
}

const partnerColumn = (kind: PartnerKind) => (kind === 'carrier' ? scorecardLoads.carrierId : scorecardLoads.supplier);
const inSites = (column: typeof scorecardLoads.siteId | typeof scorecardDays.siteId | typeof sites.id, siteIds: readonly string[] | null): SQL | undefined =>
  siteIds === null ? undefined : siteIds.length === 0 ? sql`false` : inArray(column, [...siteIds]);

/** Per-load scorecard facts, their daily rollups per partner, and loyalty tiers. */
export class ScorecardRepository {
  constructor(private readonly db: Database) {}

  /** Everything recorded about a load that its facts are computed from; null when the shipment does not exist. */
  async recordOf(tx: Executor, shipmentId: string): Promise<(LoadRecord & { status: string }) | null> {
    const [row] = await tx.select({ s: shipments, timeZone: sites.timezone }).from(shipments).innerJoin(sites, eq(sites.id, shipments.siteId)).where(eq(shipments.id, shipmentId));
    if (!row) return null;
    const { s, timeZone } = row;
    const events = await tx.select({ type: statusEvents.type, ts: statusEvents.ts }).from(statusEvents).where(eq(statusEvents.shipmentId, shipmentId)).orderBy(asc(statusEvents.ts), asc(statusEvents.createdAt));
    const spans = await tx.select().from(shipmentAssignments).where(eq(shipmentAssignments.shipmentId, shipmentId));
    const until = s.arrivedAt ?? s.updatedAt;
    const pingTimes =
      spans.length === 0
        ? []
        : (
            await tx
              .select({ ts: pings.ts })
              .from(pings)
              .where(
                and(
                  or(...spans.map((p) => and(eq(pings.deviceId, p.deviceId), gte(pings.ts, new Date(p.assignedAt.getTime() - TRACK_LOOKBACK_MS)), p.unassignedAt ? lte(pings.ts, p.unassignedAt) : undefined)!)),
                  lte(pings.ts, until),
                ),
              )
              .orderBy(asc(pings.ts))
              .limit(20_000)
          ).map((p) => p.ts.getTime());
    const [late] = await tx
      .select({ at: min(alertChanges.at) })
      .from(alertChanges)
      .where(and(eq(alertChanges.shipmentId, shipmentId), eq(alertChanges.kind, 'late_predicted')));
    const history = await tx.select({ at: etaHistory.at, eta: etaHistory.eta }).from(etaHistory).where(eq(etaHistory.shipmentId, shipmentId)).orderBy(asc(etaHistory.at));
    const [receipt] = await tx
      .select()
      .from(receipts)
      .where(and(eq(receipts.shipmentId, shipmentId), isNull(receipts.undoneAt)))
      .limit(1);
    const lines = receipt ? await tx.select({ expectedQuantity: receiptItems.expectedQuantity, quantity: receiptItems.quantity }).from(receiptItems).where(eq(receiptItems.receiptId, receipt.id)) : [];
    return {
      shipmentId: s.id,
      reference: s.reference,
      siteId: s.siteId,
      carrierId: s.carrierId,
      supplier: s.supplier,
      timeZone,
      status: s.status,
      windowStart: s.windowStart.getTime(),
      windowEnd: s.windowEnd.getTime(),
      arrivedAt: s.arrivedAt?.getTime() ?? null,
      events: events.map((e) => ({ type: e.type, ts: e.ts.getTime() })),
      pingTimes,
      lateAlertAt: late?.at ? new Date(late.at).getTime() : null,
      etaHistory: history.map((h) => ({ at: h.at.getTime(), eta: h.eta?.getTime() ?? null })),
      receipt: receipt ? { receivedAt: receipt.receivedAt.getTime(), lines } : null,
    };
  }

  /** Where the load's stored facts count, if it has any. */
  async placeOf(tx: Executor, shipmentId: string): Promise<LoadPlace | null> {
    const [row] = await tx
      .select({ siteId: scorecardLoads.siteId, carrierId: scorecardLoads.carrierId, supplier: scorecardLoads.supplier, day: scorecardLoads.day })
      .from(scorecardLoads)
      .where(eq(scorecardLoads.shipmentId, shipmentId));
    return row ?? null;
  }

  async saveFacts(tx: Executor, facts: LoadFacts, now: Date): Promise<void> {
    const values = { shipmentId: facts.shipmentId, siteId: facts.siteId, carrierId: facts.carrierId, supplier: facts.supplier, day: facts.day, facts, updatedAt: now };
    await tx.insert(scorecardLoads).values(values).onConflictDoUpdate({ target: scorecardLoads.shipmentId, set: values });
  }

  async deleteFacts(tx: Executor, shipmentId: string): Promise<void> {
    await tx.delete(scorecardLoads).where(eq(scorecardLoads.shipmentId, shipmentId));
  }

  /**
   * Recomputes one rollup row from that day's loads of the partner (a few dozen at most), under
   * a lock on the row's key so two loads closing at once cannot both write a stale tally.
   */
  async refreshDay(tx: Executor, siteId: string, kind: PartnerKind, key: string, day: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`scorecard:${siteId}:${kind}:${key}:${day}`}))`);
    const rows = await tx
      .select({ facts: scorecardLoads.facts })
      .from(scorecardLoads)
      .where(and(eq(scorecardLoads.siteId, siteId), eq(partnerColumn(kind), key), eq(scorecardLoads.day, day)));
    const where = and(eq(scorecardDays.siteId, siteId), eq(scorecardDays.partnerKind, kind), eq(scorecardDays.partnerKey, key), eq(scorecardDays.day, day));
    if (rows.length === 0) {
      await tx.delete(scorecardDays).where(where);
      return;
    }
    const tally = tallyOf(rows.map((r) => r.facts));
    await tx
      .insert(scorecardDays)
      .values({ siteId, partnerKind: kind, partnerKey: key, day, loads: tally.loads, tally })
      .onConflictDoUpdate({ target: [scorecardDays.siteId, scorecardDays.partnerKind, scorecardDays.partnerKey, scorecardDays.day], set: { loads: tally.loads, tally } });
  }

  /** Rollup rows of a kind of partner between two days: one partner's, or every partner's (key null), at some sites. */
  async days(kind: PartnerKind, key: string | null, siteIds: readonly string[] | null, from: string, to: string, tx: Executor = this.db): Promise<DayRow[]> {
    return tx
      .select({ siteId: scorecardDays.siteId, partnerKind: scorecardDays.partnerKind, partnerKey: scorecardDays.partnerKey, day: scorecardDays.day, tally: scorecardDays.tally })
      .from(scorecardDays)
      .where(and(eq(scorecardDays.partnerKind, kind), key === null ? undefined : eq(scorecardDays.partnerKey, key), inSites(scorecardDays.siteId, siteIds), gte(scorecardDays.day, from), lte(scorecardDays.day, to)));
  }

  /** The IANA time zones of some sites (every site: null), by id. */
  async zonesOf(siteIds: readonly string[] | null, tx: Executor = this.db): Promise<Map<string, string>> {
    const rows = await tx.select({ id: sites.id, timeZone: sites.timezone }).from(sites).where(inSites(sites.id, siteIds));
    return new Map(rows.map((r) => [r.id, r.timeZone]));
  }

  /** Up to `limit` rollup rows waiting to be recomputed, locked for the caller's transaction (others skip them). */
  async claimStaleDays(tx: Executor, limit: number): Promise<{ siteId: string; partnerKind: PartnerKind; partnerKey: string; day: string }[]> {
    return tx.select().from(scorecardStaleDays).limit(limit).for('update', { skipLocked: true });
  }

  async clearStaleDay(tx: Executor, row: { siteId: string; partnerKind: PartnerKind; partnerKey: string; day: string }): Promise<void> {
    await tx
      .delete(scorecardStaleDays)
      .where(and(eq(scorecardStaleDays.siteId, row.siteId), eq(scorecardStaleDays.partnerKind, row.partnerKind), eq(scorecardStaleDays.partnerKey, row.partnerKey), eq(scorecardStaleDays.day, row.day)));
  }

  /** The sites a partner has loads at in a period. */
  async sitesOf(filter: PartnerFilter, from: string, to: string): Promise<string[]> {
    const rows = await this.db
      .selectDistinct({ siteId: scorecardDays.siteId })
      .from(scorecardDays)
      .where(and(eq(scorecardDays.partnerKind, filter.kind), eq(scorecardDays.partnerKey, filter.key), inSites(scorecardDays.siteId, filter.siteIds), gte(scorecardDays.day, from), lte(scorecardDays.day, to)));
    return rows.map((r) => r.siteId);
  }

  /** A partner's loads in a period, newest first. */
  async loads(filter: PartnerFilter, from: string, to: string, limit: number): Promise<LoadFacts[]> {
    const rows = await this.db
      .select({ facts: scorecardLoads.facts })
      .from(scorecardLoads)
      .where(and(eq(partnerColumn(filter.kind), filter.key), inSites(scorecardLoads.siteId, filter.siteIds), gte(scorecardLoads.day, from), lte(scorecardLoads.day, to)))
      .orderBy(desc(scorecardLoads.day), desc(scorecardLoads.shipmentId))
      .limit(limit);
    return rows.map((r) => r.facts).sort((a, b) => b.windowStart - a.windowStart);
  }

  async loyalty(siteId: string, tx: Executor = this.db): Promise<{ config: LoyaltyConfig; updatedAt: Date } | null> {
    const [row] = await tx.select().from(loyaltyProgrammes).where(eq(loyaltyProgrammes.siteId, siteId));
    return row ? { config: row.config, updatedAt: row.updatedAt } : null;
  }

  async saveLoyalty(tx: Executor, siteId: string, config: LoyaltyConfig, now: Date): Promise<void> {
    await tx.insert(loyaltyProgrammes).values({ siteId, config, updatedAt: now }).onConflictDoUpdate({ target: loyaltyProgrammes.siteId, set: { config, updatedAt: now } });
  }

  async tiersAt(siteId: string, tx: Executor = this.db): Promise<TierRow[]> {
    return tx.select().from(partnerTiers).where(eq(partnerTiers.siteId, siteId));
  }

  async tiersOf(filter: PartnerFilter): Promise<TierRow[]> {
    return this.db
      .select()
      .from(partnerTiers)
      .where(and(eq(partnerTiers.partnerKind, filter.kind), eq(partnerTiers.partnerKey, filter.key), filter.siteIds === null ? undefined : filter.siteIds.length === 0 ? sql`false` : inArray(partnerTiers.siteId, [...filter.siteIds])));
  }

  /** The partner's tier row, locked for the evaluation that may change it. */
  async lockTier(tx: Executor, siteId: string, kind: PartnerKind, key: string): Promise<TierRow | null> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tier:${siteId}:${kind}:${key}`}))`);
    const [row] = await tx
      .select()
      .from(partnerTiers)
      .where(and(eq(partnerTiers.siteId, siteId), eq(partnerTiers.partnerKind, kind), eq(partnerTiers.partnerKey, key)));
    return row ?? null;
  }

  async saveTier(tx: Executor, row: TierRow): Promise<void> {
    await tx
      .insert(partnerTiers)
      .values(row)
      .onConflictDoUpdate({ target: [partnerTiers.siteId, partnerTiers.partnerKind, partnerTiers.partnerKey], set: { tier: row.tier, score: row.score, since: row.since, reason: row.reason, reasonDetail: row.reasonDetail } });
  }

  async addTierChange(tx: Executor, change: Omit<TierChangeRow, 'id'>): Promise<void> {
    await tx.insert(partnerTierChanges).values(change);
  }

  async tierChanges(filter: PartnerFilter, limit: number): Promise<TierChangeRow[]> {
    return this.db
      .select()
      .from(partnerTierChanges)
      .where(and(eq(partnerTierChanges.partnerKind, filter.kind), eq(partnerTierChanges.partnerKey, filter.key), filter.siteIds === null ? undefined : filter.siteIds.length === 0 ? sql`false` : inArray(partnerTierChanges.siteId, [...filter.siteIds])))
      .orderBy(desc(partnerTierChanges.at), desc(partnerTierChanges.id))
      .limit(limit);
  }

  /** The partners with loads at a site since a day (for a re-evaluation after the programme changed). */
  async partnersAt(tx: Executor, siteId: string, from: string): Promise<{ partnerKind: PartnerKind; partnerKey: string }[]> {
    return tx
      .selectDistinct({ partnerKind: scorecardDays.partnerKind, partnerKey: scorecardDays.partnerKey })
      .from(scorecardDays)
      .where(and(eq(scorecardDays.siteId, siteId), gte(scorecardDays.day, from)));
  }

  /** Sites where any partner has a tier or loads since `from`: what the daily tier round visits. */
  async sitesWithPartners(from: string): Promise<string[]> {
    const rows = await this.db
      .select({ siteId: scorecardDays.siteId })
      .from(scorecardDays)
      .where(gte(scorecardDays.day, from))
      .union(this.db.select({ siteId: partnerTiers.siteId }).from(partnerTiers));
    return rows.map((r) => r.siteId);
  }
}
