import type { Device, Shipment } from '@dockwatch/shared';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { DriverLink } from '../components/DriverLink';
import { t } from '../i18n/i18n';
import { errorText } from '../i18n/error-text';
import { receiveShipments } from './portal-store';

/** A carrier's dispatcher puts one of its trucks on the load (or takes it off), or sends the driver a link. */
export function TruckAssignment({ shipment, timeZone }: { shipment: Shipment; timeZone: string }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [picked, setPicked] = useState(shipment.deviceId ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  // A driver link for a load without a truck brings a device of its own: the list reloads with the load's device.
  useEffect(() => {
    let current = true;
    setPicked(shipment.deviceId ?? '');
    setProblem(null);
    api.assignableDevices(shipment.id).then(
      (list) => current && setDevices(list),
      (error: unknown) => current && setProblem(errorText(error)),
    );
    return () => {
      current = false;
    };
  }, [shipment.id, shipment.deviceId]);

  const assign = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      receiveShipments([await api.assignDevice(shipment.id, picked === '' ? null : picked)]);
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  const onTruck = devices?.find((d) => d.id === shipment.deviceId);
  return (
    <section class="truck-assignment" aria-labelledby="truck-assignment-title">
      <h3 id="truck-assignment-title">{t('dispatch.title')}</h3>
      <p class="muted" data-assigned-device={shipment.deviceId ?? ''}>
        {shipment.deviceId === null ? t('dispatch.none') : t('dispatch.on', { truck: onTruck?.name ?? '…' })}
      </p>
      <form onSubmit={(e) => void assign(e)}>
        <label>
          <span>{t('dispatch.pick')}</span>
          <select value={picked} disabled={devices === null} onChange={(e) => setPicked((e.target as HTMLSelectElement).value)}>
            <option value="">{t('dispatch.noTruck')}</option>
            {(devices ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || devices === null || picked === (shipment.deviceId ?? '')}>
          {picked === '' && shipment.deviceId !== null ? t('dispatch.unassign') : t('dispatch.assign')}
        </button>
      </form>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <DriverLink key={shipment.id} shipmentId={shipment.id} timeZone={timeZone} open />
    </section>
  );
}
