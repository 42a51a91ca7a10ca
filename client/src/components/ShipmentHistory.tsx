import type { Shipment, ShipmentHistory as History, StatusEvent } from '@dockwatch/shared';
import { useEffect, useState } from 'preact/hooks';
import { alertStamp } from '../alerts/alerts-model';
import { historyEntries } from '../alerts/history-model';
import { minuteClock } from '../board/derived';
import { conversation } from '../board/conversation';
import { alerts, loadHistory, loadStatusEvents, site } from '../board/store';
import { t } from '../i18n/i18n';

/** Entries shown before "Show all": the latest changes are what a planner reads. */
const RECENT = 6;

/**
 * A shipment's ETA moves, alert changes, steps and messages, newest first, in site time. Fetched again when the
 * selection changes, when one of its alerts changes, and when its window status changes.
 */
export function ShipmentHistory({ shipment }: { shipment: Shipment }) {
  const [history, setHistory] = useState<History | null>(null);
  const [events, setEvents] = useState<StatusEvent[]>([]);
  const [failed, setFailed] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const stamp = `${alertStamp(alerts.byId.value, shipment.id)}|${shipment.windowStatus}|${shipment.status}`;

  useEffect(() => {
    let wanted = true;
    Promise.all([loadHistory(shipment.id), loadStatusEvents(shipment.id)]).then(
      ([h, steps]) => {
        if (!wanted) return;
        setHistory(h);
        setEvents(steps);
        setFailed(false);
      },
      () => wanted && setFailed(true),
    );
    return () => {
      wanted = false;
    };
  }, [shipment.id, stamp]);

  const current = site.value;
  if (!current) return null;
  // The open conversation is this shipment's (the panel opens both): its messages are part of the history, live.
  const said = conversation.value?.shipmentId === shipment.id ? conversation.value.messages : [];
  const entries = history?.shipmentId === shipment.id ? historyEntries(history, current.timezone, minuteClock.value, events, said) : null;
  const shown = entries && !showAll ? entries.slice(0, RECENT) : entries;
  return (
    <section class="history" aria-label={t('history.title')}>
      <h3>{t('history.title')}</h3>
      {shown === null ? (
        <p class="muted">{failed ? t('history.failed') : t('history.loading')}</p>
      ) : shown.length === 0 ? (
        <p class="muted">{t('history.empty')}</p>
      ) : (
        <ol class="history-list">
          {shown.map((e) => (
            <li key={e.key} class={`history-${e.kind} ${e.exception ? 'history-exception' : ''}`} data-kind={e.kind}>
              <time dateTime={e.at}>{e.time}</time>
              <span aria-hidden="true">{e.symbol}</span>
              <span>{e.text}</span>
            </li>
          ))}
        </ol>
      )}
      {entries && entries.length > RECENT && (
        <button type="button" class="link" onClick={() => setShowAll(!showAll)}>
          {showAll ? t('history.showRecent') : t('history.showAll', { count: entries.length })}
        </button>
      )}
    </section>
  );
}
