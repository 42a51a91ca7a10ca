import { useState } from 'preact/hooks';
import { AccuracyButton } from '../accuracy/AccuracyButton';
import { formatClock } from '../format/time';
import { connection, now, selectSite, site, sites } from '../board/store';
import { SCREEN_LANGUAGES, t } from '../i18n/i18n';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { setTheme, setWallMode, theme, wallMode } from '../wall/display-prefs';
import { AlertBadge } from './AlertBadge';
import { NoticeBadge } from '../notices/NoticeBadge';
import { UserMenu } from './UserMenu';

/**
 * The site, its clock, the open alerts and the connection always show; the rest (ETA accuracy,
 * language, wall mode, theme, who is signed in and the admin screens) sits inline on a wide
 * screen and behind **Menu** on a narrower one, so nothing is pushed off the edge.
 */
export function Header() {
  const current = site.value;
  const state = connection.value;
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <header class="header">
      <div class="brand" aria-label="Dockwatch">
        <span class="brand-mark" aria-hidden="true">▣</span> <span class="brand-name">Dockwatch</span>
      </div>
      <label class="site-picker">
        <span class="visually-hidden">{t('header.site')}</span>
        <select value={current?.id ?? ''} onChange={(e) => void selectSite((e.target as HTMLSelectElement).value)} aria-label={t('header.site')}>
          {!current && <option value="">{t('header.chooseSite')}</option>}
          {sites.value.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <div class="site-clock" title={t('header.localTime', { site: current.name })}>
          <span class="clock">{formatClock(now.value, current.timezone, true)}</span>
          <span class="tz">{current.timezone}</span>
        </div>
      )}
      {current && <AlertBadge />}
      {current && <NoticeBadge />}
      <div class={`connection connection-${state.state}`} role="status" aria-live="polite" title={state.detail ?? ''} data-connection={state.state}>
        <span class="dot" aria-hidden="true" />
        {t(`connection.${state.state}`)}
      </div>
      <button type="button" class="header-button menu-toggle" aria-expanded={menuOpen} aria-controls="header-more" onClick={() => setMenuOpen(!menuOpen)}>
        <span aria-hidden="true">☰</span> {t('header.menu')}
      </button>
      {/* A choice made in the menu closes it (the admin screens open over the board). */}
      <div id="header-more" class={`header-more ${menuOpen ? 'open' : ''}`} onClick={(e) => (e.target as HTMLElement).closest('button') && setMenuOpen(false)}>
        {current && <AccuracyButton />}
        <LanguagePicker offered={SCREEN_LANGUAGES} />
        {current && (
          <button type="button" class="header-button" aria-pressed={wallMode.value} onClick={() => setWallMode(!wallMode.value)}>
            {t('header.wallMode')}
          </button>
        )}
        <button type="button" class="header-button" aria-pressed={theme.value === 'dark'} onClick={() => setTheme(theme.value === 'dark' ? 'light' : 'dark')}>
          {t('header.darkTheme')}
        </button>
        <UserMenu />
      </div>
    </header>
  );
}
