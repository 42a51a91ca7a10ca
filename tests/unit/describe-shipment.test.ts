import { describe, expect, it } from 'vitest';
import type { Position, Shipment } from '@dockwatch/shared';
import { describeShipment, shipmentFacts } from '../../client/src/board/describe';
import { shipment } from './shipment-fixture';

const BERLIN = 'Europe/Berlin';
const STALE_AFTER_S = 300;
// 10:00 in Berlin; the fixture's window is 10:00–10:30 UTC, 11:00–11:30 local.
const NOW = Date.parse('2025-03-04T09:00:00Z');
const SECOND = 1000;

const pingAgo = (ms: number): Position => ({ lat: 53.55, lon: 9.99, ts: new Date(NOW - ms).toISOString(), speed: 20, heading: 90 });
const facts = (overrides: Partial<Shipment>) => shipmentFacts(shipment(overrides), BERLIN, NOW, STALE_AFTER_S);

describe('shipmentFacts', () => {
  it('shows the window in the site time zone', () => {
    expect(facts({}).window).toBe('11:00–11:30');
  });

  it('shows no ETA, no delta and no ping for a shipment that has not reported', () => {
    expect(facts({})).toEqual({
      window: '11:00–11:30',
      eta: '—',
      delta: null,
      deltaMinutes: null,
      lastPingAgeMs: null,
      lastPing: 'no ping yet',
      stale: false,
    });
  });

  it('shows the ETA at the site and how it falls against the window', () => {
    expect(facts({ eta: '2025-03-04T10:40:00.000Z' })).toMatchObject({ eta: '11:40', delta: '10 min late', deltaMinutes: 10 });
    expect(facts({ eta: '2025-03-04T08:30:00.000Z' })).toMatchObject({ eta: '09:30', delta: '1 h 30 min early', deltaMinutes: -90 });
    expect(facts({ eta: '2025-03-04T10:10:00.000Z' })).toMatchObject({ eta: '11:10', delta: 'in window', deltaMinutes: 0 });
    expect(facts({ eta: '2025-03-04T23:15:00.000Z' }).eta).toBe('00:15 +1d');
  });

  it('shows the arrival instead of the ETA once the truck has arrived, and measures the delta from it', () => {
    const arrived = facts({ status: 'arrived', eta: '2025-03-04T09:50:00.000Z', arrivedAt: '2025-03-04T10:35:00.000Z' });
    expect(arrived).toMatchObject({ eta: 'arr. 11:35', delta: '5 min late', deltaMinutes: 5 });
  });

  it('says how long ago the last ping was', () => {
    expect(facts({ position: pingAgo(45 * SECOND) })).toMatchObject({ lastPingAgeMs: 45 * SECOND, lastPing: '45 s ago', stale: false });
    expect(facts({ position: pingAgo(2 * 60 * SECOND) }).lastPing).toBe('2 min ago');
  });

  it('is stale only once the last ping is older than the threshold', () => {
    expect(facts({ position: pingAgo(STALE_AFTER_S * SECOND) }).stale).toBe(false);
    expect(facts({ position: pingAgo(STALE_AFTER_S * SECOND + 1) }).stale).toBe(true);
    expect(facts({ position: pingAgo(6 * 60 * SECOND) })).toMatchObject({ lastPing: '6 min ago', stale: true });
  });

  it('is never stale after arrival, however old the last ping', () => {
    const onTheYard = facts({ status: 'unloading', arrivedAt: '2025-03-04T07:00:00.000Z', position: pingAgo(2 * 3_600_000) });
    expect(onTheYard).toMatchObject({ lastPing: '2 h ago', stale: false });
  });

  it('treats a ping stamped slightly in the future as just now', () => {
    expect(facts({ position: pingAgo(-3 * SECOND) })).toMatchObject({ lastPingAgeMs: 0, lastPing: '0 s ago', stale: false });
  });
});

describe('describeShipment', () => {
  const ctx = { timeZone: BERLIN, now: NOW, staleAfterSeconds: STALE_AFTER_S, carrierName: () => 'Alpen Logistik' };
  const value = (rows: { label: string; value: string }[], label: string) => rows.find((r) => r.label === label)?.value;

  it('labels the time ETA on the road and Arrival after arrival', () => {
    const onTheRoad = describeShipment(shipment({ eta: '2025-03-04T10:40:00.000Z', windowStatus: 'late' }), ctx);
    expect(value(onTheRoad, 'ETA')).toBe('11:40');
    expect(value(onTheRoad, 'Against window')).toBe('Late · 10 min late');
    const arrived = describeShipment(shipment({ status: 'arrived', arrivedAt: '2025-03-04T10:05:00.000Z', windowStatus: 'on_time' }), ctx);
    expect(value(arrived, 'Arrival')).toBe('arr. 11:05');
    expect(value(arrived, 'ETA')).toBeUndefined();
    expect(value(arrived, 'Status')).toBe('Arrived');
  });

  it('flags a stale last ping and shows a dash for a shipment without a dock', () => {
    const rows = describeShipment(shipment({ dock: null, position: pingAgo(10 * 60 * SECOND) }), ctx);
    expect(value(rows, 'Last ping')).toBe('10 min ago (stale)');
    expect(value(rows, 'Dock')).toBe('—');
    expect(value(rows, 'Carrier')).toBe('Alpen Logistik');
  });
});
