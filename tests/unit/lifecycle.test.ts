import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STATUSES,
  allowedTransitions,
  canTransition,
  isActiveStatus,
  isPreArrival,
  SHIPMENT_STATUSES,
  STATUS_EVENT_TYPES,
  type ShipmentStatus,
} from '@dockwatch/shared';

const TERMINAL: readonly ShipmentStatus[] = ['received', 'cancelled'];

/** Every status reachable from `from` through allowed transitions (including `from`). */
function reachableFrom(from: ShipmentStatus): Set<ShipmentStatus> {
  const seen = new Set<ShipmentStatus>([from]);
  const queue: ShipmentStatus[] = [from];
  for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
    for (const next of allowedTransitions(status)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

describe('shipment lifecycle', () => {
  it('has no way out of received or cancelled', () => {
    for (const status of TERMINAL) {
      expect(allowedTransitions(status)).toEqual([]);
      for (const event of STATUS_EVENT_TYPES) expect(canTransition(status, event)).toBe(false);
    }
  });

  it('only ever moves to a valid status, and never back to planned', () => {
    for (const status of SHIPMENT_STATUSES) {
      for (const target of allowedTransitions(status)) {
        expect(SHIPMENT_STATUSES).toContain(target);
        expect(STATUS_EVENT_TYPES).toContain(target);
        expect(target).not.toBe('planned');
      }
    }
  });

  it('lists no transition twice', () => {
    for (const status of SHIPMENT_STATUSES) {
      const targets = allowedTransitions(status);
      expect(new Set(targets).size).toBe(targets.length);
    }
  });

  it('agrees between canTransition and allowedTransitions for every pair', () => {
    for (const from of SHIPMENT_STATUSES) {
      for (const to of STATUS_EVENT_TYPES) {
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(allowedTransitions(from).includes(to));
      }
    }
  });

  it('lets every active shipment still be received or cancelled, so none gets stuck', () => {
    for (const status of ACTIVE_STATUSES) {
      const reachable = reachableFrom(status);
      expect(reachable.has('received') || reachable.has('cancelled'), status).toBe(true);
      expect(allowedTransitions(status).length, status).toBeGreaterThan(0);
    }
  });

  it('can reach received from planned, the way a normal delivery goes', () => {
    expect(reachableFrom('planned').has('received')).toBe(true);
  });

  it('lets the geofence mark arrival from every pre-arrival status', () => {
    for (const status of SHIPMENT_STATUSES.filter(isPreArrival)) {
      expect(canTransition(status, 'arrived'), status).toBe(true);
    }
  });

  it('does not send an arrived truck straight back on the road without an exception', () => {
    for (const status of ['arrived', 'at_dock', 'unloading'] as const) {
      for (const back of ['dispatched', 'in_transit', 'delayed'] as const) {
        expect(canTransition(status, back), `${status} -> ${back}`).toBe(false);
      }
    }
  });
});

describe('status groups', () => {
  it('counts everything but received and cancelled as active', () => {
    expect([...ACTIVE_STATUSES].sort()).toEqual(SHIPMENT_STATUSES.filter((s) => !TERMINAL.includes(s)).sort());
    for (const status of SHIPMENT_STATUSES) expect(isActiveStatus(status)).toBe(ACTIVE_STATUSES.includes(status));
  });

  it('treats only the statuses before the site as pre-arrival', () => {
    expect(SHIPMENT_STATUSES.filter(isPreArrival)).toEqual(['planned', 'dispatched', 'in_transit', 'delayed']);
  });

  it('has every pre-arrival status active', () => {
    for (const status of SHIPMENT_STATUSES.filter(isPreArrival)) expect(isActiveStatus(status)).toBe(true);
  });
});
