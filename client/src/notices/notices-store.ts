import type { DisruptionNotice, NoticeCreate, NoticeSide } from '@dockwatch/shared';
import { computed, signal } from '@preact/signals';
import { api, me } from '../api/client';

/** Open disruption notices in the caller's scope, by id (a closed one stays until the next load). */
export const notices = signal<ReadonlyMap<string, DisruptionNotice>>(new Map());
export const noticesProblem = signal<string | null>(null);

/** Newest first. */
export const noticeList = computed(() => [...notices.value.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id)));

/** Which side the signed-in caller speaks for. */
export const mySide = computed<NoticeSide>(() => (me.value?.role === 'carrier' ? 'carrier' : me.value?.role === 'supplier' ? 'supplier' : 'plant'));
/** Viewers and clerks read notices; planners speak for the plant, partners for themselves. */
export const mayPostNotices = computed(() => ['admin', 'planner', 'carrier', 'supplier'].includes(me.value?.role ?? ''));

/** Open notices from the other side that nobody on the caller's side has acknowledged yet: what the header badge counts. */
export const awaitingNotices = computed(() => noticeList.value.filter((n) => awaitsAck(n, mySide.value)));

/** True for an open notice of the other side without an acknowledgement from `side`. */
export const awaitsAck = (n: DisruptionNotice, side: NoticeSide): boolean => n.state === 'open' && n.author.side !== side && !n.acks.some((a) => a.by.side === side);

/** A notice as pushed or answered: kept when it is newer than the one held. */
export function receiveNotice(n: DisruptionNotice): void {
  const held = notices.value.get(n.id);
  if (held && held.version >= n.version) return;
  notices.value = new Map(notices.value).set(n.id, n);
}

export async function loadNotices(siteId?: string): Promise<void> {
  try {
    const list = await api.notices(siteId);
    // Anything pushed while the list was on its way stays if it is newer.
    const next = new Map(list.map((n) => [n.id, n]));
    for (const held of notices.value.values()) if ((next.get(held.id)?.version ?? 0) < held.version && held.state === 'open') next.set(held.id, held);
    notices.value = next;
    noticesProblem.value = null;
  } catch (error) {
    noticesProblem.value = (error as Error).message;
  }
}

export const postNotice = async (body: NoticeCreate) => receiveNotice(await api.postNotice(body));
export const ackNotice = async (id: string) => receiveNotice(await api.ackNotice(id));
export const replyNotice = async (id: string, text: string) => receiveNotice(await api.replyNotice(id, text));
export const closeNotice = async (id: string) => receiveNotice(await api.closeNotice(id));
