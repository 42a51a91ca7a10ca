import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiError } from '../api/rest';

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
      setMessage('Password changed. Other sessions were signed out.');
      setCurrent('');
      setNext('');
    } catch (error) {
      setMessage(
        error instanceof ApiError && error.code === 'invalid_credentials'
          ? 'The current password is wrong.'
          : error instanceof ApiError && error.status === 400
            ? 'The new password needs at least 10 characters.'
            : `Not changed: ${(error as Error).message}`,
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="password-form"
      aria-label="Change password"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Current password
        <input type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent(value(e))} required />
      </label>
      <label>
        New password
        <input type="password" autoComplete="new-password" minLength={10} value={next} onInput={(e) => setNext(value(e))} required />
      </label>
      {message && <p role="status">{message}</p>}
      <div class="password-actions">
        <button type="submit" disabled={busy}>
          Change password
        </button>
        <button type="button" class="cancel" onClick={onDone}>
          Close
        </button>
      </div>
    </form>
  );
}
