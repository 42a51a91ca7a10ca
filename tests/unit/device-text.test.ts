import { describe, expect, it } from 'vitest';
import { batteryText, coordinatesText, lastSeenText, rejectedReasonsText, reportingText } from '../../client/src/admin/device-text';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('lastSeenText', () => {
  it('says never for a device that never reported', () => {
    expect(lastSeenText(null, NOW)).toBe('never');
  });

  it('reads the age in words, from just now to days', () => {
    expect(lastSeenText(ago(5_000), NOW)).toBe('just now');
    expect(lastSeenText(ago(12 * 60_000), NOW)).toBe('12 min ago');
    expect(lastSeenText(ago(125 * 60_000), NOW)).toBe('2 h 05 min ago');
    expect(lastSeenText(ago(3 * 86_400_000 + 60_000), NOW)).toBe('3 days ago');
  });

  it('treats a report stamped ahead of our clock as just now', () => {
    expect(lastSeenText(ago(-30_000), NOW)).toBe('just now');
  });
});

describe('batteryText', () => {
  it('shows percent and charging in words', () => {
    expect(batteryText(76.4, true)).toBe('76 % · charging');
    expect(batteryText(12, false)).toBe('12 % · on battery');
    expect(batteryText(50, null)).toBe('50 %');
    expect(batteryText(null, true)).toBe('charging');
    expect(batteryText(null, null)).toBe('—');
  });
});

describe('rejectedReasonsText', () => {
  it('lists the reasons that occurred, most frequent first', () => {
    expect(rejectedReasonsText({ future: 1, invalid_coordinates: 3, poor_accuracy: 0 })).toBe('invalid coordinates 3, time in the future 1');
    expect(rejectedReasonsText({})).toBe('');
  });
});

describe('coordinatesText', () => {
  it('shows five decimals (about a metre), and says when a fix had no position', () => {
    expect(coordinatesText(0, 0)).toBe('0.00000, 0.00000');
    expect(coordinatesText(48.1351, 11.582)).toBe('48.13510, 11.58200');
    expect(coordinatesText(null, 11.5)).toBe('no position');
  });
});

describe('reportingText', () => {
  const device = { lastSeenAt: ago(60_000), lastFixAt: ago(60_000), lastHeartbeatAt: null, lastRejected: null };
  const MIN = 60_000;

  it('says whether positions arrive', () => {
    expect(reportingText({ ...device, lastSeenAt: null, lastFixAt: null }, NOW)).toBe('Never reported');
    expect(reportingText(device, NOW)).toBe('Sending positions');
  });

  it('tells a device that only sends heartbeats since its last position, or ever', () => {
    expect(reportingText({ ...device, lastFixAt: ago(40 * MIN), lastHeartbeatAt: ago(MIN) }, NOW)).toBe('Heartbeats only, no GPS fix: last position 40 min ago');
    expect(reportingText({ ...device, lastFixAt: null, lastHeartbeatAt: ago(MIN) }, NOW)).toBe('Heartbeats only, no GPS fix: no position yet');
    // A position after the heartbeat: back to normal.
    expect(reportingText({ ...device, lastHeartbeatAt: ago(2 * MIN) }, NOW)).toBe('Sending positions');
  });

  it('tells a device whose latest fixes are invalid or encrypted', () => {
    const invalid = { reason: 'marked_invalid' as const, receivedAt: ago(MIN) };
    expect(reportingText({ ...device, lastFixAt: ago(90 * MIN), lastRejected: invalid }, NOW)).toBe('Fixes without GPS lock, dropped: last position 1 h 30 min ago');
    const encrypted = { reason: 'encrypted' as const, receivedAt: ago(MIN) };
    expect(reportingText({ ...device, lastFixAt: null, lastRejected: encrypted }, NOW)).toBe('Encrypted messages, dropped unread: turn off encryption in OwnTracks');
    const far = { reason: 'poor_accuracy' as const, receivedAt: ago(MIN) };
    expect(reportingText({ ...device, lastFixAt: ago(5 * MIN), lastRejected: far }, NOW)).toBe('Latest fixes dropped (poor accuracy): last position 5 min ago');
    // One report with a good fix and a dropped one: the good fix counts.
    expect(reportingText({ ...device, lastRejected: { ...far, receivedAt: device.lastFixAt } }, NOW)).toBe('Sending positions');
  });
});
