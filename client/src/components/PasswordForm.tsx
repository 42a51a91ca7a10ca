import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiError } from '../api/rest';
import { t } from '../i18n/i18n';

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** Changes the signed-in person's password; other browsers signed in as them are signed out. */
export function PasswordForm({ onDone }: { onDone: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setMessage(t('password.changed'));
      setCurrent('');
      setNext('');
    } catch (error) {
      setMessage(
        error instanceof ApiError && error.code === 'invalid_credentials'
          ? t('password.wrong')
          : error instanceof ApiError && error.status === 400
            ? t('password.tooShort')
            : t('password.failed', { message: (error as Error).message }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="password-form"
      aria-label={t('password.label')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('password.current')}
        <input type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(value(e))} required />
      </label>
      <label>
        {t('password.new')}
        <input type="password" autoComplete="new-password" minLength={10} value={next} onInput={(e) => setNext(value(e))} required />
      </label>
      {message && <p role="status">{message}</p>}
      <div class="password-actions">
        <button type="submit" disabled={busy}>
          {t('password.submit')}
        </button>
        <button type="button" class="cancel" onClick={onDone}>
          {t('password.close')}
        </button>
      </div>
    </form>
  );
}
