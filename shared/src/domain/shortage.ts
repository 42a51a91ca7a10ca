import type { MaterialCoverage, Inbound } from '../contracts/materials';
import type { AlertCondition } from './alerts';

/** What a shortage alert says about its material, as of its last change (the alert's `material`). */
export interface ShortageDetails {
  materialId: string;
  sku: string;
  description: string;
  unit: string;
  line: string | null;
  /** critical: the pessimistic line runs out; warning: it goes below safety stock. */
  level: 'critical' | 'warning';
  onHand: number | null;
  runOutAt: string | null;
  pessimisticRunOutAt: string | null;
  belowSafetyAt: string | null;
  /** The delivery that would bring the part back: the first whose band ends after the run-out (critical) or the next one (warning). */
  nextInbound: Inbound | null;
  /** How long the line stands without the part: from the run-out to that delivery's band, in minutes; null without one. */
  gapMinutes: { min: number; max: number } | null;
}

const minutesBetween = (a: number, b: number) => Math.round((b - a) / 60_000) || 0;

/**
 * The shortage condition of one material at `now`, from its coverage: `critical` when its
 * pessimistic line runs out within the horizon (the delay is how long the line would stand,
 * the lead how long until it runs out), `warning` when it only goes below safety stock (delay
 * 0). Null when covered or never counted. Pure.
 */
export function shortageOf(c: MaterialCoverage, now: number, horizonHours: number): { condition: AlertCondition; details: ShortageDetails } | null {
  if (c.status !== 'critical' && c.status !== 'warning') return null;
  const horizon = now + horizonHours * 3_600_000;
  const at = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  const base = { materialId: c.materialId, sku: c.sku, description: c.description, unit: c.unit, line: c.line, onHand: c.onHand, runOutAt: c.runOutAt, pessimisticRunOutAt: c.pessimisticRunOutAt, belowSafetyAt: c.belowSafetyAt };
  const runOut = at(c.pessimisticRunOutAt);
  if (c.status === 'critical' && runOut !== null && runOut <= horizon) {
    const edge = (i: Inbound) => at(i.etaLatest) ?? at(i.eta) ?? at(i.windowEnd)!;
    const refill = c.inbound.find((i) => edge(i) > runOut) ?? null;
    const gapMinutes = refill === null ? null : { min: Math.max(0, minutesBetween(runOut, at(refill.etaEarliest) ?? at(refill.eta) ?? edge(refill))), max: minutesBetween(runOut, edge(refill)) };
    return {
      condition: { kind: 'shortage_risk', delayMinutes: gapMinutes === null ? null : Math.max(1, gapMinutes.max), leadMinutes: Math.max(0, minutesBetween(now, runOut)) },
      details: { ...base, level: 'critical', nextInbound: refill, gapMinutes },
    };
  }
  const below = at(c.belowSafetyAt);
  if (below === null || below > horizon) return null;
  return {
    condition: { kind: 'shortage_risk', delayMinutes: 0, leadMinutes: Math.max(0, minutesBetween(now, below)) },
    details: { ...base, level: 'warning', nextInbound: c.nextInbound, gapMinutes: null },
  };
}
