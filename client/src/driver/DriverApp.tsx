import { useState } from 'preact/hooks';
import { formatClock } from '../format/time';
import { DriverSetup } from './DriverSetup';
import { geoProblem, hasToken, lastSentAt, linkDead, online, problem, queued, sharing, startSharing, stopSharing, view } from './driver-store';
import { LoadCard } from './LoadCard';

const formatExpiry = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

function SharingPanel() {
  const zone = view.value?.shipments[0]?.site.timezone ?? 'UTC';
  const state = !online.value ? 'offline' : sharing.value ? 'sharing' : 'idle';
  return (
    <section class="sharing" data-sharing={state} aria-label="Position sharing">
      {sharing.value ? (
        <button class="share stop" onClick={stopSharing}>
          Stop sharing my position
        </button>
      ) : (
        <button class="share" disabled={linkDead.value} onClick={startSharing}>
          Share my position
        </button>
      )}
      <p class="share-state" role="status">
        {state === 'offline' ? 'No network: positions are kept and sent when it returns.' : sharing.value ? 'Sharing while this page is open.' : 'Not sharing.'}
        {lastSentAt.value !== null && ` Last sent ${formatClock(lastSentAt.value, zone)}.`}
        {queued.value > 0 && (
          <span class="queued" data-queued={queued.value}>
            {' '}
            {queued.value} waiting to send.
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
  if (!hasToken()) return <main class="driver"><p class="driver-problem">This page needs the link your dispatcher sent.</p></main>;
  const current = view.value;
  return (
    <div class="driver">
      <header class="driver-bar">
        <span class="brand">
          <span class="brand-mark">▣</span> Dockwatch
        </span>
        <span class="driver-device">{current?.device.name ?? ''}</span>
      </header>
      {problem.value && (
        <p class="driver-problem" role="alert">
          {problem.value}
        </p>
      )}
      <nav class="driver-tabs">
        <button aria-pressed={tab === 'load'} onClick={() => setTab('load')}>
          My load
        </button>
        <button aria-pressed={tab === 'apps'} onClick={() => setTab('apps')}>
          Use a tracking app
        </button>
      </nav>
      <main class="driver-main">
        {tab === 'load' ? (
          <>
            <SharingPanel />
            {current === null ? (
              <p class="loading">Loading…</p>
            ) : current.shipments.length === 0 ? (
              <p class="loading">No open loads on this link.</p>
            ) : (
              current.shipments.map((load) => <LoadCard key={load.shipment.id} load={load} />)
            )}
            {current?.expiresAt && <p class="expires">Link valid until {formatExpiry(current.expiresAt, current.shipments[0]?.site.timezone ?? 'UTC')}.</p>}
          </>
        ) : current ? (
          <DriverSetup setup={current.setup} />
        ) : null}
      </main>
    </div>
  );
}
