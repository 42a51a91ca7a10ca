import type { DriverShipment } from '@dockwatch/shared';
import { isPreArrival } from '@dockwatch/shared';
import { useState } from 'preact/hooks';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from '../board/window-status';
import { formatNumber, formatSiteTime, formatWindow } from '../format/time';
import { t, type MessageKey } from '../i18n/i18n';
import { DriverConversation } from './DriverConversation';
import { distanceToSite, FAR_FROM_SITE_M } from './arrival-distance';
import { linkDead, phonePosition, report } from './driver-store';

const DELAY_REASONS = ['traffic', 'loading', 'breakdown', 'border', 'break', 'weather'] as const;
const DELAY_MINUTES = [15, 30, 60, 120];

type Step = 'dispatched' | 'in_transit' | 'delayed' | 'arrived';
type Asking = null | 'delay' | { distanceM: number };

/** `31 km`, `1,5 km` or `800 m` in the chosen language. */
const distanceText = (m: number) => (m >= 1_000 ? `${formatNumber(m / 1_000, m >= 10_000 ? 0 : 1)} km` : `${formatNumber(Math.round(m / 10) * 10, 0)} m`);

/** How late and why: minutes by the big buttons or typed, and a reason. */
function DelayForm({ disabled, onSend, onBack }: { disabled: boolean; onSend: (note: string) => void; onBack: () => void }) {
  const [minutes, setMinutes] = useState(30);
  const [reason, setReason] = useState<(typeof DELAY_REASONS)[number] | null>(null);
  return (
    <form
      class="delay-form"
      aria-label={t('driver.delayTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        if (reason) onSend(t('driver.delayNote', { minutes, reason: t(`driver.reasons.${reason}` as MessageKey) }));
      }}
    >
      <h3>{t('driver.delayTitle')}</h3>
      <fieldset class="choices">
        <legend>{t('driver.delayMinutes')}</legend>
        {DELAY_MINUTES.map((m) => (
          <button type="button" key={m} class="choice" aria-pressed={minutes === m} onClick={() => setMinutes(m)}>
            {t('time.minutes', { m })}
          </button>
        ))}
        <input
          type="number"
          min={1}
          max={1440}
          inputMode="numeric"
          aria-label={t('driver.delayMinutes')}
          value={minutes}
          onInput={(e) => setMinutes(Math.max(1, Math.min(1440, Number((e.target as HTMLInputElement).value) || 1)))}
        />
      </fieldset>
      <fieldset class="choices reasons" aria-label={t('driver.delayReason')}>
        <legend>{t('driver.delayReason')}</legend>
        {DELAY_REASONS.map((r) => (
          <button type="button" key={r} class="choice" aria-pressed={reason === r} onClick={() => setReason(r)}>
            {t(`driver.reasons.${r}` as MessageKey)}
          </button>
        ))}
      </fieldset>
      <div class="steps">
        <button type="submit" class="step warn" disabled={disabled || reason === null}>
          {t('driver.sendDelay')}
        </button>
        <button type="button" class="step neutral" onClick={onBack}>
          {t('driver.back')}
        </button>
      </div>
    </form>
  );
}

/** One load: where to, the window and the ETA, and the big buttons for the driver's steps. */
export function LoadCard({ load }: { load: DriverShipment }) {
  const { shipment, site } = load;
  const [asking, setAsking] = useState<Asking>(null);
  const [busy, setBusy] = useState(false);
  const now = Date.now();
  const status = WINDOW_STATUS_STYLE[shipment.windowStatus];
  const preArrival = isPreArrival(shipment.status);
  const send = async (type: Step, note?: string) => {
    setBusy(true);
    if (await report(shipment.id, type, note)) setAsking(null);
    setBusy(false);
  };
  // Far from the site an "Arrived" is more likely a slip of the thumb than an arrival.
  const arrive = () => {
    const distanceM = distanceToSite(load, phonePosition.value);
    if (distanceM !== null && distanceM > FAR_FROM_SITE_M) setAsking({ distanceM });
    else void send('arrived');
  };
  const disabled = busy || linkDead.value;

  return (
    <article class="load" data-shipment-id={shipment.id} aria-label={t('driver.load', { reference: shipment.reference })}>
      <header class="load-head">
        <span class="load-ref">{shipment.reference}</span>
        <span class="load-status" data-status={shipment.status}>
          {lifecycleLabel(shipment.status)}
        </span>
      </header>
      <p class="load-site">
        {t('driver.to')} <strong>{site.name}</strong>
        {shipment.dock ? t('driver.dock', { dock: shipment.dock }) : ''}
      </p>
      <dl class="load-times">
        <div>
          <dt>{t('driver.window')}</dt>
          <dd data-field="window">{formatWindow(shipment.windowStart, shipment.windowEnd, now, site.timezone)}</dd>
        </div>
        <div>
          <dt>{shipment.arrivedAt ? t('driver.arrived') : t('driver.eta')}</dt>
          <dd data-field="eta">{shipment.eta ? formatSiteTime(shipment.eta, now, site.timezone) : '—'}</dd>
        </div>
        <div>
          <dt>{t('driver.status')}</dt>
          <dd data-field="window-status" style={{ color: status.color }}>
            {status.symbol} {status.label}
          </dd>
        </div>
      </dl>
      <p class="load-tz">{t('driver.timesAt', { zone: site.timezone })}</p>
      {asking === 'delay' ? (
        <DelayForm disabled={disabled} onSend={(note) => void send('delayed', note)} onBack={() => setAsking(null)} />
      ) : asking !== null ? (
        <div class="far-confirm" role="alertdialog" aria-labelledby={`far-${shipment.id}`}>
          <p id={`far-${shipment.id}`}>
            <strong>{t('driver.farTitle', { distance: distanceText(asking.distanceM), site: site.name })}</strong> {t('driver.farQuestion')}
          </p>
          <div class="steps">
            <button class="step done" disabled={disabled} onClick={() => void send('arrived')}>
              {t('driver.farConfirm')}
            </button>
            <button class="step neutral" autoFocus onClick={() => setAsking(null)}>
              {t('driver.farCancel')}
            </button>
          </div>
        </div>
      ) : (
        <div class="steps">
          <button class="step go" disabled={disabled || shipment.status !== 'planned'} onClick={() => void send('dispatched')}>
            {t('driver.departed')}
          </button>
          {shipment.status === 'delayed' ? (
            <button class="step go" disabled={disabled} onClick={() => void send('in_transit')}>
              {t('driver.backOnRoad')}
            </button>
          ) : (
            <button class="step warn" disabled={disabled || !preArrival} onClick={() => setAsking('delay')}>
              {t('driver.delayed')}
            </button>
          )}
          <button class="step done" disabled={disabled || !preArrival} onClick={arrive}>
            {t('driver.arrivedButton')}
          </button>
        </div>
      )}
      <DriverConversation shipmentId={shipment.id} timeZone={site.timezone} disabled={linkDead.value} />
    </article>
  );
}
