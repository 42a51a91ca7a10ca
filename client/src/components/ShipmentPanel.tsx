import { allowedTransitions, type StatusEventType } from '@dockwatch/shared';
import { useEffect, useState } from 'preact/hooks';
import { describeShipment } from '../board/describe';
import { carrierName, config, now, oneTapEarnedBy, recordEvent, select, selected, site } from '../board/store';
import { lifecycleLabel } from '../board/window-status';
import { DriverLink } from './DriverLink';
import { ShipmentHistory } from './ShipmentHistory';
import { LineItems } from './LineItems';
import { Conversation } from './Conversation';
import { mayIssueDriverLinks, mayRecordSteps } from '../api/client';
import { t } from '../i18n/i18n';
import { errorText } from '../i18n/error-text';
import { ReceiveForm } from './ReceiveForm';
import { NoticeLines } from '../notices/NoticesSection';
import { noticesOnShipment } from '../notices/notice-match';
import { notices } from '../notices/notices-store';

/** The steps a clerk records at the dock, in the order they happen. */
const CLERK_ACTIONS: { type: StatusEventType; label: () => string }[] = [
  { type: 'arrived', label: () => t('panel.markArrived') },
  { type: 'at_dock', label: () => t('panel.atDock') },
  { type: 'unloading', label: () => t('panel.unloading') },
];

export function ShipmentPanel() {
  const s = selected.value;
  const current = site.value;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [receiving, setReceiving] = useState(false);
  // A count or an exception note begun for one load does not stay open for the next one picked.
  useEffect(() => {
    setReceiving(false);
    setNote(null);
    setError(null);
  }, [s?.id]);
  if (!s || !current) return null;
  const allowed = allowedTransitions(s.status);
  // A trusted partner's load (its tier's one-tap receipt) is booked as announced in one tap; the count stays one click away.
  const oneTapPartner = s.items.length > 0 ? oneTapEarnedBy(s) : null;

  const act = async (type: StatusEventType, withNote?: string, receivedItems?: { sku: string; quantity: number }[]) => {
    setBusy(true);
    setError(null);
    try {
      await recordEvent(s.id, type, withNote, receivedItems);
      setNote(null);
      setReceiving(false);
    } catch (e) {
      setError(errorText(e));
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
    <aside class="shipment-panel" aria-label={t('panel.shipment', { reference: s.reference })}>
      <div class="panel-head">
        <h2>{s.reference}</h2>
        <button type="button" class="close" aria-label={t('panel.close')} onClick={() => void select(null)}>
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
      <LineItems items={s.items} class="items" label={t('panel.lineItems')} cover={{ shipmentId: s.id, timeZone: current.timezone, now: now.value }} />
      <NoticeLines list={noticesOnShipment(notices.value.values(), s)} timeZone={current.timezone} label={t('panel.notices')} />
      <Conversation shipmentId={s.id} timeZone={current.timezone} now={now.value} />
      {mayRecordSteps.value && (
        <div class="actions" role="group" aria-label={t('panel.recordStep')}>
          {CLERK_ACTIONS.map((a) => (
            <button type="button" key={a.type} disabled={busy || !allowed.includes(a.type)} onClick={() => void act(a.type)}>
              {a.label()}
            </button>
          ))}
          {oneTapPartner !== null ? (
            <>
              <button type="button" class="one-tap" disabled={busy || !allowed.includes('received')} title={t('panel.oneTapHint', { partner: oneTapPartner })} onClick={() => void act('received')}>
                {t('panel.receivedAsAnnounced')}
              </button>
              <button type="button" disabled={busy || !allowed.includes('received')} aria-expanded={receiving} onClick={() => setReceiving(!receiving)}>
                {t('panel.countLines')}
              </button>
            </>
          ) : (
            <button type="button" disabled={busy || !allowed.includes('received')} aria-expanded={receiving} onClick={() => setReceiving(!receiving)}>
              {t('panel.received')}
            </button>
          )}
          <button type="button" class="warn" disabled={busy || !allowed.includes('exception')} onClick={() => setNote(note === null ? '' : null)}>
            {t('panel.exception')}
          </button>
        </div>
      )}
      {receiving && <ReceiveForm key={s.id} shipment={s} busy={busy} onReceive={(items) => void act('received', undefined, items)} onCancel={() => setReceiving(false)} />}
      {note !== null && (
        <form
          class="exception-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) void act('exception', note.trim());
          }}
        >
          <label>
            {t('panel.whatHappened')}
            <textarea value={note} maxLength={2000} required rows={2} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" class="warn" disabled={busy || !note.trim()}>
            {t('panel.recordException')}
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p class="status-line">{t('panel.statusLine', { status: lifecycleLabel(s.status) })}</p>
      {mayIssueDriverLinks.value && (
        <DriverLink key={s.id} shipmentId={s.id} timeZone={current.timezone} open={s.status !== 'received' && s.status !== 'cancelled'} />
      )}
      <ShipmentHistory key={s.id} shipment={s} />
    </aside>
  );
}
