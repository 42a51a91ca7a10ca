import type { Alert, Webhook, WebhookDelivery } from '@dockwatch/shared';
import { createToken, createUser, PASSWORD, signedInUser, uniqueEmail } from './access';
import { alertWithoutPersistence, createWorld, fixAt, latForEta, PLANT, type World } from './fixtures';
import type { TestServer } from './server';

/** Every kind of caller the matrix walks. */
export const CALLERS = ['anonymous', 'bootstrap', 'admin', 'planner', 'clerk', 'viewer', 'carrier', 'supplier', 'device'] as const;
export type CallerName = (typeof CALLERS)[number];

/** Latitude from which a truck's first fix is ~200 min out: far too late for its window (60–90 min ahead), band and all. */
const LATE_LAT = latForEta(200);

export interface Tenant extends World {
  supplier: string;
  alert: Alert;
  /** Time of the late fix that raised `alert` (epoch ms): the load's latest position. */
  lateFixAt: number;
}

/**
 * Two tenants that must not see each other: A (site, carrier, device, supplier, shipment with
 * an open alert, a webhook with a delivery) and B alike. Every caller is bound to tenant A.
 */
export interface AccessWorld {
  a: Tenant;
  b: Tenant;
  webhookA: Webhook;
  deliveryA: WebhookDelivery;
  headers: Record<CallerName, Record<string, string>>;
  /** Ids of the callers, as the audit log names them. */
  actors: Partial<Record<CallerName, string>>;
  /** A user who only exists to sign in during the matrix. */
  loginUser: { email: string; password: string };
}

async function tenant(server: TestServer, name: string, beforeLate: (world: World) => Promise<void> = async () => {}): Promise<Tenant> {
  const supplier = `Supplier ${name} ${Date.now().toString(36)}`;
  const world = await createWorld(server, { supplier });
  // The alert must exist when the matrix starts, not three minutes into the ping's persistence.
  await alertWithoutPersistence(server, world.site.id);
  await beforeLate(world);
  const lateFix = fixAt(LATE_LAT, PLANT.lon, 0, { speed: 20 });
  const ping = await server.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: lateFix });
  if (ping.statusCode !== 202) throw new Error(`ping → ${ping.statusCode}`);
  const alerts = (await server.app.inject({ url: `/api/v1/alerts?shipmentId=${world.shipment.id}`, headers: server.staff })).json<{ alerts: Alert[] }>().alerts;
  if (!alerts[0]) throw new Error('no alert raised for the late truck');
  return { ...world, supplier, alert: alerts[0], lateFixAt: Date.parse(lateFix.ts) };
}

export async function buildAccessWorld(server: TestServer): Promise<AccessWorld> {
  const made: { webhook?: Webhook } = {};
  // A's webhook exists before its alert, so the alert leaves a delivery to replay.
  const a = await tenant(server, 'A', async (world) => {
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/sites/${world.site.id}/webhooks`,
      headers: server.staff,
      payload: { url: 'http://127.0.0.1:9/hooks', events: ['alert.raised'], secret: 'a-secret-of-sixteen+' },
    });
    made.webhook = res.json<Webhook>();
  });
  const b = await tenant(server, 'B');
  const deliveries = (await server.app.inject({ url: `/api/v1/webhooks/${made.webhook!.id}/deliveries`, headers: server.staff })).json<{ deliveries: WebhookDelivery[] }>().deliveries;
  if (!deliveries[0]) throw new Error('no webhook delivery queued');

  const admin = await signedInUser(server, 'admin');
  const clerk = await signedInUser(server, 'clerk', { siteIds: [a.site.id] });
  const carrier = await signedInUser(server, 'carrier', { carrierId: a.carrier.id });
  const supplier = await signedInUser(server, 'supplier', { supplier: a.supplier });
  const planner = await createToken(server, { role: 'planner', siteIds: [a.site.id] });
  const viewer = await createToken(server, { name: 'Dock office wall screen', role: 'viewer', siteIds: [a.site.id] });
  const loginUser = await createUser(server, 'viewer', { siteIds: [a.site.id] }, uniqueEmail('login'));

  return {
    a,
    b,
    webhookA: made.webhook!,
    deliveryA: deliveries[0],
    headers: {
      anonymous: {},
      bootstrap: server.staff,
      admin: admin.headers,
      planner: planner.headers,
      clerk: clerk.headers,
      viewer: viewer.headers,
      carrier: carrier.headers,
      supplier: supplier.headers,
      device: a.deviceAuth,
    },
    actors: {
      admin: `user:${admin.user.id}`,
      clerk: `user:${clerk.user.id}`,
      carrier: `user:${carrier.user.id}`,
      supplier: `user:${supplier.user.id}`,
      planner: `token:${planner.id}`,
      viewer: `token:${viewer.id}`,
      device: `device:${a.device.id}`,
    },
    loginUser: { email: loginUser.email, password: PASSWORD },
  };
}
