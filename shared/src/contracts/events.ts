import type { Scope } from './access';
import type { Alert } from './alerts';
import type { PartCover } from './materials';
import type { ShipmentMessage } from './messages';
import type { DisruptionNotice } from './notices';
import type { Shipment, StatusEvent } from './shipments';

/** Payload of `shipment:event`: a lifecycle step and the shipment version it produced. */
export interface ShipmentEventPayload {
  siteId: string;
  event: StatusEvent;
  version: number;
}

/**
 * Payload of `feed:interrupted`. `bus_reconnected`: this instance's bus subscription was down
 * and is back. `publish_failed`: some instance could not publish committed changes and now
 * can again.
 */
export interface FeedInterruptedPayload {
  reason: 'bus_reconnected' | 'publish_failed';
}

/** `demandOf`: a supplier's demand view of the site (a supplier names itself; planners preview one). */
export type SubscribeRequest = { siteId: string } | { shipmentId: string } | { siteId: string; demandOf: string };
export type SubscribeAck = { ok: true } | { error: { code: string; message: string } };

export interface ServerToClientEvents {
  /**
   * To a site room: the site's shipments one committed change moved, each whole with its
   * `version` (one device ping moves every load on the truck at once; one message carries them).
   */
  'shipments:updated': (shipments: Shipment[]) => void;
  /** To a shipment room: the shipment after a committed change. */
  'shipment:updated': (shipment: Shipment) => void;
  'shipment:event': (payload: ShipmentEventPayload) => void;
  'alert:raised': (alert: Alert) => void;
  'alert:updated': (alert: Alert) => void;
  'alert:resolved': (alert: Alert) => void;
  /** To the shipment's site room and shipment room: a message on the shipment's conversation. */
  'message:created': (message: ShipmentMessage) => void;
  /** To the site rooms of a notice's sites and its partner's room: a new disruption notice. */
  'notice:created': (notice: DisruptionNotice) => void;
  /** To the same rooms: a notice after an ack, a reply or its close (whole, with its `version`). */
  'notice:updated': (notice: DisruptionNotice) => void;
  /** To a site room: parts whose cover changed (status, run-out times, or the loads that make them run out). */
  'coverage:updated': (payload: CoverageUpdate) => void;
  /** To the supplier demand rooms of a material's suppliers: its demand plan changed (reload the view). */
  'demand:updated': (payload: DemandUpdate) => void;
  /**
   * To every socket: live changes may have been lost on the way (a Redis outage, a failed
   * publish), with no version gap to show it. Reload every snapshot the view holds (board,
   * alerts, followed shipments).
   */
  'feed:interrupted': (payload: FeedInterruptedPayload) => void;
  /**
   * To every socket of an instance whose bus subscription broke (Redis away), and to each socket
   * that connects meanwhile: live changes stop arriving until the next `feed:interrupted`.
   */
  'feed:stalled': () => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: SubscribeRequest, ack: (result: SubscribeAck) => void) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events yet
export interface InterServerEvents {}

export interface SocketData {
  /** Who the handshake authenticated, and the scope every subscription is checked against. */
  principal: Scope & { kind: 'bootstrap' | 'user' | 'token'; id: string | null };
}

/** Payload of `demand:updated`. */
export interface DemandUpdate {
  siteId: string;
  materialId: string;
  sku: string;
}

/** Payload of `coverage:updated`. */
export interface CoverageUpdate {
  siteId: string;
  parts: PartCover[];
}

/** A change committed by one instance and fanned out to every instance (the bus carries a commit's changes together). */
export type DomainEvent =
  | { type: 'shipment:updated'; shipment: Shipment }
  | { type: 'shipment:event'; shipmentId: string; payload: ShipmentEventPayload }
  | { type: 'alert:raised' | 'alert:updated' | 'alert:resolved'; alert: Alert }
  | { type: 'coverage:updated'; update: CoverageUpdate }
  | { type: 'message:created'; message: ShipmentMessage }
  | { type: 'notice:created'; notice: DisruptionNotice }
  | { type: 'notice:updated'; notice: DisruptionNotice }
  | { type: 'demand:updated'; update: DemandUpdate; suppliers: string[] }
  /** A user was disabled, a token revoked or a session ended: every instance drops its sockets. */
  | { type: 'access:revoked'; identity: string };
