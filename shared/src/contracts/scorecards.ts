import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { MEASURES, OFFSET_BUCKETS, SCORECARD_PERIODS, type MeasureName, type OffsetBucket } from '../domain/scorecard';
import { Id, IsoDateTime, stringEnum } from './common';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const byName = <T extends TSchema>(names: readonly string[], schema: T, description: string) =>
  Type.Object(Object.fromEntries(names.map((n) => [n, schema])), { additionalProperties: false, description }) as TObject<Record<string, T>>;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: "A calendar day in the site's time zone, `YYYY-MM-DD` (across sites in different zones, UTC)." });

export const ScorecardQuery = Type.Object(
  {
    period: Type.Optional(stringEnum(SCORECARD_PERIODS, 'The last 7 (`week`), 30 or 90 days up to today in the site\'s time zone. Default `30d`.')),
    siteId: Type.Optional(Type.String({ format: 'uuid', description: 'Only this site (partner scorecards; default every site the caller may see).' })),
  },
  { additionalProperties: false },
);
export type ScorecardQuery = Static<typeof ScorecardQuery>;

export const SupplierParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export const MeasureFigure = Type.Object({
  value: Nullable(Type.Number({ description: 'Shares are 0–1, minutes are minutes, the score 0–100; null without a load to judge by.' })),
  loads: Type.Integer({ description: 'How many loads the figure is judged by.' }),
  siteAverage: Nullable(Type.Number({ description: "The same measure over every partner's loads at the site(s) in the period." })),
});
export type MeasureFigure = Static<typeof MeasureFigure>;

export const Measures = byName(MEASURES, MeasureFigure, 'Every measure by name; see the README for definitions.');
export type Measures = Record<MeasureName, MeasureFigure>;

const PartnerKind = stringEnum(['carrier', 'supplier'] as const, 'A carrier (by id) or a supplier (by name, as on shipments).');
export const Partner = Type.Object({ kind: PartnerKind, key: Type.String({ description: 'Carrier id, or the supplier name.' }), name: Type.String() });
export type Partner = Static<typeof Partner>;

export const TierBenefitsSchema = Type.Object(
  {
    earlyArrivalToleranceMinutes: Nullable(Type.Number({ minimum: 0, maximum: 7 * 24 * 60, description: "Early-arrival tolerance instead of the site's (no early_arrival alert inside it); null: the site's." })),
    arrivalPriority: Type.Boolean({ description: "Loads go first in the clerks' arrivals queue, with a badge." }),
    oneTapReceipt: Type.Optional(
      Type.Boolean({ description: "Received books the loads as announced with one tap (undoable for 5 min) instead of the clerk's line-by-line count. Default false." }),
    ),
  },
  { additionalProperties: false },
);

export const LoyaltyTierSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\p{L}\\p{N} _-]+$' }),
    minScore: Type.Number({ minimum: 0, maximum: 100, description: 'The tier holds from this rolling 90-day score up.' }),
    benefits: TierBenefitsSchema,
  },
  { additionalProperties: false },
);

export const LoyaltyConfigSchema = Type.Object(
  {
    tiers: Type.Array(LoyaltyTierSchema, { minItems: 1, maxItems: 10 }),
    marginPoints: Type.Number({ minimum: 0, maximum: 20, description: 'Hysteresis: score points past a threshold (either way) before the tier changes.' }),
    minLoads: Type.Integer({ minimum: 1, maximum: 10_000, description: 'Loads in 90 days a partner needs before its tier moves.' }),
  },
  { additionalProperties: false, title: 'LoyaltyConfig' },
);

export const Loyalty = Type.Object({ siteId: Id, config: LoyaltyConfigSchema, updatedAt: Nullable(IsoDateTime) }, { title: 'Loyalty' });
export type Loyalty = Static<typeof Loyalty>;

const TierReasonSchema = Type.Union(
  [
    Type.Object({ code: Type.Literal('too_few_loads'), loads: Type.Integer(), minLoads: Type.Integer() }),
    Type.Object({ code: Type.Literal('below_every_tier'), score: Type.Number() }),
    Type.Object({ code: Type.Literal('reaches'), score: Type.Number(), tier: Type.String(), threshold: Type.Number() }),
    Type.Object({ code: Type.Literal('passed'), score: Type.Number(), tier: Type.String(), threshold: Type.Number(), margin: Type.Number() }),
    Type.Object({ code: Type.Literal('fell_below'), score: Type.Number(), tier: Type.String(), threshold: Type.Number(), margin: Type.Number() }),
    Type.Object({ code: Type.Literal('keeps'), score: Type.Number(), tier: Type.String() }),
  ],
  {
    description:
      'Why, as figures a screen words in its language: `passed` moved up past `tier`\'s `threshold` by `margin`, `fell_below` fell more than `margin` below its own `tier`\'s `threshold`, `reaches` is a first tier, `too_few_loads` keeps the tier. Null on changes recorded before it existed.',
  },
);

export const PartnerTier = Type.Object({
  siteId: Id,
  tier: Nullable(Type.String()),
  score: Nullable(Type.Number()),
  since: IsoDateTime,
  reason: Type.String({ description: 'The last change\'s reason in English.' }),
  reasonDetail: Nullable(TierReasonSchema),
  benefits: TierBenefitsSchema,
});
export type PartnerTier = Static<typeof PartnerTier>;

export const TierChange = Type.Object({
  siteId: Id,
  partner: Partner,
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  score: Type.Number(),
  reason: Type.String({ description: 'In English.' }),
  reasonDetail: Nullable(TierReasonSchema),
  at: IsoDateTime,
});
export type TierChange = Static<typeof TierChange>;

export const ScorecardLoad = Type.Object({
  shipmentId: Id,
  reference: Type.String(),
  siteId: Id,
  carrierId: Id,
  supplier: Type.String(),
  day: Day,
  windowStart: IsoDateTime,
  arrived: Type.Boolean(),
  offsetMinutes: Nullable(Type.Number({ description: 'Minutes outside the window at arrival: negative early, positive late, 0 inside.' })),
  inFull: Nullable(Type.Boolean()),
  short: Type.Boolean(),
  tracked: Nullable(Type.Boolean()),
  neverTracked: Nullable(Type.Boolean()),
  medianPingGapMinutes: Nullable(Type.Number()),
  noticeMinutes: Nullable(Type.Number()),
  etaErrorMinutes: Nullable(Type.Number()),
  yardMinutes: Nullable(Type.Number()),
  plantWaitMinutes: Nullable(Type.Number()),
  dockMinutes: Nullable(Type.Number()),
  exception: Type.Boolean(),
});
export type ScorecardLoad = Static<typeof ScorecardLoad>;

const WeeklyValues = byName(MEASURES, Nullable(Type.Number()), 'Each measure for the week.');
export const ScorecardWeek = Type.Object({ week: Day, loads: Type.Integer(), values: WeeklyValues });
export type ScorecardWeek = Omit<Static<typeof ScorecardWeek>, 'values'> & { values: Record<MeasureName, number | null> };

const Distribution = byName(
  OFFSET_BUCKETS.map((b) => b.key),
  Type.Integer(),
  'Arrivals by minutes outside the window: early_120 (more than 120 min early) … in_window … late_120.',
);

export const Scorecard = Type.Object(
  {
    partner: Partner,
    period: stringEnum(SCORECARD_PERIODS, 'The period.'),
    from: Day,
    to: Day,
    siteIds: Type.Array(Id, { description: 'The sites the figures and the site average cover.' }),
    measures: Measures,
    distribution: Distribution,
    weeks: Type.Array(ScorecardWeek, { description: 'Oldest first: the charts by week.' }),
    tiers: Type.Array(PartnerTier, { description: 'Its tier at each site (none before its first evaluation).' }),
    tierChanges: Type.Array(TierChange, { description: 'Newest first, with the reason.' }),
    loads: Type.Array(ScorecardLoad, { description: 'The loads behind the figures, newest first (at most 500).' }),
  },
  { title: 'Scorecard' },
);
export type Scorecard = Omit<Static<typeof Scorecard>, 'measures' | 'distribution' | 'weeks'> & {
  measures: Measures;
  distribution: Record<OffsetBucket, number>;
  weeks: ScorecardWeek[];
};

export const SiteScorecardRow = Type.Object({
  partner: Partner,
  tier: Nullable(PartnerTier),
  measures: Measures,
  trend: Type.Array(Nullable(Type.Number()), { description: 'The score by week, oldest first (the sparkline).' }),
});
export type SiteScorecardRow = Omit<Static<typeof SiteScorecardRow>, 'measures'> & { measures: Measures };

export const SiteScorecards = Type.Object(
  {
    siteId: Id,
    period: stringEnum(SCORECARD_PERIODS, 'The period.'),
    from: Day,
    to: Day,
    weeks: Type.Array(Day, { description: 'The weeks of `trend`, oldest first.' }),
    siteAverage: Measures,
    partners: Type.Array(SiteScorecardRow),
  },
  { title: 'SiteScorecards' },
);
export type SiteScorecards = Omit<Static<typeof SiteScorecards>, 'partners' | 'siteAverage'> & { partners: SiteScorecardRow[]; siteAverage: Measures };
