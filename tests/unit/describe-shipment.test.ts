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
      etaBand: null,
      delta: null,
      deltaLate: false,
      lastPingAgeMs: null,
      lastPing: 'no ping yet',
      stale: false,
    });
  });

  it('shows the ETA at the site and how it falls against the window', () => {
    expect(facts({ eta: '2025-03-04T10:40:00.000Z', windowStatus: 'late' })).toMatchObject({ eta: '11:40', delta: '10 min late', deltaLate: true });
    expect(facts({ eta: '2025-03-04T08:30:00.000Z', windowStatus: 'early' })).toMatchObject({ eta: '09:30', delta: '1 h 30 min early', deltaLate: false });
    expect(facts({ eta: '2025-03-04T10:10:00.000Z', windowStatus: 'on_time' })).toMatchObject({ eta: '11:10', delta: 'in window', deltaLate: false });
    expect(facts({ eta: '2025-03-04T23:15:00.000Z' }).eta).toBe('00:15 +1d');
  });

  it('says an overdue truck is overdue beside its ETA, so a time held at now is not read as a promise', () => {
    const eta = new Date(NOW).toISOString();
    expect(facts({ eta, etaEarliest: eta, etaLatest: eta, etaOverdue: true, position: pingAgo(20 * 60 * SECOND) }).eta).toBe('10:00 overdue');
    expect(facts({ eta, etaEarliest: eta, etaLatest: eta, position: pingAgo(SECOND) }).eta).toBe('10:00');
  });

  it('shows the ETA band beside the best estimate, in site time', () => {
    const band = { eta: '2025-03-04T10:12:00.000Z', etaEarliest: '2025-03-04T10:02:00.000Z', etaLatest: '2025-03-04T10:27:00.000Z', windowStatus: 'on_time' as const };
    expect(facts(band)).toMatchObject({ eta: '11:12', etaBand: '11:02–11:27', delta: 'in window' });
    // A band across the site's midnight marks its late edge's day.
    expect(facts({ eta: '2025-03-04T22:50:00.000Z', etaEarliest: '2025-03-04T22:40:00.000Z', etaLatest: '2025-03-04T23:10:00.000Z' })).toMatchObject({
      eta: '23:50',
      etaBand: '23:40–00:10 +1d',
    });
  });

  it('shows no band when it is missing or narrower than a minute', () => {
    expect(facts({ eta: '2025-03-04T10:12:00.000Z', etaEarliest: null, etaLatest: null }).etaBand).toBeNull();
    expect(facts({ eta: '2025-03-04T10:12:00.000Z', etaEarliest: '2025-03-04T10:12:00.000Z', etaLatest: '2025-03-04T10:12:40.000Z' }).etaBand).toBeNull();
  });

  it('shows the arrival instead of the ETA once the truck has arrived, and measures the delta from it', () => {
    const at = '2025-03-04T10:35:00.000Z';
    const arrived = facts({ status: 'arrived', eta: at, etaEarliest: at, etaLatest: at, arrivedAt: at, windowStatus: 'late' });
    expect(arrived).toMatchObject({ eta: 'arr. 11:35', etaBand: null, delta: '5 min late', deltaLate: true });
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

  it('gives the ETA band its own line on the road', () => {
    const onTheRoad = describeShipment(
      shipment({ eta: '2025-03-04T10:40:00.000Z', etaEarliest: '2025-03-04T10:31:00.000Z', etaLatest: '2025-03-04T10:58:00.000Z', windowStatus: 'late' }),
      ctx,
    );
    expect(value(onTheRoad, 'ETA')).toBe('11:40');
    expect(value(onTheRoad, 'Likely between')).toBe('11:31–11:58');
    expect(value(describeShipment(shipment({ eta: '2025-03-04T10:40:00.000Z', windowStatus: 'late' }), ctx), 'Likely between')).toBeUndefined();
  });

  it('never says in window beside a late or at-risk status', () => {
    // Best estimate in the window's last part, the band's late edge 12 min past its end.
    const tight = { eta: '2025-03-04T10:26:00.000Z', etaEarliest: '2025-03-04T10:15:00.000Z', etaLatest: '2025-03-04T10:42:00.000Z' };
    expect(value(describeShipment(shipment({ ...tight, windowStatus: 'at_risk' }), ctx), 'Against window')).toBe('At risk · up to 12 min late');
    // The window closed (10:30 UTC) with the truck still on the road.
    const afterWindow = { ...ctx, now: Date.parse('2025-03-04T10:31:00Z') };
    expect(value(describeShipment(shipment({ ...tight, windowStatus: 'late' }), afterWindow), 'Against window')).toBe('Late · Missed window');
  });

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
