import { afterEach, describe, expect, it } from 'vitest';
import de from '../../client/src/i18n/locales/de.json';
import en from '../../client/src/i18n/locales/en.json';
import pl from '../../client/src/i18n/locales/pl.json';
import { windowVerdict } from '../../client/src/board/window-verdict';
import { formatAgo, formatClock, formatCountdown, formatNumber, formatSiteTime } from '../../client/src/format/time';
import { language, preferredLanguage, t } from '../../client/src/i18n/i18n';

/** Every dotted key of a catalogue, plural forms under their own suffix. */
function keys(catalogue: object, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const lookup = (catalogue: object, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogue) as string;

describe('message catalogues', () => {
  it('German has every English message, with the same placeholders', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
    for (const key of keys(en)) expect(placeholders(lookup(de, key)), key).toEqual(placeholders(lookup(en, key)));
  });

  it('Polish covers the whole driver page and the statuses it shows', () => {
    const polish = new Set(keys(pl));
    for (const key of keys(en).filter((k) => /^(driver|windowStatus|lifecycle)\./.test(k))) expect(polish.has(key), key).toBe(true);
    for (const key of keys(pl)) expect(placeholders(lookup(pl, key)), key).toEqual(placeholders(lookup(en, key)));
  });
});

describe('choosing the language', () => {
  it('takes the stored choice, else the first browser language offered, else English', () => {
    expect(preferredLanguage(['en', 'de'], 'de', ['en-US'])).toBe('de');
    expect(preferredLanguage(['en', 'de'], null, ['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(preferredLanguage(['en', 'de'], 'pl', ['pl-PL'])).toBe('en');
    expect(preferredLanguage(['en', 'de', 'pl'], null, ['pl-PL'])).toBe('pl');
    expect(preferredLanguage(['en', 'de'], 'xx', [])).toBe('en');
  });
});

describe('formats follow the language', () => {
  afterEach(() => (language.value = 'en'));
  const at = Date.parse('2026-03-04T13:05:00Z');

  it('German: 24-hour site time, German words, decimal comma', () => {
    language.value = 'de';
    expect(formatClock(at, 'Europe/Berlin')).toBe('14:05');
    expect(formatSiteTime(at + 86_400_000, at, 'Europe/Berlin')).toBe('14:05 +1 T');
    expect(formatAgo(125_000)).toBe('vor 2 Min.');
    expect(formatCountdown(65 * 60_000)).toBe('in 1 Std. 05 Min.');
    expect(formatNumber(1250.5)).toBe('1.250,5');
    expect(t('header.openAlerts', { count: 1 })).toBe('1 offene Warnung');
    expect(t('header.openAlerts', { count: 3 })).toBe('3 offene Warnungen');
    const verdict = windowVerdict({ windowStatus: 'late', windowStart: '2026-03-04T12:00:00Z', windowEnd: '2026-03-04T12:30:00Z', eta: '2026-03-04T12:42:00Z', etaLatest: null, arrivedAt: null }, Date.parse('2026-03-04T12:10:00Z'));
    expect(verdict.text).toBe('12 Min. zu spät');
  });

  it('English stays as the dock has read it: 24-hour clock', () => {
    expect(formatClock(at, 'Europe/Berlin')).toBe('14:05');
    expect(formatAgo(125_000)).toBe('2 min ago');
    expect(formatCountdown(-3 * 60_000)).toBe('3 min overdue');
    expect(formatNumber(1250.5)).toBe('1,250.5');
  });
});
