import { describe, expect, it } from 'vitest';
import { planImport } from '../../server/src/materials/imports';
import { zonedTimeToUtc } from '../../server/src/materials/site-time';
import { DELFOR } from '../fixtures/delfor';

const BERLIN = 'Europe/Berlin';


describe('zonedTimeToUtc', () => {
  it('turns a wall-clock time in the site’s zone into UTC, summer and winter', () => {
    expect(new Date(zonedTimeToUtc({ year: 2025, month: 3, day: 5, hour: 0, minute: 0 }, BERLIN)).toISOString()).toBe('2025-03-04T23:00:00.000Z');
    expect(new Date(zonedTimeToUtc({ year: 2025, month: 7, day: 5, hour: 6, minute: 30 }, BERLIN)).toISOString()).toBe('2025-07-05T04:30:00.000Z');
    expect(zonedTimeToUtc({ year: 2025, month: 2, day: 30, hour: 0, minute: 0 }, BERLIN)).toBeNaN();
  });
});

describe('planImport: CSV', () => {
  it('reads a materials file with its safety stock, suppliers and line', () => {
    const r = planImport('sku,description,unit,safety_stock,safety_stock_hours,suppliers,line\nHYD-220,Valve block,pcs,,4,Bosch Rexroth;Parker,L3\nBRK-118,Caliper,pcs,50,,,\n', null, BERLIN);
    expect(r).toEqual({
      ok: true,
      plan: {
        kind: 'materials',
        materials: [
          { sku: 'HYD-220', description: 'Valve block', unit: 'pcs', safetyStock: { quantity: null, hours: 4 }, suppliers: ['Bosch Rexroth', 'Parker'], line: 'L3' },
          { sku: 'BRK-118', description: 'Caliper', unit: 'pcs', safetyStock: { quantity: 50, hours: null } },
        ],
      },
    });
  });

  it('reads stock counts and demand, local times in the site’s zone', () => {
    const stock = planImport('sku,quantity,counted_at\nHYD-220,120,2025-03-04 06:00\n', null, BERLIN);
    expect(stock).toMatchObject({ ok: true, plan: { kind: 'stock', counts: [{ sku: 'HYD-220', quantity: 120, countedAt: Date.parse('2025-03-04T05:00:00Z') }] } });
    const demand = planImport('sku,from,to,quantity\nHYD-220,2025-03-04T06:00:00Z,2025-03-04T07:00:00Z,20\nHYD-220,2025-03-04 08:00,2025-03-04 09:00,25\n', null, BERLIN);
    expect(demand.ok && demand.plan.kind === 'demand' && demand.plan.plans.get('HYD-220')).toEqual([
      { from: Date.parse('2025-03-04T06:00:00Z'), to: Date.parse('2025-03-04T07:00:00Z'), quantity: 20 },
      { from: Date.parse('2025-03-04T07:00:00Z'), to: Date.parse('2025-03-04T08:00:00Z'), quantity: 25 },
    ]);
  });

  it('reports every problem with its line number', () => {
    const r = planImport('sku,from,to,quantity\nHYD-220,2025-03-04 06:00,2025-03-04 07:00,20\nHYD-220,2025-03-04 06:30,2025-03-04 08:00,x\n,2025-03-04 06:00,yesterday,5\n', null, BERLIN);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['line 3', 'line 4', 'line 4', 'line 3']);
    expect(!r.ok && r.problems[3]!.message).toMatch(/HYD-220: overlaps the bucket at line 2/);
  });

  it('refuses a file whose kind it cannot tell, unknown columns, a broken quote and an empty file', () => {
    expect(planImport('part,qty\nA,1\n', null, BERLIN)).toMatchObject({ ok: false, problems: [{ path: 'line 1' }] });
    expect(planImport('sku,quantity,counted_at,colour\nA,1,2025-03-04 06:00,red\n', null, BERLIN)).toMatchObject({ ok: false, problems: [{ path: 'line 1', message: expect.stringMatching(/unknown column\(s\) colour/) }] });
    expect(planImport('sku,description\n"A,Valve\n', null, BERLIN)).toMatchObject({ ok: false, problems: [{ path: 'line 2' }] });
    expect(planImport('  \n', null, BERLIN)).toMatchObject({ ok: false, problems: [{ path: 'file', message: 'the file is empty' }] });
  });
});

describe('planImport: DELFOR', () => {
  it('turns each line item’s quantities to be delivered into day, hour and period buckets in the site’s zone', () => {
    const r = planImport(DELFOR, null, BERLIN);
    expect(r.ok).toBe(true);
    if (!r.ok || r.plan.kind !== 'delfor') return;
    expect(r.plan.plans.get('HYD-220')).toEqual([
      { from: Date.parse('2025-03-04T23:00:00Z'), to: Date.parse('2025-03-05T23:00:00Z'), quantity: 400 },
      { from: Date.parse('2025-03-05T23:00:00Z'), to: Date.parse('2025-03-06T23:00:00Z'), quantity: 380 },
      { from: Date.parse('2025-03-09T23:00:00Z'), to: Date.parse('2025-03-16T23:00:00Z'), quantity: 2100 },
    ]);
    expect(r.plan.plans.get('BRK-118')).toEqual([{ from: Date.parse('2025-03-05T05:00:00Z'), to: Date.parse('2025-03-05T06:00:00Z'), quantity: 120 }]);
  });

  it('refuses a cut-off file, and names the segment of a bad quantity, of a quantity without a date and of a message that is not DELFOR', () => {
    const cutOff = planImport(DELFOR.slice(0, DELFOR.indexOf("DTM+2:20250306") + 10), null, BERLIN);
    expect(cutOff).toMatchObject({ ok: false, problems: [{ path: 'file', message: expect.stringMatching(/incomplete/) }] });
    const typo = planImport(DELFOR.replace("QTY+113:380:PCE'", "QTY+113:3B0:PCE'"), null, BERLIN);
    expect(typo).toMatchObject({ ok: false, problems: [{ path: 'segment 14', message: 'quantity 3B0 is not a quantity' }] });
    const undated = planImport(DELFOR.replace("DTM+2:20250306:102'", "DTM+10:20250306:102'"), null, BERLIN);
    expect(undated).toMatchObject({ ok: false, problems: [{ path: 'segment 14', message: expect.stringMatching(/no delivery date/) }] });
    const orders = planImport(DELFOR.replace('DELFOR:D:96A:UN', 'ORDERS:D:96A:UN'), null, BERLIN);
    expect(orders).toMatchObject({ ok: false, problems: [{ path: 'segment 3', message: expect.stringMatching(/not a DELFOR message/) }] });
  });
});
