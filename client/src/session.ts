const TOKEN_KEY = 'dockwatch.token';

/**
 * The staff token: taken from `?token=` once (then removed from the address bar, so it does not
 * linger in history or screenshots) and kept in this browser for wall screens that reload.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url);
    return fromUrl;
  }
  return localStorage.getItem(TOKEN_KEY);
}

export function saveToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

const SESSION_KEY = 'dockwatch.signedIn';

/**
 * Whether this browser signed in with a password before (a hint only: the session cookie is
 * httpOnly, and the server decides). Without it and without a token, the page shows the sign-in
 * form straight away instead of asking the server and logging a 401 on every first visit.
 */
export const mayHaveSession = (): boolean => localStorage.getItem(SESSION_KEY) === '1';

export function rememberSession(signedIn: boolean): void {
  if (signedIn) localStorage.setItem(SESSION_KEY, '1');
  else localStorage.removeItem(SESSION_KEY);
}

/** The site the URL names (`?site=<id>`), for deep links on wall screens. */
export function siteFromUrl(): string | null {
  return new URL(window.location.href).searchParams.get('site');
}

export function setSiteInUrl(siteId: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set('site', siteId);
  history.replaceState(history.state, '', url);
}
