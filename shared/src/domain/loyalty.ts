/**
 * Loyalty tiers: a site's thresholds turn a partner's rolling 90-day score into a tier, with a
 * hysteresis margin so a score wavering at a threshold does not flap; the tier's benefits change
 * what the product does for that partner's loads.
 */
import type { AlertSettings } from './alerts';

/** What a tier earns its partners at the site. */
export interface TierBenefits {
  /** Early-arrival tolerance in minutes instead of the site's (no `early_arrival` alert inside it); null: the site's. */
  earlyArrivalToleranceMinutes: number | null;
  /** Its loads go first in the clerks' arrivals queue and carry a badge. */
  arrivalPriority: boolean;
  /**
   * Received books its loads as announced with one tap (undoable for 5 minutes) instead of the
   * line-by-line count the clerk confirms for everyone else; the count stays one click away.
   * Missing in a programme stored before it: false.
   */
  oneTapReceipt?: boolean;
}

export interface LoyaltyTier {
  name: string;
  /** The tier holds from this 90-day score (0–100) up. */
  minScore: number;
  benefits: TierBenefits;
}

export interface LoyaltyConfig {
  /** Highest first or in any order: tiers are ranked by `minScore`. */
  tiers: LoyaltyTier[];
  /** Score points a partner must pass a threshold by to change tier (both ways). Default 3. */
  marginPoints: number;
  /** A partner with fewer loads in 90 days keeps its tier (or gets none). Default 5. */
  minLoads: number;
}

export const DEFAULT_LOYALTY: LoyaltyConfig = {
  tiers: [
    { name: 'gold', minScore: 90, benefits: { earlyArrivalToleranceMinutes: 24 * 60, arrivalPriority: true, oneTapReceipt: true } },
    { name: 'silver', minScore: 75, benefits: { earlyArrivalToleranceMinutes: 60, arrivalPriority: false, oneTapReceipt: false } },
    { name: 'bronze', minScore: 0, benefits: { earlyArrivalToleranceMinutes: null, arrivalPriority: false, oneTapReceipt: false } },
  ],
  marginPoints: 3,
  minLoads: 5,
};

export const NO_BENEFITS: Required<TierBenefits> = { earlyArrivalToleranceMinutes: null, arrivalPriority: false, oneTapReceipt: false };

const ranked = (config: LoyaltyConfig) => [...config.tiers].sort((a, b) => b.minScore - a.minScore);

/** The tier a score falls in without hysteresis (null below every tier). */
export function plainTier(score: number, config: LoyaltyConfig): string | null {
  return ranked(config).find((t) => score >= t.minScore)?.name ?? null;
}

/**
 * Why a tier is what it is, as figures: each screen words it in its own language; `reason` is
 * the English wording for the audit log and webhooks.
 */
export type TierReason =
  | { code: 'too_few_loads'; loads: number; minLoads: number }
  | { code: 'below_every_tier'; score: number }
  | { code: 'reaches'; score: number; tier: string; threshold: number }
  | { code: 'passed'; score: number; tier: string; threshold: number; margin: number }
  | { code: 'fell_below'; score: number; tier: string; threshold: number; margin: number }
  | { code: 'keeps'; score: number; tier: string };

export interface TierDecision {
  tier: string | null;
  changed: boolean;
  because: TierReason;
  /** `because` in English words (the audit log, webhooks). */
  reason: string;
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** A tier reason in English words, e.g. `score 93.4 passed the gold threshold 90 by the margin of 3`. */
export function tierReasonText(because: TierReason): string {
  switch (because.code) {
    case 'too_few_loads':
      return `${because.loads} loads in 90 days, fewer than the ${because.minLoads} a tier needs`;
    case 'below_every_tier':
      return `score ${fmt(because.score)} is below every tier`;
    case 'reaches':
      return `score ${fmt(because.score)} reaches ${because.tier} (from ${because.threshold})`;
    case 'passed':
      return `score ${fmt(because.score)} passed the ${because.tier} threshold ${because.threshold} by the margin of ${because.margin}`;
    case 'fell_below':
      return `score ${fmt(because.score)} fell below the ${because.tier} threshold ${because.threshold} by more than the margin of ${because.margin}`;
    case 'keeps':
      return `score ${fmt(because.score)} keeps ${because.tier}`;
  }
}

const decide = (tier: string | null, changed: boolean, because: TierReason): TierDecision => ({ tier, changed, because, reason: tierReasonText(because) });

/**
 * The tier after a new score, with hysteresis: a partner moves up only to a tier whose threshold
 * it passes by `marginPoints`, and down only once it falls `marginPoints` below its own tier's
 * threshold (then to the tier its score falls in). A first tier is the plain one. With fewer than
 * `minLoads` loads, or no score, nothing changes.
 */
export function nextTier(current: string | null, score: number | null, loads: number, config: LoyaltyConfig): TierDecision {
  if (score === null || loads < config.minLoads) return decide(current, false, { code: 'too_few_loads', loads, minLoads: config.minLoads });
  const tiers = ranked(config);
  const index = current === null ? -1 : tiers.findIndex((t) => t.name === current);
  if (index === -1) {
    const tier = plainTier(score, config);
    return decide(tier, tier !== current, tier === null ? { code: 'below_every_tier', score } : { code: 'reaches', score, tier, threshold: tiers.find((t) => t.name === tier)!.minScore });
  }
  const own = tiers[index]!;
  const margin = config.marginPoints;
  const up = tiers.slice(0, index).find((t) => score >= t.minScore + margin);
  if (up) return decide(up.name, true, { code: 'passed', score, tier: up.name, threshold: up.minScore, margin });
  if (score < own.minScore - margin) return decide(plainTier(score, config), true, { code: 'fell_below', score, tier: own.name, threshold: own.minScore, margin });
  return decide(current, false, { code: 'keeps', score, tier: own.name });
}

/** A tier's benefits; none for no tier or a tier the configuration no longer has. */
export function benefitsOf(tier: string | null, config: LoyaltyConfig): Required<TierBenefits> {
  return { ...NO_BENEFITS, ...config.tiers.find((t) => t.name === tier)?.benefits };
}

/** A load gets the better of what its carrier's and its supplier's tiers earn. */
export function combineBenefits(a: TierBenefits, b: TierBenefits): TierBenefits {
  const tolerances = [a.earlyArrivalToleranceMinutes, b.earlyArrivalToleranceMinutes].filter((t): t is number => t !== null);
  return {
    earlyArrivalToleranceMinutes: tolerances.length ? Math.max(...tolerances) : null,
    arrivalPriority: a.arrivalPriority || b.arrivalPriority,
    oneTapReceipt: Boolean(a.oneTapReceipt || b.oneTapReceipt),
  };
}

/** The site's alert thresholds as they apply to a load with these benefits: never stricter than the site's. */
export function settingsWithBenefits(settings: AlertSettings, benefits: TierBenefits): AlertSettings {
  const tolerance = benefits.earlyArrivalToleranceMinutes;
  if (tolerance === null || tolerance <= settings.earlyArrivalToleranceMinutes) return settings;
  return { ...settings, earlyArrivalToleranceMinutes: tolerance };
}

/** Problems with a loyalty configuration a planner sends (empty: fine). */
export function loyaltyProblems(config: LoyaltyConfig): string[] {
  const problems: string[] = [];
  const names = config.tiers.map((t) => t.name);
  if (new Set(names).size !== names.length) problems.push('Tier names must be unique');
  const scores = config.tiers.map((t) => t.minScore);
  if (new Set(scores).size !== scores.length) problems.push('Tier thresholds (minScore) must differ');
  return problems;
}
