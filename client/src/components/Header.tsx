import { AccuracyButton } from '../accuracy/AccuracyButton';
import { CoverageButton } from '../coverage/CoverageButton';
import { formatClock } from '../format/time';
import { connection, now, selectSite, site, sites } from '../board/store';
import { AlertBadge } from './AlertBadge';
import { UserMenu } from './UserMenu';

const CONNECTION_TEXT = {
  connecting: 'Connecting…',
  connected: 'Live',
  stalled: 'Live updates paused',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

export function Header() {
  const current = site.value;
  const state = connection.value;
  return (
    <header class="header">
      <div class="brand" aria-label="Dockwatch">
        <span class="brand-mark" aria-hidden="true">▣</span> Dockwatch
      </div>
      <label class="site-picker">
        <span class="visually-hidden">Site</span>
        <select value={current?.id ?? ''} onChange={(e) => void selectSite((e.target as HTMLSelectElement).value)} aria-label="Site">
          {!current && <option value="">Choose a site…</option>}
          {sites.value.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {current && (
        <div class="site-clock" title={`Local time at ${current.name}`}>
          <span class="clock">{formatClock(now.value, current.timezone, true)}</span>
          <span class="tz">{current.timezone}</span>
        </div>
      )}
      {current && <AlertBadge />}
      {current && <AccuracyButton />}
      {current && <CoverageButton />}
      <UserMenu />
      <div class={`connection connection-${state.state}`} role="status" aria-live="polite" title={state.detail ?? ''} data-connection={state.state}>
        <span class="dot" aria-hidden="true" />
        {CONNECTION_TEXT[state.state]}
      </div>
    </header>
  );
}
