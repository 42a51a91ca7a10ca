import { ROLES, type ApiToken, type Role, type Scope, type User } from '@dockwatch/shared';
import { useEffect, useState } from 'preact/hooks';
import { accessOpen, accessProblem, addUser, loadAccess, makeWallLink, newWallLink, revoke, setDisabled, tokens, users, type NewUser } from '../admin/access-store';
import { me } from '../api/client';
import { carrierName, carriers, now, site, sites } from '../board/store';
import { formatSiteTime } from '../format/time';
import { t } from '../i18n/i18n';
import { ConfirmBar } from './ConfirmBar';

const input = (e: Event) => (e.target as HTMLInputElement).value;
const roleName = (role: Role) => t(`access.roles.${role}`);

/** What an identity is bound to, in words. */
function scopeText(s: Scope): string {
  if (s.role === 'carrier' && s.carrierId) return carrierName(s.carrierId);
  if (s.role === 'supplier' && s.supplier) return s.supplier;
  if (!s.siteIds) return t('access.allSitesLower');
  return s.siteIds.map((id) => sites.value.find((x) => x.id === id)?.name ?? id).join(', ');
}

function AddUserForm() {
  const empty: NewUser = { email: '', password: '', role: 'clerk', carrierId: '', supplier: '', siteId: site.value?.id ?? '' };
  const [u, setU] = useState<NewUser>(empty);
  const set = (patch: Partial<NewUser>) => setU({ ...u, ...patch });
  return (
    <form
      class="access-form"
      aria-label={t('access.addUser')}
      onSubmit={(e) => {
        e.preventDefault();
        void addUser(u).then((ok) => ok && setU(empty));
      }}
    >
      <input type="email" placeholder={t('access.email')} aria-label={t('access.newEmail')} value={u.email} onInput={(e) => set({ email: input(e) })} required />
      <input
        type="password"
        placeholder={t('access.passwordPlaceholder')}
        aria-label={t('access.newPassword')}
        minLength={10}
        value={u.password}
        onInput={(e) => set({ password: input(e) })}
        required
      />
      <select aria-label={t('access.role')} value={u.role} onChange={(e) => set({ role: input(e) as Role })}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {roleName(r)}
          </option>
        ))}
      </select>
      {u.role === 'carrier' && (
        <select aria-label={t('access.carrier')} value={u.carrierId} onChange={(e) => set({ carrierId: input(e) })} required>
          <option value="">{t('access.carrierChoose')}</option>
          {[...carriers.value.values()].map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
      {u.role === 'supplier' && (
        <input placeholder={t('access.supplierPlaceholder')} aria-label={t('access.supplier')} value={u.supplier} onInput={(e) => set({ supplier: input(e) })} required />
      )}
      {['clerk', 'viewer', 'planner'].includes(u.role) && (
        <select aria-label={t('access.site')} value={u.siteId} onChange={(e) => set({ siteId: input(e) })} required={u.role === 'clerk'}>
          {u.role !== 'clerk' && <option value="">{t('access.allSites')}</option>}
          {sites.value.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      )}
      <button type="submit">{t('access.add')}</button>
    </form>
  );
}

/** One user; disabling asks first, and the signed-in admin's own account cannot be disabled here. */
function UserRow({ u }: { u: User }) {
  const [confirming, setConfirming] = useState(false);
  const self = me.value?.kind === 'user' && me.value.id === u.id;
  return (
    <>
      <tr data-user-id={u.id}>
        <td data-label={t('access.email')} class="clip">
          {u.email}
          {self && <span class="muted"> ({t('access.you')})</span>}
        </td>
        <td data-label={t('access.role')}>{roleName(u.role)}</td>
        <td class="clip" data-label={t('access.scope')}>
          {scopeText(u)}
        </td>
        <td data-label={t('access.state')}>{u.disabled ? t('access.disabled') : t('access.active')}</td>
        <td class="row-actions">
          {u.disabled ? (
            <button type="button" class="link" onClick={() => void setDisabled(u.id, false)}>
              {t('access.enable')}
            </button>
          ) : (
            <button type="button" class="link" disabled={self} title={self ? t('access.selfProtected') : undefined} aria-expanded={confirming} onClick={() => setConfirming(true)}>
              {t('access.disable')}
            </button>
          )}
        </td>
      </tr>
      {confirming && (
        <tr class="confirm-row">
          <td colSpan={5}>
            <ConfirmBar
              text={t('access.confirmDisable', { email: u.email })}
              confirm={t('access.confirmDisableButton')}
              cancel={t('access.cancel')}
              onConfirm={() => setDisabled(u.id, true)}
              onDone={() => setConfirming(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

function TokenRow({ token: tk, when }: { token: ApiToken; when: (t: string | null) => string }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <tr data-token-id={tk.id} class={tk.revokedAt ? 'revoked' : ''}>
        <td class="clip" data-label={t('access.name')}>
          {tk.name}
        </td>
        <td data-label={t('access.role')}>{roleName(tk.role)}</td>
        <td class="clip" data-label={t('access.scope')}>
          {scopeText(tk)}
        </td>
        <td data-label={t('access.lastUsed')}>{when(tk.lastUsedAt)}</td>
        <td data-label={t('access.expires')}>{when(tk.expiresAt)}</td>
        <td class="row-actions">
          {tk.revokedAt ? (
            t('access.revoked', { time: when(tk.revokedAt) })
          ) : (
            <button type="button" class="link" aria-expanded={confirming} onClick={() => setConfirming(true)}>
              {t('access.revoke')}
            </button>
          )}
        </td>
      </tr>
      {confirming && (
        <tr class="confirm-row">
          <td colSpan={6}>
            <ConfirmBar
              text={t('access.confirmRevoke', { name: tk.name })}
              confirm={t('access.confirmRevokeButton')}
              cancel={t('access.cancel')}
              onConfirm={() => revoke(tk.id)}
              onDone={() => setConfirming(false)}
            />
          </td>
        </tr>
      )}
    </>
  );
}

/** Admins: users, API tokens and wall-screen links. */
export function AccessAdmin() {
  useEffect(() => void loadAccess(), []);
  const current = site.value;
  const tz = current?.timezone ?? 'UTC';
  const when = (at: string | null) => (at ? formatSiteTime(at, now.value, tz) : '—');
  return (
    <main class="access-admin" aria-label={t('access.title')}>
      <div class="access-head">
        <h2>{t('access.title')}</h2>
        <button type="button" class="cancel" onClick={() => (accessOpen.value = false)}>
          {t('access.back')}
        </button>
      </div>
      {accessProblem.value && (
        <p class="error" role="alert">
          {accessProblem.value}
        </p>
      )}
      {current && (
        <section>
          <h3>{t('access.wallLinkFor', { site: current.name })}</h3>
          <p class="muted">{t('access.wallLinkHint')}</p>
          <button type="button" onClick={() => void makeWallLink(current)}>
            {t('access.createWallLink')}
          </button>
          {newWallLink.value && <input class="wall-link" readOnly aria-label={t('access.wallLink')} value={newWallLink.value} onFocus={(e) => (e.target as HTMLInputElement).select()} />}
        </section>
      )}
      <section>
        <h3>{t('access.users')}</h3>
        <AddUserForm />
        <table class="board access-table cards-on-phone">
          <thead>
            <tr>
              <th scope="col">{t('access.email')}</th>
              <th scope="col">{t('access.role')}</th>
              <th scope="col">{t('access.scope')}</th>
              <th scope="col">{t('access.state')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {users.value.map((u) => (
              <UserRow key={u.id} u={u} />
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h3>{t('access.tokens')}</h3>
        <table class="board access-table cards-on-phone">
          <thead>
            <tr>
              <th scope="col">{t('access.name')}</th>
              <th scope="col">{t('access.role')}</th>
              <th scope="col">{t('access.scope')}</th>
              <th scope="col">{t('access.lastUsed')}</th>
              <th scope="col">{t('access.expires')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {tokens.value.map((tk) => (
              <TokenRow key={tk.id} token={tk} when={when} />
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
