const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string, seconds = false): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let format = clockFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' });
    clockFormats.set(key, format);
  }
  return format;
}

const toMs = (t: string | number): number => (typeof t === 'number' ? t : Date.parse(t));

/** Wall-clock time at the site, e.g. `14:05` (24-hour; the dock works in local time). */
export function formatClock(t: string | number, timeZone: string, seconds = false): string {
  return clockFormat(timeZone, seconds).format(toMs(t));
}

const cachedFormats = new Map<string, Intl.DateTimeFormat>();

// Building a DateTimeFormat costs far more than formatting with one, and every live update
// re-renders board rows and the dock timeline, each asking several times.
function cachedFormat(key: string, build: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cachedFormats.get(key);
  if (!format) {
    format = build();
    cachedFormats.set(key, format);
  }
  return format;
}

const dateFormat = (timeZone: string) =>
  cachedFormat(`date|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));

/** The site's local date of `t`, e.g. `2025-03-04`. */
export const siteDate = (t: string | number, timeZone: string): string => dateFormat(timeZone).format(toMs(t));

// Local days by minute (site midnights fall on whole minutes), for the thousands of times a
// busy board asks; cleared when it grows, as the clock moves on.
const localDays = new Map<string, number>();

/** The site's local date of `ms` as days since 1970-01-01. */
function localDay(ms: number, timeZone: string): number {
  const minute = Math.floor(ms / 60_000);
  const key = `${timeZone}|${minute}`;
  let day = localDays.get(key);
  if (day === undefined) {
    day = Math.round(Date.parse(`${siteDate(minute * 60_000, timeZone)}T00:00:00Z`) / 86_400_000);
    if (localDays.size >= 20_000) localDays.clear();
    localDays.set(key, day);
  }
  return day;
}

/** Whole-day offset of `t` from `now` at the site: 0 today, 1 tomorrow, -1 yesterday. */
export function dayOffset(t: string | number, now: number, timeZone: string): number {
  return localDay(toMs(t), timeZone) - localDay(now, timeZone);
}

/** A clock time with a day marker when it is not today, e.g. `00:30 +1d`. */
export function formatSiteTime(t: string | number, now: number, timeZone: string): string {
  const offset = dayOffset(t, now, timeZone);
  const clock = formatClock(t, timeZone);
  return offset === 0 ? clock : `${clock} ${offset > 0 ? '+' : '−'}${Math.abs(offset)}d`;
}

/** A receiving window at the site, e.g. `14:00–14:30`, or `23:30–00:30 +1d` across midnight. */
export function formatWindow(start: string, end: string, now: number, timeZone: string): string {
  // The end repeats the day marker only when it falls on another local day than the start.
  const endText = dayOffset(end, toMs(start), timeZone) === 0 ? formatClock(end, timeZone) : formatSiteTime(end, now, timeZone);
  return `${formatSiteTime(start, now, timeZone)}–${endText}`;
}

/**
 * The ETA band's edges at the site, e.g. `14:20–14:55`, with day markers as for a window; null
 * without a band, or when both edges read as the same minute (a band that says nothing more).
 */
export function formatEtaBand(earliest: string | null, latest: string | null, now: number, timeZone: string): string | null {
  if (earliest === null || latest === null) return null;
  const band = formatWindow(earliest, latest, now, timeZone);
  return formatSiteTime(earliest, now, timeZone) === formatSiteTime(latest, now, timeZone) ? null : band;
}

/** A duration in whole minutes, e.g. `45 min`, `2 h`, `1 h 05 min`. */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/** Early/late against the window: `12 min late`, `8 min early`, `in window`; null when unknown. */
export function formatWindowDelta(deltaMinutes: number | null): string | null {
  if (deltaMinutes === null) return null;
  if (deltaMinutes === 0) return 'in window';
  return `${formatMinutes(Math.abs(deltaMinutes))} ${deltaMinutes > 0 ? 'late' : 'early'}`;
}

/** How long ago, e.g. `45 s`, `3 min`, `2 h 05 min`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  return formatMinutes(Math.floor(s / 60));
}

/** UTC instants of the site's full local hours in [from, to] (handles half-hour zones and DST). */
export function localHourTicks(from: number, to: number, timeZone: string): number[] {
  const ticks: number[] = [];
  const minuteOf = cachedFormat(`minute|${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { timeZone, minute: '2-digit' }));
  const start = Math.ceil(from / 900_000) * 900_000;
  for (let t = start; t <= to; t += 900_000) {
    if (Number(minuteOf.format(t)) === 0) ticks.push(t);
  }
  return ticks;
}
