import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime, Latitude, Longitude } from './common';

export const Site = Type.Object(
  {
    id: Id,
    name: Type.String(),
    lat: Latitude,
    lon: Longitude,
    timezone: Type.String({ description: 'IANA time zone, e.g. `Europe/Berlin`.' }),
    geofenceRadiusM: Type.Number({ description: 'Arrival geofence radius in metres.' }),
    roadFactor: Type.Number({ description: 'Road distance ÷ great-circle distance used for ETAs.' }),
    docks: Type.Array(Type.String()),
    createdAt: IsoDateTime,
  },
  { title: 'Site' },
);
export type Site = Static<typeof Site>;

export const SiteCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    lat: Latitude,
    lon: Longitude,
    timezone: Type.String({ minLength: 1, maxLength: 64 }),
    geofenceRadiusM: Type.Optional(Type.Number({ minimum: 10, maximum: 50_000, description: 'Default 500.' })),
    roadFactor: Type.Optional(Type.Number({ minimum: 1, maximum: 5, description: 'Default 1.3.' })),
    docks: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 200, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type SiteCreate = Static<typeof SiteCreate>;

export const SiteList = Type.Object({ sites: Type.Array(Site) });
export type SiteList = Static<typeof SiteList>;
