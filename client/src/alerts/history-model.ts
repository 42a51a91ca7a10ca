import type { AlertChange, ShipmentHistory, ShipmentMessage, StatusEvent } from '@dockwatch/shared';
import { messageLine } from '../components/message-line';
import { lifecycleLabel, WINDOW_STATUS_STYLE } from '../board/window-status';
import { formatSiteTime } from '../format/time';
import { alertDelayText, ALERT_KIND_STYLE } from './alert-text';
import { t } from '../i18n/i18n';

export interface HistoryEntry {
  key: string;
  at: string;
  /** Site time of the change, e.g. `14:05` or `23:50 −1d`. */
  time: string;
  symbol: string;
  text: string;
  kind: 'eta' | 'alert' | 'step' | 'message';
  /** A lifecycle step that needs attention (an exception), shown highlighted. */
  exception?: boolean;
}

const changeWord = (change: AlertChange['change']): string => t(`history.changes.${change}`);

/**
 * One list, newest first, of a shipment's ETA moves, alert changes, lifecycle steps and the
 * messages of its conversation. A ping that moved the ETA and raised an alert produces both at
 * the same instant; the alert is listed above its cause.
 */
export function historyEntries(
  history: ShipmentHistory,
  timeZone: string,
  now: number,
  events: readonly StatusEvent[] = [],
  messages: readonly ShipmentMessage[] = [],
): HistoryEntry[] {
  const eta: HistoryEntry[] = history.eta.map((e, i) => {
    const style = WINDOW_STATUS_STYLE[e.windowStatus];
    return {
      key: `eta-${i}`,
      at: e.at,
      time: formatSiteTime(e.at, now, timeZone),
      symbol: style.symbol,
      text: e.eta ? t('history.eta', { eta: formatSiteTime(e.eta, now, timeZone), status: style.label }) : t('history.noEta', { status: style.label }),
      kind: 'eta',
    };
  });
  const alerts: HistoryEntry[] = history.alerts.map((c, i) => {
    const style = ALERT_KIND_STYLE[c.kind];
    const delay = c.change === 'acknowledged' || c.change === 'resolved' ? null : alertDelayText(c);
    return {
      key: `alert-${i}`,
      at: c.at,
      time: formatSiteTime(c.at, now, timeZone),
      symbol: style.symbol,
      text: `${t('history.alertChange', { kind: style.label, change: changeWord(c.change) })}${delay ? ` · ${delay}` : ''}`,
      kind: 'alert',
    };
  });
  // The lifecycle steps with the clerk's or driver's note: an exception says what happened.
  const steps: HistoryEntry[] = events.map((e) => ({
    key: `step-${e.id}`,
    at: e.ts,
    time: formatSiteTime(e.ts, now, timeZone),
    symbol: e.type === 'exception' ? '⚠' : '▸',
    text: `${lifecycleLabel(e.type)}${e.note ? ` · ${e.note}` : ''}`,
    kind: 'step',
    exception: e.type === 'exception',
  }));
  // Who said what: a driver's "delayed 30 min: traffic" belongs beside the ETA it moved.
  const said: HistoryEntry[] = messages.map((m) => ({
    key: `message-${m.id}`,
    at: m.createdAt,
    time: formatSiteTime(m.createdAt, now, timeZone),
    symbol: '✉',
    text: `${t(`messages.side.${m.author.side}`)} · ${m.author.name}: ${messageLine(m)}${m.kind !== 'text' && m.text ? ` · ${m.text}` : ''}`,
    kind: 'message',
  }));
  const rank = { eta: 0, step: 1, message: 2, alert: 3 } as const;
  // Entries arrive oldest first; a stable sort keeps that order among equal times before the reverse.
  const all = [...eta, ...steps, ...said, ...alerts].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || rank[a.kind] - rank[b.kind]);
  return all.reverse();
}
