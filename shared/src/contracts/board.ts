import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime } from './common';
import { Shipment } from './shipments';
import { Site } from './sites';

/** A site's live inbound board: every active shipment, sorted by window start. */
export const Board = Type.Object({
  site: Site,
  shipments: Type.Array(Shipment),
  at: IsoDateTime,
  priority: Type.Optional(
    Type.Object(
      { carrierIds: Type.Array(Id), suppliers: Type.Array(Type.String()) },
      { description: "Partners whose loyalty tier earns their loads priority at the dock: the clerks' board marks them." },
    ),
  ),
  oneTapReceipt: Type.Optional(
    Type.Object(
      { carrierIds: Type.Array(Id), suppliers: Type.Array(Type.String()) },
      { description: "Partners whose loyalty tier lets the clerk book their loads as announced with one tap instead of counting every line." },
    ),
  ),
});
export type Board = Static<typeof Board>;
