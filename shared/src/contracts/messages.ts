import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime, stringEnum } from './common';

/**
 * What a message on a shipment says: free text, or a structured update the other side can act
 * on without reading it (and that reads in every language): the load is delayed (by how long,
 * why), the truck is at the gate, the load is short (of what, how many of how many).
 */
export const MESSAGE_KINDS = ['text', 'delay', 'at_gate', 'short_shipment'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const DELAY_REASONS = ['traffic', 'weather', 'breakdown', 'border', 'loading', 'other'] as const;
export type DelayReason = (typeof DELAY_REASONS)[number];
/** Who wrote it, as the others in the conversation see them. */
export const AUTHOR_SIDES = ['plant', 'carrier', 'supplier', 'driver'] as const;
export type AuthorSide = (typeof AUTHOR_SIDES)[number];

export const MAX_MESSAGE_TEXT = 2_000;

export const MessageCreate = Type.Object(
  {
    kind: Type.Optional(stringEnum(MESSAGE_KINDS, 'What the message is; default `text`.')),
    text: Type.Optional(Type.String({ maxLength: MAX_MESSAGE_TEXT, description: 'Required for `text`; a note beside any other kind.' })),
    delayMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 60, description: 'With `delay`: how much later than planned.' })),
    reason: Type.Optional(stringEnum(DELAY_REASONS, 'With `delay`: why.')),
    sku: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'With `short_shipment`: the part that is short.' })),
    quantity: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, description: 'With `short_shipment`: how many come.' })),
    expectedQuantity: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, description: 'With `short_shipment`: how many the notice said.' })),
  },
  { additionalProperties: false },
);
export type MessageCreate = Static<typeof MessageCreate>;

export const ShipmentMessage = Type.Object({
  id: Id,
  shipmentId: Id,
  siteId: Id,
  kind: stringEnum(MESSAGE_KINDS, 'What the message is.'),
  text: Type.String({ description: 'Free text; may be empty for a structured update.' }),
  delayMinutes: Type.Union([Type.Integer(), Type.Null()]),
  reason: Type.Union([stringEnum(DELAY_REASONS, 'Why delayed.'), Type.Null()]),
  sku: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.Union([Type.Number(), Type.Null()]),
  expectedQuantity: Type.Union([Type.Number(), Type.Null()]),
  author: Type.Object({ side: stringEnum(AUTHOR_SIDES, 'Which side wrote it.'), name: Type.String() }),
  createdAt: IsoDateTime,
});
export type ShipmentMessage = Static<typeof ShipmentMessage>;

export const MessageList = Type.Object({
  shipmentId: Id,
  messages: Type.Array(ShipmentMessage, { description: 'Oldest first.' }),
  unread: Type.Integer({ description: 'Messages from others since the caller last read the conversation.' }),
});
export type MessageList = Static<typeof MessageList>;

/** The problem with a message, or null: each kind's fields present, and no others. */
export function messageProblem(m: MessageCreate): string | null {
  const kind = m.kind ?? 'text';
  const text = m.text?.trim() ?? '';
  const extra = (allowed: readonly (keyof MessageCreate)[]) =>
    (['delayMinutes', 'reason', 'sku', 'quantity', 'expectedQuantity'] as const).find((k) => m[k] !== undefined && !allowed.includes(k)) ?? null;
  switch (kind) {
    case 'text': {
      if (text === '') return 'A text message needs text';
      const wrong = extra([]);
      return wrong ? `${wrong} goes with a delay or short_shipment message, not text` : null;
    }
    case 'delay': {
      if (m.delayMinutes === undefined) return 'A delay needs delayMinutes';
      const wrong = extra(['delayMinutes', 'reason']);
      return wrong ? `${wrong} does not go with a delay` : null;
    }
    case 'at_gate': {
      const wrong = extra([]);
      return wrong ? `${wrong} does not go with at_gate` : null;
    }
    case 'short_shipment': {
      if (m.sku === undefined || m.quantity === undefined || m.expectedQuantity === undefined) return 'A short shipment needs sku, quantity and expectedQuantity';
      if (m.quantity >= m.expectedQuantity) return 'A short shipment brings fewer than expected: quantity must be below expectedQuantity';
      const wrong = extra(['sku', 'quantity', 'expectedQuantity']);
      return wrong ? `${wrong} does not go with a short shipment` : null;
    }
  }
}
