import { language, LANGUAGE_NAMES, setLanguage, t, type Language } from './i18n';

/** A language switch; the choice is remembered in this browser. Each language is named in itself. */
export function LanguagePicker({ offered }: { offered: readonly Language[] }) {
  return (
    <label class="language-picker">
      <span class="visually-hidden">{t('language.label')}</span>
      <select aria-label={t('language.label')} value={language.value} onChange={(e) => setLanguage((e.target as HTMLSelectElement).value as Language)}>
        {offered.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {LANGUAGE_NAMES[lang]}
          </option>
        ))}
      </select>
    </label>
  );
}
