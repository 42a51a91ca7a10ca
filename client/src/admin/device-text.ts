import { FIX_REJECT_REASONS, type DeviceProtocol, type DeviceStatus, type FixRejectReason, type RejectedCounts } from '@dockwatch/shared';
import { formatMinutes } from '../format/time';
import { t } from '../i18n/i18n';

/** How a device last reported, as the admin knows the app. */
export const protocolLabel = (protocol: DeviceProtocol): string => t(`devices.protocol.${protocol}`);

/** Why the filters dropped a fix, in words. */
export const rejectReasonLabel = (reason: FixRejectReason): string => t(`devices.reject.${reason}`);

const at = (iso: string | null) => (iso === null ? -Infinity : Date.parse(iso));

/**
 * What the device's latest reports amount to, in words: positions, heartbeats only (no GPS fix),
 * fixes the device marks invalid, or messages it encrypts. Judged by which came last.
 */
export function reportingText(d: Pick<DeviceStatus, 'lastSeenAt' | 'lastFixAt' | 'lastHeartbeatAt' | 'lastRejected'>, now: number): string {
  if (d.lastSeenAt === null) return t('devices.neverReported');
  const fix = at(d.lastFixAt);
  const heartbeat = at(d.lastHeartbeatAt);
  const rejected = at(d.lastRejected?.receivedAt ?? null);
  const lastPosition = d.lastFixAt === null ? t('devices.noPositionYet') : t('devices.lastPosition', { ago: lastSeenText(d.lastFixAt, now) });
  if (heartbeat > fix && heartbeat >= rejected) return t('devices.heartbeatsOnly', { position: lastPosition });
  if (d.lastRejected && rejected > fix) {
    if (d.lastRejected.reason === 'encrypted') return t('devices.encryptedDropped');
    if (d.lastRejected.reason === 'marked_invalid') return t('devices.noLock', { position: lastPosition });
    return t('devices.latestDropped', { reason: rejectReasonLabel(d.lastRejected.reason), position: lastPosition });
  }
  return d.lastFixAt === null ? t('devices.noPositions') : t('devices.sending');
}

const DAY_MS = 86_400_000;

/** How long ago a device reported, e.g. `never`, `just now`, `12 min ago`, `3 days ago`. */
export function lastSeenText(lastSeenAt: string | null, now: number): string {
  if (lastSeenAt === null) return t('devices.never');
  // A device clock ahead of ours reads as "just now" rather than a negative age.
  const ms = Math.max(0, now - Date.parse(lastSeenAt));
  if (ms < 60_000) return t('devices.justNow');
  if (ms < 2 * DAY_MS) return t('time.ago', { age: formatMinutes(Math.floor(ms / 60_000)) });
  return t('devices.daysAgo', { days: Math.floor(ms / DAY_MS) });
}

/** Battery at the last report that carried it, e.g. `76 % · charging`; `—` when no report did. */
export function batteryText(level: number | null, charging: boolean | null): string {
  const parts = [level === null ? null : `${Math.round(level)} %`, charging === true ? t('devices.charging') : charging === false && level !== null ? t('devices.onBattery') : null];
  const text = parts.filter((p) => p !== null).join(' · ');
  return text === '' ? '—' : text;
}

/** Dropped fixes by reason, most frequent first, e.g. `invalid coordinates 3, time in the future 1`. */
export function rejectedReasonsText(counts: RejectedCounts): string {
  return FIX_REJECT_REASONS.map((reason) => [reason, counts[reason] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${rejectReasonLabel(reason)} ${n}`)
    .join(', ');
}

/** A fix's position as stored, e.g. `48.13510, 11.58200`; the filters also keep fixes with none. */
export function coordinatesText(lat: number | null, lon: number | null): string {
  return lat === null || lon === null ? t('devices.noPosition') : `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}
