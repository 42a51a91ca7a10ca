import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_STATUSES, type Shipment } from '@dockwatch/shared';
import { windowVerdict } from '../../client/src/board/window-verdict';
import { shipment } from './shipment-fixture';

// The fixture's window is 10:00–10:30 UTC.
const MIN = 60_000;
const START = Date.parse('2025-03-04T10:00:00Z');
const END = Date.parse('2025-03-04T10:30:00Z');
const BEFORE = START - 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();
const verdict = (overrides: Partial<Shipment>, now = BEFORE) => windowVerdict(shipment(overrides), now);

describe('windowVerdict', () => {
  it('says how early or late the best estimate is for a shipment early or on time', () => {
    expect(verdict({ windowStatus: 'early', eta: iso(START - 40 * MIN) })).toEqual({ text: '40 min early', late: false });
    expect(verdict({ windowStatus: 'on_time', eta: iso(START + 10 * MIN) })).toEqual({ text: 'in window', late: false });
    expect(verdict({ windowStatus: 'unknown' })).toEqual({ text: null, late: false });
  });

  it('says how late the best estimate is once it is past the window', () => {
    expect(verdict({ windowStatus: 'late', eta: iso(END + 25 * MIN) })).toEqual({ text: '25 min late', late: true });
    expect(verdict({ windowStatus: 'at_risk', eta: iso(END + 4 * MIN), etaLatest: iso(END + 20 * MIN) })).toEqual({ text: '4 min late', late: true });
  });

  it('for an at-risk shipment whose best estimate is in the window, says how late the band may run', () => {
    expect(verdict({ windowStatus: 'at_risk', eta: iso(END - 3 * MIN), etaLatest: iso(END + 18 * MIN) })).toEqual({ text: 'up to 18 min late', late: true });
    expect(verdict({ windowStatus: 'at_risk', eta: iso(END - 3 * MIN), etaLatest: null })).toEqual({ text: 'may miss window', late: true });
  });

  it('says Missed window once the window has closed with the truck still on the road', () => {
    expect(verdict({ windowStatus: 'late', eta: iso(END + 25 * MIN) }, END + MIN)).toEqual({ text: 'Missed window', late: true });
    // Before the window closes, the same shipment is late by its estimate.
    expect(verdict({ windowStatus: 'late', eta: iso(END + 25 * MIN) }, END)).toEqual({ text: '25 min late', late: true });
  });

  it('measures an arrived shipment by its arrival, whatever the clock says', () => {
    const arrived = (at: number) => verdict({ status: 'arrived', windowStatus: at > END ? 'late' : 'on_time', eta: iso(at), arrivedAt: iso(at) }, END + 90 * MIN);
    expect(arrived(END + 5 * MIN)).toEqual({ text: '5 min late', late: true });
    expect(arrived(START + 5 * MIN)).toEqual({ text: 'in window', late: false });
  });

  it('never reads in window beside a late or at-risk status, whatever the ETA, band and clock', () => {
    const time = fc.integer({ min: START - 120 * MIN, max: END + 120 * MIN });
    fc.assert(
      fc.property(
        fc.constantFrom(...WINDOW_STATUSES),
        time,
        fc.option(time, { nil: null }),
        fc.option(time, { nil: null }),
        (windowStatus, now, eta, latest) => {
          const v = verdict({ windowStatus, eta: eta === null ? null : iso(eta), etaLatest: latest === null ? null : iso(latest) }, now);
          if (windowStatus === 'late' || windowStatus === 'at_risk') {
            expect(v.text).not.toBe('in window');
            expect(v.late).toBe(true);
          }
          if (windowStatus === 'late' && now > END) expect(v.text).toBe('Missed window');
        },
      ),
    );
  });
});
