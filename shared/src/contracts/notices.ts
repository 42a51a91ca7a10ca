import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime, stringEnum } from './common';

/**
 * A disruption notice between the plant and a partner (after Catena-X CX-0146 demand and
 * capacity notifications): why (root cause), what it does (effect), from when to when, which
 * materials and sites it touches, and a text. The other side acknowledges and replies; the
 * poster closes it.
 */
export const NOTICE_CAUSES = ['strike', 'weather', 'production_breakdown', 'logistics', 'quality', 'other'] as const;
export type NoticeCause = (typeof NOTICE_CAUSES)[number];
export const NOTICE_EFFECTS = ['demand_up', 'demand_down', 'capacity_down'] as const;
export type NoticeEffect = (typeof NOTICE_EFFECTS)[number];
export const NOTICE_STATES = ['open', 'closed'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];
/** Which side a notice, ack or reply comes from. */
export const NOTICE_SIDES = ['plant', 'carrier', 'supplier'] as const;
export type NoticeSide = (typeof NOTICE_SIDES)[number];

export const MAX_NOTICE_TEXT = 2_000;
export const MAX_NOTICE_SKUS = 50;
export const MAX_NOTICE_SITES = 20;

/** The partner a notice is between the plant and: a supplier by name (as on shipments), a carrier by id. */
export const NoticePartner = Type.Union([
  Type.Object({ type: Type.Literal('supplier'), name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('carrier'), id: Id }, { additionalProperties: false }),
]);
export type NoticePartner = Static<typeof NoticePartner>;

export const NoticeCreate = Type.Object(
  {
    cause: stringEnum(NOTICE_CAUSES, 'Root cause.'),
    effect: stringEnum(NOTICE_EFFECTS, 'What it does to demand or capacity.'),
    startsAt: IsoDateTime,
    endsAt: Type.Optional(Type.Union([IsoDateTime, Type.Null()], { description: 'Open-ended when absent; not before `startsAt`.' })),
    siteIds: Type.Array(Id, { minItems: 1, maxItems: MAX_NOTICE_SITES, uniqueItems: true, description: 'The sites it affects.' }),
    skus: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: MAX_NOTICE_SKUS, uniqueItems: true, description: 'The materials it affects (none: all).' })),
    text: Type.String({ minLength: 1, maxLength: MAX_NOTICE_TEXT }),
    partner: Type.Optional(NoticePartner),
  },
  { additionalProperties: false, description: 'Plant staff name the `partner` it is addressed to; a partner posts for itself and leaves it out.' },
);
export type NoticeCreate = Static<typeof NoticeCreate>;

export const NoticeReplyCreate = Type.Object({ text: Type.String({ minLength: 1, maxLength: MAX_NOTICE_TEXT }) }, { additionalProperties: false });
export type NoticeReplyCreate = Static<typeof NoticeReplyCreate>;

const NoticeAuthor = Type.Object({ side: stringEnum(NOTICE_SIDES, 'Which side.'), name: Type.String() });

export const NoticeAck = Type.Object({ by: NoticeAuthor, at: IsoDateTime });
export type NoticeAck = Static<typeof NoticeAck>;
export const NoticeReply = Type.Object({ id: Id, by: NoticeAuthor, text: Type.String(), at: IsoDateTime });
export type NoticeReply = Static<typeof NoticeReply>;

export const DisruptionNotice = Type.Object({
  id: Id,
  cause: stringEnum(NOTICE_CAUSES, 'Root cause.'),
  effect: stringEnum(NOTICE_EFFECTS, 'Effect.'),
  startsAt: IsoDateTime,
  endsAt: Type.Union([IsoDateTime, Type.Null()]),
  siteIds: Type.Array(Id),
  skus: Type.Array(Type.String()),
  text: Type.String(),
  partner: NoticePartner,
  /** Carrier notices name the carrier too, for the other side to read. */
  partnerName: Type.String(),
  author: NoticeAuthor,
  state: stringEnum(NOTICE_STATES, 'open until the poster closes it.'),
  acks: Type.Array(NoticeAck, { description: 'One per person of the other side who acknowledged it.' }),
  replies: Type.Array(NoticeReply, { description: 'Oldest first.' }),
  createdAt: IsoDateTime,
  closedAt: Type.Union([IsoDateTime, Type.Null()]),
  version: Type.Integer({ description: 'Grows with every ack, reply and the close.' }),
});
export type DisruptionNotice = Static<typeof DisruptionNotice>;

export const NoticeQuery = Type.Object(
  {
    siteId: Type.Optional(Id),
    state: Type.Optional(stringEnum(NOTICE_STATES, 'Only open or only closed notices.')),
    sku: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type NoticeQuery = Static<typeof NoticeQuery>;

export const NoticeList = Type.Object({ notices: Type.Array(DisruptionNotice, { description: 'Newest first (at most 500).' }) });
export type NoticeList = Static<typeof NoticeList>;

/** The code and message of what is wrong with a notice's times, or null. */
export function noticeTimeProblem(n: { startsAt: string; endsAt?: string | null }): { code: string; message: string } | null {
  if (n.endsAt != null && Date.parse(n.endsAt) < Date.parse(n.startsAt)) return { code: 'end_before_start', message: 'endsAt must not be before startsAt' };
  return null;
}

/** True when the notice's span overlaps [from, to] (ms) and it touches the material (no skus: every material). */
export function noticeTouches(n: Pick<DisruptionNotice, 'startsAt' | 'endsAt' | 'skus' | 'state'>, sku: string, from: number, to: number): boolean {
  if (n.state !== 'open') return false;
  if (n.skus.length > 0 && !n.skus.includes(sku)) return false;
  const start = Date.parse(n.startsAt);
  const end = n.endsAt === null ? Number.POSITIVE_INFINITY : Date.parse(n.endsAt);
  return start <= to && end >= from;
}
