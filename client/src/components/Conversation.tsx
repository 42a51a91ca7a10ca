import { useState } from 'preact/hooks';
import { mayMessage } from '../api/client';
import { conversation, conversationProblem, postMessage } from '../board/conversation';
import { formatSiteTime } from '../format/time';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/i18n';
import { messageLine } from './message-line';

/** A shipment's conversation with its carrier, driver and supplier, live, and a line to write in. */
export function Conversation({ shipmentId, timeZone, now }: { shipmentId: string; timeZone: string; now: number }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = conversation.value?.shipmentId === shipmentId ? conversation.value : null;
  const send = async (e: Event) => {
    e.preventDefault();
    if (text.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      await postMessage(shipmentId, { text: text.trim() });
      setText('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="conversation" aria-label={t('messages.title')}>
      <h3>{t('messages.title')}</h3>
      {conversationProblem.value && <p class="error">{conversationProblem.value}</p>}
      {current && current.messages.length === 0 && <p class="muted">{t('messages.none')}</p>}
      {current && current.messages.length > 0 && (
        <ol class="messages">
          {current.messages.map((m) => (
            <li key={m.id} class={`message from-${m.author.side}`} data-kind={m.kind}>
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
      {mayMessage.value && (
        <form class="message-form" onSubmit={(e) => void send(e)}>
          <input type="text" aria-label={t('messages.write')} placeholder={t('messages.write')} maxLength={2000} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
          <button type="submit" disabled={busy || text.trim() === ''}>
            {t('messages.send')}
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
