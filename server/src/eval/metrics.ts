import type { JourneyResult } from './replay';
import { LEAD_MINUTES, SCENARIO_NAMES, type ScenarioName } from './scenarios';

export interface EtaFigures {
  n: number;
  medianAbsMin: number | null;
  p90AbsMin: number | null;
  within15Share: number | null;
}

export interface ScenarioFigures {
  n: number;
  anyLatePredictedShare: number;
  notificationsPerJourney: number;
  /** Journeys tracked from at least 30 min before the window end. */
  eligible: number;
  alerted30Share: number | null;
  wrongAllClearShare: number | null;
}

export interface ModelFigures {
  eta: Record<string, EtaFigures>;
  /** Share of band samples that held the actual arrival (0–1); null for a model without a band. */
  bandCoverage: number | null;
  bandSamples: number;
  scenarios: Record<ScenarioName, ScenarioFigures>;
}

/** The q-quantile (0–1) of sorted values, linear between neighbours. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const share = (count: number, of: number) => (of === 0 ? null : count / of);
const LATE: readonly ScenarioName[] = ['late15', 'late60'];

/** The figures `pnpm eval:eta` reports, from the replayed journeys. */
export function summarize(results: readonly JourneyResult[]): ModelFigures {
  const eta: Record<string, EtaFigures> = {};
  for (const lead of LEAD_MINUTES) {
    const errors = results.flatMap((r) => r.eta.filter((s) => s.leadMin === lead).map((s) => Math.abs(s.errorMin))).sort((a, b) => a - b);
    eta[String(lead)] = {
      n: errors.length,
      medianAbsMin: quantile(errors, 0.5),
      p90AbsMin: quantile(errors, 0.9),
      within15Share: share(errors.filter((e) => e <= 15).length, errors.length),
    };
  }
  const bands = results.flatMap((r) => r.band);
  const scenarios = {} as Record<ScenarioName, ScenarioFigures>;
  for (const name of SCENARIO_NAMES) {
    const outcomes = results.map((r) => r.scenarios[name]);
    const eligible = outcomes.filter((o) => o.eligible30);
    const late = LATE.includes(name);
    scenarios[name] = {
      n: outcomes.length,
      anyLatePredictedShare: share(outcomes.filter((o) => o.anyLatePredicted).length, outcomes.length) ?? 0,
      notificationsPerJourney: outcomes.length === 0 ? 0 : outcomes.reduce((sum, o) => sum + o.notifications, 0) / outcomes.length,
      eligible: eligible.length,
      alerted30Share: late ? share(eligible.filter((o) => o.alerted30).length, eligible.length) : null,
      wrongAllClearShare: late ? share(outcomes.filter((o) => o.wrongAllClear).length, outcomes.length) : null,
    };
  }
  return { eta, bandCoverage: bands.length === 0 ? null : share(bands.filter(Boolean).length, bands.length), bandSamples: bands.length, scenarios };
}
