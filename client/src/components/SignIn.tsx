import { useState } from 'preact/hooks';
import { signInProblem } from '../api/client';
import { signInWithPassword, signInWithToken } from '../auth/auth-store';
import { SCREEN_LANGUAGES, t } from '../i18n/i18n';
import { LanguagePicker } from '../i18n/LanguagePicker';

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** Email and password for people; an access token for wall screens and the bootstrap admin. */
export function SignIn() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tokenValue, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="token-prompt">
      <div class="sign-in">
        <form
          aria-label={t('signIn.title')}
          onSubmit={(e) => {
            e.preventDefault();
            if (email.trim() && password) void run(() => signInWithPassword(email.trim(), password));
          }}
        >
          <h1>
            <span class="brand-mark" aria-hidden="true">▣</span> Dockwatch
          </h1>
          <LanguagePicker offered={SCREEN_LANGUAGES} />
          <label>
            {t('signIn.email')}
            <input type="email" autoComplete="username" value={email} onInput={(e) => setEmail(value(e))} required />
          </label>
          <label>
            {t('signIn.password')}
            <input type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(value(e))} required />
          </label>
          {signInProblem.value && (
            <p class="error" role="alert">
              {signInProblem.value}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
        <details class="token-sign-in">
          <summary>{t('signIn.useToken')}</summary>
          <form
            aria-label={t('signIn.withToken')}
            onSubmit={(e) => {
              e.preventDefault();
              if (tokenValue.trim()) void run(() => signInWithToken(tokenValue.trim()));
            }}
          >
            <p>{t('signIn.tokenHint')}</p>
            <label>
              {t('signIn.token')}
              <input type="password" autoComplete="off" value={tokenValue} onInput={(e) => setToken(value(e))} />
            </label>
            <button type="submit" disabled={busy}>
              {t('signIn.open')}
            </button>
          </form>
        </details>
      </div>
    </main>
  );
}
