import { Type, type Static } from '@sinclair/typebox';
import { CoverageStatusSchema } from './materials';
import { Id, IsoDateTime } from './common';
import { WindowStatusSchema } from './shipments';

/** Days of demand a supplier sees: the next 4 weeks. */
export const SUPPLIER_DEMAND_DAYS = 28;

export const DemandSharingEntry = Type.Object(
  {
    supplier: Type.String({ minLength: 1, maxLength: 200, description: 'The supplier name, as on the material.' }),
    materialId: Id,
    share: Type.Boolean({ description: 'Share stock, days of cover, status and shortage risk of this material with this supplier.' }),
  },
  { additionalProperties: false },
);
export type DemandSharingEntry = Static<typeof DemandSharingEntry>;

export const DemandSharingList = Type.Object({ siteId: Id, entries: Type.Array(Type.Composite([DemandSharingEntry, Type.Object({ sku: Type.String() })])) });
export type DemandSharingList = Static<typeof DemandSharingList>;

export const DemandSharingUpdate = Type.Object({ entries: Type.Array(DemandSharingEntry, { minItems: 1, maxItems: 1000 }) }, { additionalProperties: false });
export type DemandSharingUpdate = Static<typeof DemandSharingUpdate>;

export const SupplierDemandQuery = Type.Object(
  {
    siteId: Id,
    supplier: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Staff only: preview what this supplier sees.' })),
  },
  { additionalProperties: false },
);
export type SupplierDemandQuery = Static<typeof SupplierDemandQuery>;

export const SupplierDemandExportQuery = Type.Composite([SupplierDemandQuery, Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('delfor')])) })], { additionalProperties: false });
export type SupplierDemandExportQuery = Static<typeof SupplierDemandExportQuery>;

export const DemandDay = Type.Object({
  date: Type.String({ description: 'The day in the site’s time zone (YYYY-MM-DD).' }),
  quantity: Type.Number(),
  previousQuantity: Type.Union([Type.Number(), Type.Null()], { description: 'What the supplier last saw for this day, when it changed since; null otherwise.' }),
});
export type DemandDay = Static<typeof DemandDay>;

export const SharedCover = Type.Object({
  onHand: Type.Union([Type.Number(), Type.Null()]),
  daysOfCover: Type.Union([Type.Number(), Type.Null()], { description: 'Days until the expected line runs out (null: not within 4 weeks, or unknown).' }),
  status: CoverageStatusSchema,
  runOutAt: Type.Union([IsoDateTime, Type.Null()]),
  shortageRisk: Type.Boolean({ description: 'The pessimistic line runs out within the horizon (status critical).' }),
});
export type SharedCover = Static<typeof SharedCover>;

export const SupplierMaterialDemand = Type.Object({
  materialId: Id,
  sku: Type.String(),
  description: Type.String(),
  unit: Type.String(),
  days: Type.Array(DemandDay),
  changed: Type.Boolean({ description: 'Some day moved since the supplier last marked the demand seen.' }),
  shared: Type.Boolean(),
  cover: Type.Union([SharedCover, Type.Null()], { description: 'Only where the plant shares it.' }),
});
export type SupplierMaterialDemand = Static<typeof SupplierMaterialDemand>;

export const SupplierInbound = Type.Object({
  shipmentId: Id,
  reference: Type.String(),
  items: Type.Array(Type.Object({ sku: Type.String(), quantity: Type.Number() })),
  windowStart: IsoDateTime,
  windowEnd: IsoDateTime,
  eta: Type.Union([IsoDateTime, Type.Null()]),
  etaEarliest: Type.Union([IsoDateTime, Type.Null()]),
  etaLatest: Type.Union([IsoDateTime, Type.Null()]),
  windowStatus: WindowStatusSchema,
  status: Type.String(),
});
export type SupplierInbound = Static<typeof SupplierInbound>;

export const SupplierDemand = Type.Object({
  siteId: Id,
  siteName: Type.String(),
  timezone: Type.String(),
  supplier: Type.String(),
  generatedAt: IsoDateTime,
  dates: Type.Array(Type.String()),
  materials: Type.Array(SupplierMaterialDemand),
  shipments: Type.Array(SupplierInbound),
});
export type SupplierDemand = Static<typeof SupplierDemand>;
