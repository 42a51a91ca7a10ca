import { FIX_REJECT_REASONS, type DeviceProtocol, type DeviceStatus, type FixRejectReason, type RejectedCounts } from '@dockwatch/shared';
import { formatMinutes } from '../format/time';

/** How a device last reported, as the admin knows the app. */
export const PROTOCOL_LABEL: Record<DeviceProtocol, string> = {
  api: 'Dockwatch API',
  osmand: 'Traccar Client / OsmAnd protocol',
  osmand_app: 'OsmAnd app',
  traccar: 'Traccar Client 9+',
  owntracks: 'OwnTracks',
  overland: 'Overland',
  gpx: 'GPX import',
  driver: 'Driver page',
};

/** Why the filters dropped a fix, in words. */
export const REJECT_REASON_LABEL: Record<FixRejectReason, string> = {
  future: 'time in the future',
  invalid_coordinates: 'invalid coordinates',
  poor_accuracy: 'poor accuracy',
  impossible_speed: 'impossible speed',
  marked_invalid: 'no GPS lock (marked invalid by the device)',
  encrypted: 'encrypted (OwnTracks encryption is on)',
};

const at = (iso: string | null) => (iso === null ? -Infinity : Date.parse(iso));

/**
 * What the device's latest reports amount to, in words: positions, heartbeats only (no GPS fix),
 * fixes the device marks invalid, or messages it encrypts. Judged by which came last.
 */
export function reportingText(d: Pick<DeviceStatus, 'lastSeenAt' | 'lastFixAt' | 'lastHeartbeatAt' | 'lastRejected'>, now: number): string {
  if (d.lastSeenAt === null) return 'Never reported';
  const fix = at(d.lastFixAt);
  const heartbeat = at(d.lastHeartbeatAt);
  const rejected = at(d.lastRejected?.receivedAt ?? null);
  const lastPosition = d.lastFixAt === null ? 'no position yet' : `last position ${lastSeenText(d.lastFixAt, now)}`;
  if (heartbeat > fix && heartbeat >= rejected) return `Heartbeats only, no GPS fix: ${lastPosition}`;
  if (d.lastRejected && rejected > fix) {
    if (d.lastRejected.reason === 'encrypted') return 'Encrypted messages, dropped unread: turn off encryption in OwnTracks';
    if (d.lastRejected.reason === 'marked_invalid') return `Fixes without GPS lock, dropped: ${lastPosition}`;
    return `Latest fixes dropped (${REJECT_REASON_LABEL[d.lastRejected.reason]}): ${lastPosition}`;
  }
  return d.lastFixAt === null ? 'Reports without positions' : 'Sending positions';
}

const DAY_MS = 86_400_000;

/** How long ago a device reported, e.g. `never`, `just now`, `12 min ago`, `3 days ago`. */
export function lastSeenText(lastSeenAt: string | null, now: number): string {
  if (lastSeenAt === null) return 'never';
  // A device clock ahead of ours reads as "just now" rather than a negative age.
  const ms = Math.max(0, now - Date.parse(lastSeenAt));
  if (ms < 60_000) return 'just now';
  if (ms < 2 * DAY_MS) return `${formatMinutes(Math.floor(ms / 60_000))} ago`;
  return `${Math.floor(ms / DAY_MS)} days ago`;
}

/** Battery at the last report that carried it, e.g. `76 % · charging`; `—` when no report did. */
export function batteryText(level: number | null, charging: boolean | null): string {
  const parts = [level === null ? null : `${Math.round(level)} %`, charging === true ? 'charging' : charging === false && level !== null ? 'on battery' : null];
  const text = parts.filter((p) => p !== null).join(' · ');
  return text === '' ? '—' : text;
}

/** Dropped fixes by reason, most frequent first, e.g. `invalid coordinates 3, time in the future 1`. */
export function rejectedReasonsText(counts: RejectedCounts): string {
  return FIX_REJECT_REASONS.map((reason) => [reason, counts[reason] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${REJECT_REASON_LABEL[reason]} ${n}`)
    .join(', ');
}

/** A fix's position as stored, e.g. `48.13510, 11.58200`; the filters also keep fixes with none. */
export function coordinatesText(lat: number | null, lon: number | null): string {
  return lat === null || lon === null ? 'no position' : `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}
