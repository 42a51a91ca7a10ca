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
    { name: 'gold', minScore: 90, benefits: { earlyArrivalToleranceMinutes: 24 * 60, arrivalPriority: true } },
    { name: 'silver', minScore: 75, benefits: { earlyArrivalToleranceMinutes: 60, arrivalPriority: false } },
    { name: 'bronze', minScore: 0, benefits: { earlyArrivalToleranceMinutes: null, arrivalPriority: false } },
  ],
  marginPoints: 3,
  minLoads: 5,
};

export const NO_BENEFITS: TierBenefits = { earlyArrivalToleranceMinutes: null, arrivalPriority: false };

const ranked = (config: LoyaltyConfig) => [...config.tiers].sort((a, b) => b.minScore - a.minScore);

/** The tier a score falls in without hysteresis (null below every tier). */
export function plainTier(score: number, config: LoyaltyConfig): string | null {
  return ranked(config).find((t) => score >= t.minScore)?.name ?? null;
}

export interface TierDecision {
  tier: string | null;
  changed: boolean;
  /** Why, in words a partner reads (English; the client words it from the figures). */
  reason: string;
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * The tier after a new score, with hysteresis: a partner moves up only to a tier whose threshold
 * it passes by `marginPoints`, and down only once it falls `marginPoints` below its own tier's
 * threshold (then to the tier its score falls in). A first tier is the plain one. With fewer than
 * `minLoads` loads, or no score, nothing changes.
 */
export function nextTier(current: string | null, score: number | null, loads: number, config: LoyaltyConfig): TierDecision {
  const keep = (reason: string): TierDecision => ({ tier: current, changed: false, reason });
  if (score === null || loads < config.minLoads) return keep(`${loads} loads in 90 days, fewer than the ${config.minLoads} a tier needs`);
  const tiers = ranked(config);
  const index = current === null ? -1 : tiers.findIndex((t) => t.name === current);
  if (index === -1) {
    const tier = plainTier(score, config);
    return { tier, changed: tier !== current, reason: tier === null ? `score ${fmt(score)} is below every tier` : `score ${fmt(score)} reaches ${tier} (from ${tiers.find((t) => t.name === tier)!.minScore})` };
  }
  const own = tiers[index]!;
  const up = tiers.slice(0, index).find((t) => score >= t.minScore + config.marginPoints);
  if (up) return { tier: up.name, changed: true, reason: `score ${fmt(score)} passed the ${up.name} threshold ${up.minScore} by the margin of ${config.marginPoints}` };
  if (score < own.minScore - config.marginPoints) {
    const tier = plainTier(score, config);
    return { tier, changed: true, reason: `score ${fmt(score)} fell below the ${own.name} threshold ${own.minScore} by more than the margin of ${config.marginPoints}` };
  }
  return keep(`score ${fmt(score)} keeps ${own.name}`);
}

/** A tier's benefits; none for no tier or a tier the configuration no longer has. */
export function benefitsOf(tier: string | null, config: LoyaltyConfig): TierBenefits {
  return config.tiers.find((t) => t.name === tier)?.benefits ?? NO_BENEFITS;
}

/** A load gets the better of what its carrier's and its supplier's tiers earn. */
export function combineBenefits(a: TierBenefits, b: TierBenefits): TierBenefits {
  const tolerances = [a.earlyArrivalToleranceMinutes, b.earlyArrivalToleranceMinutes].filter((t): t is number => t !== null);
  return { earlyArrivalToleranceMinutes: tolerances.length ? Math.max(...tolerances) : null, arrivalPriority: a.arrivalPriority || b.arrivalPriority };
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
