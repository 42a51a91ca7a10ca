import { describe, expect, it } from 'vitest';
import { shortageOf, type MaterialCoverage } from '@dockwatch/shared';
import { shortageLines } from '../../client/src/alerts/alert-text';

const NOW = Date.parse('2025-03-04T08:00:00Z');
const iso = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const inbound = (id: string, etaMin: number, earliestMin: number, latestMin: number) => ({
  shipmentId: id,
  reference: `ASN-${id}`,
  supplier: 'Bosch',
  quantity: 100,
  windowEnd: iso(etaMin - 30),
  eta: iso(etaMin),
  etaEarliest: iso(earliestMin),
  etaLatest: iso(latestMin),
  lateCausesRunOut: true,
});
const coverage = (overrides: Partial<MaterialCoverage>): MaterialCoverage => ({
  materialId: '00000000-0000-4000-8000-00000000a001',
  sku: 'HYD-220',
  description: 'Valve block',
  unit: 'pcs',
  line: '3',
  suppliers: ['Bosch'],
  onHand: 40,
  safetyStock: 20,
  coverHours: 6,
  runOutAt: iso(380),
  pessimisticRunOutAt: iso(380),
  belowSafetyAt: iso(300),
  status: 'critical',
  nextInbound: null,
  inbound: [],
  ...overrides,
});

describe('shortageOf', () => {
  it('is critical when the pessimistic line runs out within the horizon: the gap to the delivery that refills it, the lead to the run-out', () => {
    const c = coverage({ inbound: [inbound('1', 425, 405, 445)] });
    const s = shortageOf(c, NOW, 48)!;
    expect(s.condition).toEqual({ kind: 'shortage_risk', delayMinutes: 65, leadMinutes: 380 });
    expect(s.details).toMatchObject({ level: 'critical', gapMinutes: { min: 25, max: 65 }, nextInbound: { shipmentId: '1' } });
  });

  it('passes over deliveries that come before the run-out, and has no gap when nothing comes after it', () => {
    const before = inbound('0', 100, 90, 120);
    expect(shortageOf(coverage({ inbound: [before, inbound('1', 425, 405, 445)] }), NOW, 48)!.details.nextInbound!.shipmentId).toBe('1');
    const none = shortageOf(coverage({ inbound: [before] }), NOW, 48)!;
    expect(none.condition.delayMinutes).toBeNull();
    expect(none.details.gapMinutes).toBeNull();
  });

  it('is a warning below safety stock (no delay), and nothing when covered, never counted, or beyond the horizon', () => {
    expect(shortageOf(coverage({ status: 'warning', pessimisticRunOutAt: null, runOutAt: null }), NOW, 48)!.condition).toEqual({ kind: 'shortage_risk', delayMinutes: 0, leadMinutes: 300 });
    expect(shortageOf(coverage({ status: 'covered' }), NOW, 48)).toBeNull();
    expect(shortageOf(coverage({ status: 'unknown' }), NOW, 48)).toBeNull();
    expect(shortageOf(coverage({ status: 'warning', belowSafetyAt: iso(49 * 60) }), NOW, 48)).toBeNull();
  });

  it('reads as a planner would say it, in site time', () => {
    const { details } = shortageOf(coverage({ inbound: [inbound('1', 425, 405, 445)] }), NOW, 48)!;
    expect(shortageLines(details, 'Europe/Berlin', NOW)).toEqual(['HYD-220 runs out at 15:20 on line 3', 'next inbound ASN-1 (Bosch) ETA 15:45–16:25', 'gap 25–65 min']);
  });
});
