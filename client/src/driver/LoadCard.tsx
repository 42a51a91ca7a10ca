import type { DriverShipment } from '@dockwatch/shared';
import { isPreArrival } from '@dockwatch/shared';
import { useState } from 'preact/hooks';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from '../board/window-status';
import { formatSiteTime, formatWindow } from '../format/time';
import { linkDead, report } from './driver-store';

const DELAY_REASONS = ['Traffic', 'Loading took longer', 'Breakdown', 'Border or customs', 'Driving-time break', 'Weather'];

/** One load: where to, the window and the ETA, and the big buttons for the driver's steps. */
export function LoadCard({ load }: { load: DriverShipment }) {
  const { shipment, site } = load;
  const [choosingReason, setChoosingReason] = useState(false);
  const [busy, setBusy] = useState(false);
  const now = Date.now();
  const status = WINDOW_STATUS_STYLE[shipment.windowStatus];
  const preArrival = isPreArrival(shipment.status);
  const send = async (type: 'dispatched' | 'delayed' | 'arrived', note?: string) => {
    setBusy(true);
    if (await report(shipment.id, type, note)) setChoosingReason(false);
    setBusy(false);
  };
  const disabled = busy || linkDead.value;

  return (
    <article class="load" data-shipment-id={shipment.id} aria-label={`Load ${shipment.reference}`}>
      <header class="load-head">
        <span class="load-ref">{shipment.reference}</span>
        <span class="load-status" data-status={shipment.status}>
          {lifecycleLabel(shipment.status)}
        </span>
      </header>
      <p class="load-site">
        To <strong>{site.name}</strong>
        {shipment.dock ? ` · dock ${shipment.dock}` : ''}
      </p>
      <dl class="load-times">
        <div>
          <dt>Window</dt>
          <dd data-field="window">{formatWindow(shipment.windowStart, shipment.windowEnd, now, site.timezone)}</dd>
        </div>
        <div>
          <dt>{shipment.arrivedAt ? 'Arrived' : 'ETA'}</dt>
          <dd data-field="eta">{shipment.eta ? formatSiteTime(shipment.eta, now, site.timezone) : '—'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-field="window-status" style={{ color: status.color }}>
            {status.symbol} {status.label}
          </dd>
        </div>
      </dl>
      <p class="load-tz">Times at the site ({site.timezone})</p>
      {choosingReason ? (
        <div class="reasons" role="group" aria-label="Reason for the delay">
          {DELAY_REASONS.map((reason) => (
            <button key={reason} class="reason" disabled={disabled} onClick={() => void send('delayed', reason)}>
              {reason}
            </button>
          ))}
          <button class="reason cancel" onClick={() => setChoosingReason(false)}>
            Back
          </button>
        </div>
      ) : (
        <div class="steps">
          <button class="step go" disabled={disabled || shipment.status !== 'planned'} onClick={() => void send('dispatched')}>
            Departed
          </button>
          <button class="step warn" disabled={disabled || !preArrival || shipment.status === 'delayed'} onClick={() => setChoosingReason(true)}>
            Delayed…
          </button>
          <button class="step done" disabled={disabled || !preArrival} onClick={() => void send('arrived')}>
            Arrived
          </button>
        </div>
      )}
    </article>
  );
}
