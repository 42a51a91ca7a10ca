import type { DeviceStatus, RejectedFix } from '@dockwatch/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { batteryText, coordinatesText, lastSeenText, protocolLabel, rejectedReasonsText, rejectReasonLabel, reportingText } from '../admin/device-text';
import { loadRejectedFixes, revokeDevice, rotateDeviceToken } from '../admin/devices-store';
import { formatSiteTime } from '../format/time';
import { t } from '../i18n/i18n';

/** Columns of the devices table, so expanded rows span all of them. */
export const DEVICE_COLUMNS = 8;

type Pending = 'rotate' | 'revoke' | null;

const CONFIRM_TEXT = {
  rotate: (name: string) => t('devices.confirmRotate', { name }),
  revoke: (name: string) => t('devices.confirmRevoke', { name }),
} as const;

interface DeviceRowProps {
  device: DeviceStatus;
  now: number;
  /** Where times are read: the open site's zone, or UTC without one. */
  timeZone: string;
}

/** One device: health at a glance, its latest dropped fixes on demand, and rotate / revoke after a confirmation. */
export function DeviceRow({ device: d, now, timeZone }: DeviceRowProps) {
  const [rejected, setRejected] = useState<RejectedFix[] | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  // Focus moves into the confirmation and back to the action that opened it: keyboard users keep their place.
  const opener = useRef<HTMLButtonElement | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) cancelButton.current?.focus();
  }, [pending]);
  const revoked = d.revokedAt !== null;
  const detailsId = `rejected-${d.id}`;

  // A refreshed count means the open list is out of date; nothing else calls for a reload.
  const expanded = rejected !== null;
  useEffect(() => {
    if (expanded) void loadRejectedFixes(d).then(setRejected);
  }, [d.rejectedFixes]);
  const toggleRejected = async () => {
    if (rejected) return setRejected(null);
    setRejected(await loadRejectedFixes(d));
  };
  const ask = (e: Event, what: Pending) => {
    opener.current = e.currentTarget as HTMLButtonElement;
    setPending(what);
  };
  const cancel = () => {
    setPending(null);
    opener.current?.focus();
  };
  const confirm = async () => {
    setBusy(true);
    const done = await (pending === 'rotate' ? rotateDeviceToken(d) : revokeDevice(d));
    setBusy(false);
    if (done) setPending(null);
  };

  return (
    <>
      <tr data-device-id={d.id} class={revoked ? 'revoked' : ''}>
        <td class="clip" title={d.name} data-label={t('devices.device')}>
          {d.name}
        </td>
        <td data-col="last-seen" data-label={t('devices.lastSeen')}>
          {d.lastSeenAt ? (
            <time dateTime={d.lastSeenAt} title={`${formatSiteTime(d.lastSeenAt, now, timeZone)} (${timeZone})`}>
              {lastSeenText(d.lastSeenAt, now)}
            </time>
          ) : (
            t('devices.never')
          )}
        </td>
        <td data-col="reporting" data-label={t('devices.reporting')}>
          {reportingText(d, now)}
        </td>
        <td data-col="protocol" data-label={t('devices.reportsBy')}>
          {d.protocol ? protocolLabel(d.protocol) : '—'}
        </td>
        <td data-col="battery" data-label={t('devices.battery')}>
          {batteryText(d.batteryLevel, d.batteryCharging)}
        </td>
        <td data-col="rejected" data-label={t('devices.dropped')}>
          <span class="rejected-count">{d.rejectedFixes}</span>
          {d.rejectedFixes > 0 && (
            <>
              <span class="muted"> · {rejectedReasonsText(d.rejectedByReason)} </span>
              <button type="button" class="link" aria-expanded={rejected !== null} aria-controls={detailsId} onClick={() => void toggleRejected()}>
                {rejected ? t('devices.hideList') : t('devices.showLatest')}
              </button>
            </>
          )}
        </td>
        <td data-col="state" data-label={t('devices.state')}>
          {d.revokedAt ? t('devices.revokedAt', { time: formatSiteTime(d.revokedAt, now, timeZone) }) : t('devices.active')}
        </td>
        <td class="device-actions row-actions">
          <button type="button" class="link" disabled={revoked} aria-expanded={pending === 'rotate'} onClick={(e) => ask(e, 'rotate')}>
            {t('devices.rotate')}
          </button>
          <button type="button" class="link" disabled={revoked} aria-expanded={pending === 'revoke'} onClick={(e) => ask(e, 'revoke')}>
            {t('devices.revoke')}
          </button>
        </td>
      </tr>
      {pending && (
        <tr class="device-detail">
          <td colSpan={DEVICE_COLUMNS}>
            <div class="device-confirm" role="group" aria-label={pending === 'rotate' ? t('devices.confirmRotation') : t('devices.confirmRevocation')} onKeyDown={(e) => e.key === 'Escape' && cancel()}>
              <span>{CONFIRM_TEXT[pending](d.name)}</span>
              <button type="button" class={pending === 'revoke' ? 'warn' : ''} disabled={busy} onClick={() => void confirm()}>
                {pending === 'rotate' ? t('devices.rotateButton') : t('devices.revokeButton')}
              </button>
              {/* Focus starts on the harmless choice: Enter by habit changes nothing. */}
              <button type="button" class="cancel" ref={cancelButton} disabled={busy} onClick={cancel}>
                {t('devices.cancel')}
              </button>
            </div>
          </td>
        </tr>
      )}
      {rejected && (
        <tr class="device-detail" id={detailsId}>
          <td colSpan={DEVICE_COLUMNS}>
            {rejected.length === 0 ? (
              <p class="muted">{t('devices.noneStored')}</p>
            ) : (
              <>
                <p class="rejected-caption">{t('devices.latestCaption')}</p>
                <ul class="rejected-list" aria-label={t('devices.latestOf', { device: d.name })}>
                  {rejected.map((f) => (
                    <li key={`${f.ts}-${f.receivedAt}`}>
                      <time dateTime={f.ts}>{formatSiteTime(f.ts, now, timeZone)}</time>
                      <span class="reason">{rejectReasonLabel(f.reason)}</span>
                      <span>{coordinatesText(f.lat, f.lon)}</span>
                      <span class="muted">{f.accuracy === null ? '' : `± ${Math.round(f.accuracy)} m`}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
