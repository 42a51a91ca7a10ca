import { Type, type Static } from '@sinclair/typebox';
import { ALERT_KINDS, ALERT_STATES } from '../domain/alerts';
import { Id, IsoDateTime, stringEnum } from './common';
import { ShortageDetailsSchema } from './materials';
import { LineItem, WindowStatusSchema } from './shipments';

export const AlertKindSchema = stringEnum(ALERT_KINDS, 'What the alert is about.');
export const AlertStateSchema = stringEnum(ALERT_STATES, 'open → acknowledged → resolved (or open → resolved).');

/** A late-arrival alert (and its friends), as the API, sockets and webhooks carry it. */
export const Alert = Type.Object(
  {
    id: Id,
    shipmentId: Type.Union([Id, Type.Null()], { description: 'The shipment the alert is about; null for a shortage alert (about a material).' }),
    siteId: Id,
    kind: AlertKindSchema,
    state: AlertStateSchema,
    severity: Type.Integer({ description: '1 (early arrival) to 4 (missed window); 5 a material running out (2 when only below safety stock).' }),
    delayMinutes: Type.Union([Type.Integer(), Type.Null()], { description: 'Expected minutes past the window end (negative: early).' }),
    leadMinutes: Type.Union([Type.Integer(), Type.Null()], { description: 'Minutes before the window end when last raised or escalated.' }),
    raisedAt: IsoDateTime,
    updatedAt: IsoDateTime,
    notifiedAt: IsoDateTime,
    acknowledgedAt: Type.Union([IsoDateTime, Type.Null()]),
    acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
    ackNote: Type.Union([Type.String(), Type.Null()]),
    resolvedAt: Type.Union([IsoDateTime, Type.Null()]),
    reference: Type.Union([Type.String(), Type.Null()], { description: "The shipment's reference (null for a shortage alert)." }),
    supplier: Type.Union([Type.String(), Type.Null()]),
    dock: Type.Union([Type.String(), Type.Null()]),
    windowStart: Type.Union([IsoDateTime, Type.Null()]),
    windowEnd: Type.Union([IsoDateTime, Type.Null()]),
    items: Type.Array(LineItem, { description: 'The parts affected.' }),
    eta: Type.Union([IsoDateTime, Type.Null()], { description: "The shipment's ETA when the alert last changed." }),
    etaEarliest: Type.Union([IsoDateTime, Type.Null()], { description: 'Early edge of its ETA band.' }),
    etaLatest: Type.Union([IsoDateTime, Type.Null()], { description: 'Late edge of its ETA band.' }),
    etaOverdue: Type.Boolean({ description: 'The truck was overdue then: past the arrival its last position predicted, its ETA held at now.' }),
    material: Type.Union([ShortageDetailsSchema, Type.Null()], { description: 'A shortage alert: the material, when it runs out, and the delivery that would bring it back.' }),
  },
  { title: 'Alert' },
);
export type Alert = Static<typeof Alert>;

export const AlertListQuery = Type.Object(
  {
    siteId: Type.Optional(Id),
    shipmentId: Type.Optional(Id),
    kind: Type.Optional(AlertKindSchema),
    state: Type.Optional(AlertStateSchema),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Only alerts updated at or after this time.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export type AlertListQuery = Static<typeof AlertListQuery>;

export const AlertList = Type.Object({ alerts: Type.Array(Alert) });
export type AlertList = Static<typeof AlertList>;

export const AlertAck = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type AlertAck = Static<typeof AlertAck>;

export const AlertSettingsSchema = Type.Object(
  {
    atRiskFraction: Type.Number({ minimum: 0, maximum: 1 }),
    staleAfterMinutes: Type.Number({ minimum: 1, maximum: 24 * 60 }),
    earlyArrivalToleranceMinutes: Type.Number({ minimum: 0, maximum: 24 * 60 }),
    escalationStepMinutes: Type.Number({ minimum: 1, maximum: 24 * 60 }),
    raiseAfterMinutes: Type.Number({ minimum: 0, maximum: 120 }),
    resolveAfterMinutes: Type.Number({ minimum: 0, maximum: 240 }),
  },
  { title: 'AlertSettings' },
);
export const AlertSettingsPatch = Type.Partial(AlertSettingsSchema, { additionalProperties: false, minProperties: 1 });
export type AlertSettingsPatch = Static<typeof AlertSettingsPatch>;

/** One change in a shipment's alert or ETA history. */
export const AlertChange = Type.Object({
  alertId: Id,
  at: IsoDateTime,
  change: stringEnum(['raised', 'updated', 'notified', 'acknowledged', 'resolved'] as const, 'What happened to the alert.'),
  kind: AlertKindSchema,
  state: AlertStateSchema,
  delayMinutes: Type.Union([Type.Integer(), Type.Null()]),
  leadMinutes: Type.Union([Type.Integer(), Type.Null()]),
});
export type AlertChange = Static<typeof AlertChange>;

export const EtaChange = Type.Object({ at: IsoDateTime, eta: Type.Union([IsoDateTime, Type.Null()]), windowStatus: WindowStatusSchema });
export type EtaChange = Static<typeof EtaChange>;

export const ShipmentHistory = Type.Object({ shipmentId: Id, eta: Type.Array(EtaChange), alerts: Type.Array(AlertChange) });
export type ShipmentHistory = Static<typeof ShipmentHistory>;

/** `partner.tier_changed` carries a TierChange; `notice.created` a DisruptionNotice from a partner; the others an Alert. */
export const WEBHOOK_EVENTS = ['alert.raised', 'alert.updated', 'alert.resolved', 'partner.tier_changed', 'notice.created'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const WebhookCreate = Type.Object(
  {
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }),
    events: Type.Array(stringEnum(WEBHOOK_EVENTS, 'Event type.'), { minItems: 1, uniqueItems: true }),
    secret: Type.String({ minLength: 16, maxLength: 200, description: 'Signs each delivery (HMAC-SHA256); never shown again.' }),
  },
  { additionalProperties: false },
);
export type WebhookCreate = Static<typeof WebhookCreate>;

export const Webhook = Type.Object(
  { id: Id, siteId: Id, url: Type.String(), events: Type.Array(Type.String()), createdAt: IsoDateTime, disabledAt: Type.Union([IsoDateTime, Type.Null()]) },
  { title: 'Webhook' },
);
export type Webhook = Static<typeof Webhook>;

export const WebhookList = Type.Object({ webhooks: Type.Array(Webhook) });

export const WebhookAttempt = Type.Object({
  at: IsoDateTime,
  status: Type.Union([Type.Integer(), Type.Null()], { description: 'HTTP status, or null when no answer came.' }),
  error: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Integer(),
});
export type WebhookAttempt = Static<typeof WebhookAttempt>;

export const WebhookDelivery = Type.Object(
  {
    id: Id,
    webhookId: Id,
    type: Type.String(),
    state: stringEnum(['pending', 'delivered', 'failed'] as const, 'pending deliveries are retried with exponential backoff.'),
    attempts: Type.Array(WebhookAttempt),
    nextAttemptAt: Type.Union([IsoDateTime, Type.Null()]),
    createdAt: IsoDateTime,
    deliveredAt: Type.Union([IsoDateTime, Type.Null()]),
    body: Type.Unknown({ description: 'The JSON posted: {id, type, createdAt, data}.' }),
  },
  { title: 'WebhookDelivery' },
);
export type WebhookDelivery = Static<typeof WebhookDelivery>;

export const WebhookDeliveryList = Type.Object({ deliveries: Type.Array(WebhookDelivery) });
