import { escapeEdifact, writeDelfor } from '@dockwatch/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planImport } from '../../server/src/materials/imports';
import { zonedTimeToUtc } from '../../server/src/materials/site-time';

const berlinDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return {
    from: zonedTimeToUtc({ year: y, month: m, day: d, hour: 0, minute: 0 }, 'Europe/Berlin'),
    to: zonedTimeToUtc({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 }, 'Europe/Berlin'),
  };
};

describe('the DELFOR writer', () => {
  it('releases the service characters with ?', () => {
    expect(escapeEdifact("A+B:C'D?E")).toBe("A?+B?:C?'D??E");
  });

  it('writes a schedule the DELFOR import reads back, whatever the part numbers and parties hold', () => {
    const dates = ['2026-03-02', '2026-03-03', '2026-03-29', '2026-03-30'];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.trim() !== '' && !/[\r\n]/.test(s)), { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 4, maxLength: 4 }),
        fc.string({ maxLength: 30 }),
        (skus, quantities, party) => {
          const lines = skus.map((sku) => ({ sku, days: dates.map((date, i) => ({ date, quantity: quantities[i]! })) }));
          const text = writeDelfor({ sender: `Plant ${party}`, recipient: `Supplier ${party}`, reference: 'REF+1', preparedAt: Date.UTC(2026, 2, 2, 6), lines });
          const result = planImport(text, null, 'Europe/Berlin');
          if (quantities.every((q) => q === 0)) return expect(result.ok).toBe(false);
          expect(result.ok, JSON.stringify(result)).toBe(true);
          if (!result.ok || result.plan.kind !== 'delfor') return;
          for (const sku of skus) {
            expect(result.plan.plans.get(sku)).toEqual(dates.flatMap((date, i) => (quantities[i]! > 0 ? [{ ...berlinDay(date), quantity: quantities[i]! }] : [])));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts its segments in UNT and closes the interchange with its reference', () => {
    const text = writeDelfor({ sender: 'P', recipient: 'S', reference: 'R1', preparedAt: Date.UTC(2026, 2, 2, 6), lines: [{ sku: 'PMP-410', days: [{ date: '2026-03-02', quantity: 12.5 }] }] });
    const segments = text.trim().split("'\n").map((s) => s.replace(/'$/, ''));
    expect(segments[0]).toBe('UNA:+.? ');
    const unh = segments.findIndex((s) => s.startsWith('UNH'));
    const unt = segments.findIndex((s) => s.startsWith('UNT'));
    expect(segments[unt]).toBe(`UNT+${unt - unh + 1}+1`);
    expect(segments).toContain('QTY+113:12.5');
    expect(segments).toContain('DTM+2:20260302:102');
    expect(segments.at(-1)).toBe('UNZ+1+R1');
  });
});
