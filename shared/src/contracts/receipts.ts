import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime } from './common';

/** One line as counted at the dock. */
export const ReceivedItemInput = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 200 }),
    quantity: Type.Number({ minimum: 0, description: 'Quantity counted at the dock, in the unit of the notice.' }),
  },
  { additionalProperties: false },
);
export type ReceivedItemInput = Static<typeof ReceivedItemInput>;

export const ReceiptItem = Type.Object({
  sku: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  expectedQuantity: Type.Union([Type.Number(), Type.Null()], { description: "The notice's quantity; null for a line the notice did not have." }),
  quantity: Type.Number({ description: 'Received quantity.' }),
});
export type ReceiptItem = Static<typeof ReceiptItem>;

export const Receipt = Type.Object(
  {
    id: Id,
    shipmentId: Id,
    receivedAt: IsoDateTime,
    receivedBy: Type.String(),
    undoneAt: Type.Union([IsoDateTime, Type.Null()], { description: 'When the receipt was undone (the shipment went back to its status before); null while it stands.' }),
    undoUntil: IsoDateTime,
    items: Type.Array(ReceiptItem),
  },
  { title: 'Receipt' },
);
export type Receipt = Static<typeof Receipt>;

export const ReceiptList = Type.Object({ receipts: Type.Array(Receipt, { description: 'Newest first.' }) });
export type ReceiptList = Static<typeof ReceiptList>;
