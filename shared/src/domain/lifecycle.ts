/**
 * Shipment lifecycle. A shipment starts `planned`; carriers, clerks and the geofence move it on.
 * `received` and `cancelled` are terminal.
 */
export const SHIPMENT_STATUSES = [
  'planned',
  'dispatched',
  'in_transit',
  'delayed',
  'arrived',
  'at_dock',
  'unloading',
  'received',
  'exception',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Status events a carrier or clerk may post (`planned` is only ever the initial state). */
export const STATUS_EVENT_TYPES = [
  'dispatched',
  'in_transit',
  'arrived',
  'at_dock',
  'unloading',
  'received',
  'delayed',
  'exception',
  'cancelled',
] as const;
export type StatusEventType = (typeof STATUS_EVENT_TYPES)[number];

const TRANSITIONS: Record<ShipmentStatus, readonly StatusEventType[]> = {
  planned: ['dispatched', 'in_transit', 'arrived', 'delayed', 'exception', 'cancelled'],
  dispatched: ['in_transit', 'arrived', 'delayed', 'exception', 'cancelled'],
  in_transit: ['arrived', 'delayed', 'exception', 'cancelled'],
  delayed: ['in_transit', 'arrived', 'exception', 'cancelled'],
  arrived: ['at_dock', 'unloading', 'received', 'exception'],
  at_dock: ['unloading', 'received', 'exception'],
  unloading: ['received', 'exception'],
  exception: ['dispatched', 'in_transit', 'delayed', 'arrived', 'at_dock', 'unloading', 'received', 'cancelled'],
  received: [],
  cancelled: [],
};

/** The event types that may follow `status`. */
export function allowedTransitions(status: ShipmentStatus): readonly StatusEventType[] {
  return TRANSITIONS[status];
}

export function canTransition(from: ShipmentStatus, to: StatusEventType): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses of shipments that are still inbound: on the board and moved by pings. */
export const ACTIVE_STATUSES: readonly ShipmentStatus[] = SHIPMENT_STATUSES.filter(
  (s) => s !== 'received' && s !== 'cancelled',
);

export function isActiveStatus(status: ShipmentStatus): boolean {
  return status !== 'received' && status !== 'cancelled';
}

/** Statuses before the truck has reached the site. */
const PRE_ARRIVAL: readonly ShipmentStatus[] = ['planned', 'dispatched', 'in_transit', 'delayed'];

export function isPreArrival(status: ShipmentStatus): boolean {
  return PRE_ARRIVAL.includes(status);
}
