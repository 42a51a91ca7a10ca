import type { UserRecord } from '../repositories/users';
import type { ApiTokenRecord } from '../repositories/api-tokens';
import type { StaffPrincipal } from './policy';

export const SESSION_COOKIE = 'dw_session';

export const bootstrapPrincipal = (): StaffPrincipal => ({
  kind: 'bootstrap',
  id: null,
  name: 'bootstrap admin',
  role: 'admin',
  carrierId: null,
  supplier: null,
  siteIds: null,
  sessionId: null,
});

export const userPrincipal = (user: UserRecord, sessionId: string | null): StaffPrincipal => ({
  kind: 'user',
  id: user.id,
  name: user.email,
  role: user.role,
  carrierId: user.carrierId,
  supplier: user.supplier,
  siteIds: user.siteIds ?? null,
  sessionId,
});

export const tokenPrincipal = (token: ApiTokenRecord): StaffPrincipal => ({
  kind: 'token',
  id: token.id,
  name: token.name,
  role: token.role,
  carrierId: token.carrierId,
  supplier: token.supplier,
  siteIds: token.siteIds ?? null,
  sessionId: null,
});

/** The identity rooms a principal's sockets join, so a revocation can reach all of them. */
export function identitiesOf(principal: StaffPrincipal): string[] {
  if (principal.kind === 'bootstrap') return [];
  const own = `${principal.kind}:${principal.id}`;
  return principal.sessionId ? [own, `session:${principal.sessionId}`] : [own];
}
