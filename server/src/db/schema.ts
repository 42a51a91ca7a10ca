import type { LineItem, ShipmentStatus, StatusEventType, WindowStatus } from '@dockwatch/shared';
import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const sites = pgTable('sites', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
  timezone: text('timezone').notNull(),
  geofenceRadiusM: doublePrecision('geofence_radius_m').notNull(),
  roadFactor: doublePrecision('road_factor').notNull(),
  docks: jsonb('docks').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  createdAt: createdAt(),
});

export const carriers = pgTable('carriers', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey(),
    carrierId: uuid('carrier_id')
      .notNull()
      .references(() => carriers.id),
    name: text('name').notNull(),
    /** SHA-256 of the token: tokens are 256-bit random, so a fast hash is enough to look them up. */
    tokenHash: text('token_hash').notNull(),
    lastSeenAt: tstz('last_seen_at'),
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('devices_token_hash_key').on(t.tokenHash), index('devices_carrier_idx').on(t.carrierId)],
);

export const shipments = pgTable(
  'shipments',
  {
    id: uuid('id').primaryKey(),
    reference: text('reference').notNull(),
    supplier: text('supplier').notNull(),
    carrierId: uuid('carrier_id')
      .notNull()
      .references(() => carriers.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    dock: text('dock'),
    windowStart: tstz('window_start').notNull(),
    windowEnd: tstz('window_end').notNull(),
    deviceId: uuid('device_id').references(() => devices.id),
    items: jsonb('items').$type<LineItem[]>().notNull().default(sql`'[]'::jsonb`),
    status: text('status').$type<ShipmentStatus>().notNull(),
    positionLat: doublePrecision('position_lat'),
    positionLon: doublePrecision('position_lon'),
    positionTs: tstz('position_ts'),
    positionSpeed: doublePrecision('position_speed'),
    positionHeading: doublePrecision('position_heading'),
    speedEstimateMps: doublePrecision('speed_estimate_mps'),
    eta: tstz('eta'),
    windowStatus: text('window_status').$type<WindowStatus>().notNull(),
    arrivedAt: tstz('arrived_at'),
    version: integer('version').notNull(),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('shipments_site_reference_key').on(t.siteId, t.reference),
    // The board: active shipments of a site by window start.
    index('shipments_board_idx')
      .on(t.siteId, t.windowStart)
      .where(sql`status not in ('received', 'cancelled')`),
    // Ingest: the active shipments a device carries.
    index('shipments_active_device_idx')
      .on(t.deviceId)
      .where(sql`status not in ('received', 'cancelled')`),
    index('shipments_carrier_idx').on(t.carrierId),
  ],
);

/** Which device carried a shipment when: a shipment's track is its devices' pings in these spans. */
export const shipmentAssignments = pgTable(
  'shipment_assignments',
  {
    id: uuid('id').primaryKey(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    assignedAt: tstz('assigned_at').notNull(),
    unassignedAt: tstz('unassigned_at'),
  },
  (t) => [index('shipment_assignments_shipment_idx').on(t.shipmentId, t.assignedAt)],
);

/** Every fix ever received. Grows large: one narrow row per fix, keyed for dedupe and tracks. */
export const pings = pgTable(
  'pings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    ts: tstz('ts').notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    speed: doublePrecision('speed'),
    heading: doublePrecision('heading'),
    accuracy: doublePrecision('accuracy'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  // Doubles as the dedupe key (same device + ts is stored once) and the track index.
  (t) => [uniqueIndex('pings_device_ts_key').on(t.deviceId, t.ts)],
);

export const statusEvents = pgTable(
  'status_events',
  {
    id: uuid('id').primaryKey(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id),
    type: text('type').$type<StatusEventType>().notNull(),
    ts: tstz('ts').notNull(),
    note: text('note'),
    source: text('source').$type<'device' | 'staff' | 'geofence' | 'system'>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('status_events_shipment_idx').on(t.shipmentId, t.ts)],
);
