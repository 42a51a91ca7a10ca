import { signal } from '@preact/signals';
import i18next, { type TOptions } from 'i18next';
import de from './locales/de.json';
import en from './locales/en.json';
import pl from './locales/pl.json';

/** Every language with a catalogue, by its own name (what a language picker shows). */
export const LANGUAGE_NAMES = { en: 'English', de: 'Deutsch', pl: 'Polski' } as const;
export type Language = keyof typeof LANGUAGE_NAMES;

/** The languages the board, alerts, admin and portal speak in full. */
export const SCREEN_LANGUAGES: readonly Language[] = ['en', 'de'];
/** The driver page speaks Polish too (many drivers at German plants read neither German nor English). */
export const DRIVER_LANGUAGES: readonly Language[] = ['en', 'de', 'pl'];

/**
 * The locale each language formats dates and numbers in. `en` is British English: 24-hour
 * clock, day before month, as the dock has always read it.
 */
const FORMAT_LOCALE: Record<Language, string> = { en: 'en-GB', de: 'de-DE', pl: 'pl-PL' };

const STORAGE_KEY = 'dockwatch.language';

type Catalogue = typeof en;
/** Dotted paths to the catalogue's strings, plural forms (`_one`, `_other`) under their base key. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K extends `${infer B}_${'one' | 'other'}` ? B : K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Catalogue>;

void i18next.init({
  resources: { en: { translation: en }, de: { translation: de }, pl: { translation: pl } },
  lng: 'en',
  fallbackLng: 'en',
  // Catalogues are bundled: ready at once, so the first render is already in the right language.
  initAsync: false,
  // Preact escapes text; escaping here too would show `&amp;` in references.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The language every screen reads; components that call `t` re-render when it changes. */
export const language = signal<Language>('en');

const isLanguage = (value: unknown): value is Language => typeof value === 'string' && value in LANGUAGE_NAMES;

/**
 * The language to start in: the one this browser chose before, else the first of the
 * browser's preferred languages that `offered` has, else English.
 */
export function preferredLanguage(offered: readonly Language[], stored: string | null, browser: readonly string[]): Language {
  if (isLanguage(stored) && offered.includes(stored)) return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base) && offered.includes(base)) return base;
  }
  return 'en';
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Picks the start language from this browser (stored choice, then its languages) for a page offering `offered`. */
export function startLanguage(offered: readonly Language[]): void {
  // A wall-screen link may name its language (`?lang=de`): the screen has no one to pick it.
  const fromUrl = typeof location === 'undefined' ? null : new URL(location.href).searchParams.get('lang');
  if (isLanguage(fromUrl) && offered.includes(fromUrl)) return setLanguage(fromUrl);
  const browser = typeof navigator === 'undefined' ? [] : navigator.languages?.length ? navigator.languages : [navigator.language];
  applyLanguage(preferredLanguage(offered, storedLanguage(), browser));
}

/** Switches every screen to `lang` and remembers it in this browser. */
export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts until the page closes.
  }
  applyLanguage(lang);
}

function applyLanguage(lang: Language): void {
  void i18next.changeLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  language.value = lang;
}

/** The BCP 47 locale of the chosen language for `Intl` formats, e.g. `de-DE`. */
export const formatLocale = (): string => FORMAT_LOCALE[language.value];

/**
 * A message from the chosen language's catalogue (falling back to English). Reading the
 * language signal here makes every component and computed value that shows text follow a switch.
 */
export function t(key: MessageKey, options?: TOptions): string {
  return i18next.t(key, { ...options, lng: language.value });
}

/** Whether the catalogue has `key` (for server error codes that may or may not have a translation). */
export const hasMessage = (key: string): boolean => i18next.exists(key, { lng: language.value });

/** A message by a key built at run time (an error code); the caller checks `hasMessage` first. */
export const tDynamic = (key: string, options?: TOptions): string => i18next.t(key, { ...options, lng: language.value });
