import { Type, type Static } from '@sinclair/typebox';
import { SHIPMENT_STATUSES, STATUS_EVENT_TYPES } from '../domain/lifecycle';
import { WINDOW_STATUSES } from '../domain/window';
import { Id, IsoDateTime, Latitude, Longitude, stringEnum } from './common';
import { ReceivedItemInput } from './receipts';

export const ShipmentStatusSchema = stringEnum(SHIPMENT_STATUSES, 'Lifecycle status.');
export const StatusEventTypeSchema = stringEnum(STATUS_EVENT_TYPES, 'Lifecycle event type.');
export const WindowStatusSchema = stringEnum(WINDOW_STATUSES, 'Where the ETA (or arrival) falls against the window.');

export const LineItem = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    quantity: Type.Number({ exclusiveMinimum: 0 }),
  },
  { additionalProperties: false },
);
export type LineItem = Static<typeof LineItem>;

export const Position = Type.Object({
  lat: Latitude,
  lon: Longitude,
  ts: IsoDateTime,
  speed: Type.Union([Type.Number(), Type.Null()], { description: 'm/s' }),
  heading: Type.Union([Type.Number(), Type.Null()], { description: 'degrees from north' }),
});
export type Position = Static<typeof Position>;

/** The one JSON shape of a shipment: REST answers, the board and socket events. */
export const Shipment = Type.Object(
  {
    id: Id,
    reference: Type.String(),
    supplier: Type.String(),
    carrierId: Id,
    siteId: Id,
    dock: Type.Union([Type.String(), Type.Null()]),
    windowStart: IsoDateTime,
    windowEnd: IsoDateTime,
    deviceId: Type.Union([Id, Type.Null()]),
    items: Type.Array(LineItem),
    status: ShipmentStatusSchema,
    position: Type.Union([Position, Type.Null()]),
    eta: Type.Union([IsoDateTime, Type.Null()], { description: 'Best estimate of the arrival (the arrival itself once arrived); never before now for a truck on the road.' }),
    etaEarliest: Type.Union([IsoDateTime, Type.Null()], { description: 'Early edge of the ETA band (about the 10th percentile).' }),
    etaLatest: Type.Union([IsoDateTime, Type.Null()], { description: 'Late edge of the ETA band (about the 90th percentile).' }),
    etaOverdue: Type.Boolean({
      description: 'The truck is overdue: the arrival its last position predicted has passed without it, so the ETA is held at now or later and moves forward with the clock.',
    }),
    windowStatus: WindowStatusSchema,
    arrivedAt: Type.Union([IsoDateTime, Type.Null()]),
    version: Type.Integer({ minimum: 1, description: 'Grows by one with every change; a gap means a missed delta.' }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { title: 'Shipment' },
);
export type Shipment = Static<typeof Shipment>;

export const ShipmentCreate = Type.Object(
  {
    reference: Type.String({ minLength: 1, maxLength: 100, description: 'PO, ASN or delivery number; unique per site.' }),
    siteId: Id,
    carrierId: Id,
    supplier: Type.String({ minLength: 1, maxLength: 200 }),
    windowStart: IsoDateTime,
    windowEnd: IsoDateTime,
    dock: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    deviceId: Type.Optional(Id),
    items: Type.Optional(Type.Array(LineItem, { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type ShipmentCreate = Static<typeof ShipmentCreate>;

export const ShipmentPatch = Type.Object(
  {
    deviceId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Reassign (or with null, unassign) the device.' })),
    windowStart: Type.Optional(IsoDateTime),
    windowEnd: Type.Optional(IsoDateTime),
    dock: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()])),
    supplier: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    items: Type.Optional(Type.Array(LineItem, { maxItems: 500 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ShipmentPatch = Static<typeof ShipmentPatch>;

/** A dispatcher's (or the plant's) choice of truck for one load: one of the load's carrier's devices, or none. */
export const DeviceAssignment = Type.Object(
  { deviceId: Type.Union([Id, Type.Null()], { description: "One of the load's carrier's devices; null takes the load off its device." }) },
  { additionalProperties: false },
);
export type DeviceAssignment = Static<typeof DeviceAssignment>;

export const ShipmentListQuery = Type.Object(
  {
    siteId: Type.Optional(Id),
    carrierId: Type.Optional(Id),
    deviceId: Type.Optional(Id),
    status: Type.Optional(ShipmentStatusSchema),
    windowStatus: Type.Optional(WindowStatusSchema),
    active: Type.Optional(Type.Boolean({ description: 'Only shipments not yet received or cancelled.' })),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    windowFrom: Type.Optional(IsoDateTime),
    windowTo: Type.Optional(IsoDateTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type ShipmentListQuery = Static<typeof ShipmentListQuery>;

export const ShipmentList = Type.Object({ shipments: Type.Array(Shipment), total: Type.Integer() });
export type ShipmentList = Static<typeof ShipmentList>;

export const StatusEventCreate = Type.Object(
  {
    type: StatusEventTypeSchema,
    ts: Type.Optional(IsoDateTime),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    items: Type.Optional(
      Type.Array(ReceivedItemInput, {
        maxItems: 1000,
        description: "Only with `received`: the quantities counted at the dock. Lines left out are booked at the notice's quantity.",
      }),
    ),
    receivedItems: Type.Optional(Type.Array(ReceivedItemInput, { maxItems: 1000, description: 'The same as `items` (its earlier name); give one of the two.' })),
  },
  { additionalProperties: false },
);
export type StatusEventCreate = Static<typeof StatusEventCreate>;

export const StatusEventSource = stringEnum(['device', 'staff', 'geofence', 'system'] as const, 'Who caused the event.');

export const StatusEvent = Type.Object(
  {
    id: Id,
    shipmentId: Id,
    type: StatusEventTypeSchema,
    ts: IsoDateTime,
    note: Type.Union([Type.String(), Type.Null()]),
    source: StatusEventSource,
    createdAt: IsoDateTime,
  },
  { title: 'StatusEvent' },
);
export type StatusEvent = Static<typeof StatusEvent>;

export const StatusEventResult = Type.Object({ event: StatusEvent, shipment: Shipment });
export type StatusEventResult = Static<typeof StatusEventResult>;

export const StatusEventList = Type.Object({ events: Type.Array(StatusEvent) });
export type StatusEventList = Static<typeof StatusEventList>;

export const TrackQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 2, maximum: 20_000, default: 5_000, description: 'Newest points kept.' })) },
  { additionalProperties: false },
);
export type TrackQuery = Static<typeof TrackQuery>;

/** A shipment's ping history as a GeoJSON LineString Feature (coordinates are [lon, lat]). */
export const Track = Type.Object({
  type: Type.Literal('Feature'),
  geometry: Type.Object({
    type: Type.Literal('LineString'),
    coordinates: Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })),
  }),
  properties: Type.Object({
    shipmentId: Id,
    timestamps: Type.Array(IsoDateTime, { description: 'One per coordinate, oldest first.' }),
  }),
});
export type Track = Static<typeof Track>;
