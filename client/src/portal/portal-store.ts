import { isActiveStatus, type Shipment, type Site, type StatusEvent, type Track } from '@dockwatch/shared';
import { computed, signal } from '@preact/signals';
import { api, endSession, me, token } from '../api/client';
import { ApiError } from '../api/rest';
import { config, connection } from '../board/store';
import { trackWithPositions } from '../board/board-model';
import { LiveConnection } from '../live/connection';
import { loadUnread, openConversation, OWN_LOADS, receiveMessage } from '../board/conversation';
import { t } from '../i18n/i18n';
import { loadNotices, receiveNotice } from '../notices/notices-store';
import { loadSupplierDemand, refreshSupplierDemand } from './demand-store';
import { loadPartnerAlerts, receivePartnerAlert } from './partner-alerts';

/** A partner's own active shipments, by id. */
export const partnerShipments = signal<ReadonlyMap<string, Shipment>>(new Map());
/** The plants those shipments go to. */
export const partnerSites = signal<ReadonlyMap<string, Site>>(new Map());
export const portalProblem = signal<string | null>(null);
export const chosenId = signal<string | null>(null);
export const chosenEvents = signal<StatusEvent[] | null>(null);
/** The chosen load's GPS track, for its carrier (a supplier sees where its loads are, not where they went). */
export const chosenTrack = signal<Track | null>(null);

export const portalRows = computed(() => [...partnerShipments.value.values()].sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.id.localeCompare(b.id)));

let live: LiveConnection | null = null;
/** New loads booked for the partner appear within this time without a reload. */
const REFRESH_MS = 60_000;

function lost(message: string) {
  live?.close();
  live = null;
  endSession(message);
}

/** Reloads the partner's shipments and follows each of them live. */
export async function reload(): Promise<void> {
  try {
    const [list, sites] = await Promise.all([api.activeShipments(), api.sites()]);
    partnerSites.value = new Map(sites.map((s) => [s.id, s]));
    partnerShipments.value = new Map(list.shipments.map((s) => [s.id, s]));
    portalProblem.value = null;
    void loadNotices();
    void loadUnread(OWN_LOADS);
    void loadPartnerAlerts();
    // A supplier also follows each plant's demand for its parts, and reloads it with the rest:
    // its shared stock and shortage risk move with the trucks, its demand with every new plan.
    const who = me.value;
    const supplier = who?.role === 'supplier' ? who.supplier : null;
    const siteIds = sites.map((s) => s.id);
    if (supplier) void loadSupplierDemand(siteIds);
    live?.followAll([...list.shipments.map((s) => ({ shipmentId: s.id })), ...(supplier ? siteIds.map((siteId) => ({ siteId, demandOf: supplier })) : [])]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return lost(t('board.signInInvalid'));
    portalProblem.value = t('portal.problem', { message: (error as Error).message });
  }
}

/** Shipments after a committed change (live, or the answer to the partner's own change): newer versions only. */
export function receiveShipments(changed: readonly Shipment[]): void {
  const fresh = changed.filter((s) => (partnerShipments.value.get(s.id)?.version ?? 0) < s.version);
  if (fresh.length === 0) return;
  const next = new Map(partnerShipments.value);
  for (const s of fresh) {
    if (isActiveStatus(s.status)) next.set(s.id, s);
    else next.delete(s.id);
  }
  partnerShipments.value = next;
  if (chosenId.value && fresh.some((s) => s.id === chosenId.value)) void loadEvents(chosenId.value);
  if (chosenTrack.value) chosenTrack.value = trackWithPositions(chosenTrack.value, fresh);
}

/** Opens the partner portal: own shipments, their windows, ETAs and status history. */
export async function startPortal(): Promise<void> {
  try {
    config.value = await api.clientConfig();
  } catch (error) {
    portalProblem.value = t('board.unreachable', { message: (error as Error).message });
    return;
  }
  live = new LiveConnection(token.value, {
    onState: (state, detail) => (connection.value = { state, ...(detail ? { detail } : {}) }),
    onShipments: receiveShipments,
    onAlert: receivePartnerAlert,
    onMessage: receiveMessage,
    onNotice: receiveNotice,
    onDemand: (update) => void refreshSupplierDemand(update.siteId),
    onResync: () => void reload(),
    onUnauthorized: () => lost(t('board.accessEnded')),
  });
  await reload();
  setInterval(() => void reload(), REFRESH_MS);
}

async function loadEvents(id: string): Promise<void> {
  try {
    const events = await api.events(id);
    if (chosenId.value === id) chosenEvents.value = events;
  } catch {
    // The history shows again on the next selection.
  }
}

async function loadTrack(id: string): Promise<void> {
  try {
    const track = await api.track(id);
    if (chosenId.value === id) chosenTrack.value = track;
  } catch {
    // The map works without the trail; the next selection tries again.
  }
}

export function choose(id: string | null): void {
  chosenId.value = id;
  chosenEvents.value = null;
  chosenTrack.value = null;
  void openConversation(id);
  if (id) void loadEvents(id);
  if (id && me.value?.role === 'carrier') void loadTrack(id);
}
