import { Type, type Static } from '@sinclair/typebox';
import { FIX_REJECT_REASONS } from '../domain/fix-filter';
import { Id, IsoDateTime, stringEnum } from './common';

/** How a device reports: our JSON API or one of the tracker apps' own protocols. */
export const DEVICE_PROTOCOLS = ['api', 'osmand', 'osmand_app', 'traccar', 'owntracks', 'overland', 'gpx', 'driver'] as const;
export type DeviceProtocol = (typeof DEVICE_PROTOCOLS)[number];

export const Carrier = Type.Object({ id: Id, name: Type.String(), createdAt: IsoDateTime }, { title: 'Carrier' });
export type Carrier = Static<typeof Carrier>;

export const CarrierCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type CarrierCreate = Static<typeof CarrierCreate>;

export const CarrierList = Type.Object({ carriers: Type.Array(Carrier) });
export type CarrierList = Static<typeof CarrierList>;

export const Device = Type.Object(
  {
    id: Id,
    carrierId: Id,
    name: Type.String(),
    lastSeenAt: Type.Union([IsoDateTime, Type.Null()]),
    protocol: Type.Union([stringEnum(DEVICE_PROTOCOLS, 'How the device last reported.'), Type.Null()]),
    batteryLevel: Type.Union([Type.Number({ description: 'Percent, at the last report that carried it.' }), Type.Null()]),
    batteryCharging: Type.Union([Type.Boolean(), Type.Null()]),
    lastFixAt: Type.Union([IsoDateTime, Type.Null()], { description: 'When a report last carried a position that passed the filters.' }),
    lastHeartbeatAt: Type.Union([IsoDateTime, Type.Null()], { description: 'When a report last carried no position at all (heartbeat, cell or Wi-Fi only).' }),
    revokedAt: Type.Union([IsoDateTime, Type.Null()]),
    createdAt: IsoDateTime,
  },
  { title: 'Device' },
);
export type Device = Static<typeof Device>;

export const DeviceCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type DeviceCreate = Static<typeof DeviceCreate>;

/** Returned once, at creation: the token is stored hashed and cannot be shown again. */
export const DeviceCreated = Type.Composite([Device, Type.Object({ token: Type.String({ description: 'Device token; shown only once.' }) })]);
export type DeviceCreated = Static<typeof DeviceCreated>;

export const RejectedCounts = Type.Partial(
  Type.Object({
    future: Type.Integer(),
    invalid_coordinates: Type.Integer(),
    poor_accuracy: Type.Integer(),
    impossible_speed: Type.Integer(),
    marked_invalid: Type.Integer(),
    encrypted: Type.Integer(),
  }),
  { description: 'Fixes the filters dropped, by reason (see FIX_REJECT_REASONS).' },
);
export type RejectedCounts = Static<typeof RejectedCounts>;

/** The device's most recently dropped fix: with `lastFixAt`, tells a device whose fixes are all dropped. */
export const LastRejected = Type.Object({ reason: stringEnum(FIX_REJECT_REASONS, 'Why the fix was dropped.'), receivedAt: IsoDateTime });
export type LastRejected = Static<typeof LastRejected>;

/** A device as the carrier's device list shows it. */
export const DeviceStatus = Type.Composite(
  [Device, Type.Object({ rejectedFixes: Type.Integer(), rejectedByReason: RejectedCounts, lastRejected: Type.Union([LastRejected, Type.Null()]) })],
  { title: 'DeviceStatus' },
);
export type DeviceStatus = Static<typeof DeviceStatus>;

export const DeviceList = Type.Object({ devices: Type.Array(DeviceStatus) });
export type DeviceList = Static<typeof DeviceList>;

/** The devices a load can be given: its carrier's, not revoked. */
export const AssignableDeviceList = Type.Object({ devices: Type.Array(Device) });
export type AssignableDeviceList = Static<typeof AssignableDeviceList>;

export const RejectedFix = Type.Object({
  ts: IsoDateTime,
  lat: Type.Union([Type.Number(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  accuracy: Type.Union([Type.Number(), Type.Null()]),
  reason: stringEnum(FIX_REJECT_REASONS, 'Why the fix was dropped.'),
  receivedAt: IsoDateTime,
});
export type RejectedFix = Static<typeof RejectedFix>;

export const RejectedFixList = Type.Object({ rejected: Type.Array(RejectedFix) });
export type RejectedFixList = Static<typeof RejectedFixList>;
