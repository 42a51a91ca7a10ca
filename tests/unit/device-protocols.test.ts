import {
  basicPassword,
  OSMAND_APP_DIALECT,
  parseDeviceTime,
  parseOsmAndJson,
  parseOsmAndParams,
  parseOverland,
  parseOwnTracks,
  parseTraccarJson,
  ProtocolError,
} from '@dockwatch/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  osmand,
  osmandApp,
  overlandExample,
  overlandFeature,
  overlandLog,
  overlandTrip,
  overlandVisit,
  owntracks,
  traccarJson,
  withToken,
  type RawRequest,
} from '../fixtures/device-requests';

const TOKEN = 'dwd_golden-token';
const NOW = Date.parse('2026-11-27T12:00:00Z');

/** Query and form parameters as the route merges them. */
const paramsOf = (raw: RawRequest) => {
  const r = withToken(raw, TOKEN);
  const query = new URLSearchParams(r.url.split('?')[1] ?? '');
  const form = new URLSearchParams(r.body ?? '');
  return Object.fromEntries([...query, ...form]);
};
const bodyOf = (raw: RawRequest): unknown => JSON.parse(withToken(raw, TOKEN).body!);

describe('OsmAnd protocol (Traccar Client up to 8, OsmAnd)', () => {
  it('reads Traccar Client 8: knots to m/s, battery and charging, id as the token', () => {
    const report = parseOsmAndParams(paramsOf(osmand.traccarClient8), NOW);
    expect(report).toMatchObject({ protocol: 'osmand', token: TOKEN, battery: { level: 77, charging: true } });
    expect(report.fixes).toHaveLength(1);
    const fix = report.fixes[0]!;
    expect(fix).toMatchObject({ ts: 1_732_700_000_000, lat: 48.145, lon: 11.582, heading: 182.5, accuracy: 9.6, attributes: { altitude: 512 } });
    expect(fix.speed).toBeCloseTo(20.5 * 0.514444, 4);
  });

  it('reads ISO, millisecond and zoneless timestamps', () => {
    expect(parseOsmAndParams(paramsOf(osmand.isoTimestamp), NOW).fixes[0]!.ts).toBe(Date.parse('2016-01-27T18:55:47Z'));
    expect(parseOsmAndParams(paramsOf(osmand.milliseconds), NOW).fixes[0]!.ts).toBe(1_442_068_686_579);
    expect(parseOsmAndParams(paramsOf(osmand.zonelessTimestamp), NOW).fixes[0]!.ts).toBe(Date.parse('2014-06-04T09:10:11Z'));
  });

  it('takes deviceid and heading, and a missing timestamp means now', () => {
    const report = parseOsmAndParams(paramsOf(osmand.deviceidNoTimestamp), NOW);
    expect(report.token).toBe(TOKEN);
    expect(report.fixes[0]).toMatchObject({ ts: NOW, lat: 60, lon: 30, heading: 0, speed: 0, attributes: { vacc: '0', hacc: '0', altitude: 0 } });
  });

  it('reads location=lat,lon and keeps unknown keys as attributes', () => {
    expect(parseOsmAndParams(paramsOf(osmand.location), NOW).fixes[0]).toMatchObject({ lat: 60, lon: 30, ts: 1_377_177_267_000 });
    expect(parseOsmAndParams(paramsOf(osmand.extras), NOW).fixes[0]!.attributes).toEqual({ ignition: 'true', rpm: '933', fuel: '24' });
  });

  it('reads a form body', () => {
    const report = parseOsmAndParams(paramsOf(osmand.form), NOW);
    expect(report.fixes[0]).toMatchObject({ ts: 1_732_700_100_000, lat: 48.2, lon: 11.6 });
    expect(report.battery).toEqual({ level: 55, charging: null });
  });

  it('has no token without id and refuses unreadable numbers', () => {
    expect(parseOsmAndParams(paramsOf(osmand.missingId), NOW).token).toBeNull();
    expect(() => parseOsmAndParams({ id: TOKEN, lat: 'north', lon: '11' }, NOW)).toThrow(ProtocolError);
    expect(() => parseOsmAndParams({ id: TOKEN, lon: '11' }, NOW)).toThrow(/lat is missing/);
  });
});

describe('Traccar Client 10 and iOS classic, heartbeats and invalid fixes', () => {
  it('reads Traccar Client 10 form: knots to m/s, accuracy, battery percent, battery extras kept', () => {
    const report = parseOsmAndParams(paramsOf(osmand.traccarClient10), NOW);
    expect(report).toMatchObject({ protocol: 'osmand', token: TOKEN, heartbeat: false, battery: { level: 77, charging: false } });
    const fix = report.fixes[0]!;
    expect(fix).toMatchObject({ ts: 1_732_700_000_000, lat: 48.14502, lon: 11.58198, accuracy: 4.7, heading: 181 });
    expect(fix.speed).toBeCloseTo(13.6, 2);
    expect(fix.valid).toBeUndefined();
    expect(fix.attributes).toMatchObject({ altitude: 517.3, battery_health: 'good', battery_voltage: '4123' });
  });

  it('reads a report without lat/lon as a heartbeat: battery, no fix', () => {
    const report = parseOsmAndParams(paramsOf(osmand.traccarClient10Heartbeat), NOW);
    expect(report).toMatchObject({ token: TOKEN, fixes: [], heartbeat: true, battery: { level: 64, charging: false } });
    expect(() => parseOsmAndParams({ id: TOKEN, lat: '48.1' }, NOW)).toThrow(/lon is missing/);
  });

  it('marks valid=false, valid=0 and a negative iOS accuracy as invalid fixes', () => {
    expect(parseOsmAndParams(paramsOf(osmand.invalidFix), NOW).fixes[0]).toMatchObject({ valid: false, lat: 48.19 });
    expect(parseOsmAndParams({ id: TOKEN, lat: '48.1', lon: '11.6', valid: '0' }, NOW).fixes[0]!.valid).toBe(false);
    expect(parseOsmAndParams({ id: TOKEN, lat: '48.1', lon: '11.6', valid: 'true' }, NOW).fixes[0]!.valid).toBeUndefined();
    expect(parseOsmAndParams(paramsOf(osmand.traccarClientIosNoPosition), NOW).fixes[0]).toMatchObject({ valid: false, accuracy: null });
    const ios = parseOsmAndParams(paramsOf(osmand.traccarClientIos), NOW);
    expect(ios.fixes[0]).toMatchObject({ lat: 48.14502, lon: 11.58198, accuracy: 5 });
    expect(ios.fixes[0]!.speed).toBeCloseTo(13.6, 2);
  });

  it('reads the client SDK JSON upload: flat records, a heartbeat among them stores no fix', () => {
    const report = parseOsmAndJson(bodyOf(osmand.sdkJson), NOW);
    expect(report).toMatchObject({ protocol: 'osmand', token: TOKEN, heartbeat: false, battery: { level: 76, charging: false } });
    expect(report.fixes).toHaveLength(1);
    expect(report.fixes[0]!.speed).toBeCloseTo(13.6, 2);
    expect(() => parseOsmAndJson([{ id: TOKEN, lat: 'x', lon: 1 }], NOW)).toThrow(/\[0\]: lat is not a number/);
  });
});

describe("OsmAnd's own online tracking", () => {
  it('reads speed as m/s, {3} as accuracy in metres and the timestamp in ms', () => {
    const report = parseOsmAndParams(paramsOf(osmandApp.driving), NOW, OSMAND_APP_DIALECT);
    expect(report).toMatchObject({ protocol: 'osmand_app', token: TOKEN, battery: null });
    expect(report.fixes[0]).toMatchObject({ ts: 1_732_700_000_123, lat: 48.13715, lon: 11.57612, speed: 13.6, heading: 92.5, accuracy: 8, attributes: { altitude: 519 } });
    expect(parseOsmAndParams(paramsOf(osmandApp.coarse), NOW, OSMAND_APP_DIALECT).fixes[0]!.accuracy).toBe(1500);
    const hdop = parseOsmAndParams(paramsOf(osmandApp.hdopKey), NOW, OSMAND_APP_DIALECT).fixes[0]!;
    expect(hdop).toMatchObject({ accuracy: 1500, speed: 0.0001, attributes: { altitude: 0 } });
  });

  it('keeps Traccar Client knots on the Traccar address', () => {
    expect(parseOsmAndParams(paramsOf(osmandApp.driving), NOW).fixes[0]!.speed).toBeCloseTo(13.6 * 0.514444, 4);
  });
});

describe('Traccar Client 9 JSON', () => {
  it('reads a still Android fix: heading -1 is unknown, battery fraction to percent', () => {
    const report = parseTraccarJson(bodyOf(traccarJson.still), NOW);
    expect(report).toMatchObject({ protocol: 'traccar', token: TOKEN, battery: { level: 100, charging: false } });
    expect(report.fixes[0]).toMatchObject({ ts: Date.parse('2025-06-15T13:45:12.862Z'), lat: 37.4219983, lon: -122.084, speed: 0, heading: null, accuracy: 5 });
    expect(report.fixes[0]!.attributes).toMatchObject({ is_moving: false, odometer: 0, event: 'motionchange', altitude: 5 });
  });

  it('treats negative speed and battery as unknown', () => {
    const report = parseTraccarJson(bodyOf(traccarJson.iosUnknownSpeed), NOW);
    expect(report.fixes[0]).toMatchObject({ speed: null, heading: null, lat: 37.785834 });
    expect(report.battery).toEqual({ level: null, charging: false });
  });

  it('keeps m/s as it is', () => {
    const report = parseTraccarJson(bodyOf(traccarJson.moving), NOW);
    expect(report.fixes[0]).toMatchObject({ speed: 18.67, heading: 63, accuracy: 3.8 });
    expect(report.battery).toEqual({ level: 79, charging: true });
  });

  it('refuses a location without coordinates', () => {
    expect(() => parseTraccarJson({ device_id: TOKEN, location: { timestamp: '2025-01-01T00:00:00Z' } }, NOW)).toThrow(/coords/);
  });
});

describe('OwnTracks HTTP mode', () => {
  it('reads a minimal location in epoch seconds', () => {
    const report = parseOwnTracks(bodyOf(owntracks.minimal), TOKEN, NOW);
    expect(report.fixes).toEqual([{ ts: 1_497_349_316_000, lat: 48.85833, lon: 2.29513, speed: null, heading: null, accuracy: null, attributes: { tid: 'JJ' } }]);
    expect(report.battery).toBeNull();
  });

  it('converts km/h and reads course, accuracy and battery status', () => {
    const report = parseOwnTracks(bodyOf(owntracks.full), TOKEN, NOW);
    expect(report.fixes[0]).toMatchObject({ speed: 20, heading: 271, accuracy: 15, attributes: { altitude: 440, tid: '5t', conn: 'm' } });
    expect(report.battery).toEqual({ level: 46, charging: false });
  });

  it('keeps an encrypted message as unreadable, not as a fix', () => {
    expect(parseOwnTracks(bodyOf(owntracks.encrypted), TOKEN, NOW)).toMatchObject({ fixes: [], heartbeat: false, unreadable: [{ reason: 'encrypted', ts: NOW }] });
  });

  it('accepts other message types without a fix', () => {
    expect(parseOwnTracks(bodyOf(owntracks.transition), TOKEN, NOW).fixes).toEqual([]);
    expect(parseOwnTracks(bodyOf(owntracks.lwt), TOKEN, NOW).fixes).toEqual([]);
  });

  it('takes the token from the Basic password, whatever the user name', () => {
    expect(basicPassword(`Basic ${Buffer.from('anyone:s3cr:et').toString('base64')}`)).toBe('s3cr:et');
    expect(basicPassword(`Basic ${Buffer.from('anyone:').toString('base64')}`)).toBeNull();
    expect(basicPassword('Bearer x')).toBeNull();
  });
});

describe('Overland', () => {
  it('reads the documented example: zone offset, m/s, battery', () => {
    const report = parseOverland(bodyOf(overlandExample), TOKEN, NOW);
    expect(report).toMatchObject({ protocol: 'overland', token: TOKEN, battery: { level: 89, charging: true } });
    expect(report.fixes[0]).toMatchObject({ ts: Date.parse('2015-10-01T15:00:00Z'), lat: 37.3318, lon: -122.030581, speed: 4, accuracy: 30 });
    expect(report.fixes[0]!.attributes).toMatchObject({ motion: ['driving', 'stationary'], activity: 'other_navigation' });
  });

  it('reads unknown speed and course as null', () => {
    const report = parseOverland({ locations: [overlandFeature(1, 2, '2026-01-01T00:00:00Z', { speed: -1, course: -1 })] }, TOKEN, NOW);
    expect(report.fixes[0]).toMatchObject({ speed: null, heading: null });
  });

  it('skips log, visit and trip records and records without a geometry; reads the rest', () => {
    const t = (m: number) => new Date(Date.UTC(2026, 10, 27, 11, m)).toISOString();
    const report = parseOverland(
      {
        locations: [
          overlandFeature(48.1, 11.6, t(0)),
          overlandLog('paused_location_updates', t(1)),
          overlandLog('resumed_location_updates', t(2), { lat: 48.1, lon: 11.6 }),
          overlandVisit(47.96, 11.6, t(3)),
          overlandTrip(48.1, 11.6, t(0), t(4)),
          overlandFeature(48.11, 11.6, t(5)),
        ],
      },
      TOKEN,
      NOW,
    );
    expect(report.fixes.map((f) => [f.lat, f.ts])).toEqual([
      [48.1, Date.parse(t(0))],
      [48.11, Date.parse(t(5))],
    ]);
    expect(report.heartbeat).toBe(false);
    const statsOnly = parseOverland({ locations: [overlandLog('paused_location_updates', t(1))] }, TOKEN, NOW);
    expect(statsOnly).toMatchObject({ fixes: [], heartbeat: true, battery: { level: 52, charging: false } });
  });

  it("stores the phone's current location sent while it drains a backlog, and takes its battery", () => {
    const current = overlandFeature(48.3, 11.6, '2026-11-27T11:59:00Z', { battery_level: 0.4, battery_state: 'unplugged' });
    const report = parseOverland({ locations: [overlandFeature(48.1, 11.6, '2026-11-27T08:00:00Z')], current }, TOKEN, NOW);
    expect(report.fixes.map((f) => f.lat)).toEqual([48.1, 48.3]);
    expect(report.battery).toEqual({ level: 40, charging: false });
  });

  it('refuses a batch with a location whose geometry is not a readable point', () => {
    expect(() => parseOverland({ locations: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [] } }] }, TOKEN, NOW)).toThrow(/locations\[0\]/);
    expect(() => parseOverland({ locations: [overlandFeature(1, 2, '2026-01-01T00:00:00Z'), { type: 'Feature', geometry: { type: 'Point', coordinates: ['a', 2] } }] }, TOKEN, NOW)).toThrow(ProtocolError);
    expect(() => parseOverland({ locations: ['nope'] }, TOKEN, NOW)).toThrow(/locations\[0\]/);
    expect(() => parseOverland({ nope: [] }, TOKEN, NOW)).toThrow(ProtocolError);
  });
});

describe('parseDeviceTime', () => {
  it('tells epoch seconds from milliseconds for any time from 1973 to 5000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1e11, max: 9.5e13 }), (ms) => {
        const seconds = Math.floor(ms / 1000);
        expect(parseDeviceTime(seconds, NOW)).toBe(seconds * 1000);
        expect(parseDeviceTime(String(ms), NOW)).toBe(ms);
      }),
    );
  });

  it('reads missing as now and refuses what is not a time', () => {
    expect(parseDeviceTime(undefined, NOW)).toBe(NOW);
    expect(parseDeviceTime('', NOW)).toBe(NOW);
    expect(() => parseDeviceTime('yesterday', NOW)).toThrow(ProtocolError);
  });
});
