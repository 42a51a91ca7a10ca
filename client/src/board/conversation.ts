import type { MessageCreate, ShipmentMessage } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';

/** The selected shipment's conversation, oldest first; null while none is open or it is loading. */
export const conversation = signal<{ shipmentId: string; messages: ShipmentMessage[] } | null>(null);
export const conversationProblem = signal<string | null>(null);

/** Unread messages per shipment of the board's site for the clerk, or of a partner's own loads in its portal (shipments with none left out). */
export const unreadCounts = signal<Readonly<Record<string, number>>>({});

let open: string | null = null;
/** Whose counts are shown: a site's (the board), or the caller's own loads (`OWN_LOADS`, the portal). */
let unreadOf: string | null = null;
let unreadTimer: ReturnType<typeof setTimeout> | null = null;
export const OWN_LOADS = 'own-loads';

/** Loads the unread counts of a site or of the caller's own loads (on a load, and shortly after a message for another shipment). */
export async function loadUnread(of: string): Promise<void> {
  unreadOf = of;
  try {
    const { unread } = of === OWN_LOADS ? await api.ownUnreadMessages() : await api.unreadMessages(of);
    if (unreadOf !== of) return;
    // The open conversation is being read: it shows no badge.
    unreadCounts.value = open && unread[open] ? { ...unread, [open]: 0 } : unread;
  } catch {
    // Badges fill in on the next load.
  }
}

const clearUnread = (shipmentId: string) => {
  if (unreadCounts.value[shipmentId]) unreadCounts.value = { ...unreadCounts.value, [shipmentId]: 0 };
};

/** Opens a shipment's conversation and marks it read (the clerk sees it now). */
export async function openConversation(shipmentId: string | null): Promise<void> {
  open = shipmentId;
  conversation.value = null;
  conversationProblem.value = null;
  if (!shipmentId) return;
  clearUnread(shipmentId);
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
  if (message.shipmentId !== open) {
    // Only the server knows whether it is the clerk's own (from another tab) or someone else's:
    // ask it for the site's counts, once for a burst of messages.
    // A partner's socket carries only its own loads' messages.
    if ((message.siteId === unreadOf || unreadOf === OWN_LOADS) && unreadTimer === null) {
      unreadTimer = setTimeout(() => {
        unreadTimer = null;
        if (unreadOf) void loadUnread(unreadOf);
      }, 250);
    }
    return;
  }
  if (!current || current.shipmentId !== message.shipmentId || current.messages.some((m) => m.id === message.id)) return;
  conversation.value = { ...current, messages: [...current.messages, message] };
  // Shown while open: read.
  void api.markMessagesRead(message.shipmentId).catch(() => {});
}

export async function postMessage(shipmentId: string, body: MessageCreate): Promise<void> {
  receiveMessage(await api.postMessage(shipmentId, body));
}
