import type { MessageCreate } from '@dockwatch/shared';
import { useEffect, useState } from 'preact/hooks';
import { messageLine } from '../components/message-line';
import { formatSiteTime } from '../format/time';
import { t } from '../i18n/i18n';
import { driverMessages, followMessages, messagesProblem, sendDriverMessage } from './driver-messages';

/** The structured updates a driver sends most, one tap each. */
const QUICK_UPDATES: { key: 'delay30Traffic' | 'atGate'; body: MessageCreate }[] = [
  { key: 'delay30Traffic', body: { kind: 'delay', delayMinutes: 30, reason: 'traffic' } },
  { key: 'atGate', body: { kind: 'at_gate' } },
];

/** A load's conversation with the plant on the driver page: the thread, one-tap updates and a short text. */
export function DriverConversation({ shipmentId, timeZone, disabled }: { shipmentId: string; timeZone: string; disabled: boolean }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => followMessages(shipmentId), [shipmentId]);
  const messages = driverMessages.value[shipmentId];
  const now = Date.now();
  const send = async (body: MessageCreate) => {
    setBusy(true);
    const ok = await sendDriverMessage(shipmentId, body);
    setBusy(false);
    return ok;
  };
  return (
    <section class="driver-conversation" aria-label={t('driver.messages.conversation')}>
      <h3>{t('driver.messages.conversation')}</h3>
      {messages && messages.length === 0 && <p class="load-tz">{t('driver.messages.noMessages')}</p>}
      {messages && messages.length > 0 && (
        <ol class="driver-messages">
          {messages.map((m) => (
            <li key={m.id} class={`driver-message from-${m.author.side}`} data-kind={m.kind}>
              <span class="message-meta">
                {t(`messages.side.${m.author.side}`)} · {m.author.name} · {formatSiteTime(m.createdAt, now, timeZone)}
              </span>
              <span class="message-text">
                {messageLine(m)}
                {m.kind !== 'text' && m.text && <q>{m.text}</q>}
              </span>
            </li>
          ))}
        </ol>
      )}
      <div class="quick-updates" role="group" aria-label={t('driver.messages.quickUpdates')}>
        {QUICK_UPDATES.map(({ key, body }) => (
          <button key={key} type="button" class="quick" disabled={disabled || busy} onClick={() => void send(body)}>
            {t(`driver.messages.${key}`)}
          </button>
        ))}
      </div>
      <form
        class="driver-message-form"
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = text.trim();
          if (trimmed !== '') void send({ text: trimmed }).then((ok) => ok && setText(''));
        }}
      >
        <input type="text" aria-label={t('driver.messages.write')} placeholder={t('driver.messages.write')} maxLength={500} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={disabled || busy || text.trim() === ''}>
          {t('driver.messages.send')}
        </button>
      </form>
      {messagesProblem.value && (
        <p class="geo-problem" role="alert">
          {messagesProblem.value}
        </p>
      )}
    </section>
  );
}
