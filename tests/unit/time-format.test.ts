import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAge, formatClock, formatSiteTime, formatWindow, formatWindowDelta, localHourTicks, siteWallTimeToIso } from '../../client/src/format/time';

const HOUR = 3_600_000;
const MIN = 60_000;
const BERLIN = 'Europe/Berlin';
const CHICAGO = 'America/Chicago';
const KOLKATA = 'Asia/Kolkata';
const at = (iso: string): number => Date.parse(iso);

describe('formatClock', () => {
  it('shows the wall clock at the site, following its offset in winter and summer', () => {
    // 14:05 local everywhere: Berlin is UTC+1 in January and UTC+2 in July.
    expect(formatClock('2025-01-15T13:05:00Z', BERLIN)).toBe('14:05');
    expect(formatClock('2025-07-15T12:05:00Z', BERLIN)).toBe('14:05');
    // Chicago is UTC−6 in January (CST) and UTC−5 in July (CDT).
    expect(formatClock('2025-01-15T20:05:00Z', CHICAGO)).toBe('14:05');
    expect(formatClock('2025-07-15T19:05:00Z', CHICAGO)).toBe('14:05');
    // Kolkata is UTC+5:30 all year.
    expect(formatClock('2025-01-15T08:35:00Z', KOLKATA)).toBe('14:05');
    expect(formatClock('2025-07-15T08:35:00Z', KOLKATA)).toBe('14:05');
  });

  it('takes epoch milliseconds as well as ISO strings', () => {
    expect(formatClock(at('2025-01-15T13:05:00Z'), BERLIN)).toBe('14:05');
  });

  it('uses the 24-hour clock with midnight as 00, not 24 or 12', () => {
    expect(formatClock('2025-01-15T23:30:00Z', BERLIN)).toBe('00:30');
    expect(formatClock('2025-01-15T16:45:00Z', BERLIN)).toBe('17:45');
  });

  it('adds seconds when asked', () => {
    expect(formatClock('2025-07-15T12:05:09Z', BERLIN, true)).toBe('14:05:09');
  });
});

describe('formatSiteTime', () => {
  // 21:00 in Berlin on 15 January.
  const NOW = at('2025-01-15T20:00:00Z');

  it('shows only the clock for a time later today', () => {
    expect(formatSiteTime('2025-01-15T22:30:00Z', NOW, BERLIN)).toBe('23:30');
  });

  it('marks tomorrow, the day after and yesterday', () => {
    expect(formatSiteTime('2025-01-15T23:30:00Z', NOW, BERLIN)).toBe('00:30 +1d');
    expect(formatSiteTime('2025-01-16T23:30:00Z', NOW, BERLIN)).toBe('00:30 +2d');
    expect(formatSiteTime('2025-01-14T22:00:00Z', NOW, BERLIN)).toBe('23:00 −1d');
  });

  it('counts days by the site calendar, not the UTC date', () => {
    // 17:00Z is 22:30 in Kolkata; 19:00Z is already 00:30 the next day there but 20:00 in Berlin.
    const now = at('2025-01-15T17:00:00Z');
    expect(formatSiteTime('2025-01-15T19:00:00Z', now, KOLKATA)).toBe('00:30 +1d');
    expect(formatSiteTime('2025-01-15T19:00:00Z', now, BERLIN)).toBe('20:00');
    // 03:00Z on the 16th is still the evening of the 15th in Chicago.
    expect(formatSiteTime('2025-01-16T03:00:00Z', at('2025-01-15T20:00:00Z'), CHICAGO)).toBe('21:00');
  });

  it('counts calendar days across DST changes, when a day has 23 or 25 hours', () => {
    // Berlin springs forward on 30 March 2025: 13:00 CET on the 29th to 14:00 CEST on the 30th.
    expect(formatSiteTime('2025-03-30T12:00:00Z', at('2025-03-29T12:00:00Z'), BERLIN)).toBe('14:00 +1d');
    // 23 hours after 00:30 on the 30th it is already 00:30 on the 31st.
    expect(formatSiteTime('2025-03-30T22:30:00Z', at('2025-03-29T23:30:00Z'), BERLIN)).toBe('00:30 +1d');
    // Chicago falls back on 2 November 2025: 24 hours after midnight it is still 23:00 that day.
    expect(formatSiteTime('2025-11-03T05:00:00Z', at('2025-11-02T05:00:00Z'), CHICAGO)).toBe('23:00');
  });
});

describe('formatWindow', () => {
  const NOW = at('2025-01-15T08:00:00Z'); // 09:00 in Berlin

  it('shows a window today as start–end', () => {
    expect(formatWindow('2025-01-15T13:00:00Z', '2025-01-15T13:30:00Z', NOW, BERLIN)).toBe('14:00–14:30');
  });

  it('marks the end with the next day when the window crosses local midnight', () => {
    expect(formatWindow('2025-01-15T22:30:00Z', '2025-01-15T23:30:00Z', NOW, BERLIN)).toBe('23:30–00:30 +1d');
  });

  it('marks the start of a window on another day, and the end only when it is on yet another day', () => {
    expect(formatWindow('2025-01-16T13:00:00Z', '2025-01-16T13:30:00Z', NOW, BERLIN)).toBe('14:00 +1d–14:30');
    expect(formatWindow('2025-01-16T22:30:00Z', '2025-01-16T23:30:00Z', NOW, BERLIN)).toBe('23:30 +1d–00:30 +2d');
    // Last night's window that ran past midnight: its end is today and needs no marker.
    expect(formatWindow('2025-01-14T22:30:00Z', '2025-01-14T23:30:00Z', NOW, BERLIN)).toBe('23:30 −1d–00:30');
  });

  it('decides midnight by the site zone, not UTC', () => {
    // 04:30Z–05:30Z on 16 July is 23:30–00:30 in Chicago (CDT); both ends are on the same UTC day.
    const now = at('2025-07-15T20:00:00Z');
    expect(formatWindow('2025-07-16T04:30:00Z', '2025-07-16T05:30:00Z', now, CHICAGO)).toBe('23:30–00:30 +1d');
    // Kolkata's midnight is at 18:30Z.
    expect(formatWindow('2025-01-15T18:00:00Z', '2025-01-15T19:00:00Z', at('2025-01-15T10:00:00Z'), KOLKATA)).toBe('23:30–00:30 +1d');
    expect(formatWindow('2025-01-15T18:00:00Z', '2025-01-15T19:00:00Z', at('2025-01-15T10:00:00Z'), BERLIN)).toBe('19:00–20:00');
  });
});

describe('formatWindowDelta', () => {
  it('is null when there is no ETA or arrival to compare', () => {
    expect(formatWindowDelta(null)).toBeNull();
  });

  it('says in window for zero', () => {
    expect(formatWindowDelta(0)).toBe('in window');
  });

  it('says early for negative and late for positive minutes', () => {
    expect(formatWindowDelta(12)).toBe('12 min late');
    expect(formatWindowDelta(-8)).toBe('8 min early');
    expect(formatWindowDelta(59)).toBe('59 min late');
  });

  it('switches to hours from 60 minutes, with zero-padded minutes', () => {
    expect(formatWindowDelta(60)).toBe('1 h late');
    expect(formatWindowDelta(-90)).toBe('1 h 30 min early');
    expect(formatWindowDelta(125)).toBe('2 h 05 min late');
    expect(formatWindowDelta(-24 * 60)).toBe('24 h early');
  });

  it('never shows a minus sign and names the direction by the sign', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5000, max: 5000 }).filter((m) => m !== 0), (minutes) => {
        const text = formatWindowDelta(minutes)!;
        expect(text).not.toMatch(/[-−]/);
        expect(text.endsWith(minutes > 0 ? ' late' : ' early')).toBe(true);
      }),
    );
  });
});

describe('formatAge', () => {
  it('counts whole seconds under a minute', () => {
    expect(formatAge(0)).toBe('0 s');
    expect(formatAge(45_000)).toBe('45 s');
    expect(formatAge(59_999)).toBe('59 s');
  });

  it('counts whole minutes, then hours and minutes', () => {
    expect(formatAge(60_000)).toBe('1 min');
    expect(formatAge(3 * MIN + 59_000)).toBe('3 min');
    expect(formatAge(2 * HOUR + 5 * MIN)).toBe('2 h 05 min');
    expect(formatAge(3 * HOUR)).toBe('3 h');
  });

  it('shows 0 s rather than a negative age when the clocks disagree', () => {
    expect(formatAge(-5_000)).toBe('0 s');
  });
});

describe('localHourTicks', () => {
  const labels = (ticks: number[], timeZone: string): string[] => ticks.map((t) => formatClock(t, timeZone));

  it('returns the full local hours inside the range, both ends included', () => {
    const ticks = localHourTicks(at('2025-01-15T09:10:00Z'), at('2025-01-15T12:00:00Z'), BERLIN);
    expect(ticks).toEqual([at('2025-01-15T10:00:00Z'), at('2025-01-15T11:00:00Z'), at('2025-01-15T12:00:00Z')]);
    expect(labels(ticks, BERLIN)).toEqual(['11:00', '12:00', '13:00']);
    expect(localHourTicks(at('2025-01-15T10:00:00Z'), at('2025-01-15T10:00:00Z'), BERLIN)).toEqual([at('2025-01-15T10:00:00Z')]);
  });

  it('puts Kolkata hours at half past the UTC hour', () => {
    const ticks = localHourTicks(at('2025-01-15T00:00:00Z'), at('2025-01-15T03:00:00Z'), KOLKATA);
    expect(ticks).toEqual([at('2025-01-15T00:30:00Z'), at('2025-01-15T01:30:00Z'), at('2025-01-15T02:30:00Z')]);
    expect(labels(ticks, KOLKATA)).toEqual(['06:00', '07:00', '08:00']);
  });

  it('skips the hour that does not exist when the clocks spring forward', () => {
    // Berlin, 30 March 2025: 02:00 CET becomes 03:00 CEST.
    const ticks = localHourTicks(at('2025-03-30T00:00:00Z'), at('2025-03-30T03:00:00Z'), BERLIN);
    expect(labels(ticks, BERLIN)).toEqual(['01:00', '03:00', '04:00', '05:00']);
    expect(ticks).toEqual([0, 1, 2, 3].map((h) => at('2025-03-30T00:00:00Z') + h * HOUR));
    // Chicago, 9 March 2025: 02:00 CST becomes 03:00 CDT at 08:00Z.
    expect(labels(localHourTicks(at('2025-03-09T06:00:00Z'), at('2025-03-09T09:00:00Z'), CHICAGO), CHICAGO)).toEqual([
      '00:00',
      '01:00',
      '03:00',
      '04:00',
    ]);
  });

  it('shows the repeated hour twice when the clocks fall back', () => {
    // Berlin, 26 October 2025: 03:00 CEST becomes 02:00 CET, so 02:00 happens twice.
    const ticks = localHourTicks(at('2025-10-26T00:00:00Z'), at('2025-10-26T03:00:00Z'), BERLIN);
    expect(labels(ticks, BERLIN)).toEqual(['02:00', '02:00', '03:00', '04:00']);
    expect(ticks[1]! - ticks[0]!).toBe(HOUR);
  });

  it('returns exactly the instants on the local hour, for any range', () => {
    // Offsets are whole hours in Berlin (:00 UTC) and half hours in Kolkata (:30 UTC), DST or not.
    const zones = [
      { timeZone: BERLIN, minuteOfUtcHour: 0 },
      { timeZone: KOLKATA, minuteOfUtcHour: 30 },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2026-01-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 30 * HOUR }),
        ({ timeZone, minuteOfUtcHour }, from, span) => {
          const to = from + span;
          const expected: number[] = [];
          const first = Math.ceil((from - minuteOfUtcHour * MIN) / HOUR) * HOUR + minuteOfUtcHour * MIN;
          for (let t = first; t <= to; t += HOUR) expected.push(t);
          expect(localHourTicks(from, to, timeZone)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('siteWallTimeToIso', () => {
  it("reads a datetime-local value in the site's zone, not the browser's, across clock changes", () => {
    expect(siteWallTimeToIso('2026-03-02T14:30', 'Europe/Berlin')).toBe('2026-03-02T13:30:00.000Z');
    expect(siteWallTimeToIso('2026-07-02T14:30', 'Europe/Berlin')).toBe('2026-07-02T12:30:00.000Z');
    expect(siteWallTimeToIso('2026-07-02T14:30', 'America/Chicago')).toBe('2026-07-02T19:30:00.000Z');
    // 02:30 does not exist in Berlin on 29 March 2026: the time after the change.
    expect(siteWallTimeToIso('2026-03-29T02:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(siteWallTimeToIso('not a time', 'Europe/Berlin')).toBeNull();
  });

  it('gives back the wall time it was given, formatted at the site, for any minute of 2026', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2027, 0, 1) / 60_000 }), fc.constantFrom('Europe/Berlin', 'Asia/Kolkata', 'America/Chicago', 'UTC'), (minute, zone) => {
        const ms = minute * 60_000;
        const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(ms).map((x) => [x.type, x.value]));
        const wall = `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
        const back = Date.parse(siteWallTimeToIso(wall, zone)!);
        // The hour a clock change repeats has two instants: either is the wall time given.
        expect([0, 3_600_000]).toContain(Math.abs(back - ms));
      }),
    );
  });
});
