import { describe, expect, it } from 'vitest';
import { memoryLockout } from '../../server/src/access/login-lockout';
import { bindingProblem, decide, listScope, shipmentResource, type StaffPrincipal } from '../../server/src/access/policy';
import { tileOrigin } from '../../server/src/plugins/edge';

const SITE_A = '00000000-0000-4000-8000-00000000000a';
const SITE_B = '00000000-0000-4000-8000-00000000000b';
const CARRIER_A = '00000000-0000-4000-8000-0000000000ca';
const CARRIER_B = '00000000-0000-4000-8000-0000000000cb';

const staff = (role: StaffPrincipal['role'], scope: Partial<StaffPrincipal> = {}): StaffPrincipal => ({
  kind: 'user',
  id: 'u',
  name: 'u@example.test',
  role,
  carrierId: null,
  supplier: null,
  siteIds: null,
  sessionId: null,
  ...scope,
});
const load = (siteId: string, carrierId: string, supplier: string) => shipmentResource({ id: 's', siteId, carrierId, supplier, deviceId: 'd1' });

describe('the access policy', () => {
  it('keeps a carrier to its own loads at any site, and away from boards and alerts', () => {
    const carrier = staff('carrier', { carrierId: CARRIER_A });
    expect(decide(carrier, 'shipment:read', load(SITE_B, CARRIER_A, 'X'))).toBe('allow');
    expect(decide(carrier, 'shipment:read', load(SITE_A, CARRIER_B, 'X'))).toBe('not_found');
    expect(decide(carrier, 'board:read', { type: 'site', id: SITE_A })).toBe('forbidden');
    expect(decide(carrier, 'alert:read')).toBe('forbidden');
    expect(decide(carrier, 'carrier:read', { type: 'carrier', id: CARRIER_B })).toBe('not_found');
  });

  it('keeps a supplier to shipments with exactly its supplier name', () => {
    const supplier = staff('supplier', { supplier: 'Bosch' });
    expect(decide(supplier, 'shipment:read', load(SITE_A, CARRIER_A, 'Bosch'))).toBe('allow');
    expect(decide(supplier, 'shipment:read', load(SITE_A, CARRIER_A, 'bosch'))).toBe('not_found');
    expect(decide(supplier, 'carrier:list')).toBe('forbidden');
  });

  it('keeps site-bound roles to their sites, and lets only clerks and up record steps', () => {
    const clerk = staff('clerk', { siteIds: [SITE_A] });
    const viewer = staff('viewer', { siteIds: [SITE_A] });
    expect(decide(clerk, 'shipment:event', load(SITE_A, CARRIER_A, 'X'))).toBe('allow');
    expect(decide(clerk, 'shipment:event', load(SITE_B, CARRIER_A, 'X'))).toBe('not_found');
    expect(decide(viewer, 'shipment:event', load(SITE_A, CARRIER_A, 'X'))).toBe('forbidden');
    expect(decide(clerk, 'alert:ack')).toBe('forbidden');
    expect(decide(staff('planner'), 'alert:ack', { type: 'alert', id: 'a', siteId: SITE_B })).toBe('allow');
    expect(listScope(clerk)).toEqual({ siteIds: [SITE_A], carrierId: null, supplier: null, partner: false });
  });

  it('lets a device only post pings and events for shipments it carries', () => {
    const device = { kind: 'device' as const, device: { id: 'd1' } as never };
    expect(decide(device, 'ping:ingest')).toBe('allow');
    expect(decide(device, 'shipment:event', load(SITE_A, CARRIER_A, 'X'))).toBe('allow');
    expect(decide(device, 'shipment:event', shipmentResource({ id: 's', siteId: SITE_A, carrierId: CARRIER_A, supplier: 'X', deviceId: 'd2' }))).toBe('not_found');
    expect(decide(device, 'shipment:read', load(SITE_A, CARRIER_A, 'X'))).toBe('forbidden');
    expect(decide(device, 'self')).toBe('forbidden');
  });

  it('lets only people change a password, and only admins manage people, tokens and the audit log', () => {
    expect(decide(staff('viewer'), 'password:change')).toBe('allow');
    expect(decide({ ...staff('admin'), kind: 'token' }, 'password:change')).toBe('forbidden');
    for (const action of ['user:manage', 'token:manage', 'audit:read'] as const) {
      expect(decide(staff('admin'), action)).toBe('allow');
      expect(decide(staff('planner'), action)).toBe('forbidden');
    }
  });

  it('checks that bindings fit the role', () => {
    expect(bindingProblem({ role: 'carrier', carrierId: null, supplier: null, siteIds: null })).toMatch(/carrierId/);
    expect(bindingProblem({ role: 'clerk', carrierId: null, supplier: null, siteIds: null })).toMatch(/siteIds/);
    expect(bindingProblem({ role: 'viewer', carrierId: CARRIER_A, supplier: null, siteIds: null })).toMatch(/only applies/);
    expect(bindingProblem({ role: 'supplier', carrierId: null, supplier: 'Bosch', siteIds: [SITE_A] })).toBeNull();
  });
});

describe('the edge helpers', () => {
  it('derives the tile origin for the CSP, subdomain templates as a wildcard', () => {
    expect(tileOrigin('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org');
    expect(tileOrigin('https://{s}.tiles.example.net:8443/{z}/{x}/{y}.png?key=1')).toBe('https://*.tiles.example.net:8443');
    expect(tileOrigin('/tiles/{z}/{x}/{y}.png')).toBeNull();
  });

  it('locks an email after the allowed failures until the window passes, and a success clears it', async () => {
    let now = 0;
    const lockout = memoryLockout({ attempts: 3, windowMs: 60_000 }, () => now);
    expect([await lockout.fail('A@x'), await lockout.fail('a@x')]).toEqual([0, 0]);
    expect(await lockout.fail('a@x')).toBe(60_000);
    now = 59_000;
    expect(await lockout.lockedFor('a@x')).toBe(1_000);
    now = 60_000;
    expect(await lockout.lockedFor('a@x')).toBe(0);
    await lockout.fail('b@x');
    await lockout.clear('b@x');
    expect([await lockout.fail('b@x'), await lockout.fail('b@x')]).toEqual([0, 0]);
  });
});
