import type { ApiTokenCreate, ApiTokenCreated, Role, User } from '@dockwatch/shared';
import { sql } from 'drizzle-orm';
import type { TestServer } from './server';

let counter = 0;
export const uniqueEmail = (name: string) => `${name}-${process.pid}-${Date.now().toString(36)}-${++counter}@example.test`;
export const PASSWORD = 'correct horse battery';

export interface Binding {
  carrierId?: string;
  supplier?: string;
  siteIds?: string[];
}

export async function createUser(server: TestServer, role: Role, binding: Binding = {}, email = uniqueEmail(role)): Promise<User> {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: server.staff, payload: { email, password: PASSWORD, role, ...binding } });
  if (res.statusCode !== 201) throw new Error(`POST /users → ${res.statusCode}: ${res.body}`);
  return res.json<User>();
}

/** Signs in and answers the Cookie header the browser would send from then on. */
export async function login(server: TestServer, email: string, password = PASSWORD): Promise<{ cookie: string }> {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} → ${res.statusCode}: ${res.body}`);
  const session = res.cookies.find((c) => c.name === 'dw_session');
  if (!session) throw new Error('login set no session cookie');
  return { cookie: `dw_session=${session.value}` };
}

/** A user signed in: its record and the headers of its browser. */
export async function signedInUser(server: TestServer, role: Role, binding: Binding = {}) {
  const user = await createUser(server, role, binding);
  return { user, headers: await login(server, user.email) };
}

/**
 * Moves a token's expiry an hour into the past, as if its time had run out: a test of expiry
 * then waits on nothing, where a token made to expire in a second or two raced a loaded machine.
 */
export async function expireToken(server: TestServer, id: string): Promise<void> {
  await server.app.db.execute(sql`update api_tokens set expires_at = ${new Date(Date.now() - 3_600_000).toISOString()}::timestamptz where id = ${id}`);
}

export async function createToken(server: TestServer, input: Omit<ApiTokenCreate, 'name'> & { name?: string }): Promise<ApiTokenCreated & { headers: { authorization: string } }> {
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: server.staff, payload: { name: `${input.role} token`, ...input } });
  if (res.statusCode !== 201) throw new Error(`POST /tokens → ${res.statusCode}: ${res.body}`);
  const created = res.json<ApiTokenCreated>();
  return { ...created, headers: { authorization: `Bearer ${created.token}` } };
}
