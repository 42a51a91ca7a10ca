import type { ApiTokenCreated, Role, User } from '@dockwatch/shared';
import { randomBytes } from 'node:crypto';

/** What the demo prints so anyone can sign in: people's logins and a wall-screen link. */
export interface DemoAccess {
  admin: { email: string; password: string };
  carrier: { email: string; password: string };
  /** The late load's supplier, its short part shared with it (null without a shortage). */
  supplier: { email: string; password: string; name: string; sku: string } | null;
  wallScreenUrl: string;
}

async function call<T>(baseUrl: string, staffToken: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(new URL(path, baseUrl), {
    method,
    headers: { authorization: `Bearer ${staffToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** Creates the account, or gives an existing one this start's fresh password (and the binding). */
async function ensureUser(baseUrl: string, staffToken: string, email: string, role: Role, binding: object): Promise<{ email: string; password: string }> {
  const password = randomBytes(9).toString('base64url');
  const created = await call<User>(baseUrl, staffToken, 'POST', '/api/v1/users', { email, password, role, ...binding });
  if (created.status === 201) return { email, password };
  if (created.status !== 409) throw new Error(`creating the demo user ${email} failed: ${created.status} ${JSON.stringify(created.json)}`);
  const { json } = await call<{ users: User[] }>(baseUrl, staffToken, 'GET', '/api/v1/users');
  const existing = json.users.find((u) => u.email === email)!;
  const reset = await call(baseUrl, staffToken, 'PATCH', `/api/v1/users/${existing.id}`, { password, disabled: false, role, ...binding });
  if (reset.status !== 200) throw new Error(`resetting the demo user ${email} failed: ${reset.status}`);
  return { email, password };
}

/**
 * The demo's people and screens, made through the API with the bootstrap token: an admin, a
 * carrier user for the partner portal, and a read-only wall-screen token for the demo site.
 */
export async function provisionDemoAccess(
  baseUrl: string,
  publicUrl: string,
  staffToken: string,
  siteId: string,
  carrierId: string,
  shortage: { sku: string; supplier: string } | null = null,
): Promise<DemoAccess> {
  const admin = await ensureUser(baseUrl, staffToken, 'admin@dockwatch.demo', 'admin', {});
  const carrier = await ensureUser(baseUrl, staffToken, 'carrier@dockwatch.demo', 'carrier', { carrierId });
  let supplier: DemoAccess['supplier'] = null;
  if (shortage) {
    // The supplier of the part that runs short sees the plant's stock and cover of it.
    const login = await ensureUser(baseUrl, staffToken, 'supplier@dockwatch.demo', 'supplier', { supplier: shortage.supplier });
    const { json } = await call<{ materials: { id: string; sku: string }[] }>(baseUrl, staffToken, 'GET', `/api/v1/sites/${siteId}/materials`);
    const part = json.materials.find((m) => m.sku === shortage.sku);
    if (part) {
      const shared = await call(baseUrl, staffToken, 'PUT', `/api/v1/sites/${siteId}/demand-sharing`, { entries: [{ supplier: shortage.supplier, materialId: part.id, share: true }] });
      if (shared.status !== 200) throw new Error(`sharing ${shortage.sku} with ${shortage.supplier} failed: ${shared.status}`);
    }
    // It may announce its own loads to the demo plant, for windows from an hour to a week ahead.
    const rules = await call(baseUrl, staffToken, 'PUT', `/api/v1/sites/${siteId}/asn-rules`, { suppliers: [shortage.supplier], docks: [], minLeadMinutes: 60, maxDaysAhead: 7 });
    if (rules.status !== 200) throw new Error(`opening notices to ${shortage.supplier} failed: ${rules.status}`);
    supplier = { ...login, name: shortage.supplier, sku: shortage.sku };
  }
  const wall = await call<ApiTokenCreated>(baseUrl, staffToken, 'POST', '/api/v1/tokens', { name: 'Demo wall screen', role: 'viewer', siteIds: [siteId] });
  if (wall.status !== 201) throw new Error(`issuing the wall-screen token failed: ${wall.status}`);
  return { admin, carrier, supplier, wallScreenUrl: `${publicUrl}/?site=${siteId}&token=${wall.json.token}` };
}
