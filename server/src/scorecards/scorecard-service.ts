import {
  addDays,
  benefitsOf,
  combineBenefits,
  DEFAULT_LOYALTY,
  loadFacts,
  measuresOf,
  MEASURES,
  nextTier,
  periodDays,
  sumTallies,
  weeklySeries,
  type LoadFacts,
  type LoyaltyConfig,
  type MeasureName,
  type Measures,
  type Partner,
  type PartnerTier,
  type Scorecard,
  type ScorecardPeriod,
  type SiteScorecards,
  type Tally,
  type TierBenefits,
  type TierChange,
} from '@dockwatch/shared';
import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../db/connect';
import type { PartnerKind } from '../db/schema';
import type { AuditRepository } from '../repositories/audit';
import type { CarrierRepository } from '../repositories/carriers';
import type { DayRow, LoadPlace, PartnerFilter, ScorecardRepository, TierChangeRow, TierRow } from '../repositories/scorecards';
import type { SweepLeaseRepository } from '../repositories/sweep-leases';
import type { WebhookRepository } from '../repositories/webhooks';

export interface ScorecardServiceDeps {
  db: Database;
  scorecards: ScorecardRepository;
  carriers: CarrierRepository;
  audit: AuditRepository;
  outbox: Pick<WebhookRepository, 'enqueue'> | null;
  /** Keeps the daily tier round to one instance; without it every instance runs it. */
  sweepLeases?: Pick<SweepLeaseRepository, 'claim'>;
}

/** The loads behind a scorecard's figures: the newest this many. */
const LOAD_LIST_LIMIT = 500;

const partnersOf = (place: LoadPlace): [PartnerKind, string][] => [
  ['carrier', place.carrierId],
  ['supplier', place.supplier],
];

const figures = (own: Tally, site: Tally): Measures => {
  const mine = measuresOf(own);
  const all = measuresOf(site);
  return Object.fromEntries(MEASURES.map((m) => [m, { value: mine[m].value, loads: mine[m].loads, siteAverage: all[m].value }])) as Measures;
};

const weekValues = (t: Tally): Record<MeasureName, number | null> => {
  const m = measuresOf(t);
  return Object.fromEntries(MEASURES.map((k) => [k, m[k].value])) as Record<MeasureName, number | null>;
};

const toPartnerTier = (row: TierRow, config: LoyaltyConfig): PartnerTier => ({
  siteId: row.siteId,
  tier: row.tier,
  score: row.score,
  since: row.since.toISOString(),
  reason: row.reason,
  reasonDetail: row.reasonDetail ?? null,
  benefits: benefitsOf(row.tier, config),
});

const loadOut = (f: LoadFacts) => ({ ...f, windowStart: new Date(f.windowStart).toISOString() });

/**
 * Keeps each load's scorecard facts, the daily rollups per partner and the partners' tiers in
 * step with what is recorded (inside the caller's transaction), and reads scorecards from the
 * rollups.
 */
export class ScorecardService {
  constructor(private readonly deps: ScorecardServiceDeps) {}

  /**
   * Recomputes a load's facts after a fact about it arrived (arrival, a lifecycle step, a
   * receipt or its undo) and refreshes the rollup rows it counts in, then its partners' tiers.
   */
  async recordShipment(tx: Executor, shipmentId: string, now: Date): Promise<void> {
    const { scorecards } = this.deps;
    const record = await scorecards.recordOf(tx, shipmentId);
    const before = await scorecards.placeOf(tx, shipmentId);
    const counts = record !== null && record.status !== 'cancelled' && (record.arrivedAt !== null || record.events.some((e) => e.type === 'exception'));
    let after: LoadPlace | null = null;
    if (counts) {
      const facts = loadFacts(record);
      await scorecards.saveFacts(tx, facts, now);
      after = facts;
    } else if (before) {
      await scorecards.deleteFacts(tx, shipmentId);
    }
    const touched = new Map<string, [string, PartnerKind, string, string]>();
    for (const place of [before, after]) {
      if (place === null) continue;
      for (const [kind, key] of partnersOf(place)) touched.set(`${place.siteId}|${kind}|${key}|${place.day}`, [place.siteId, kind, key, place.day]);
    }
    for (const [siteId, kind, key, day] of touched.values()) await scorecards.refreshDay(tx, siteId, kind, key, day);
    const partners = new Map([...touched.values()].map(([siteId, kind, key]) => [`${siteId}|${kind}|${key}`, [siteId, kind, key] as const]));
    if (partners.size === 0) return;
    const config = await this.loyalty(record?.siteId ?? before!.siteId, tx);
    for (const [siteId, kind, key] of partners.values()) await this.evaluateTier(tx, siteId, kind, key, config, now);
  }

  /** The site's loyalty programme, or the default one. */
  async loyalty(siteId: string, tx?: Executor): Promise<LoyaltyConfig> {
    return (await this.deps.scorecards.loyalty(siteId, tx))?.config ?? DEFAULT_LOYALTY;
  }

  /** Runs the hysteresis on the partner's rolling 90-day score; a change is stored, audited and sent by webhook. */
  async evaluateTier(tx: Executor, siteId: string, kind: PartnerKind, key: string, config: LoyaltyConfig, now: Date): Promise<TierChange | null> {
    const { scorecards } = this.deps;
    const current = await scorecards.lockTier(tx, siteId, kind, key);
    const { from, to } = periodDays('90d', now.getTime(), await this.#zoneOf(siteId, tx));
    const tally = sumTallies((await scorecards.days(kind, key, [siteId], from, to, tx)).map((d) => d.tally));
    const score = measuresOf(tally).score.value;
    const decision = nextTier(current?.tier ?? null, score, tally.loads, config);
    if (!decision.changed) {
      if (current && score !== null) await scorecards.saveTier(tx, { ...current, score });
      return null;
    }
    await scorecards.saveTier(tx, { siteId, partnerKind: kind, partnerKey: key, tier: decision.tier, score, since: now, reason: decision.reason, reasonDetail: decision.because });
    const change: TierChange = {
      siteId,
      partner: { kind, key, name: await this.#nameOf(kind, key, tx) },
      from: current?.tier ?? null,
      to: decision.tier,
      score: score!,
      reason: decision.reason,
      reasonDetail: decision.because,
      at: now.toISOString(),
    };
    await scorecards.addTierChange(tx, { siteId, partnerKind: kind, partnerKey: key, fromTier: change.from, toTier: change.to, score: change.score, reason: change.reason, reasonDetail: change.reasonDetail, at: now });
    await this.deps.audit.record(
      { actor: 'system', action: 'partner:tier-change', resourceType: kind, resourceId: kind === 'carrier' ? key : null, outcome: 'allowed', details: { siteId, partner: key, from: change.from, to: change.to, score: change.score, reason: change.reason, reasonDetail: change.reasonDetail } },
      now,
      tx,
    );
    await this.deps.outbox?.enqueue(tx, siteId, 'partner.tier_changed', change, now);
    return change;
  }

  /**
   * Every partner with loads at the site in 90 days or a tier there, evaluated again (after the
   * programme changed, and daily as the 90-day window moves on).
   */
  async reevaluateSite(tx: Executor, siteId: string, config: LoyaltyConfig, now: Date): Promise<TierChange[]> {
    const { from } = periodDays('90d', now.getTime(), await this.#zoneOf(siteId, tx));
    const partners = new Map<string, { partnerKind: PartnerKind; partnerKey: string }>();
    for (const p of [...(await this.deps.scorecards.partnersAt(tx, siteId, from)), ...(await this.deps.scorecards.tiersAt(siteId, tx))]) {
      partners.set(`${p.partnerKind}|${p.partnerKey}`, { partnerKind: p.partnerKind, partnerKey: p.partnerKey });
    }
    const changes: TierChange[] = [];
    for (const p of partners.values()) {
      const change = await this.evaluateTier(tx, siteId, p.partnerKind, p.partnerKey, config, now);
      if (change) changes.push(change);
    }
    return changes;
  }

  /**
   * Once a UTC day, on one instance (a lease named for the day): every site's tiers again. The
   * rolling 90-day score moves as old loads leave the window even when no new load arrives, so
   * a tier can rise or fall on a day without a delivery. One transaction per site.
   */
  async sweepTiers(now: Date): Promise<TierChange[] | null> {
    const day = now.toISOString().slice(0, 10);
    if (this.#tiersSweptOn === day) return null;
    const { sweepLeases } = this.deps;
    if (sweepLeases && !(await sweepLeases.claim(`scorecard-tiers:${day}`, this.#holder, 36 * 3_600_000))) {
      this.#tiersSweptOn = day;
      return null;
    }
    // A day early: each site's own 90 days start on its local day, at most a day from the UTC one.
    const from = addDays(periodDays('90d', now.getTime()).from, -1);
    const changes: TierChange[] = [];
    for (const siteId of await this.deps.scorecards.sitesWithPartners(from)) {
      const config = await this.loyalty(siteId);
      changes.push(...(await this.deps.db.transaction((tx) => this.reevaluateSite(tx, siteId, config, now))));
    }
    this.#tiersSweptOn = day;
    return changes;
  }

  #tiersSweptOn: string | null = null;
  readonly #holder = `scorecards:${randomUUID()}`;

  /**
   * Recomputes the rollup rows queued as stale (loads that moved to another day outside this
   * code, as the migration to site-local days did), a page per transaction, then the tiers of
   * the partners they belong to. Instances share the queue (locked rows are skipped). Returns
   * how many rows it recomputed.
   */
  async refreshStaleDays(now: Date, pageSize = 200): Promise<number> {
    const { scorecards } = this.deps;
    let done = 0;
    for (;;) {
      const page = await this.deps.db.transaction(async (tx) => {
        const rows = await scorecards.claimStaleDays(tx, pageSize);
        const partners = new Map<string, [string, PartnerKind, string]>();
        for (const row of rows) {
          await scorecards.refreshDay(tx, row.siteId, row.partnerKind, row.partnerKey, row.day);
          await scorecards.clearStaleDay(tx, row);
          partners.set(`${row.siteId}|${row.partnerKind}|${row.partnerKey}`, [row.siteId, row.partnerKind, row.partnerKey]);
        }
        const configs = new Map<string, LoyaltyConfig>();
        for (const [siteId, kind, key] of partners.values()) {
          if (!configs.has(siteId)) configs.set(siteId, await this.loyalty(siteId, tx));
          await this.evaluateTier(tx, siteId, kind, key, configs.get(siteId)!, now);
        }
        return rows.length;
      });
      done += page;
      if (page < pageSize) return done;
    }
  }

  /** A site's IANA time zone (a site's zone never changes, so it is kept once read). */
  async #zoneOf(siteId: string, tx?: Executor): Promise<string> {
    let zone = this.#zones.get(siteId);
    if (zone === undefined) {
      zone = (await this.deps.scorecards.zonesOf([siteId], tx)).get(siteId) ?? 'UTC';
      this.#zones.set(siteId, zone);
    }
    return zone;
  }

  /** The zone a scorecard over several sites counts days in: theirs when they share one, UTC otherwise. */
  async #zoneAcross(siteIds: readonly string[] | null): Promise<string> {
    if (siteIds?.length === 1) return this.#zoneOf(siteIds[0]!);
    const zones = new Set((await this.deps.scorecards.zonesOf(siteIds)).values());
    return zones.size === 1 ? [...zones][0]! : 'UTC';
  }

  readonly #zones = new Map<string, string>();

  /** What the tiers of a site earn each load: the better of its carrier's and its supplier's. */
  async benefitsAt(siteId: string, tx: Executor): Promise<(carrierId: string, supplier: string) => TierBenefits> {
    const config = await this.loyalty(siteId, tx);
    const tiers = new Map((await this.deps.scorecards.tiersAt(siteId, tx)).map((t) => [`${t.partnerKind}|${t.partnerKey}`, t.tier]));
    return (carrierId, supplier) => combineBenefits(benefitsOf(tiers.get(`carrier|${carrierId}`) ?? null, config), benefitsOf(tiers.get(`supplier|${supplier}`) ?? null, config));
  }

  /** The partners whose tier earns their loads each board-side benefit at the site (carrier ids and supplier names). */
  async benefitPartnersAt(siteId: string): Promise<Record<'priority' | 'oneTapReceipt', { carrierIds: string[]; suppliers: string[] }>> {
    const config = await this.loyalty(siteId);
    const tiers = (await this.deps.scorecards.tiersAt(siteId)).map((t) => ({ ...t, benefits: benefitsOf(t.tier, config) }));
    const partners = (has: (b: Required<TierBenefits>) => boolean) => {
      const holding = tiers.filter((t) => has(t.benefits));
      return { carrierIds: holding.filter((t) => t.partnerKind === 'carrier').map((t) => t.partnerKey), suppliers: holding.filter((t) => t.partnerKind === 'supplier').map((t) => t.partnerKey) };
    };
    return { priority: partners((b) => b.arrivalPriority), oneTapReceipt: partners((b) => b.oneTapReceipt) };
  }

  async #nameOf(kind: PartnerKind, key: string, tx?: Executor): Promise<string> {
    if (kind === 'supplier') return key;
    return (await this.deps.carriers.get(key, tx))?.name ?? key;
  }

  /** Every partner of a site in a period, with the site average, read from the rollups. */
  async siteScorecards(siteId: string, period: ScorecardPeriod, now: number): Promise<SiteScorecards> {
    const { scorecards } = this.deps;
    const { from, to } = periodDays(period, now, await this.#zoneOf(siteId));
    const config = await this.loyalty(siteId);
    const tiers = new Map((await scorecards.tiersAt(siteId)).map((t) => [`${t.partnerKind}|${t.partnerKey}`, t]));
    const weeks = weeklySeries([], from, to).map((w) => w.week);
    const partners: SiteScorecards['partners'] = [];
    const carrierNames = new Map((await this.deps.carriers.list()).map((c) => [c.id, c.name]));
    let siteTally: Tally | null = null;
    for (const kind of ['carrier', 'supplier'] as const) {
      const rows = await scorecards.days(kind, null, [siteId], from, to);
      const byPartner = new Map<string, DayRow[]>();
      for (const r of rows) byPartner.set(r.partnerKey, [...(byPartner.get(r.partnerKey) ?? []), r]);
      const all = sumTallies(rows.map((r) => r.tally));
      // Every load counts once for its carrier and once for its supplier: the site average is either side's sum.
      siteTally ??= all;
      for (const [key, days] of byPartner) {
        const tier = tiers.get(`${kind}|${key}`);
        partners.push({
          partner: { kind, key, name: kind === 'carrier' ? (carrierNames.get(key) ?? key) : key },
          tier: tier ? toPartnerTier(tier, config) : null,
          measures: figures(sumTallies(days.map((d) => d.tally)), all),
          trend: weeklySeries(days, from, to).map((w) => measuresOf(w.tally).score.value),
        });
      }
    }
    const average = siteTally ?? sumTallies([]);
    partners.sort((a, b) => (b.measures.score.value ?? -1) - (a.measures.score.value ?? -1) || a.partner.name.localeCompare(b.partner.name));
    return { siteId, period, from, to, weeks, siteAverage: figures(average, average), partners };
  }

  /** One partner's scorecard over the sites in the filter, beside those sites' average. */
  async partnerScorecard(filter: PartnerFilter, period: ScorecardPeriod, now: number): Promise<Scorecard> {
    const { scorecards } = this.deps;
    const { from, to } = periodDays(period, now, await this.#zoneAcross(filter.siteIds));
    const own = await scorecards.days(filter.kind, filter.key, filter.siteIds, from, to);
    const siteIds = [...new Set(own.map((d) => d.siteId))].sort();
    const everyone = siteIds.length === 0 ? [] : await scorecards.days(filter.kind, null, siteIds, from, to);
    const tally = sumTallies(own.map((d) => d.tally));
    const partner: Partner = { kind: filter.kind, key: filter.key, name: await this.#nameOf(filter.kind, filter.key) };
    const tierRows = await scorecards.tiersOf(filter);
    const tiers: PartnerTier[] = [];
    for (const row of tierRows) tiers.push(toPartnerTier(row, await this.loyalty(row.siteId)));
    const toChange = (c: TierChangeRow): TierChange => ({ siteId: c.siteId, partner, from: c.fromTier, to: c.toTier, score: c.score, reason: c.reason, reasonDetail: c.reasonDetail ?? null, at: c.at.toISOString() });
    return {
      partner,
      period,
      from,
      to,
      siteIds,
      measures: figures(tally, sumTallies(everyone.map((d) => d.tally))),
      distribution: tally.offsets,
      weeks: weeklySeries(own, from, to).map((w) => ({ week: w.week, loads: w.tally.loads, values: weekValues(w.tally) })),
      tiers,
      tierChanges: (await scorecards.tierChanges(filter, 50)).map(toChange),
      loads: (await scorecards.loads(filter, from, to, LOAD_LIST_LIMIT)).map(loadOut),
    };
  }
}
