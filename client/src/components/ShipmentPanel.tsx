import { allowedTransitions, type StatusEventType } from '@dockwatch/shared';
import { useState } from 'preact/hooks';
import { describeShipment } from '../board/describe';
import { carrierName, config, now, recordEvent, select, selected, site } from '../board/store';
import { lifecycleLabel } from '../board/window-status';
import { DriverLink } from './DriverLink';
import { ShipmentHistory } from './ShipmentHistory';
import { LineItems } from './LineItems';
import { mayIssueDriverLinks, mayRecordSteps } from '../api/client';

/** The steps a clerk records at the dock, in the order they happen. */
const CLERK_ACTIONS: { type: StatusEventType; label: string }[] = [
  { type: 'arrived', label: 'Mark arrived' },
  { type: 'at_dock', label: 'At dock' },
  { type: 'unloading', label: 'Unloading' },
  { type: 'received', label: 'Received' },
];

export function ShipmentPanel() {
  const s = selected.value;
  const current = site.value;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  if (!s || !current) return null;
  const allowed = allowedTransitions(s.status);

  const act = async (type: StatusEventType, withNote?: string) => {
    setBusy(true);
    setError(null);
    try {
      await recordEvent(s.id, type, withNote);
      setNote(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const facts = describeShipment(s, {
    timeZone: current.timezone,
    now: now.value,
    staleAfterSeconds: config.value?.staleAfterSeconds ?? 600,
    carrierName,
  });

  return (
    <aside class="shipment-panel" aria-label={`Shipment ${s.reference}`}>
      <div class="panel-head">
        <h2>{s.reference}</h2>
        <button type="button" class="close" aria-label="Close details" onClick={() => void select(null)}>
          ×
        </button>
      </div>
      <dl class="facts">
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      <LineItems items={s.items} class="items" label="Line items" />
      {mayRecordSteps.value && (
        <div class="actions" role="group" aria-label="Record a step">
          {CLERK_ACTIONS.map((a) => (
            <button type="button" key={a.type} disabled={busy || !allowed.includes(a.type)} onClick={() => void act(a.type)}>
              {a.label}
            </button>
          ))}
          <button type="button" class="warn" disabled={busy || !allowed.includes('exception')} onClick={() => setNote(note === null ? '' : null)}>
            Exception…
          </button>
        </div>
      )}
      {note !== null && (
        <form
          class="exception-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) void act('exception', note.trim());
          }}
        >
          <label>
            What happened?
            <textarea value={note} maxLength={2000} required rows={2} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" class="warn" disabled={busy || !note.trim()}>
            Record exception
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="status-line">Status: {lifecycleLabel(s.status)}</p>
      {mayIssueDriverLinks.value && (
        <DriverLink key={s.id} shipmentId={s.id} timeZone={current.timezone} open={s.status !== 'received' && s.status !== 'cancelled'} />
      )}
      <ShipmentHistory key={s.id} shipment={s} />
    </aside>
  );
}
