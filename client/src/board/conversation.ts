import type { MessageCreate, ShipmentMessage } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';

/** The selected shipment's conversation, oldest first; null while none is open or it is loading. */
export const conversation = signal<{ shipmentId: string; messages: ShipmentMessage[] } | null>(null);
export const conversationProblem = signal<string | null>(null);

let open: string | null = null;

/** Opens a shipment's conversation and marks it read (the clerk sees it now). */
export async function openConversation(shipmentId: string | null): Promise<void> {
  open = shipmentId;
  conversation.value = null;
  conversationProblem.value = null;
  if (!shipmentId) return;
  try {
    const list = await api.messages(shipmentId);
    if (open !== shipmentId) return;
    conversation.value = { shipmentId, messages: list.messages };
    if (list.unread > 0) await api.markMessagesRead(shipmentId);
  } catch (error) {
    if (open === shipmentId) conversationProblem.value = (error as Error).message;
  }
}

/** A `message:created`: added to the open conversation (once, whether by the socket or by our own post). */
export function receiveMessage(message: ShipmentMessage): void {
  const current = conversation.value;
  if (!current || current.shipmentId !== message.shipmentId || current.messages.some((m) => m.id === message.id)) return;
  conversation.value = { ...current, messages: [...current.messages, message] };
  // Shown while open: read.
  void api.markMessagesRead(message.shipmentId).catch(() => {});
}

export async function postMessage(shipmentId: string, body: MessageCreate): Promise<void> {
  receiveMessage(await api.postMessage(shipmentId, body));
}
