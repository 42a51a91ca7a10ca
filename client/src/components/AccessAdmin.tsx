import { ROLES, type Role, type Scope } from '@dockwatch/shared';
import { useEffect, useState } from 'preact/hooks';
import { accessOpen, accessProblem, addUser, loadAccess, makeWallLink, newWallLink, revoke, setDisabled, tokens, users, type NewUser } from '../admin/access-store';
import { carrierName, carriers, now, site, sites } from '../board/store';
import { formatSiteTime } from '../format/time';

const input = (e: Event) => (e.target as HTMLInputElement).value;

/** What an identity is bound to, in words. */
function scopeText(s: Scope): string {
  if (s.role === 'carrier' && s.carrierId) return carrierName(s.carrierId);
  if (s.role === 'supplier' && s.supplier) return s.supplier;
  if (!s.siteIds) return 'all sites';
  return s.siteIds.map((id) => sites.value.find((x) => x.id === id)?.name ?? id).join(', ');
}

function AddUserForm() {
  const empty: NewUser = { email: '', password: '', role: 'clerk', carrierId: '', supplier: '', siteId: site.value?.id ?? '' };
  const [u, setU] = useState<NewUser>(empty);
  const set = (patch: Partial<NewUser>) => setU({ ...u, ...patch });
  return (
    <form
      class="access-form"
      aria-label="Add a user"
      onSubmit={(e) => {
        e.preventDefault();
        void addUser(u).then((ok) => ok && setU(empty));
      }}
    >
      <input type="email" placeholder="Email" aria-label="New user's email" value={u.email} onInput={(e) => set({ email: input(e) })} required />
      <input type="password" placeholder="Password (10+ characters)" aria-label="New user's password" minLength={10} value={u.password} onInput={(e) => set({ password: input(e) })} required />
      <select aria-label="Role" value={u.role} onChange={(e) => set({ role: input(e) as Role })}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      {u.role === 'carrier' && (
        <select aria-label="Carrier" value={u.carrierId} onChange={(e) => set({ carrierId: input(e) })} required>
          <option value="">Carrier…</option>
          {[...carriers.value.values()].map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
      {u.role === 'supplier' && <input placeholder="Supplier name, exactly as on shipments" aria-label="Supplier" value={u.supplier} onInput={(e) => set({ supplier: input(e) })} required />}
      {['clerk', 'viewer', 'planner'].includes(u.role) && (
        <select aria-label="Site" value={u.siteId} onChange={(e) => set({ siteId: input(e) })} required={u.role === 'clerk'}>
          {u.role !== 'clerk' && <option value="">All sites</option>}
          {sites.value.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      )}
      <button type="submit">Add user</button>
    </form>
  );
}

/** Admins: users, API tokens and wall-screen links. */
export function AccessAdmin() {
  useEffect(() => void loadAccess(), []);
  const current = site.value;
  const tz = current?.timezone ?? 'UTC';
  const when = (t: string | null) => (t ? formatSiteTime(t, now.value, tz) : '—');
  return (
    <main class="access-admin" aria-label="Access">
      <div class="access-head">
        <h2>Access</h2>
        <button type="button" class="cancel" onClick={() => (accessOpen.value = false)}>
          Back to the board
        </button>
      </div>
      {accessProblem.value && (
        <p class="error" role="alert">
          {accessProblem.value}
        </p>
      )}
      {current && (
        <section>
          <h3>Wall-screen link for {current.name}</h3>
          <p class="muted">A read-only link for the dock office screen: it opens this board without a password and stops working when you revoke it below.</p>
          <button type="button" onClick={() => void makeWallLink(current)}>
            Create wall-screen link
          </button>
          {newWallLink.value && <input class="wall-link" readOnly aria-label="Wall-screen link" value={newWallLink.value} onFocus={(e) => (e.target as HTMLInputElement).select()} />}
        </section>
      )}
      <section>
        <h3>Users</h3>
        <AddUserForm />
        <table class="board access-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Scope</th>
              <th scope="col">State</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {users.value.map((u) => (
              <tr key={u.id} data-user-id={u.id}>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td class="clip">{scopeText(u)}</td>
                <td>{u.disabled ? 'disabled' : 'active'}</td>
                <td>
                  <button type="button" class="link" onClick={() => void setDisabled(u.id, !u.disabled)}>
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h3>API tokens</h3>
        <table class="board access-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Scope</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {tokens.value.map((t) => (
              <tr key={t.id} data-token-id={t.id} class={t.revokedAt ? 'revoked' : ''}>
                <td class="clip">{t.name}</td>
                <td>{t.role}</td>
                <td class="clip">{scopeText(t)}</td>
                <td>{when(t.lastUsedAt)}</td>
                <td>{when(t.expiresAt)}</td>
                <td>
                  {t.revokedAt ? (
                    `revoked ${when(t.revokedAt)}`
                  ) : (
                    <button type="button" class="link" onClick={() => void revoke(t.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
