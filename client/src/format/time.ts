import { formatLocale, t as translate } from '../i18n/i18n';

const clockFormats = new Map<string, Intl.DateTimeFormat>();

function clockFormat(timeZone: string, seconds = false): Intl.DateTimeFormat {
  const locale = formatLocale();
  const key = `${locale}|${timeZone}|${seconds}`;
  let format = clockFormats.get(key);
  if (!format) {
    // Always the 24-hour clock: the dock's shifts and windows are read that way in every language.
    format = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' });
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
  return offset === 0 ? clock : `${clock} ${translate('time.dayMarker', { sign: offset > 0 ? '+' : '−', days: Math.abs(offset) })}`;
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
  if (minutes < 60) return translate('time.minutes', { m: minutes });
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? translate('time.hours', { h }) : translate('time.hoursMinutes', { h, mm: String(m).padStart(2, '0') });
}

/** Early/late against the window: `12 min late`, `8 min early`, `in window`; null when unknown. */
export function formatWindowDelta(deltaMinutes: number | null): string | null {
  if (deltaMinutes === null) return null;
  if (deltaMinutes === 0) return translate('time.inWindow');
  return translate(deltaMinutes > 0 ? 'time.late' : 'time.early', { duration: formatMinutes(Math.abs(deltaMinutes)) });
}

/** How long ago, e.g. `45 s`, `3 min`, `2 h 05 min`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return translate('time.seconds', { s });
  return formatMinutes(Math.floor(s / 60));
}

/** How long ago, in words, e.g. `3 min ago`, `vor 3 Min.`. */
export const formatAgo = (ms: number): string => translate('time.ago', { age: formatAge(ms) });

/** A countdown, e.g. `in 12 min`, `in 1 h 05 min`; `now` once due, `12 min overdue` after. */
export function formatCountdown(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes === 0) return translate('time.due');
  return minutes > 0 ? translate('time.in', { duration: formatMinutes(minutes) }) : translate('time.overdue', { duration: formatMinutes(-minutes) });
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the chosen language, e.g. `1,250.5` or `1.250,5`. */
export function formatNumber(value: number, maximumFractionDigits = 1): string {
  const locale = formatLocale();
  const key = `${locale}|${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** A date at the site in the chosen language, e.g. `4 Mar 2025, 14:05` or `4. März 2025, 14:05`. */
export function formatSiteDateTime(t: string | number, timeZone: string): string {
  const locale = formatLocale();
  return cachedFormat(`datetime|${locale}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  ).format(toMs(t));
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

/**
 * A wall-clock time at the site (`2026-03-02T14:30`, as a datetime-local field gives it) as the
 * instant it names there, whatever the browser's own zone. In the hour a clock change skips,
 * the time after the change.
 */
export function siteWallTimeToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The zone's offset at a guess, then at the corrected guess (they differ only near a change).
  const offsetAt = (ms: number) => {
    const p = Object.fromEntries(
      cachedFormat(`wall|${timeZone}`, () => new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }))
        .formatToParts(ms)
        .map((x) => [x.type, x.value]),
    );
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - Math.floor(ms / 60_000) * 60_000;
  };
  const first = asUtc - offsetAt(asUtc);
  const second = asUtc - offsetAt(first);
  return new Date(second).toISOString();
}
