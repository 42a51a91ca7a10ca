import type { Alert, PartCover } from '@dockwatch/shared';
import { describe, expect, it } from 'vitest';
import { sortAlerts } from '../../client/src/alerts/alerts-model';
import { loadVerdict, partLine, severityShift } from '../../client/src/coverage/part-cover-model';
import { alert as alertFixture } from './alert-fixture';

const NOW = Date.parse('2026-03-02T08:00:00Z');
const cover = (sku: string, over: Partial<PartCover> = {}): PartCover => ({
  materialId: `m-${sku}`,
  sku,
  description: sku,
  unit: 'pcs',
  line: 'L3',
  status: 'covered',
  runOutAt: null,
  pessimisticRunOutAt: null,
  belowSafetyAt: null,
  lateCausesRunOut: [],
  evaluatedAt: new Date(NOW).toISOString(),
  ...over,
});
const items = (...skus: string[]) => skus.map((sku) => ({ sku, quantity: 10 }));

describe('a part’s cover beside its load', () => {
  it('says the load stops the line when its lateness makes the part run out, and the run-out time otherwise', () => {
    const short = cover('HYD-220', { status: 'critical', pessimisticRunOutAt: '2026-03-02T14:20:00Z', lateCausesRunOut: ['s1'] });
    expect(partLine(short, 's1', NOW, 'UTC')).toEqual({ level: 'stops', text: 'runs out 14:20 on L3: this load is late for it' });
    expect(partLine(short, 's2', NOW, 'UTC')).toEqual({ level: 'critical', text: 'runs out 14:20' });
    expect(partLine(cover('A', { runOutAt: '2026-03-03T09:00:00Z' }), 's1', NOW, 'UTC')?.text).toMatch(/^covered until 09:00/);
    expect(partLine(cover('A'), 's1', NOW, 'UTC')?.text).toBe('covered for over 4 weeks');
    expect(partLine(undefined, 's1', NOW, 'UTC')).toBeNull();
  });

  it('calls a late load covered only when every part the site keeps is covered, and line-stopping when any part blames it', () => {
    const covers = new Map([
      ['A', cover('A')],
      ['B', cover('B', { status: 'critical', lateCausesRunOut: ['s1'] })],
      ['C', cover('C', { status: 'warning' })],
    ]);
    expect(loadVerdict(items('A', 'X'), 's9', covers)?.verdict).toBe('covered');
    expect(loadVerdict(items('A', 'B'), 's1', covers)).toMatchObject({ verdict: 'stops', parts: [{ sku: 'B' }] });
    // Short anyway, whoever is late: neither covered nor this load's doing.
    expect(loadVerdict(items('A', 'C'), 's1', covers)).toBeNull();
    expect(loadVerdict(items('X'), 's1', covers)).toBeNull();
  });

  it('ranks a late load that stops a line above one of the same severity whose parts are covered', () => {
    const covers = new Map([
      ['A', cover('A')],
      ['B', cover('B', { status: 'critical', lateCausesRunOut: ['stops'] })],
    ]);
    const covered = alertFixture({ id: 'a1', shipmentId: 'covered', items: items('A'), raisedAt: '2026-03-02T07:59:00Z' });
    const stopping = alertFixture({ id: 'a2', shipmentId: 'stops', items: items('B'), raisedAt: '2026-03-02T07:00:00Z' });
    const plain = alertFixture({ id: 'a3', shipmentId: 'plain', items: items('Z'), raisedAt: '2026-03-02T07:30:00Z' });
    const shift = (a: Alert) => severityShift(loadVerdict(a.items, a.shipmentId!, covers));
    expect(sortAlerts([covered, stopping, plain], shift).map((a) => a.id)).toEqual(['a2', 'a3', 'a1']);
    // Without covers, newest first as before.
    expect(sortAlerts([covered, stopping, plain]).map((a) => a.id)).toEqual(['a1', 'a3', 'a2']);
  });
});
