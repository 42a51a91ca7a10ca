import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime } from './common';

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

export const DeviceList = Type.Object({ devices: Type.Array(Device) });
export type DeviceList = Static<typeof DeviceList>;
