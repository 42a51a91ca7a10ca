import type { MessageCreate, ShipmentMessage } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { errorText } from '../i18n/error-text';
import { DriverApi, linkTokenFromUrl } from './driver-api';
import { mergeMessages } from './message-thread';

/**
 * The loads' conversations on the driver page. A link token cannot open a socket (the live
 * path is for signed-in staff), so the page asks again every few seconds while it is open:
 * cheap for one or two loads, and the plant's answer shows within the interval.
 */
const MESSAGES_REFRESH_MS = 10_000;

/** Each load's conversation, oldest first, keyed by shipment id; absent until first loaded. */
export const driverMessages = signal<Record<string, ShipmentMessage[]>>({});
export const messagesProblem = signal<string | null>(null);

const token = linkTokenFromUrl();
const api = token ? new DriverApi(token) : null;
const followed = new Set<string>();
let timer: ReturnType<typeof setInterval> | null = null;

async function load(shipmentId: string): Promise<void> {
  if (!api) return;
  try {
    const list = await api.messages(shipmentId);
    driverMessages.value = { ...driverMessages.value, [shipmentId]: mergeMessages(driverMessages.value[shipmentId] ?? [], list.messages) };
    messagesProblem.value = null;
  } catch (error) {
    messagesProblem.value = errorText(error);
  }
}

/** Follows a load's conversation while its card is shown; returns the unfollow. */
export function followMessages(shipmentId: string): () => void {
  followed.add(shipmentId);
  void load(shipmentId);
  timer ??= setInterval(() => {
    for (const id of followed) void load(id);
  }, MESSAGES_REFRESH_MS);
  return () => {
    followed.delete(shipmentId);
    if (followed.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Posts a message from the driver; true once the plant has it. */
export async function sendDriverMessage(shipmentId: string, body: MessageCreate): Promise<boolean> {
  if (!api) return false;
  try {
    const message = await api.postMessage(shipmentId, body);
    driverMessages.value = { ...driverMessages.value, [shipmentId]: mergeMessages(driverMessages.value[shipmentId] ?? [], [message]) };
    messagesProblem.value = null;
    return true;
  } catch (error) {
    messagesProblem.value = errorText(error);
    return false;
  }
}
