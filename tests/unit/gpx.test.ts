import { MAX_GPX_POINTS, parseGpx, ProtocolError } from '@dockwatch/server';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/gpx/${name}`, import.meta.url), 'utf8');
const T = ['2025-03-04T08:00:00Z', '2025-03-04T08:05:00Z', '2025-03-04T08:10:00Z', '2025-03-04T08:15:00Z'];
const approach = () => fixture('approach.gpx').replaceAll(/\{\{T(\d)\}\}/g, (_, i: string) => T[Number(i)]!);

describe('parseGpx', () => {
  it('reads every point of every segment, with elevation and the Garmin speed/course extension', () => {
    const fixes = parseGpx(approach());
    expect(fixes.map((f) => [f.lat, f.lon, new Date(f.ts).toISOString().replace('.000', '')])).toEqual([
      [48.35, 11.6, T[0]],
      [48.3, 11.6, T[1]],
      [48.25, 11.59, T[2]],
      [0, 0, T[3]],
    ]);
    expect(fixes[0]).toMatchObject({ speed: 22.5, heading: 180, attributes: { altitude: 470.2 } });
    expect(fixes[2]).toMatchObject({ speed: null, heading: null, attributes: null });
  });

  it('reads GPX 1.0 speed and course elements', () => {
    expect(parseGpx(fixture('gpx10.gpx'))).toEqual([
      { ts: Date.parse('2025-03-04T09:00:00Z'), lat: 53.55, lon: 9.99, speed: 13.9, heading: 90.5, accuracy: null, attributes: { altitude: 12 } },
    ]);
  });

  it('refuses broken XML, other documents, empty tracks and points without time', () => {
    expect(() => parseGpx('<gpx><trk>')).toThrow(ProtocolError);
    expect(() => parseGpx('<kml></kml>')).toThrow(/no <gpx> root/);
    expect(() => parseGpx('<gpx version="1.1"></gpx>')).toThrow(/no track points/);
    expect(() => parseGpx('<gpx><trk><trkseg><trkpt lat="1" lon="2"></trkpt></trkseg></trk></gpx>')).toThrow(/trkpt\[0\] has no valid <time>/);
  });

  it('refuses a file with more track points than a day of one-second fixes', () => {
    const point = '<trkpt lat="48.1" lon="11.5"><time>2025-03-04T09:00:00Z</time></trkpt>';
    const file = (n: number) => `<gpx><trk><trkseg>${point.repeat(n)}</trkseg></trk></gpx>`;
    expect(() => parseGpx(file(MAX_GPX_POINTS + 1))).toThrow(/more than 100000 track points/);
    expect(parseGpx(file(3))).toHaveLength(3);
  });
});
