import type { Alert } from '@dockwatch/shared';
import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import { ApiError } from '../api/rest';
import { acknowledgedText, alertDelayText, alertEtaText, alertLeadText, ALERT_KIND_STYLE, alertStateLabel, shortageLines } from '../alerts/alert-text';
import { alerts, select } from '../board/store';
import { formatWindow } from '../format/time';
import { LineItems } from './LineItems';
import { partCovers } from '../coverage/part-covers';
import { loadVerdict } from '../coverage/part-cover-model';
import { mayAcknowledge } from '../api/client';
import { t } from '../i18n/i18n';
import { errorText } from '../i18n/error-text';

/** Why an acknowledgement was refused, in the planner's words (the server's message names ids). */
const ACK_REFUSED: Record<string, () => string> = {
  alert_acknowledged: () => t('alerts.ackFirst'),
  alert_resolved: () => t('alerts.ackResolved'),
};

interface AlertCardProps {
  alert: Alert;
  timeZone: string;
  /** Now, to the minute: enough for day markers, and it keeps unchanged cards from re-rendering. */
  nowMinute: number;
  selected: boolean;
}

/** One alert: what, which shipment, how late, how early we knew, the parts, and the planner's acknowledgement. */
export const AlertCard = memo(function AlertCard({ alert: a, timeZone, nowMinute, selected }: AlertCardProps) {
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const style = ALERT_KIND_STYLE[a.kind];
  const delay = alertDelayText(a);
  const lead = alertLeadText(a);
  const eta = alertEtaText(a, timeZone, nowMinute);
  const acknowledged = acknowledgedText(a, timeZone, nowMinute);
  // A shortage alert is about a material: it opens the delivery that would bring it back.
  const shipmentId = a.shipmentId ?? a.material?.nextInbound?.shipmentId ?? null;
  // Whether this load's lateness stops a line, or its parts are covered anyway.
  const verdict = a.shipmentId !== null && a.kind !== 'early_arrival' ? loadVerdict(a.items, a.shipmentId, partCovers.value) : null;
  const open = () => {
    if (shipmentId) void select(shipmentId);
  };

  const acknowledge = async (text: string) => {
    setBusy(true);
    setError(null);
    try {
      await alerts.acknowledge(a.id, text || undefined);
      setNote(null);
    } catch (e) {
      const refused = e instanceof ApiError ? ACK_REFUSED[e.code]?.() : undefined;
      if (refused) setNote(null);
      setError(refused ?? errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li
      class={`alert alert-${a.kind} alert-is-${a.state} ${verdict ? `alert-parts-${verdict.verdict}` : ''} ${selected ? 'selected' : ''}`}
      data-alert-id={a.id}
      data-kind={a.kind}
      data-state={a.state}
      onClick={open}
    >
      <div class="alert-main">
        <div class="alert-line">
          <span class="alert-kind">
            <span aria-hidden="true">{style.symbol}</span> {style.label}
          </span>
          {delay && <strong class="alert-delay">{delay}</strong>}
        </div>
        {a.material ? (
          <div class="alert-shortage" data-col="alert-shortage">
            <div class="alert-line">
              <strong class="alert-ref">{a.material.sku}</strong>
              <span class="alert-supplier">{a.material.description}</span>
            </div>
            {shortageLines(a.material, timeZone, nowMinute).map((line) => (
              <div class="alert-meta" key={line}>
                {line}
              </div>
            ))}
          </div>
        ) : (
          <>
            <div class="alert-line">
              <button type="button" class="alert-ref" title={t('alerts.showShipment')} onClick={open}>
                {a.reference}
              </button>
              <span class="alert-supplier">{a.supplier}</span>
            </div>
            <div class="alert-meta">
              <span>{t('alerts.dock', { dock: a.dock ?? '—' })}</span>
              {a.windowStart && a.windowEnd && <span>{t('alerts.window', { window: formatWindow(a.windowStart, a.windowEnd, nowMinute, timeZone) })}</span>}
              {eta && <span data-col="alert-eta">{eta}</span>}
              {lead && <span>{lead}</span>}
            </div>
            {verdict && (
              <p class={`alert-verdict verdict-${verdict.verdict}`} data-col="alert-verdict">
                {verdict.verdict === 'stops'
                  ? t('parts.verdictStops', { parts: verdict.parts.map((p) => (p.line ? `${p.sku} (${p.line})` : p.sku)).join(', ') })
                  : t('parts.verdictCovered')}
              </p>
            )}
            <LineItems items={a.items} class="alert-items" label={t('alerts.affectedParts')} cover={{ shipmentId: a.shipmentId!, timeZone, now: nowMinute }} />
          </>
        )}
        {acknowledged && (
          <p class="alert-ack">
            <span aria-hidden="true">✓</span> {acknowledged}
            {a.ackNote && <q>{a.ackNote}</q>}
          </p>
        )}
      </div>
      <div class="alert-side">
        <span class={`alert-state state-${a.state}`} data-col="alert-state">
          {alertStateLabel(a.state)}
        </span>
        {a.state === 'open' && note === null && mayAcknowledge.value && (
          <button
            type="button"
            class="ack"
            onClick={(e) => {
              e.stopPropagation();
              setNote('');
            }}
          >
            {t('alerts.acknowledgeEllipsis')}
          </button>
        )}
      </div>
      {note !== null && (
        <form
          class="ack-form"
          onClick={(e) => e.stopPropagation()}
          onSubmit={(e) => {
            e.preventDefault();
            void acknowledge(note.trim());
          }}
        >
          <input
            type="text"
            aria-label={t('alerts.noteLabel')}
            placeholder={t('alerts.notePlaceholder')}
            maxLength={2000}
            value={note}
            autoFocus
            onInput={(e) => setNote((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="ack" disabled={busy}>
            {t('alerts.acknowledge')}
          </button>
          <button type="button" class="cancel" disabled={busy} onClick={() => setNote(null)}>
            {t('alerts.cancel')}
          </button>
        </form>
      )}
      {error && (
        <p class="error alert-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
});
