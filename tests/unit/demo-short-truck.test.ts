import { describe, expect, it } from 'vitest';
import type { LatLon, Shipment } from '@dockwatch/shared';
import { demoShortTruck } from '../../server/src/simulator/materials';
import type { Truck } from '../../server/src/simulator/simulator';
import { planTrip, tripStateAt, type TripScenario } from '../../server/src/simulator/trips';

const MIN = 60_000;
const SITE: LatLon = { lat: 48.78, lon: 9.18 };
const NOW = Date.UTC(2026, 11, 2, 13, 41);
const CYCLE: TripScenario[] = ['on_time', 'early', 'on_time', 'late', 'on_time', 'stalled', 'on_time', 'early', 'late', 'on_time'];

/** The demo's fleet as `createFleet` lays it out: 40 windows over 6 h from 40 min ago. */
function demoFleet(seed: number): Truck[] {
  return Array.from({ length: 40 }, (_, i) => {
    const windowStart = Math.round((NOW - 40 * MIN + (6 * 60 * MIN * i) / 40) / (5 * MIN)) * 5 * MIN;
    const windowEnd = windowStart + (i % 3 === 0 ? 60 : 30) * MIN;
    const trip = planTrip({ site: SITE, windowStart, windowEnd, scenario: CYCLE[i % CYCLE.length]!, seed: seed + i * 7919 });
    const shipment = { id: `s${i}`, reference: `ASN-${i}`, windowStart: new Date(windowStart).toISOString(), windowEnd: new Date(windowEnd).toISOString(), items: [] } as unknown as Shipment;
    return { shipment, deviceToken: '', trip, done: false };
  });
}

/** When the trip is at the plant, by following it minute by minute. */
function arrivalOf(truck: Truck): number {
  let t = truck.trip.departAt;
  while (tripStateAt(truck.trip, t).phase !== 'arrived') t += MIN;
  return t;
}

describe("the demo's short part", () => {
  it('goes on a late truck already on the road and due well after its window, so its lateness is known from the first fixes', () => {
    let firstLateStillInYard = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const fleet = demoFleet(seed * 9_973);
      const first = fleet.find((t) => t.trip.scenario === 'late')!;
      if (tripStateAt(first.trip, NOW).phase === 'waiting') firstLateStillInYard++;
      const chosen = demoShortTruck(fleet, NOW)!;
      expect(chosen.trip.scenario).toBe('late');
      const onTheRoad = fleet.filter((t) => t.trip.scenario === 'late' && tripStateAt(t.trip, NOW).phase === 'driving');
      if (onTheRoad.length === 0) continue;
      expect(tripStateAt(chosen.trip, NOW).phase, `seed ${seed}`).toBe('driving');
      const dueLate = onTheRoad.filter((t) => arrivalOf(t) - Date.parse(t.shipment.windowEnd) >= 16 * MIN);
      if (dueLate.length > 0) expect(arrivalOf(chosen) - Date.parse(chosen.shipment.windowEnd), `seed ${seed}`).toBeGreaterThanOrEqual(14 * MIN);
    }
    // What the first late truck alone gave: often one still in its yard, whose lateness nobody knows yet.
    expect(firstLateStillInYard).toBeGreaterThan(5);
  });

  it('takes none from a fleet without a late truck', () => {
    expect(demoShortTruck(demoFleet(7).map((t) => ({ ...t, trip: { ...t.trip, scenario: 'on_time' as const } })), NOW)).toBeNull();
  });
});
