import { me, token } from '../api/client';
import { signOut } from '../auth/auth-store';

/** Who is signed in, and the way out. A wall-screen token shows its name and no sign-out. */
export function UserMenu() {
  const who = me.value;
  if (!who) return null;
  return (
    <div class="user-menu">
      <span class="who" title={`${who.name} (${who.role})`}>
        {who.name} · {who.role}
      </span>
      {!token.value && (
        <button type="button" class="sign-out" onClick={() => void signOut()}>
          Sign out
        </button>
      )}
    </div>
  );
}
