import { Type, type Static } from '@sinclair/typebox';
import { ACCURACY_LEAD_MINUTES, ACCURATE_WITHIN_MIN } from '../domain/eta-accuracy';
import { Id, IsoDateTime } from './common';

const minutesOrNull = (description: string) => Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description });

/** How far off the ETA was at one lead time before arrival. */
export const LeadAccuracySchema = Type.Object(
  {
    n: Type.Integer({ minimum: 0, description: 'Arrivals scored: those with an ETA on record at this lead time.' }),
    medianAbsMin: minutesOrNull('Median absolute ETA error, minutes; null when n is 0.'),
    p90AbsMin: minutesOrNull('90th percentile of the absolute ETA error, minutes; null when n is 0.'),
    within15Share: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description: `Share (0–1) of ETAs within ±${ACCURATE_WITHIN_MIN} min of the arrival; null when n is 0.`,
    }),
  },
  { title: 'LeadAccuracy' },
);

/** Per lead time (minutes before arrival, as keys `"120"`, `"60"`, `"30"`, `"15"`). */
export const EtaAccuracyPeriod = Type.Object(
  Object.fromEntries(ACCURACY_LEAD_MINUTES.map((lead) => [String(lead), LeadAccuracySchema])) as Record<`${(typeof ACCURACY_LEAD_MINUTES)[number]}`, typeof LeadAccuracySchema>,
  { title: 'EtaAccuracyPeriod', description: 'ETA error by lead time (minutes before the actual arrival).' },
);

/** Lookback periods the accuracy is reported over, in days. */
export const ACCURACY_PERIOD_DAYS = { '7d': 7, '30d': 30 } as const;
export type AccuracyPeriod = keyof typeof ACCURACY_PERIOD_DAYS;

/** `GET /api/v1/sites/:siteId/eta-accuracy`: how far off the site's ETAs were on its completed arrivals. */
export const EtaAccuracy = Type.Object(
  {
    siteId: Id,
    generatedAt: IsoDateTime,
    periods: Type.Object(
      { '7d': EtaAccuracyPeriod, '30d': EtaAccuracyPeriod },
      { description: 'Arrivals of the last 7 and 30 days (by arrival time, up to generatedAt).' },
    ),
  },
  { title: 'EtaAccuracy' },
);
export type EtaAccuracy = Static<typeof EtaAccuracy>;
