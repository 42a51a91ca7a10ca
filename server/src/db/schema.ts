import type { NoticeAck, NoticeCause, NoticeEffect, NoticeReply, NoticeSide, NoticeState, AlertKind, AlertSettings, AlertSlot, AlertState, AlertWatch, AuthorSide, CoverageStatus, DelayReason, EtaEstimator, ShortageDetails, FixRejectReason, LineItem, MessageKind, ShipmentStatus, StatusEventType, WindowStatus } from '@dockwatch/shared';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, tstz } from './columns';

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
    /** How the device last reported (`api`, `osmand`, `traccar`, `owntracks`, `overland`, `gpx`). */
    protocol: text('protocol'),
    /** Battery in percent at the last report that carried one. */
    batteryLevel: doublePrecision('battery_level'),
    batteryCharging: boolean('battery_charging'),
    /** The last report that carried a position the filters let through. */
    lastFixAt: tstz('last_fix_at'),
    /** The last report that carried no position at all (a heartbeat, or cell / Wi-Fi only). */
    lastHeartbeatAt: tstz('last_heartbeat_at'),
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
    /** What the truck's fixes have shown about its progress (the ETA estimator's state). */
    etaEstimator: jsonb('eta_estimator').$type<EtaEstimator>(),
    eta: tstz('eta'),
    etaEarliest: tstz('eta_earliest'),
    etaLatest: tstz('eta_latest'),
    etaOverdue: boolean('eta_overdue').notNull().default(false),
    windowStatus: text('window_status').$type<WindowStatus>().notNull(),
    arrivedAt: tstz('arrived_at'),
    /** Inside the geofence since, not yet confirmed as arrived (arrival hysteresis). */
    approachSince: tstz('approach_since'),
    approachFixes: integer('approach_fixes'),
    /** After receipt: outside the exit radius since, not yet confirmed as departed. */
    departureSince: tstz('departure_since'),
    departureFixes: integer('departure_fixes'),
    /** When the truck left the site after receipt (EDI 214 CD). */
    departedAt: tstz('departed_at'),
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
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    ts: tstz('ts').notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    speed: doublePrecision('speed'),
    heading: doublePrecision('heading'),
    accuracy: doublePrecision('accuracy'),
    /** What else the device sent (altitude, odometer, unknown keys), as sent. */
    attributes: jsonb('attributes').$type<Record<string, unknown>>(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  // Partitioned by ts (see migrations/0013_ingest_partitioned_history.sql): every key holds it. The unique index doubles as the
  // dedupe key (same device + ts is stored once) and the track index.
  (t) => [primaryKey({ name: 'pings_pkey', columns: [t.id, t.ts] }), uniqueIndex('pings_device_ts_key').on(t.deviceId, t.ts)],
);

/** One-link onboarding: an expiring, revocable token for a driver's phone, bound to a device and optionally one shipment. */
export const trackingLinks = pgTable(
  'tracking_links',
  {
    id: uuid('id').primaryKey(),
    /** SHA-256 of the link token, like device tokens. */
    tokenHash: text('token_hash').notNull(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    shipmentId: uuid('shipment_id').references(() => shipments.id),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tracking_links_token_hash_key').on(t.tokenHash), index('tracking_links_shipment_idx').on(t.shipmentId)],
);

/** Fixes the filters dropped, kept with the reason for debugging a carrier's device; they never move a shipment. */
export const rejectedPings = pgTable(
  'rejected_pings',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    ts: tstz('ts').notNull(),
    /** Null when the device sent something that is not a coordinate. */
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    accuracy: doublePrecision('accuracy'),
    reason: text('reason').$type<FixRejectReason>().notNull(),
    receivedAt: tstz('received_at').notNull(),
  },
  // Partitioned by received_at.
  (t) => [primaryKey({ name: 'rejected_pings_pkey', columns: [t.id, t.receivedAt] }), index('rejected_pings_device_idx').on(t.deviceId, t.receivedAt)],
);

/**
 * A receipt: a shipment booked in at the dock with what was counted, undoable for a few minutes
 * (then `undone_at` is set and the shipment is back in the status it came from). The counted
 * lines are in `receipt_items`, beside the quantities the notice announced.
 */
export const receipts = pgTable(
  'receipts',
  {
    id: uuid('id').primaryKey(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id),
    /** The `received` status event this receipt belongs to. */
    eventId: uuid('event_id')
      .notNull()
      .references(() => statusEvents.id),
    /** The status before receipt, which an undo restores. */
    previousStatus: text('previous_status').$type<ShipmentStatus>().notNull(),
    receivedAt: tstz('received_at').notNull(),
    receivedBy: text('received_by').notNull(),
    undoneAt: tstz('undone_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('receipts_shipment_idx').on(t.shipmentId, t.receivedAt),
    // At most one standing receipt per shipment.
    uniqueIndex('receipts_standing_key').on(t.shipmentId).where(sql`undone_at is null`),
  ],
);

export const receiptItems = pgTable(
  'receipt_items',
  {
    receiptId: uuid('receipt_id')
      .notNull()
      .references(() => receipts.id),
    sku: text('sku').notNull(),
    /** The quantity on the notice (the shipment's line item); null for a line the notice did not have. */
    expectedQuantity: doublePrecision('expected_quantity'),
    quantity: doublePrecision('quantity').notNull(),
  },
  (t) => [uniqueIndex('receipt_items_receipt_sku_key').on(t.receiptId, t.sku)],
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

/** Per-site overrides of the alert thresholds (missing keys use the defaults). */
export const siteAlertSettings = pgTable('site_alert_settings', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id),
  settings: jsonb('settings').$type<Partial<AlertSettings>>().notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/**
 * What a site's completed arrivals taught the ETA (road factor, pace against the typical
 * speeds), updated as loads arrive; a site without a row uses the configured defaults.
 */
export const siteArrivalProfiles = pgTable(
  'site_arrival_profiles',
  {
  siteId: uuid('site_id')
    .notNull()
    .references(() => sites.id),
  /** '' for the whole site, `origin:<cell>` for trips from one origin area, `carrier:<id>:<cell>` for one carrier's lane from it. */
  lane: text('lane').notNull().default(''),
  roadFactor: doublePrecision('road_factor').notNull(),
  pace: doublePrecision('pace').notNull(),
  samples: integer('samples').notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.lane] })],
);

/** Per shipment: since when a predicted alert condition holds, or an open one has been clear (alert persistence). */
export const alertWatches = pgTable('alert_watches', {
  shipmentId: uuid('shipment_id')
    .primaryKey()
    .references(() => shipments.id),
  watch: jsonb('watch').$type<AlertWatch>().notNull(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    /** The shipment the alert is about; null for a shortage alert, which is about a material. */
    shipmentId: uuid('shipment_id').references(() => shipments.id),
    materialId: uuid('material_id').references(() => materials.id),
    /** A shortage alert's material facts as of its last change (ShortageDetails). */
    details: jsonb('details').$type<ShortageDetails>(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind').$type<AlertKind>().notNull(),
    slot: text('slot').$type<AlertSlot>().notNull(),
    state: text('state').$type<AlertState>().notNull(),
    delayMinutes: integer('delay_minutes'),
    leadMinutes: integer('lead_minutes'),
    /** Delay at the last notification: escalation is measured from here. */
    notifiedDelayMinutes: integer('notified_delay_minutes'),
    raisedAt: tstz('raised_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    notifiedAt: tstz('notified_at').notNull(),
    acknowledgedAt: tstz('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    ackNote: text('ack_note'),
    resolvedAt: tstz('resolved_at'),
  },
  (t) => [
    // At most one open (or acknowledged) alert per shipment and slot, whoever raises it.
    uniqueIndex('alerts_one_open_per_slot').on(t.shipmentId, t.slot).where(sql`state <> 'resolved'`),
    uniqueIndex('alerts_one_open_per_material').on(t.materialId, t.slot).where(sql`state <> 'resolved' and material_id is not null`),
    index('alerts_site_idx').on(t.siteId, t.updatedAt),
    index('alerts_shipment_idx').on(t.shipmentId, t.raisedAt),
  ],
);

/** Every change of every alert: the planner's history per shipment. */
export const alertChanges = pgTable(
  'alert_changes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    shipmentId: uuid('shipment_id').references(() => shipments.id),
    at: tstz('at').notNull(),
    change: text('change').$type<'raised' | 'updated' | 'notified' | 'acknowledged' | 'resolved'>().notNull(),
    kind: text('kind').$type<AlertKind>().notNull(),
    state: text('state').$type<AlertState>().notNull(),
    delayMinutes: integer('delay_minutes'),
    leadMinutes: integer('lead_minutes'),
  },
  (t) => [index('alert_changes_shipment_idx').on(t.shipmentId, t.at)],
);

/** A shipment's ETA over time, written when it moves by a minute or more or the window status changes. */
export const etaHistory = pgTable(
  'eta_history',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id),
    at: tstz('at').notNull(),
    eta: tstz('eta'),
    windowStatus: text('window_status').$type<WindowStatus>().notNull(),
  },
  // Partitioned by at.
  (t) => [primaryKey({ name: 'eta_history_pkey', columns: [t.id, t.at] }), index('eta_history_shipment_idx').on(t.shipmentId, t.at)],
);

export const webhooks = pgTable(
  'webhooks',
  {
    id: uuid('id').primaryKey(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    url: text('url').notNull(),
    events: jsonb('events').$type<string[]>().notNull(),
    /** Kept as given: it signs every delivery, so it cannot be hashed. */
    secret: text('secret').notNull(),
    createdAt: createdAt(),
    disabledAt: tstz('disabled_at'),
  },
  (t) => [index('webhooks_site_idx').on(t.siteId)],
);

/** The outbox: written in the same transaction as the alert change it announces. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    webhookId: uuid('webhook_id')
      .notNull()
      .references(() => webhooks.id),
    type: text('type').notNull(),
    /** The exact JSON object posted: {id, type, createdAt, data}. */
    body: jsonb('body').notNull(),
    state: text('state').$type<'pending' | 'delivered' | 'failed'>().notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at'),
    /** A worker holds the delivery until then; another worker may take it after. */
    lockedUntil: tstz('locked_until'),
    createdAt: createdAt(),
    deliveredAt: tstz('delivered_at'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`state = 'pending'`),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt),
  ],
);

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id),
    at: tstz('at').notNull(),
    status: integer('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  // Partitioned by at.
  (t) => [primaryKey({ name: 'webhook_attempts_pkey', columns: [t.id, t.at] }), index('webhook_attempts_delivery_idx').on(t.deliveryId, t.at)],
);

/**
 * Who runs the tracking sweep's current round and until when (database time): the round spans
 * many short page transactions, and one instance at a time runs it.
 */
export const sweepLeases = pgTable('sweep_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  until: tstz('until').notNull(),
});

export * from './access-schema';
export * from './scorecard-schema';
export * from './demand-sharing-schema';

/** A part number at a site (the `sku` of line items), with its safety stock and last stock count. */
export const materials = pgTable(
  'materials',
  {
    id: uuid('id').primaryKey(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    sku: text('sku').notNull(),
    description: text('description').notNull().default(''),
    unit: text('unit').notNull().default('pcs'),
    safetyStockQuantity: doublePrecision('safety_stock_quantity'),
    safetyStockHours: doublePrecision('safety_stock_hours'),
    suppliers: jsonb('suppliers').$type<string[]>().notNull().default([]),
    line: text('line'),
    /** Last stock count (null: never counted): receipts after it add, demand since it consumes. */
    stockQuantity: doublePrecision('stock_quantity'),
    stockCountedAt: tstz('stock_counted_at'),
    /** What the shortage alert's persistence remembers (AlertWatch, slot `shortage`). */
    alertWatch: jsonb('alert_watch').$type<AlertWatch>(),
    /** Cover as of the last evaluation (PartCover): what the board shows beside the part. Null: not evaluated yet. */
    coverStatus: text('cover_status').$type<CoverageStatus>(),
    runOutAt: tstz('run_out_at'),
    pessimisticRunOutAt: tstz('pessimistic_run_out_at'),
    belowSafetyAt: tstz('below_safety_at'),
    lateCausesRunOut: jsonb('late_causes_run_out').$type<string[]>().notNull().default([]),
    coverEvaluatedAt: tstz('cover_evaluated_at'),
    /** When the clock alone may change its status or alert next; the sweep evaluates what is due. Null: due now. */
    nextCheckAt: tstz('next_check_at'),
    /** Rises with every demand plan written: an instance's cached plan is current while it matches. */
    demandRevision: integer('demand_revision').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('materials_site_sku').on(t.siteId, t.sku), index('materials_next_check').on(t.nextCheckAt)],
);

/** A material's consumption plan: `quantity` used evenly between `from` and `to`. */
export const materialDemand = pgTable(
  'material_demand',
  {
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id),
    from: tstz('from_ts').notNull(),
    to: tstz('to_ts').notNull(),
    quantity: doublePrecision('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.materialId, t.from] })],
);

/** A shipment's conversation: plant staff, its carrier (dispatcher and driver) and its supplier. */
export const shipmentMessages = pgTable(
  'shipment_messages',
  {
    id: uuid('id').primaryKey(),
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind').$type<MessageKind>().notNull(),
    text: text('text').notNull().default(''),
    delayMinutes: integer('delay_minutes'),
    reason: text('reason').$type<DelayReason>(),
    sku: text('sku'),
    quantity: doublePrecision('quantity'),
    expectedQuantity: doublePrecision('expected_quantity'),
    authorSide: text('author_side').$type<AuthorSide>().notNull(),
    authorName: text('author_name').notNull(),
    /** Who wrote it as the audit log names them (`user:…`, `device:…`): their own messages are never unread to them. */
    authorActor: text('author_actor').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('shipment_messages_by_shipment').on(t.shipmentId, t.createdAt)],
);

/** Up to when each reader has read a shipment's conversation. */
export const messageReads = pgTable(
  'message_reads',
  {
    shipmentId: uuid('shipment_id')
      .notNull()
      .references(() => shipments.id),
    reader: text('reader').notNull(),
    readAt: tstz('read_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shipmentId, t.reader] })],
);

/** What a site lets its suppliers announce themselves (a site without a row takes no supplier's notice). */
export const asnRules = pgTable('asn_rules', {
  siteId: uuid('site_id')
    .primaryKey()
    .references(() => sites.id),
  /** Supplier names, as on shipments. */
  suppliers: jsonb('suppliers').$type<string[]>().notNull().default([]),
  docks: jsonb('docks').$type<string[]>().notNull().default([]),
  minLeadMinutes: integer('min_lead_minutes').notNull(),
  maxDaysAhead: integer('max_days_ahead').notNull(),
  updatedAt: tstz('updated_at').notNull(),
});

/** Disruption notices between the plant and one partner; acks and replies live on the row (a handful each). */
export const disruptionNotices = pgTable(
  'disruption_notices',
  {
    id: uuid('id').primaryKey(),
    cause: text('cause').$type<NoticeCause>().notNull(),
    effect: text('effect').$type<NoticeEffect>().notNull(),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at'),
    siteIds: jsonb('site_ids').$type<string[]>().notNull(),
    skus: jsonb('skus').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    text: text('text').notNull(),
    /** The partner it is between: `supplier` (by name) or `carrier` (by id). */
    partnerType: text('partner_type').$type<'supplier' | 'carrier'>().notNull(),
    partnerId: text('partner_id').notNull(),
    partnerName: text('partner_name').notNull(),
    authorSide: text('author_side').$type<NoticeSide>().notNull(),
    authorName: text('author_name').notNull(),
    authorActor: text('author_actor').notNull(),
    state: text('state').$type<NoticeState>().notNull().default('open'),
    acks: jsonb('acks').$type<(NoticeAck & { actor: string })[]>().notNull().default(sql`'[]'::jsonb`),
    replies: jsonb('replies').$type<NoticeReply[]>().notNull().default(sql`'[]'::jsonb`),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    closedAt: tstz('closed_at'),
  },
  (t) => [index('disruption_notices_by_partner').on(t.partnerType, t.partnerId, t.createdAt), index('disruption_notices_by_created').on(t.createdAt)],
);
