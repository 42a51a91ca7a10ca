import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime, stringEnum } from './common';
import { Shipment } from './shipments';

export const TrackingLinkCreate = Type.Object(
  { expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30, default: 48, description: 'Hours until the link stops working. Default 48.' })) },
  { additionalProperties: false },
);
export type TrackingLinkCreate = Static<typeof TrackingLinkCreate>;

export const TrackingLink = Type.Object(
  {
    id: Id,
    deviceId: Id,
    shipmentId: Type.Union([Id, Type.Null()]),
    expiresAt: IsoDateTime,
    revokedAt: Type.Union([IsoDateTime, Type.Null()]),
    createdAt: IsoDateTime,
  },
  { title: 'TrackingLink' },
);
export type TrackingLink = Static<typeof TrackingLink>;

/** Returned once, at creation: the token is stored hashed. */
export const TrackingLinkCreated = Type.Composite([
  TrackingLink,
  Type.Object({
    token: Type.String({ description: 'Link token; shown only once.' }),
    url: Type.String({ description: "The driver page with the token in the fragment (never sent to servers' logs)." }),
    qrSvg: Type.String({ description: 'The URL as a QR code, SVG.' }),
  }),
]);
export type TrackingLinkCreated = Static<typeof TrackingLinkCreated>;

export const TrackingLinkList = Type.Object({ links: Type.Array(TrackingLink) });
export type TrackingLinkList = Static<typeof TrackingLinkList>;

/** What to type into each tracker app to send to Dockwatch instead of the driver page. */
export const DeviceSetup = Type.Object({
  serverUrl: Type.String(),
  token: Type.String(),
  osmandUrl: Type.String({ description: 'Traccar Client / OsmAnd: server URL; the device identifier is the token.' }),
  owntracksUrl: Type.String({ description: 'OwnTracks HTTP mode URL; the password is the token.' }),
  overlandUrl: Type.String({ description: 'Overland receiver endpoint URL, with the token as access token.' }),
});
export type DeviceSetup = Static<typeof DeviceSetup>;

export const DriverShipment = Type.Object({
  shipment: Shipment,
  site: Type.Object({
    id: Id,
    name: Type.String(),
    timezone: Type.String(),
    lat: Type.Number({ description: 'Where the site is, for the driver page to say how far away an arrival is reported.' }),
    lon: Type.Number(),
  }),
});
export type DriverShipment = Static<typeof DriverShipment>;

export const DriverView = Type.Object({
  expiresAt: Type.Union([IsoDateTime, Type.Null()], { description: "When the link stops working; null for a device's own token." }),
  device: Type.Object({ id: Id, name: Type.String() }),
  shipments: Type.Array(DriverShipment),
  setup: DeviceSetup,
});
export type DriverView = Static<typeof DriverView>;

/** The lifecycle steps a driver reports from the driver page. */
export const DRIVER_EVENT_TYPES = ['dispatched', 'in_transit', 'delayed', 'arrived'] as const;
export type DriverEventType = (typeof DRIVER_EVENT_TYPES)[number];

export const DriverEventCreate = Type.Object(
  {
    type: stringEnum(DRIVER_EVENT_TYPES, 'dispatched (departed), in_transit (back on the road), delayed, arrived.'),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'Reason for a delay.' })),
  },
  { additionalProperties: false },
);
export type DriverEventCreate = Static<typeof DriverEventCreate>;

export const DriverPingResult = Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer(), rejected: Type.Integer() });
export type DriverPingResult = Static<typeof DriverPingResult>;
