import type { ApiToken, Role, Site, User } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/i18n';

/** The admin's view of who has access: users and API tokens. */
export const accessOpen = signal(false);
export const users = signal<User[]>([]);
export const tokens = signal<ApiToken[]>([]);
export const accessProblem = signal<string | null>(null);
/** The wall-screen link just made (its token is shown only once). */
export const newWallLink = signal<string | null>(null);

async function attempt(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    accessProblem.value = null;
    return true;
  } catch (error) {
    accessProblem.value = errorText(error);
    return false;
  }
}

export const loadAccess = () =>
  attempt(async () => {
    const [u, t] = await Promise.all([api.users(), api.tokens()]);
    users.value = u;
    tokens.value = t;
  });

export interface NewUser {
  email: string;
  password: string;
  role: Role;
  carrierId: string;
  supplier: string;
  siteId: string;
}

/** Creates a user with the bindings its role needs; true when it worked. */
export const addUser = (u: NewUser) =>
  attempt(async () => {
    await api.createUser({
      email: u.email,
      password: u.password,
      role: u.role,
      ...(u.role === 'carrier' ? { carrierId: u.carrierId } : {}),
      ...(u.role === 'supplier' ? { supplier: u.supplier } : {}),
      ...(['clerk', 'viewer', 'planner'].includes(u.role) && u.siteId ? { siteIds: [u.siteId] } : {}),
    });
    await loadAccess();
  });

export const setDisabled = (id: string, disabled: boolean) =>
  attempt(async () => {
    await api.setUserDisabled(id, disabled);
    await loadAccess();
  });

/** A read-only viewer token for one site, as the link a wall screen opens. */
export const makeWallLink = (site: Site) =>
  attempt(async () => {
    const created = await api.createToken({ name: t('access.wallTokenName', { site: site.name }), role: 'viewer', siteIds: [site.id] });
    newWallLink.value = `${window.location.origin}/?site=${site.id}&token=${created.token}`;
    await loadAccess();
  });

export const revoke = (id: string) =>
  attempt(async () => {
    await api.revokeToken(id);
    await loadAccess();
  });
