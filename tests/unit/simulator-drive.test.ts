import type { Shipment } from '@dockwatch/shared';
import { describe, expect, it } from 'vitest';
import { driveFleet, type Truck } from '../../server/src/simulator/simulator';
import { planTrip } from '../../server/src/simulator/trips';
import { shipment } from './shipment-fixture';

const SITE = { lat: 48.7665, lon: 11.4258 };

describe('driveFleet', () => {
  it('keeps a truck at the gate reporting until the site has it as arrived, not after one ping inside', async () => {
    const now = Date.now();
    // A trip that ended an hour ago: the truck stands at the site from the first ping on.
    const trip = { ...planTrip({ site: SITE, windowStart: now, windowEnd: now + 1_800_000, scenario: 'on_time', seed: 7 }), departAt: now - 10 * 3_600_000, stall: null };
    const truck: Truck = { shipment: shipment({ id: 'gate' }), deviceToken: 'dwd_test', trip, done: false };
    const pings: object[] = [];
    // The site registers the arrival on the third fix inside the geofence, as the server's rule does.
    const api = {
      postPings: async (_token: string, body: object) => {
        pings.push(body);
        return { accepted: 1, duplicates: 0 };
      },
      getShipment: async (): Promise<Shipment> => shipment({ id: 'gate', arrivedAt: pings.length >= 3 ? new Date().toISOString() : null }),
    };
    // Arrival checks come at most every 5 s: step the checks' clock by hand instead of waiting.
    let checks = 0;
    const counting = {
      ...api,
      getShipment: async () => {
        checks++;
        truck.checkedAt = -Infinity;
        return api.getShipment();
      },
    };
    const stats = await driveFleet(counting, [truck], { rate: 1000, durationMs: 5_000 });
    expect(truck.done).toBe(true);
    expect(pings.length).toBe(3);
    expect(checks).toBe(3);
    expect(stats.arrived).toBe(1);
  });
});
