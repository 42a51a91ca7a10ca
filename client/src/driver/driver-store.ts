import { signal } from '@preact/signals';
import { haversineMeters, type DriverEventType, type DriverView } from '@dockwatch/shared';
import { ApiError } from '../api/rest';
import { DriverApi, linkTokenFromUrl } from './driver-api';
import { PingQueue, pingFromPosition } from './ping-queue';
import { t } from '../i18n/i18n';
import { errorText } from '../i18n/error-text';

/** Positions closer together than this in time and space are not queued: enough for an ETA, easy on data and battery. */
const MIN_PING_INTERVAL_MS = 5_000;
const MIN_PING_DISTANCE_M = 500;
const BATCH = 500;
const REFRESH_MS = 30_000;

export const view = signal<DriverView | null>(null);
export const problem = signal<string | null>(null);
/** True when the link no longer works: nothing more can be sent. */
export const linkDead = signal(false);
export const sharing = signal(false);
export const queued = signal(0);
export const lastSentAt = signal<number | null>(null);
export const online = signal(navigator.onLine);
export const geoProblem = signal<string | null>(null);
/** The phone's latest position while sharing, to say how far from the site an arrival is reported. */
export const phonePosition = signal<{ lat: number; lon: number } | null>(null);

const token = linkTokenFromUrl();
const api = token ? new DriverApi(token) : null;
// One queue per link, so a phone used for two loads keeps them apart.
const queue = new PingQueue(localStorage, `dockwatch.driver.queue.${token?.slice(-12) ?? 'none'}`);
let watchId: number | null = null;
let flushing = false;
let lastQueued: { ts: number; lat: number; lon: number } | null = null;

export const hasToken = () => api !== null;

function fail(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    linkDead.value = true;
    problem.value = errorText(error);
  } else if (error instanceof ApiError && error.status === 0) {
    online.value = false;
  } else {
    problem.value = errorText(error);
  }
}

export async function refresh(): Promise<void> {
  if (!api) return;
  try {
    view.value = await api.view();
    online.value = true;
  } catch (error) {
    fail(error);
  }
}

/** Sends what is queued, oldest first; anything not accepted stays queued for the next try. */
export async function flush(): Promise<void> {
  if (!api || flushing || linkDead.value) return;
  flushing = true;
  try {
    for (let batch = queue.head(BATCH); batch.length > 0; batch = queue.head(BATCH)) {
      await api.sendPings(batch);
      queue.remove(batch);
      lastSentAt.value = Date.now();
      online.value = true;
    }
    await refresh();
  } catch (error) {
    fail(error);
  } finally {
    queued.value = queue.size;
    flushing = false;
  }
}

export function startSharing(): void {
  if (!('geolocation' in navigator)) {
    geoProblem.value = t('driver.noGeo');
    return;
  }
  geoProblem.value = null;
  sharing.value = true;
  watchId = navigator.geolocation.watchPosition(
    (position) => {
      geoProblem.value = null;
      const ping = pingFromPosition(position);
      phonePosition.value = { lat: ping.lat, lon: ping.lon };
      const soon = lastQueued !== null && position.timestamp - lastQueued.ts < MIN_PING_INTERVAL_MS;
      if (soon && haversineMeters(lastQueued!, ping) < MIN_PING_DISTANCE_M) return;
      lastQueued = { ts: position.timestamp, lat: ping.lat, lon: ping.lon };
      queue.push(ping);
      queued.value = queue.size;
      void flush();
    },
    (error) => {
      geoProblem.value = error.code === error.PERMISSION_DENIED ? t('driver.blocked') : t('driver.waitingGps');
    },
    { enableHighAccuracy: true, maximumAge: 5_000, timeout: 60_000 },
  );
}

export function stopSharing(): void {
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  watchId = null;
  sharing.value = false;
}

export async function report(shipmentId: string, type: DriverEventType, note?: string): Promise<boolean> {
  if (!api) return false;
  try {
    await api.postEvent(shipmentId, type, note);
    problem.value = null;
    await refresh();
    return true;
  } catch (error) {
    fail(error);
    return false;
  }
}

export function start(): void {
  queued.value = queue.size;
  window.addEventListener('online', () => {
    online.value = true;
    void flush();
  });
  window.addEventListener('offline', () => (online.value = false));
  setInterval(() => void (queue.size > 0 ? flush() : refresh()), REFRESH_MS);
  void refresh().then(() => flush());
}
