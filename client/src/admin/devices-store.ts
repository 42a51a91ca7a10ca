import type { Carrier, DeviceStatus, RejectedFix } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';
import { ApiError } from '../api/rest';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/i18n';

/** The admin's view of one carrier's devices: health, registration, token rotation and revocation. */
export const devicesOpen = signal(false);
export const deviceCarriers = signal<Carrier[]>([]);
/** The carrier whose devices are listed; '' until one is picked. */
export const deviceCarrierId = signal('');
export const devices = signal<DeviceStatus[]>([]);
export const devicesProblem = signal<string | null>(null);
export const devicesLoading = signal(false);

/** A token just issued: the server keeps only its hash, so this is the one time it can be shown. */
export interface IssuedToken {
  deviceId: string;
  deviceName: string;
  token: string;
  rotated: boolean;
}
export const issuedToken = signal<IssuedToken | null>(null);

/** How many dropped fixes the expandable list shows. */
export const REJECTED_SHOWN = 20;

// The server's messages name ids; these say what happened in the admin's terms.
const REFUSED: Record<string, () => string> = {
  device_revoked: () => t('devices.refusedRevoked'),
  not_found: () => t('devices.refusedGone'),
};

async function attempt(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    devicesProblem.value = null;
    return true;
  } catch (error) {
    devicesProblem.value = (error instanceof ApiError ? REFUSED[error.code]?.() : undefined) ?? errorText(error);
    return false;
  }
}

export const loadDevices = () =>
  attempt(async () => {
    const carrierId = deviceCarrierId.value;
    if (!carrierId) return;
    devicesLoading.value = true;
    try {
      const list = await api.devices(carrierId);
      // A slow answer for a carrier the admin has already left must not replace the new one's list.
      if (deviceCarrierId.value === carrierId) devices.value = list;
    } finally {
      devicesLoading.value = false;
    }
  });

/** The screen opens with a fresh carrier list (carriers made since sign-in included) and no token from last time on show. */
export const startDevicesScreen = () => {
  issuedToken.value = null;
  return attempt(async () => {
    deviceCarriers.value = await api.carriers();
    if (deviceCarrierId.value) await loadDevices();
  });
};

export const chooseCarrier = (carrierId: string) => {
  deviceCarrierId.value = carrierId;
  devices.value = [];
  issuedToken.value = null;
  return loadDevices();
};

/** Registers a device for the chosen carrier and shows its token once; true when it worked. */
export const registerDevice = (name: string) =>
  attempt(async () => {
    const created = await api.createDevice(deviceCarrierId.value, { name });
    issuedToken.value = { deviceId: created.id, deviceName: created.name, token: created.token, rotated: false };
    await loadDevices();
  });

export const rotateDeviceToken = (device: DeviceStatus) =>
  attempt(async () => {
    const rotated = await api.rotateDeviceToken(device.carrierId, device.id);
    issuedToken.value = { deviceId: rotated.id, deviceName: rotated.name, token: rotated.token, rotated: true };
    await loadDevices();
  });

export const revokeDevice = (device: DeviceStatus) =>
  attempt(async () => {
    await api.revokeDevice(device.carrierId, device.id);
    // A token still on screen for this device no longer works.
    if (issuedToken.value?.deviceId === device.id) issuedToken.value = null;
    await loadDevices();
  });

/** The device's latest dropped fixes, or null when they could not be loaded (the problem is shown). */
export async function loadRejectedFixes(device: DeviceStatus): Promise<RejectedFix[] | null> {
  let fixes: RejectedFix[] | null = null;
  await attempt(async () => {
    fixes = await api.rejectedFixes(device.carrierId, device.id, REJECTED_SHOWN);
  });
  return fixes;
}
