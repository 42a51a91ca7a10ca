import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime } from './common';
import { Shipment } from './shipments';
import { Site } from './sites';

/** A site's live inbound board: every active shipment, sorted by window start. */
export const Board = Type.Object({ site: Site, shipments: Type.Array(Shipment), at: IsoDateTime });
export type Board = Static<typeof Board>;
