import { useState } from 'preact/hooks';
import { formatClock } from '../format/time';
import { DriverSetup } from './DriverSetup';
import { geoProblem, hasToken, lastSentAt, linkDead, online, problem, queued, sharing, startSharing, stopSharing, view } from './driver-store';
import { LoadCard } from './LoadCard';
import { DRIVER_LANGUAGES, formatLocale, t } from '../i18n/i18n';
import { LanguagePicker } from '../i18n/LanguagePicker';

const formatExpiry = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(formatLocale(), { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

function SharingPanel() {
  const zone = view.value?.shipments[0]?.site.timezone ?? 'UTC';
  const state = !online.value ? 'offline' : sharing.value ? 'sharing' : 'idle';
  return (
    <section class="sharing" data-sharing={state} aria-label={t('driver.positionSharing')}>
      {sharing.value ? (
        <button class="share stop" onClick={stopSharing}>
          {t('driver.stop')}
        </button>
      ) : (
        <button class="share" disabled={linkDead.value} onClick={startSharing}>
          {t('driver.share')}
        </button>
      )}
      <p class="share-state" role="status">
        {state === 'offline' ? t('driver.offline') : sharing.value ? t('driver.sharing') : t('driver.notSharing')}
        {lastSentAt.value !== null && t('driver.lastSent', { time: formatClock(lastSentAt.value, zone) })}
        {queued.value > 0 && (
          <span class="queued" data-queued={queued.value}>
            {' '}
            {t('driver.waiting', { count: queued.value })}
          </span>
        )}
      </p>
      {geoProblem.value && <p class="geo-problem">{geoProblem.value}</p>}
    </section>
  );
}

/** The driver page: a phone, a link, no app to install. */
export function DriverApp() {
  const [tab, setTab] = useState<'load' | 'apps'>('load');
  if (!hasToken()) return <main class="driver"><p class="driver-problem">{t('driver.needsLink')}</p></main>;
  const current = view.value;
  return (
    <div class="driver">
      <header class="driver-bar">
        <span class="brand">
          <span class="brand-mark">▣</span> Dockwatch
        </span>
        <span class="driver-device">{current?.device.name ?? ''}</span>
        <LanguagePicker offered={DRIVER_LANGUAGES} />
      </header>
      {problem.value && (
        <p class="driver-problem" role="alert">
          {problem.value}
        </p>
      )}
      <nav class="driver-tabs">
        <button aria-pressed={tab === 'load'} onClick={() => setTab('load')}>
          {t('driver.myLoad')}
        </button>
        <button aria-pressed={tab === 'apps'} onClick={() => setTab('apps')}>
          {t('driver.useApp')}
        </button>
      </nav>
      <main class="driver-main">
        {tab === 'load' ? (
          <>
            <SharingPanel />
            {current === null ? (
              <p class="loading">{t('driver.loading')}</p>
            ) : current.shipments.length === 0 ? (
              <p class="loading">{t('driver.noLoads')}</p>
            ) : (
              current.shipments.map((load) => <LoadCard key={load.shipment.id} load={load} />)
            )}
            {current?.expiresAt && <p class="expires">{t('driver.validUntil', { time: formatExpiry(current.expiresAt, current.shipments[0]?.site.timezone ?? 'UTC') })}</p>}
          </>
        ) : current ? (
          <DriverSetup setup={current.setup} />
        ) : null}
      </main>
    </div>
  );
}
