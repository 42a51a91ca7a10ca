import { useEffect, useRef, useState } from 'preact/hooks';
import {
  chooseCarrier,
  deviceCarrierId,
  deviceCarriers,
  devices,
  devicesLoading,
  devicesOpen,
  devicesProblem,
  issuedToken,
  type IssuedToken,
  loadDevices,
  registerDevice,
  startDevicesScreen,
} from '../admin/devices-store';
import { now, site } from '../board/store';
import { DEVICE_COLUMNS, DeviceRow } from './DeviceRow';
import { t } from '../i18n/i18n';

function RegisterDeviceForm() {
  const [name, setName] = useState('');
  return (
    <form
      class="access-form"
      aria-label={t('devices.register')}
      onSubmit={(e) => {
        e.preventDefault();
        void registerDevice(name.trim()).then((ok) => ok && setName(''));
      }}
    >
      <input class="device-name" placeholder={t('devices.namePlaceholder')} aria-label={t('devices.newName')} maxLength={200} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required />
      <button type="submit">{t('devices.registerButton')}</button>
    </form>
  );
}

/** The token of a device just registered or rotated, in a field made for copying. */
function IssuedTokenPanel({ issued }: { issued: IssuedToken }) {
  const [copied, setCopied] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  // Straight to the token: the one moment it can be copied.
  useEffect(() => field.current?.focus(), []);
  const copy = async () => {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(issued.token);
      setCopied(true);
    } catch {
      // No clipboard (plain http, or refused): the token stays selected for Ctrl+C.
    }
  };
  return (
    <section class="issued-token" aria-label={t('devices.newTokenRegion')}>
      <h3>
        {issued.rotated ? t('devices.newToken', { device: issued.deviceName }) : t('devices.token', { device: issued.deviceName })}
      </h3>
      <input
        ref={field}
        class="wall-link"
        readOnly
        aria-label={t('devices.tokenField')}
        aria-describedby="issued-token-note"
        value={issued.token}
        onFocus={(e) => (e.target as HTMLInputElement).select()}
      />
      <p class="muted" id="issued-token-note">
        <strong>{t('devices.shownOnce')}</strong> {t('devices.tokenNote')}
        {issued.rotated && t('devices.previousStopped')}
      </p>
      <div class="access-form">
        <button type="button" onClick={() => void copy()}>
          {copied ? t('devices.copied') : t('devices.copy')}
        </button>
        <button type="button" class="cancel" onClick={() => (issuedToken.value = null)}>
          {t('devices.done')}
        </button>
      </div>
    </section>
  );
}

/** Admins: a carrier's devices, their health, and their tokens. */
export function DevicesAdmin() {
  useEffect(() => void startDevicesScreen(), []);
  const carrierId = deviceCarrierId.value;
  const carrier = deviceCarriers.value.find((c) => c.id === carrierId);
  const timeZone = site.value?.timezone ?? 'UTC';
  return (
    <main class="access-admin" aria-label={t('devices.title')}>
      <div class="access-head">
        <h2>{t('devices.title')}</h2>
        <button type="button" class="cancel" onClick={() => (devicesOpen.value = false)}>
          {t('access.back')}
        </button>
      </div>
      {devicesProblem.value && (
        <p class="error" role="alert">
          {devicesProblem.value}
        </p>
      )}
      <section>
        <div class="access-form">
          <select aria-label={t('access.carrier')} value={carrierId} onChange={(e) => void chooseCarrier((e.target as HTMLSelectElement).value)}>
            <option value="">{t('devices.chooseCarrier')}</option>
            {deviceCarriers.value.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="button" class="cancel" disabled={!carrier || devicesLoading.value} onClick={() => void loadDevices()}>
            {t('devices.refresh')}
          </button>
          <span class="muted">{t('devices.timesIn', { zone: timeZone })}</span>
        </div>
        {carrier && <RegisterDeviceForm />}
      </section>
      {issuedToken.value && <IssuedTokenPanel key={issuedToken.value.token} issued={issuedToken.value} />}
      {carrier && (
        <section aria-label={t('devices.of', { carrier: carrier.name })} aria-busy={devicesLoading.value}>
          <h3>{t('devices.of', { carrier: carrier.name })}</h3>
          {/* Narrow screens scroll the table sideways rather than cut off its actions. */}
          <div class="board-scroll">
            <table class="board access-table devices-table cards-on-phone">
              <thead>
                <tr>
                  <th scope="col">{t('devices.device')}</th>
                  <th scope="col">{t('devices.lastSeen')}</th>
                  <th scope="col">{t('devices.reporting')}</th>
                  <th scope="col">{t('devices.reportsBy')}</th>
                  <th scope="col">{t('devices.battery')}</th>
                  <th scope="col">{t('devices.dropped')}</th>
                  <th scope="col">{t('devices.state')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('devices.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {devices.value.map((d) => (
                  <DeviceRow key={d.id} device={d} now={now.value} timeZone={timeZone} />
                ))}
                {devices.value.length === 0 && !devicesLoading.value && (
                  <tr>
                    <td colSpan={DEVICE_COLUMNS} class="muted">
                      {t('devices.none')}
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </main>
  );
}
