import type { Role, Scope } from '@dockwatch/shared';
import type { DeviceRecord } from '../repositories/carriers';

/** A signed-in person, API token or the bootstrap admin: a role and what it is bound to. */
export type StaffPrincipal = Scope & {
  kind: 'bootstrap' | 'user' | 'token';
  /** User or token id; null for the bootstrap admin. */
  id: string | null;
  name: string;
  /** The browser session, when signed in with the cookie. */
  sessionId: string | null;
};
export type DevicePrincipal = { kind: 'device'; device: DeviceRecord };
export type Principal = StaffPrincipal | DevicePrincipal;

/**
 * Every action a route or socket handler can ask about. `public` routes need no identity;
 * `self` routes need any signed-in person or token.
 */
export const ACTIONS = [
  'self',
  'password:change',
  'site:create',
  'site:list',
  'site:read',
  'board:read',
  'alert-settings:read',
  'alert-settings:write',
  'carrier:create',
  'carrier:list',
  'carrier:read',
  'device:manage',
  'link:manage',
  'device-link:manage',
  'events:export',
  'shipment:create',
  'shipment:list',
  'shipment:read',
  'shipment:track',
  'shipment:update',
  'shipment:assign',
  'shipment:event',
  'shipment:history',
  'alert:read',
  'load-alerts:read',
  'alert:ack',
  'webhook:manage',
  'ping:ingest',
  'user:manage',
  'token:manage',
  'audit:read',
  'metrics:read',
  'subscribe:site',
  'subscribe:shipment',
  'material:read',
  'material:write',
  'scorecard:site',
  'scorecard:carrier',
  'scorecard:supplier',
  'loyalty:read',
  'loyalty:write',
  'message:read',
  'message:write',
  'asn-rules:read',
  'asn-rules:write',
  'asn:create',
  'notice:read',
  'notice:write',
  'notice:respond',
  'demand-sharing:manage',
  'supplier-demand:read',
  'supplier-demand:seen',
] as const;
export type Action = (typeof ACTIONS)[number];
export type RouteAccess = Action | 'public';

type Caller = Role | 'device';
const EVERYONE: readonly Caller[] = ['admin', 'planner', 'clerk', 'viewer', 'carrier', 'supplier'];
const SITE_STAFF: readonly Caller[] = ['admin', 'planner', 'clerk', 'viewer'];

/** Who may attempt each action at all; the resource's scope is checked on top (`inScope`). */
const GRANTS: Record<Action, readonly Caller[]> = {
  self: EVERYONE,
  'password:change': EVERYONE,
  'site:create': ['admin'],
  'site:list': EVERYONE,
  'site:read': SITE_STAFF,
  'board:read': SITE_STAFF,
  'alert-settings:read': ['admin', 'planner'],
  'alert-settings:write': ['admin', 'planner'],
  'carrier:create': ['admin'],
  'carrier:list': [...SITE_STAFF, 'carrier'],
  'carrier:read': [...SITE_STAFF, 'carrier'],
  'device:manage': ['admin'],
  // Driver links: the plant's staff on the board, or a carrier's dispatcher for its own loads and trucks.
  'link:manage': ['admin', 'planner', 'clerk', 'carrier'],
  // A truck's standing link (all its loads): its carrier's dispatcher, or an admin.
  'device-link:manage': ['admin', 'carrier'],
  'events:export': SITE_STAFF,
  'shipment:create': ['admin', 'planner'],
  'shipment:list': EVERYONE,
  'shipment:read': EVERYONE,
  // The GPS track shows where a carrier's truck is and has been: the plant and that carrier, not the supplier.
  'shipment:track': [...SITE_STAFF, 'carrier'],
  'shipment:update': ['admin', 'planner'],
  // Which truck carries a load: the plant's planners, or the load's carrier's dispatcher with one of its own devices.
  'shipment:assign': ['admin', 'planner', 'carrier'],
  'shipment:event': ['admin', 'planner', 'clerk', 'device'],
  'shipment:history': SITE_STAFF,
  'alert:read': SITE_STAFF,
  // The alerts of a load, for its carrier and supplier too (the plant expects them late, their positions stopped): read only.
  'load-alerts:read': EVERYONE,
  'alert:ack': ['admin', 'planner'],
  'webhook:manage': ['admin'],
  'ping:ingest': ['device'],
  'user:manage': ['admin'],
  'token:manage': ['admin'],
  'audit:read': ['admin'],
  'metrics:read': ['admin'],
  'subscribe:site': SITE_STAFF,
  'subscribe:shipment': EVERYONE,
  // Stock, demand and cover are the plant's own figures: its staff read them, planners keep them.
  'material:read': SITE_STAFF,
  'material:write': ['admin', 'planner'],
  // Every partner's figures side by side are the plant's; a partner reads its own card (beside the site average) only.
  'scorecard:site': SITE_STAFF,
  'scorecard:carrier': [...SITE_STAFF, 'carrier'],
  'scorecard:supplier': [...SITE_STAFF, 'supplier'],
  'loyalty:read': SITE_STAFF,
  'loyalty:write': ['admin', 'planner'],
  // A shipment's conversation: everyone in its scope reads it; viewers only read.
  'message:read': EVERYONE,
  'message:write': ['admin', 'planner', 'clerk', 'carrier', 'supplier'],
  // Which suppliers announce their own loads is the plant's rule; a supplier reads where it may announce, and announces.
  'asn-rules:read': SITE_STAFF,
  'asn-rules:write': ['admin', 'planner'],
  'asn:create': ['supplier'],
  // Disruption notices: the plant's staff of its sites and the partner read them; planners speak for
  // the plant (post, ack, reply, close), a partner for itself.
  'notice:read': EVERYONE,
  'notice:write': ['admin', 'planner', 'carrier', 'supplier'],
  'notice:respond': ['admin', 'planner', 'carrier', 'supplier'],
  // What the plant shows each supplier of its own figures is the planners' call.
  'demand-sharing:manage': ['admin', 'planner'],
  // A supplier reads the demand for its own parts; planners preview what a supplier sees.
  'supplier-demand:read': ['admin', 'planner', 'supplier'],
  // Only the supplier itself says what it has seen (a preview must not clear its highlights).
  'supplier-demand:seen': ['supplier'],
};

/** What a scoped decision is about. */
export type Resource =
  | { type: 'site'; id: string }
  | { type: 'carrier'; id: string }
  // A supplier is known by its name, as on shipments; at one site when `siteId` is given.
  | { type: 'supplier'; id: string; siteId?: string }
  | { type: 'shipment'; id: string; siteId: string; carrierId: string; supplier: string; deviceId: string | null }
  | { type: 'alert'; id: string; siteId: string }
  // Between the plant (staff of any of its sites) and one partner.
  | { type: 'notice'; id: string; siteIds: string[]; partnerType: 'carrier' | 'supplier'; partnerId: string };

const callerOf = (p: Principal): Caller => (p.kind === 'device' ? 'device' : p.role);

/** True when the caller's role may attempt the action at all (otherwise: 403). */
export function roleMay(principal: Principal, action: Action): boolean {
  if (action === 'password:change' && principal.kind !== 'user') return false;
  return GRANTS[action].includes(callerOf(principal));
}

/**
 * True when the resource lies inside the caller's scope (otherwise: 404, the same answer as
 * for an id that does not exist, so nobody can probe another tenant's ids).
 */
export function inScope(principal: Principal, resource: Resource): boolean {
  if (principal.kind === 'device') return resource.type === 'shipment' && resource.deviceId === principal.device.id;
  const { role, siteIds, carrierId, supplier } = principal;
  if (resource.type === 'notice') {
    if (role === 'carrier') return resource.partnerType === 'carrier' && resource.partnerId === carrierId;
    if (role === 'supplier') return resource.partnerType === 'supplier' && resource.partnerId === supplier;
    return siteIds === null || resource.siteIds.some((s) => siteIds.includes(s));
  }
  const siteOf = resource.type === 'site' ? resource.id : resource.type === 'carrier' ? null : resource.type === 'supplier' ? (resource.siteId ?? null) : resource.siteId;
  if (siteIds !== null && siteOf !== null && !siteIds.includes(siteOf)) return false;
  if (role === 'carrier') {
    if (resource.type === 'carrier') return resource.id === carrierId;
    return resource.type === 'shipment' && resource.carrierId === carrierId;
  }
  if (role === 'supplier') return (resource.type === 'shipment' && resource.supplier === supplier) || (resource.type === 'supplier' && resource.id === supplier);
  return true;
}

/** Both checks: what a route or handler asks before touching one resource. */
export function decide(principal: Principal, action: Action, resource?: Resource): 'allow' | 'forbidden' | 'not_found' {
  if (!roleMay(principal, action)) return 'forbidden';
  if (resource && !inScope(principal, resource)) return 'not_found';
  return 'allow';
}

/** The filter a list query applies for the caller: only rows `inScope` would allow. */
export interface ListScope {
  siteIds: string[] | null;
  carrierId: string | null;
  supplier: string | null;
  /** Partners see no site-wide lists (alerts, every carrier). */
  partner: boolean;
}

export function listScope(principal: StaffPrincipal): ListScope {
  const partner = principal.role === 'carrier' || principal.role === 'supplier';
  return {
    siteIds: principal.siteIds,
    carrierId: principal.role === 'carrier' ? principal.carrierId : null,
    supplier: principal.role === 'supplier' ? principal.supplier : null,
    partner,
  };
}

/** How the audit log names a caller. */
export function actorOf(principal: Principal | null): string {
  if (principal === null) return 'anonymous';
  if (principal.kind === 'device') return `device:${principal.device.id}`;
  if (principal.kind === 'bootstrap') return 'bootstrap';
  return `${principal.kind}:${principal.id}`;
}

/** Checks a role's bindings: carriers need a carrier, suppliers a supplier name, clerks their sites. */
export function bindingProblem(scope: Scope): string | null {
  if (scope.role === 'carrier' && scope.carrierId === null) return 'The carrier role needs carrierId';
  if (scope.role === 'supplier' && scope.supplier === null) return 'The supplier role needs supplier';
  if (scope.role === 'clerk' && scope.siteIds === null) return 'The clerk role needs siteIds';
  if (scope.role !== 'carrier' && scope.carrierId !== null) return 'carrierId only applies to the carrier role';
  if (scope.role !== 'supplier' && scope.supplier !== null) return 'supplier only applies to the supplier role';
  return null;
}

/** The scoped view of a shipment (anything with these fields: API shape or row). */
export const shipmentResource = (s: { id: string; siteId: string; carrierId: string; supplier: string; deviceId: string | null }): Resource => ({
  type: 'shipment',
  id: s.id,
  siteId: s.siteId,
  carrierId: s.carrierId,
  supplier: s.supplier,
  deviceId: s.deviceId,
});

/** The scoped view of a disruption notice. */
export const noticeResource = (n: { id: string; siteIds: string[]; partner: { type: 'carrier'; id: string } | { type: 'supplier'; name: string } }): Resource => ({
  type: 'notice',
  id: n.id,
  siteIds: n.siteIds,
  partnerType: n.partner.type,
  partnerId: n.partner.type === 'carrier' ? n.partner.id : n.partner.name,
});
