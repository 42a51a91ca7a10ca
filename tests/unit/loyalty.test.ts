import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benefitsOf, combineBenefits, DEFAULT_ALERT_SETTINGS, DEFAULT_LOYALTY, loyaltyProblems, nextTier, plainTier, settingsWithBenefits, type LoyaltyConfig } from '@dockwatch/shared';

const config = DEFAULT_LOYALTY;
const threshold = (c: LoyaltyConfig, name: string | null) => c.tiers.find((t) => t.name === name)?.minScore ?? Number.NEGATIVE_INFINITY;

const configs = fc
  .record({
    thresholds: fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 4 }),
    marginPoints: fc.integer({ min: 0, max: 10 }),
  })
  .map(({ thresholds, marginPoints }): LoyaltyConfig => ({
    tiers: thresholds.map((minScore, i) => ({ name: `t${i}`, minScore, benefits: { earlyArrivalToleranceMinutes: null, arrivalPriority: false } })),
    marginPoints,
    minLoads: 5,
  }));

describe('loyalty tiers', () => {
  it('gives a first tier by plain threshold, then moves only past a threshold by the margin', () => {
    expect(nextTier(null, 91, 10, config)).toMatchObject({ tier: 'gold', changed: true });
    expect(nextTier(null, 80, 10, config).tier).toBe('silver');
    // Silver at 91: not yet past 90 + 3.
    expect(nextTier('silver', 91, 10, config)).toMatchObject({ tier: 'silver', changed: false });
    expect(nextTier('silver', 93, 10, config)).toMatchObject({ tier: 'gold', changed: true });
    // Gold at 88: not yet 3 below 90.
    expect(nextTier('gold', 88, 10, config)).toMatchObject({ tier: 'gold', changed: false });
    const down = nextTier('gold', 86.9, 10, config);
    expect(down).toMatchObject({ tier: 'silver', changed: true });
    expect(down.reason).toMatch(/fell below the gold threshold 90/);
  });

  it('gives each decision its reason as figures a screen can word in any language, and the same in English', () => {
    expect(nextTier(null, 91, 10, config).because).toEqual({ code: 'reaches', score: 91, tier: 'gold', threshold: 90 });
    expect(nextTier('silver', 93, 10, config).because).toEqual({ code: 'passed', score: 93, tier: 'gold', threshold: 90, margin: 3 });
    expect(nextTier('gold', 86.9, 10, config).because).toEqual({ code: 'fell_below', score: 86.9, tier: 'gold', threshold: 90, margin: 3 });
    expect(nextTier('gold', 88, 10, config).because).toEqual({ code: 'keeps', score: 88, tier: 'gold' });
    expect(nextTier('gold', 10, 4, config).because).toEqual({ code: 'too_few_loads', loads: 4, minLoads: 5 });
    const below = nextTier(null, 10, 10, { ...config, tiers: config.tiers.filter((t) => t.minScore > 50) });
    expect(below).toMatchObject({ tier: null, because: { code: 'below_every_tier', score: 10 }, reason: 'score 10 is below every tier' });
    expect(nextTier('silver', 93, 10, config).reason).toBe('score 93 passed the gold threshold 90 by the margin of 3');
  });

  it('leaves the tier alone with too few loads or no score', () => {
    expect(nextTier('gold', 10, 4, config)).toMatchObject({ tier: 'gold', changed: false });
    expect(nextTier(null, null, 50, config)).toMatchObject({ tier: null, changed: false });
  });

  it('never changes a tier without crossing its threshold by the margin', () => {
    fc.assert(
      fc.property(configs, fc.double({ min: 0, max: 100, noNaN: true }), fc.nat(3), (c, score, pick) => {
        const current = c.tiers[pick % c.tiers.length]!.name;
        const d = nextTier(current, score, 10, c);
        if (!d.changed) return;
        if (threshold(c, d.tier) > threshold(c, current)) expect(score).toBeGreaterThanOrEqual(threshold(c, d.tier) + c.marginPoints);
        else expect(score).toBeLessThan(threshold(c, current) - c.marginPoints);
      }),
    );
  });

  it('is stable: the same score again changes nothing (no flapping)', () => {
    fc.assert(
      fc.property(configs, fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 }), (c, scores) => {
        let tier: string | null = null;
        for (const score of scores) {
          tier = nextTier(tier, score, 10, c).tier;
          expect(nextTier(tier, score, 10, c).changed).toBe(false);
        }
      }),
    );
  });

  it('lands a demoted partner in the tier its score falls in', () => {
    fc.assert(
      fc.property(configs, fc.double({ min: 0, max: 100, noNaN: true }), fc.nat(3), (c, score, pick) => {
        const current = c.tiers[pick % c.tiers.length]!.name;
        const d = nextTier(current, score, 10, c);
        if (d.changed && threshold(c, d.tier) < threshold(c, current)) expect(d.tier).toBe(plainTier(score, c));
      }),
    );
  });

  it('widens the early-arrival tolerance for a tier that earns it, never narrows it', () => {
    const gold = config.tiers[0]!.benefits;
    expect(settingsWithBenefits(DEFAULT_ALERT_SETTINGS, gold).earlyArrivalToleranceMinutes).toBe(24 * 60);
    expect(settingsWithBenefits(DEFAULT_ALERT_SETTINGS, { earlyArrivalToleranceMinutes: 5, arrivalPriority: false })).toBe(DEFAULT_ALERT_SETTINGS);
    expect(combineBenefits(gold, config.tiers[2]!.benefits)).toEqual(gold);
  });

  it("gives a load the one-tap receipt when its carrier's or its supplier's tier earns it, and none from a programme stored before the benefit", () => {
    const none = { earlyArrivalToleranceMinutes: null, arrivalPriority: false };
    expect(combineBenefits(none, { ...none, oneTapReceipt: true }).oneTapReceipt).toBe(true);
    expect(combineBenefits({ ...none, oneTapReceipt: false }, none).oneTapReceipt).toBe(false);
    expect(benefitsOf('old', { ...config, tiers: [{ name: 'old', minScore: 0, benefits: none }] })).toEqual({ ...none, oneTapReceipt: false });
    expect(benefitsOf('gone', DEFAULT_LOYALTY)).toEqual({ ...none, oneTapReceipt: false });
    expect(benefitsOf('gold', DEFAULT_LOYALTY).oneTapReceipt).toBe(true);
  });

  it('refuses duplicate tier names and thresholds', () => {
    expect(loyaltyProblems(config)).toEqual([]);
    expect(loyaltyProblems({ ...config, tiers: [config.tiers[0]!, { ...config.tiers[1]!, name: 'gold' }] })).toEqual(['Tier names must be unique']);
    expect(loyaltyProblems({ ...config, tiers: [config.tiers[0]!, { ...config.tiers[1]!, minScore: 90 }] })).toEqual(['Tier thresholds (minScore) must differ']);
  });
});
