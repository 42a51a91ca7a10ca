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

function RegisterDeviceForm() {
  const [name, setName] = useState('');
  return (
    <form
      class="access-form"
      aria-label="Register a device"
      onSubmit={(e) => {
        e.preventDefault();
        void registerDevice(name.trim()).then((ok) => ok && setName(''));
      }}
    >
      <input class="device-name" placeholder="Device name, e.g. Truck 12" aria-label="New device's name" maxLength={200} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} required />
      <button type="submit">Register device</button>
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
    <section class="issued-token" aria-label="New device token">
      <h3>
        {issued.rotated ? 'New token' : 'Token'} for {issued.deviceName}
      </h3>
      <input
        ref={field}
        class="wall-link"
        readOnly
        aria-label="Device token"
        aria-describedby="issued-token-note"
        value={issued.token}
        onFocus={(e) => (e.target as HTMLInputElement).select()}
      />
      <p class="muted" id="issued-token-note">
        <strong>Shown only now:</strong> Dockwatch keeps only a hash of it. Enter it in the device's tracking app as its token or device identifier; if it is lost,
        rotate the token.{issued.rotated && ' The previous token has stopped working.'}
      </p>
      <div class="access-form">
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy token'}
        </button>
        <button type="button" class="cancel" onClick={() => (issuedToken.value = null)}>
          Done
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
    <main class="access-admin" aria-label="Devices">
      <div class="access-head">
        <h2>Devices</h2>
        <button type="button" class="cancel" onClick={() => (devicesOpen.value = false)}>
          Back to the board
        </button>
      </div>
      {devicesProblem.value && (
        <p class="error" role="alert">
          {devicesProblem.value}
        </p>
      )}
      <section>
        <div class="access-form">
          <select aria-label="Carrier" value={carrierId} onChange={(e) => void chooseCarrier((e.target as HTMLSelectElement).value)}>
            <option value="">Choose a carrier…</option>
            {deviceCarriers.value.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <button type="button" class="cancel" disabled={!carrier || devicesLoading.value} onClick={() => void loadDevices()}>
            Refresh
          </button>
          <span class="muted">Times in {timeZone}.</span>
        </div>
        {carrier && <RegisterDeviceForm />}
      </section>
      {issuedToken.value && <IssuedTokenPanel key={issuedToken.value.token} issued={issuedToken.value} />}
      {carrier && (
        <section aria-label={`Devices of ${carrier.name}`} aria-busy={devicesLoading.value}>
          <h3>Devices of {carrier.name}</h3>
          {/* Narrow screens scroll the table sideways rather than cut off its actions. */}
          <div class="board-scroll">
            <table class="board access-table devices-table">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Reporting</th>
                  <th scope="col">Reports by</th>
                  <th scope="col">Battery</th>
                  <th scope="col">Dropped fixes</th>
                  <th scope="col">State</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
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
                      No devices yet: register one above.
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
