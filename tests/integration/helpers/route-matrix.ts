import { DEFAULT_LOYALTY, type Alert, type Carrier, type Scorecard, type Shipment, type Site } from '@dockwatch/shared';
import { expect } from 'vitest';
import { uniqueEmail, PASSWORD } from './access';
import type { AccessWorld, CallerName } from './access-world';
import { fixAtTime } from './fixtures';
import type { TestServer } from './server';

export interface MatrixRequest {
  url: string;
  payload?: object | string;
  /** Extra headers, such as a body's content type. */
  headers?: Record<string, string>;
}

/** One row of the matrix: a route, who may call it on tenant A's resources, and on tenant B's. */
export interface RouteCase {
  /** `${method} ${route url}` exactly as Fastify registered it. */
  route: string;
  /** Request against tenant A (the callers' own tenant). */
  own: (w: AccessWorld, server: TestServer, caller: CallerName) => Promise<MatrixRequest> | MatrixRequest;
  /** Callers allowed on `own` (anonymous only for public routes); every other caller gets 403 (401 when anonymous). */
  allow: readonly CallerName[];
  /** Request against tenant B; the callers in `allow` but not in `foreignAllow` must get 404. */
  foreign?: (w: AccessWorld, server: TestServer) => Promise<MatrixRequest> | MatrixRequest;
  /** Callers allowed on `foreign`. Default: the unscoped admins. */
  foreignAllow?: readonly CallerName[];
  /** Extra checks on an allowed answer (list filtering). */
  check?: (caller: CallerName, body: unknown, w: AccessWorld) => void;
  /**
   * The route takes a credential of its own (a driver link or device token), not a staff
   * identity: every caller outside `allow` gets 401, whoever they are.
   */
  ownCredential?: true;
}

const PUBLIC: readonly CallerName[] = ['anonymous', 'bootstrap', 'admin', 'planner', 'clerk', 'viewer', 'carrier', 'supplier', 'device'];
const ADMINS: readonly CallerName[] = ['bootstrap', 'admin'];
const SIGNED_IN: readonly CallerName[] = ['bootstrap', 'admin', 'planner', 'clerk', 'viewer', 'carrier', 'supplier'];
const SITE_STAFF: readonly CallerName[] = ['bootstrap', 'admin', 'planner', 'clerk', 'viewer'];
const PLANNERS: readonly CallerName[] = ['bootstrap', 'admin', 'planner'];
const SCOPED: readonly CallerName[] = ['planner', 'clerk', 'viewer', 'carrier', 'supplier'];

let n = 0;
const unique = (p: string) => `${p}-${process.pid}-${++n}`;
const post = async <T>(server: TestServer, url: string, payload: object): Promise<T> =>
  (await server.app.inject({ method: 'POST', url, headers: server.staff, payload })).json<T>();

/** One material per site for the matrix's material rows, made on first use. */
const materials = new Map<string, Promise<string>>();
const materialOf = (server: TestServer, siteId: string): Promise<string> => {
  const key = `${server.url} ${siteId}`;
  if (!materials.has(key)) materials.set(key, post<{ id: string }>(server, `/api/v1/sites/${siteId}/materials`, { sku: unique('MAT') }).then((m) => m.id));
  return materials.get(key)!;
};

/** A part at each tenant's site that the tenant's supplier delivers, made on first use (the supplier demand rows). */
const suppliedParts = new Map<string, Promise<string>>();
const suppliedPart = (server: TestServer, siteId: string, supplier: string): Promise<string> => {
  const key = `${server.url} ${siteId}`;
  if (!suppliedParts.has(key)) suppliedParts.set(key, post<{ id: string }>(server, `/api/v1/sites/${siteId}/materials`, { sku: unique('SUP'), suppliers: [supplier] }).then((m) => m.id));
  return suppliedParts.get(key)!;
};
const demandOf = async (server: TestServer, t: AccessWorld['a'], path = '/api/v1/supplier/demand') => {
  await suppliedPart(server, t.site.id, t.supplier);
  return { url: `${path}?siteId=${t.site.id}&supplier=${encodeURIComponent(t.supplier)}` };
};

const shipmentA = (w: AccessWorld) => w.a.shipment.id;
/** A supplier's notice for a load in three hours. */
const asnOf = (siteId: string, carrierId: string) => ({
  reference: unique('ASN'),
  siteId,
  carrierId,
  windowStart: new Date(Date.now() + 3 * 3_600_000).toISOString(),
  windowEnd: new Date(Date.now() + 3.5 * 3_600_000).toISOString(),
  items: [{ sku: 'ASN-1', quantity: 10 }],
});
const shipmentB = (w: AccessWorld) => w.b.shipment.id;
const LINK_CALLERS: readonly CallerName[] = ['bootstrap', 'admin', 'planner', 'clerk', 'carrier'];
const DISPATCHERS: readonly CallerName[] = ['bootstrap', 'admin', 'carrier'];
/** Who picks a load's truck: the plant's planners and the load's carrier. */
const ASSIGNERS: readonly CallerName[] = [...PLANNERS, 'carrier'];
const gpxOf = (ts: string) =>
  `<?xml version="1.0"?><gpx version="1.1" creator="matrix" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg><trkpt lat="48.5" lon="11.5"><time>${ts}</time></trkpt></trkseg></trk></gpx>`;
/**
 * A fix on tenant A's device `secondsBefore` its late fix. The matrix's pings are all older than
 * the load's position, so they are stored as history and never move it: a newer fix 80 km
 * nearer would resolve the lateness alert the ack row needs, and "a few seconds ago" was newer
 * or older depending on how fast the machine got through the rows before it.
 */
const historyFix = (w: AccessWorld, secondsBefore: number) => fixAtTime(48.6, 11.6, w.a.lateFixAt - secondsBefore * 1000);
const gpxRequest = (shipmentId: string, lateFixAt: number): MatrixRequest => ({
  url: `/api/v1/shipments/${shipmentId}/gpx`,
  payload: gpxOf(new Date(lateFixAt - 3_600_000 - ++n * 1000).toISOString()),
  headers: { 'content-type': 'application/gpx+xml' },
});
const linkOn = async (server: TestServer, shipmentId: string) => (await post<{ id: string }>(server, `/api/v1/shipments/${shipmentId}/links`, {})).id;

/** A fresh notice on tenant A's site: posted by the plant to `to`, or by that partner itself (`by: 'partner'`). */
const noticeOn = async (server: TestServer, w: AccessWorld, tenant: 'a' | 'b', to: 'carrier' | 'supplier', by: 'plant' | 'partner'): Promise<string> => {
  const t = w[tenant];
  const body = { cause: 'strike', effect: 'capacity_down', startsAt: '2026-03-02T06:00:00Z', siteIds: [t.site.id], text: 'Matrix notice' };
  const partner = to === 'carrier' ? { type: 'carrier', id: t.carrier.id } : { type: 'supplier', name: t.supplier };
  // The callers' own partner headers are tenant A's.
  const headers = by === 'plant' ? server.staff : w.headers[to];
  const res = await server.app.inject({ method: 'POST', url: '/api/v1/notices', headers, payload: by === 'plant' ? { ...body, partner } : body });
  if (res.statusCode !== 201) throw new Error(`notice → ${res.statusCode} ${res.body}`);
  return res.json<{ id: string }>().id;
};
/** The notice each caller is on the other side of (carriers: their own company's; everyone else: the supplier's). */
const noticeToAnswer = (server: TestServer, w: AccessWorld, caller: CallerName) =>
  caller === 'carrier' ? noticeOn(server, w, 'a', 'carrier', 'plant') : caller === 'supplier' ? noticeOn(server, w, 'a', 'supplier', 'plant') : noticeOn(server, w, 'a', 'supplier', 'partner');
/** The notice each caller's side posted. */
const noticeToClose = (server: TestServer, w: AccessWorld, caller: CallerName) =>
  caller === 'carrier' ? noticeOn(server, w, 'a', 'carrier', 'partner') : caller === 'supplier' ? noticeOn(server, w, 'a', 'supplier', 'partner') : noticeOn(server, w, 'a', 'supplier', 'plant');
const NOTICE_CALLERS: readonly CallerName[] = ['bootstrap', 'admin', 'planner', 'carrier', 'supplier'];

/** Every /api/v1 route. A route missing here fails the matrix test. */
export const ROUTES: RouteCase[] = [
  { route: 'GET /api/v1/client-config', own: () => ({ url: '/api/v1/client-config' }), allow: PUBLIC },
  { route: 'POST /api/v1/auth/login', own: (w) => ({ url: '/api/v1/auth/login', payload: w.loginUser }), allow: PUBLIC },
  { route: 'GET /api/v1/auth/me', own: () => ({ url: '/api/v1/auth/me' }), allow: SIGNED_IN },
  {
    route: 'POST /api/v1/auth/password',
    own: () => ({ url: '/api/v1/auth/password', payload: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
    allow: ['admin', 'clerk', 'carrier', 'supplier'],
  },
  { route: 'POST /api/v1/sites', own: () => ({ url: '/api/v1/sites', payload: { name: unique('Site'), lat: 48, lon: 11, timezone: 'Europe/Berlin' } }), allow: ADMINS },
  {
    route: 'GET /api/v1/sites',
    own: () => ({ url: '/api/v1/sites' }),
    allow: SIGNED_IN,
    check: (caller, body, w) => {
      const ids = (body as { sites: Site[] }).sites.map((s) => s.id);
      expect(ids).toContain(w.a.site.id);
      if (SCOPED.includes(caller)) expect(ids, caller).toEqual([w.a.site.id]);
    },
  },
  { route: 'GET /api/v1/sites/:id', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}` }) },
  { route: 'GET /api/v1/sites/:id/board', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/board` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/board` }) },
  { route: 'GET /api/v1/sites/:id/eta-accuracy', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/eta-accuracy` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/eta-accuracy` }) },
  { route: 'GET /api/v1/sites/:id/materials', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/materials` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/materials` }) },
  {
    route: 'POST /api/v1/sites/:id/materials',
    own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/materials`, payload: { sku: unique('SKU') } }),
    allow: PLANNERS,
    foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/materials`, payload: { sku: unique('SKU') } }),
  },
  {
    route: 'POST /api/v1/sites/:id/imports',
    own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/imports`, payload: `sku,description\n${unique('CSV')},Valve\n`, headers: { 'content-type': 'text/csv' } }),
    allow: PLANNERS,
    foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/imports`, payload: `sku,description\n${unique('CSV')},Valve\n`, headers: { 'content-type': 'text/csv' } }),
  },
  { route: 'GET /api/v1/sites/:id/coverage', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/coverage` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/coverage` }) },
  { route: 'GET /api/v1/sites/:id/coverage/parts', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/coverage/parts` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/coverage/parts` }) },
  { route: 'GET /api/v1/sites/:id/receipts/discrepancies', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/receipts/discrepancies` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/receipts/discrepancies` }) },
  { route: 'GET /api/v1/materials/:id', own: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.a.site.id)}` }), allow: SITE_STAFF, foreign: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.b.site.id)}` }) },
  {
    route: 'PATCH /api/v1/materials/:id',
    own: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.a.site.id)}`, payload: { description: 'Valve' } }),
    allow: PLANNERS,
    foreign: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.b.site.id)}`, payload: { description: 'Valve' } }),
  },
  {
    route: 'PUT /api/v1/materials/:id/stock',
    own: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.a.site.id)}/stock`, payload: { quantity: 10, countedAt: new Date(Date.now() - 60_000).toISOString() } }),
    allow: PLANNERS,
    foreign: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.b.site.id)}/stock`, payload: { quantity: 10, countedAt: new Date(Date.now() - 60_000).toISOString() } }),
  },
  { route: 'GET /api/v1/materials/:id/demand', own: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.a.site.id)}/demand` }), allow: SITE_STAFF, foreign: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.b.site.id)}/demand` }) },
  {
    route: 'PUT /api/v1/materials/:id/demand',
    own: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.a.site.id)}/demand`, payload: { buckets: [] } }),
    allow: PLANNERS,
    foreign: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.b.site.id)}/demand`, payload: { buckets: [] } }),
  },
  {
    route: 'GET /api/v1/materials/:id/projection',
    own: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.a.site.id)}/projection` }),
    allow: SITE_STAFF,
    foreign: async (w, s) => ({ url: `/api/v1/materials/${await materialOf(s, w.b.site.id)}/projection` }),
  },
  { route: 'GET /api/v1/sites/:id/scorecards', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/scorecards` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/scorecards?period=90d` }) },
  {
    // Carriers are not bound to sites (as GET /carriers/:id): site staff may ask for B's carrier, and get only their own sites' figures.
    route: 'GET /api/v1/scorecards/carriers/:id',
    own: (w) => ({ url: `/api/v1/scorecards/carriers/${w.a.carrier.id}` }),
    allow: [...SITE_STAFF, 'carrier'],
    foreign: (w) => ({ url: `/api/v1/scorecards/carriers/${w.b.carrier.id}?period=week` }),
    foreignAllow: SITE_STAFF,
    check: (caller, body, w) => {
      const card = body as Scorecard;
      if (SCOPED.includes(caller)) expect(card.siteIds.every((id) => id === w.a.site.id), caller).toBe(true);
    },
  },
  {
    route: 'GET /api/v1/scorecards/suppliers/:name',
    own: (w) => ({ url: `/api/v1/scorecards/suppliers/${encodeURIComponent(w.a.supplier)}` }),
    allow: [...SITE_STAFF, 'supplier'],
    foreign: (w) => ({ url: `/api/v1/scorecards/suppliers/${encodeURIComponent(w.b.supplier)}` }),
    foreignAllow: SITE_STAFF,
  },
  { route: 'GET /api/v1/sites/:id/asn-rules', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/asn-rules` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/asn-rules` }) },
  {
    route: 'PUT /api/v1/sites/:id/asn-rules',
    own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/asn-rules`, payload: { suppliers: [w.a.supplier], docks: [], minLeadMinutes: 30, maxDaysAhead: 14 } }),
    allow: PLANNERS,
    foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/asn-rules`, payload: { suppliers: [w.b.supplier], docks: [], minLeadMinutes: 30, maxDaysAhead: 14 } }),
  },
  {
    route: 'GET /api/v1/supplier/asn-sites',
    own: () => ({ url: '/api/v1/supplier/asn-sites' }),
    allow: ['supplier'],
    // Tenant B's site never shows, even once B's rules name another supplier.
    check: (_caller, body, w) => expect((body as { sites: { siteId: string }[] }).sites.map((s) => s.siteId)).not.toContain(w.b.site.id),
  },
  {
    route: 'POST /api/v1/supplier/shipments',
    own: async (w, server) => {
      await server.app.inject({ method: 'PUT', url: `/api/v1/sites/${w.a.site.id}/asn-rules`, headers: server.staff, payload: { suppliers: [w.a.supplier], docks: [], minLeadMinutes: 30, maxDaysAhead: 14 } });
      return { url: '/api/v1/supplier/shipments', payload: asnOf(w.a.site.id, w.a.carrier.id) };
    },
    allow: ['supplier'],
    foreign: async (w, server) => {
      await server.app.inject({ method: 'PUT', url: `/api/v1/sites/${w.b.site.id}/asn-rules`, headers: server.staff, payload: { suppliers: [w.b.supplier], docks: [], minLeadMinutes: 30, maxDaysAhead: 14 } });
      return { url: '/api/v1/supplier/shipments', payload: asnOf(w.b.site.id, w.b.carrier.id) };
    },
    foreignAllow: [],
  },
  { route: 'GET /api/v1/sites/:id/loyalty', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/loyalty` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/loyalty` }) },
  {
    route: 'PUT /api/v1/sites/:id/loyalty',
    own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/loyalty`, payload: DEFAULT_LOYALTY }),
    allow: PLANNERS,
    foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/loyalty`, payload: DEFAULT_LOYALTY }),
  },
  { route: 'GET /api/v1/sites/:id/alert-settings', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/alert-settings` }), allow: PLANNERS, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/alert-settings` }) },
  {
    route: 'PATCH /api/v1/sites/:id/alert-settings',
    own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/alert-settings`, payload: { atRiskFraction: 0.25 } }),
    allow: PLANNERS,
    foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/alert-settings`, payload: { atRiskFraction: 0.25 } }),
  },
  { route: 'POST /api/v1/carriers', own: () => ({ url: '/api/v1/carriers', payload: { name: unique('Carrier') } }), allow: ADMINS },
  {
    route: 'GET /api/v1/carriers',
    own: () => ({ url: '/api/v1/carriers' }),
    allow: [...SITE_STAFF, 'carrier'],
    check: (caller, body, w) => {
      const ids = (body as { carriers: Carrier[] }).carriers.map((c) => c.id);
      if (caller === 'carrier') expect(ids).toEqual([w.a.carrier.id]);
      else expect(ids).toContain(w.b.carrier.id);
    },
  },
  {
    route: 'GET /api/v1/carriers/:id',
    own: (w) => ({ url: `/api/v1/carriers/${w.a.carrier.id}` }),
    allow: [...SITE_STAFF, 'carrier'],
    foreign: (w) => ({ url: `/api/v1/carriers/${w.b.carrier.id}` }),
    foreignAllow: SITE_STAFF,
  },
  { route: 'POST /api/v1/carriers/:id/devices', own: (w) => ({ url: `/api/v1/carriers/${w.a.carrier.id}/devices`, payload: { name: 'Spare' } }), allow: ADMINS },
  { route: 'GET /api/v1/carriers/:id/devices', own: (w) => ({ url: `/api/v1/carriers/${w.a.carrier.id}/devices` }), allow: ADMINS },
  {
    route: 'GET /api/v1/carriers/:id/devices/:deviceId/rejected',
    own: (w) => ({ url: `/api/v1/carriers/${w.a.carrier.id}/devices/${w.a.device.id}/rejected` }),
    allow: ADMINS,
  },
  {
    route: 'POST /api/v1/carriers/:id/devices/:deviceId/token',
    own: async (w, server) => {
      const device = await post<{ id: string }>(server, `/api/v1/carriers/${w.a.carrier.id}/devices`, { name: 'Rotated' });
      return { url: `/api/v1/carriers/${w.a.carrier.id}/devices/${device.id}/token` };
    },
    allow: ADMINS,
  },
  {
    route: 'POST /api/v1/carriers/:id/devices/:deviceId/links',
    own: (w) => ({ url: `/api/v1/carriers/${w.a.carrier.id}/devices/${w.a.device.id}/links`, payload: {} }),
    allow: DISPATCHERS,
    foreign: (w) => ({ url: `/api/v1/carriers/${w.b.carrier.id}/devices/${w.b.device.id}/links`, payload: {} }),
  },
  {
    route: 'GET /api/v1/sites/:id/status-events',
    own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/status-events` }),
    allow: SITE_STAFF,
    foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/status-events` }),
  },
  { route: 'POST /api/v1/shipments/:id/gpx', own: (w) => gpxRequest(shipmentA(w), w.a.lateFixAt), allow: PLANNERS, foreign: (w) => gpxRequest(shipmentB(w), w.b.lateFixAt) },
  {
    route: 'POST /api/v1/shipments/:id/links',
    own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/links`, payload: {} }),
    allow: LINK_CALLERS,
    foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/links`, payload: {} }),
  },
  {
    route: 'GET /api/v1/shipments/:id/links',
    own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/links` }),
    allow: LINK_CALLERS,
    foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/links` }),
  },
  {
    route: 'DELETE /api/v1/links/:id',
    own: async (w, server) => ({ url: `/api/v1/links/${await linkOn(server, shipmentA(w))}` }),
    allow: LINK_CALLERS,
    foreign: async (w, server) => ({ url: `/api/v1/links/${await linkOn(server, shipmentB(w))}` }),
  },
  { route: 'GET /api/v1/driver', own: () => ({ url: '/api/v1/driver' }), allow: ['device'], ownCredential: true },
  {
    route: 'POST /api/v1/driver/pings',
    own: (w) => ({ url: '/api/v1/driver/pings', payload: { pings: [historyFix(w, 7)] } }),
    allow: ['device'],
    ownCredential: true,
  },
  {
    route: 'POST /api/v1/driver/shipments/:id/events',
    // Back on the road: refused as a repeat (409) while in transit, so the load's status stays put for the rows below.
    own: (w) => ({ url: `/api/v1/driver/shipments/${shipmentA(w)}/events`, payload: { type: 'in_transit' } }),
    allow: ['device'],
    ownCredential: true,
  },
  {
    route: 'GET /api/v1/driver/shipments/:id/messages',
    own: (w) => ({ url: `/api/v1/driver/shipments/${shipmentA(w)}/messages` }),
    allow: ['device'],
    ownCredential: true,
    foreign: (w) => ({ url: `/api/v1/driver/shipments/${shipmentB(w)}/messages` }),
    foreignAllow: [],
  },
  {
    route: 'POST /api/v1/driver/shipments/:id/messages',
    own: (w) => ({ url: `/api/v1/driver/shipments/${shipmentA(w)}/messages`, payload: { kind: 'delay', delayMinutes: 20, reason: 'traffic' } }),
    allow: ['device'],
    ownCredential: true,
    foreign: (w) => ({ url: `/api/v1/driver/shipments/${shipmentB(w)}/messages`, payload: { kind: 'at_gate' } }),
    foreignAllow: [],
  },
  {
    route: 'DELETE /api/v1/carriers/:id/devices/:deviceId',
    own: async (w, server) => {
      const device = await post<{ id: string }>(server, `/api/v1/carriers/${w.a.carrier.id}/devices`, { name: 'Throwaway' });
      return { url: `/api/v1/carriers/${w.a.carrier.id}/devices/${device.id}` };
    },
    allow: ADMINS,
  },
  {
    route: 'POST /api/v1/shipments',
    own: (w) => ({ url: '/api/v1/shipments', payload: newShipment(w.a.site.id, w.a.carrier.id) }),
    allow: PLANNERS,
    foreign: (w) => ({ url: '/api/v1/shipments', payload: newShipment(w.b.site.id, w.b.carrier.id) }),
  },
  {
    route: 'GET /api/v1/shipments',
    own: () => ({ url: '/api/v1/shipments?limit=500' }),
    allow: SIGNED_IN,
    check: (caller, body, w) => {
      const list = (body as { shipments: Shipment[] }).shipments;
      expect(list.map((s) => s.id)).toContain(w.a.shipment.id);
      if (!SCOPED.includes(caller)) return expect(list.map((s) => s.id)).toContain(w.b.shipment.id);
      expect(list.map((s) => s.id)).not.toContain(w.b.shipment.id);
      if (caller === 'carrier') expect(new Set(list.map((s) => s.carrierId))).toEqual(new Set([w.a.carrier.id]));
      if (caller === 'supplier') expect(new Set(list.map((s) => s.supplier))).toEqual(new Set([w.a.supplier]));
      expect(new Set(list.map((s) => s.siteId))).toEqual(new Set([w.a.site.id]));
    },
  },
  { route: 'GET /api/v1/shipments/:id', own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}` }), allow: SIGNED_IN, foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}` }) },
  {
    route: 'PATCH /api/v1/shipments/:id',
    own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}`, payload: { dock: 'D2' } }),
    allow: PLANNERS,
    foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}`, payload: { dock: 'D2' } }),
  },
  {
    route: 'GET /api/v1/shipments/:id/devices',
    own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/devices` }),
    allow: ASSIGNERS,
    foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/devices` }),
    check: (caller, body, w) => expect((body as { devices: { id: string }[] }).devices.map((d) => d.id), caller).toContain(w.a.device.id),
  },
  {
    // Each tenant's load keeps its own truck: the rows that follow still need it there.
    route: 'PUT /api/v1/shipments/:id/device',
    own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/device`, payload: { deviceId: w.a.device.id } }),
    allow: ASSIGNERS,
    foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/device`, payload: { deviceId: w.b.device.id } }),
  },
  {
    route: 'POST /api/v1/shipments/:id/events',
    own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/events`, payload: { type: 'delayed', note: 'traffic' } }),
    allow: ['bootstrap', 'admin', 'planner', 'clerk', 'device'],
    foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/events`, payload: { type: 'delayed' } }),
  },
  { route: 'GET /api/v1/shipments/:id/receipts', own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/receipts` }), allow: SIGNED_IN, foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/receipts` }) },
  {
    // Allowed callers are told there is no receipt to undo (409); the others never learn that much.
    route: 'POST /api/v1/shipments/:id/receipt/undo',
    own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/receipt/undo` }),
    allow: ['bootstrap', 'admin', 'planner', 'clerk', 'device'],
    foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/receipt/undo` }),
  },
  { route: 'GET /api/v1/shipments/:id/events', own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/events` }), allow: SIGNED_IN, foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/events` }) },
  // The GPS track: the plant and the load's carrier; a supplier sees windows, ETAs and status, not where the truck is.
  { route: 'GET /api/v1/shipments/:id/track', own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/track` }), allow: [...SITE_STAFF, 'carrier'], foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/track` }) },
  // A shipment's conversation: everyone in its scope reads; viewers do not write.
  { route: 'GET /api/v1/shipments/:id/messages', own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/messages` }), allow: SIGNED_IN, foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/messages` }) },
  {
    route: 'POST /api/v1/shipments/:id/messages',
    own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/messages`, payload: { text: 'Gate 3, please' } }),
    allow: ['bootstrap', 'admin', 'planner', 'clerk', 'carrier', 'supplier'],
    foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/messages`, payload: { text: 'Gate 3, please' } }),
  },
  { route: 'POST /api/v1/shipments/:id/messages/read', own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/messages/read` }), allow: SIGNED_IN, foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/messages/read` }) },
  {
    route: 'GET /api/v1/partner/alerts',
    own: () => ({ url: '/api/v1/partner/alerts' }),
    allow: SIGNED_IN,
    check: (caller, body, w) => {
      if (SCOPED.includes(caller)) expect((body as { alerts: { shipmentId: string | null }[] }).alerts.map((a) => a.shipmentId), caller).not.toContain(shipmentB(w));
    },
  },
  {
    route: 'GET /api/v1/messages/unread',
    own: () => ({ url: '/api/v1/messages/unread' }),
    allow: SIGNED_IN,
    check: (caller, body, w) => {
      if (SCOPED.includes(caller)) expect(Object.keys((body as { unread: Record<string, number> }).unread), caller).not.toContain(shipmentB(w));
    },
  },
  { route: 'GET /api/v1/sites/:id/messages/unread', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/messages/unread` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/messages/unread` }) },
  // Disruption notices: everyone reads what is in scope; planners speak for the plant, a partner for itself.
  {
    route: 'GET /api/v1/notices',
    own: (w) => ({ url: `/api/v1/notices?siteId=${w.a.site.id}` }),
    allow: SIGNED_IN,
    check: (caller, body, w) => {
      const notices = (body as { notices: { partner: { type: string; id?: string; name?: string }; siteIds: string[] }[] }).notices;
      if (caller === 'carrier') expect(notices.every((n) => n.partner.type === 'carrier' && n.partner.id === w.a.carrier.id)).toBe(true);
      if (caller === 'supplier') expect(notices.every((n) => n.partner.type === 'supplier' && n.partner.name === w.a.supplier)).toBe(true);
      expect(notices.every((n) => n.siteIds.includes(w.a.site.id))).toBe(true);
    },
  },
  {
    route: 'POST /api/v1/notices',
    own: (w, _server, caller) => ({
      url: '/api/v1/notices',
      payload: {
        cause: 'weather',
        effect: 'capacity_down',
        startsAt: '2026-03-02T06:00:00Z',
        siteIds: [w.a.site.id],
        text: 'Snow',
        ...(caller === 'carrier' || caller === 'supplier' ? {} : { partner: { type: 'supplier', name: w.a.supplier } }),
      },
    }),
    allow: NOTICE_CALLERS,
  },
  {
    route: 'POST /api/v1/notices/:id/ack',
    own: async (w, server, caller) => ({ url: `/api/v1/notices/${await noticeToAnswer(server, w, caller)}/ack` }),
    allow: NOTICE_CALLERS,
    foreign: async (w, server) => ({ url: `/api/v1/notices/${await noticeOn(server, w, 'b', 'supplier', 'plant')}/ack` }),
  },
  {
    route: 'POST /api/v1/notices/:id/replies',
    own: async (w, server, caller) => ({ url: `/api/v1/notices/${await noticeToAnswer(server, w, caller)}/replies`, payload: { text: 'Noted' } }),
    allow: NOTICE_CALLERS,
    foreign: async (w, server) => ({ url: `/api/v1/notices/${await noticeOn(server, w, 'b', 'carrier', 'plant')}/replies`, payload: { text: 'Noted' } }),
  },
  {
    route: 'POST /api/v1/notices/:id/close',
    own: async (w, server, caller) => ({ url: `/api/v1/notices/${await noticeToClose(server, w, caller)}/close` }),
    allow: NOTICE_CALLERS,
    foreign: async (w, server) => ({ url: `/api/v1/notices/${await noticeOn(server, w, 'b', 'supplier', 'plant')}/close` }),
  },
  { route: 'GET /api/v1/sites/:id/demand-sharing', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/demand-sharing` }), allow: PLANNERS, foreign: (w) => ({ url: `/api/v1/sites/${w.b.site.id}/demand-sharing` }) },
  {
    route: 'PUT /api/v1/sites/:id/demand-sharing',
    own: async (w, server) => ({ url: `/api/v1/sites/${w.a.site.id}/demand-sharing`, payload: { entries: [{ supplier: w.a.supplier, materialId: await suppliedPart(server, w.a.site.id, w.a.supplier), share: true }] } }),
    allow: PLANNERS,
    foreign: async (w, server) => ({ url: `/api/v1/sites/${w.b.site.id}/demand-sharing`, payload: { entries: [{ supplier: w.b.supplier, materialId: await suppliedPart(server, w.b.site.id, w.b.supplier), share: false }] } }),
  },
  // A supplier reads its own demand (its own name, whatever it asks); planners preview a supplier; nobody sees another tenant's.
  { route: 'GET /api/v1/supplier/demand', own: (w, server) => demandOf(server, w.a), allow: [...PLANNERS, 'supplier'], foreign: (w, server) => demandOf(server, w.b) },
  { route: 'GET /api/v1/supplier/demand/export', own: (w, server) => demandOf(server, w.a, '/api/v1/supplier/demand/export'), allow: [...PLANNERS, 'supplier'], foreign: (w, server) => demandOf(server, w.b, '/api/v1/supplier/demand/export') },
  { route: 'POST /api/v1/supplier/demand/seen', own: (w, server) => demandOf(server, w.a, '/api/v1/supplier/demand/seen'), allow: ['supplier'], foreign: (w, server) => demandOf(server, w.b, '/api/v1/supplier/demand/seen'), foreignAllow: [] },
  { route: 'GET /api/v1/shipments/:id/history', own: (w) => ({ url: `/api/v1/shipments/${shipmentA(w)}/history` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/shipments/${shipmentB(w)}/history` }) },
  { route: 'POST /api/v1/pings', own: (w) => ({ url: '/api/v1/pings', payload: historyFix(w, 5) }), allow: ['device'] },
  {
    route: 'GET /api/v1/alerts',
    own: () => ({ url: '/api/v1/alerts?limit=500' }),
    allow: SITE_STAFF,
    check: (caller, body, w) => {
      const ids = (body as { alerts: Alert[] }).alerts.map((a) => a.id);
      expect(ids).toContain(w.a.alert.id);
      if (SCOPED.includes(caller)) expect(ids).not.toContain(w.b.alert.id);
      else expect(ids).toContain(w.b.alert.id);
    },
  },
  { route: 'GET /api/v1/alerts/:id', own: (w) => ({ url: `/api/v1/alerts/${w.a.alert.id}` }), allow: SITE_STAFF, foreign: (w) => ({ url: `/api/v1/alerts/${w.b.alert.id}` }) },
  {
    route: 'POST /api/v1/alerts/:id/ack',
    own: (w) => ({ url: `/api/v1/alerts/${w.a.alert.id}/ack`, payload: {} }),
    allow: PLANNERS,
    // The alert is still open when the matrix gets here: the first caller acknowledges it, the others are told it already was.
    check: (caller, body) => {
      const got = (body as Partial<Alert>).state ?? (body as { error?: { code: string } }).error?.code;
      expect(got, caller).toBe(caller === 'bootstrap' ? 'acknowledged' : 'alert_acknowledged');
    },
    foreign: (w) => ({ url: `/api/v1/alerts/${w.b.alert.id}/ack`, payload: {} }),
  },
  {
    route: 'POST /api/v1/sites/:id/webhooks',
    own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/webhooks`, payload: { url: 'http://127.0.0.1:9/other', events: ['alert.resolved'], secret: 'another-secret-16ch' } }),
    allow: ADMINS,
  },
  { route: 'GET /api/v1/sites/:id/webhooks', own: (w) => ({ url: `/api/v1/sites/${w.a.site.id}/webhooks` }), allow: ADMINS },
  { route: 'GET /api/v1/webhooks/:id', own: (w) => ({ url: `/api/v1/webhooks/${w.webhookA.id}` }), allow: ADMINS },
  {
    route: 'DELETE /api/v1/webhooks/:id',
    own: async (w, server) => {
      const hook = await post<{ id: string }>(server, `/api/v1/sites/${w.a.site.id}/webhooks`, { url: 'http://127.0.0.1:9/gone', events: ['alert.raised'], secret: 'throwaway-secret-16' });
      return { url: `/api/v1/webhooks/${hook.id}` };
    },
    allow: ADMINS,
  },
  { route: 'GET /api/v1/webhooks/:id/deliveries', own: (w) => ({ url: `/api/v1/webhooks/${w.webhookA.id}/deliveries` }), allow: ADMINS },
  { route: 'POST /api/v1/webhook-deliveries/:id/replay', own: (w) => ({ url: `/api/v1/webhook-deliveries/${w.deliveryA.id}/replay` }), allow: ADMINS },
  { route: 'POST /api/v1/users', own: () => ({ url: '/api/v1/users', payload: { email: uniqueEmail('new'), password: PASSWORD, role: 'viewer' } }), allow: ADMINS },
  { route: 'GET /api/v1/users', own: () => ({ url: '/api/v1/users' }), allow: ADMINS },
  {
    route: 'GET /api/v1/users/:id',
    own: async (_w, server) => ({ url: `/api/v1/users/${(await post<{ id: string }>(server, '/api/v1/users', { email: uniqueEmail('get'), password: PASSWORD, role: 'viewer' })).id}` }),
    allow: ADMINS,
  },
  {
    route: 'PATCH /api/v1/users/:id',
    own: async (_w, server) => ({
      url: `/api/v1/users/${(await post<{ id: string }>(server, '/api/v1/users', { email: uniqueEmail('patch'), password: PASSWORD, role: 'viewer' })).id}`,
      payload: { disabled: true },
    }),
    allow: ADMINS,
  },
  { route: 'POST /api/v1/tokens', own: (w) => ({ url: '/api/v1/tokens', payload: { name: 'ERP', role: 'planner', siteIds: [w.a.site.id] } }), allow: ADMINS },
  { route: 'GET /api/v1/tokens', own: () => ({ url: '/api/v1/tokens' }), allow: ADMINS },
  {
    route: 'DELETE /api/v1/tokens/:id',
    own: async (_w, server) => ({ url: `/api/v1/tokens/${(await post<{ id: string }>(server, '/api/v1/tokens', { name: 'Throwaway', role: 'viewer' })).id}` }),
    allow: ADMINS,
  },
  { route: 'GET /api/v1/audit', own: () => ({ url: '/api/v1/audit' }), allow: ADMINS },
  // Last: it ends the callers' browser sessions.
  { route: 'POST /api/v1/auth/logout', own: () => ({ url: '/api/v1/auth/logout' }), allow: PUBLIC },
];

function newShipment(siteId: string, carrierId: string) {
  return {
    reference: unique('PO'),
    siteId,
    carrierId,
    supplier: 'Anyone',
    windowStart: new Date(Date.now() + 3_600_000).toISOString(),
    windowEnd: new Date(Date.now() + 5_400_000).toISOString(),
  };
}
