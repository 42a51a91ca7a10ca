import { describe, expect, it } from 'vitest';
import type { EtaAccuracy } from '@dockwatch/shared';
import { accuracyRows } from '../../client/src/accuracy/accuracy-model';

const none = { n: 0, medianAbsMin: null, p90AbsMin: null, within15Share: null };

describe('accuracyRows', () => {
  it('lists the leads longest first, in whole minutes and percent', () => {
    const period: EtaAccuracy['periods']['7d'] = {
      '120': { n: 14, medianAbsMin: 18.4, p90AbsMin: 71.5, within15Share: 0.4286 },
      '60': { n: 20, medianAbsMin: 9.5, p90AbsMin: 28.2, within15Share: 0.7 },
      '30': { n: 21, medianAbsMin: 4, p90AbsMin: 12, within15Share: 0.952 },
      '15': none,
    };
    const slow = { ...period, '120': { n: 3, medianAbsMin: 185, p90AbsMin: 240.2, within15Share: 0 } };
    expect(accuracyRows(slow)[0]).toEqual({ lead: '120 min', median: '3 h 05 min', p90: '4 h', within: '0 %', n: 3 });
    expect(accuracyRows(period)).toEqual([
      { lead: '120 min', median: '18 min', p90: '72 min', within: '43 %', n: 14 },
      { lead: '60 min', median: '10 min', p90: '28 min', within: '70 %', n: 20 },
      { lead: '30 min', median: '4 min', p90: '12 min', within: '95 %', n: 21 },
      { lead: '15 min', median: '—', p90: '—', within: '—', n: 0 },
    ]);
  });
});
