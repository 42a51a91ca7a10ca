import { useState } from 'preact/hooks';
import { accessOpen } from '../admin/access-store';
import { devicesOpen } from '../admin/devices-store';
import { me, token } from '../api/client';
import { signOut } from '../auth/auth-store';
import { PasswordForm } from './PasswordForm';
import { t } from '../i18n/i18n';

/** Who is signed in, a password change for people, and the way out. A wall-screen token shows its name only. */
export function UserMenu() {
  const [changing, setChanging] = useState(false);
  const who = me.value;
  if (!who) return null;
  const person = who.kind === 'user' && !token.value;
  return (
    <div class="user-menu">
      <span class="who" title={`${who.name} (${t(`access.roles.${who.role}`)})`}>
        {who.name} · {t(`access.roles.${who.role}`)}
      </span>
      {who.role === 'admin' && (
        <>
          {/* The admin screens cover the board one at a time. */}
          <button
            type="button"
            class="sign-out"
            aria-pressed={accessOpen.value}
            onClick={() => {
              devicesOpen.value = false;
              accessOpen.value = !accessOpen.value;
            }}
          >
            {t('header.access')}
          </button>
          <button
            type="button"
            class="sign-out"
            aria-pressed={devicesOpen.value}
            onClick={() => {
              accessOpen.value = false;
              devicesOpen.value = !devicesOpen.value;
            }}
          >
            {t('header.devices')}
          </button>
        </>
      )}
      {person && (
        <button type="button" class="sign-out" aria-expanded={changing} onClick={() => setChanging(!changing)}>
          {t('header.password')}
        </button>
      )}
      {!token.value && (
        <button type="button" class="sign-out" onClick={() => void signOut()}>
          {t('header.signOut')}
        </button>
      )}
      {changing && <PasswordForm onDone={() => setChanging(false)} />}
    </div>
  );
}
