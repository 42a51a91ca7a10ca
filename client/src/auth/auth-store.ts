import { PARTNER_ROLES, type Me } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api, endSession, me, signInProblem, token } from '../api/client';
import { ApiError } from '../api/rest';
import { now, startBoard } from '../board/store';
import { startPortal } from '../portal/portal-store';
import { forgetToken, mayHaveSession, rememberSession, saveToken, takeToken } from '../session';
import { t } from '../i18n/i18n';

/** True until the server has said who this browser is. */
export const booting = signal(true);

export const isPartner = (who: Me | null): boolean => who !== null && PARTNER_ROLES.includes(who.role);

function openView(): Promise<void> {
  return isPartner(me.value) ? startPortal() : startBoard();
}

/** Asks the server who we are (bearer token or session cookie) and opens the matching view. */
async function resume(): Promise<void> {
  if (!token.value && !mayHaveSession()) {
    booting.value = false;
    return;
  }
  try {
    me.value = await api.me();
    signInProblem.value = null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      rememberSession(false);
      endSession(token.value ? t('signIn.tokenRejected') : null);
    } else {
      signInProblem.value = t('signIn.unreachable', { message: (error as Error).message });
    }
    return;
  } finally {
    booting.value = false;
  }
  await openView();
}

/** Page start: a `?token=` link moves out of the address bar into this browser, then we resume. */
export async function boot(): Promise<void> {
  setInterval(() => (now.value = Date.now()), 1000);
  token.value = takeToken();
  await resume();
}

export async function signInWithPassword(email: string, password: string): Promise<void> {
  try {
    me.value = await api.login(email, password);
    rememberSession(true);
    signInProblem.value = null;
  } catch (error) {
    signInProblem.value =
      error instanceof ApiError && error.status === 401
        ? t('signIn.wrong')
        : error instanceof ApiError && error.status === 429
          ? t('signIn.tooMany')
          : t('signIn.failed', { message: (error as Error).message });
    return;
  }
  await openView();
}

export async function signInWithToken(value: string): Promise<void> {
  saveToken(value);
  token.value = value;
  await resume();
}

/** Ends the session on the server, forgets any token, and starts the page afresh. */
export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } finally {
    forgetToken();
    rememberSession(false);
    window.location.assign(`${window.location.pathname}${window.location.search}`);
  }
}
