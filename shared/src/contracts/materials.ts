import { Type, type Static } from '@sinclair/typebox';
import { COVERAGE_STATUSES } from '../domain/coverage';
import { Id, IsoDateTime, stringEnum } from './common';

const Sku = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'Part number: the `sku` of shipment line items.' });
const Quantity = Type.Number({ minimum: 0, maximum: 1e12 });

/** A part number at a site, with what keeps it from running out. */
export const Material = Type.Object(
  {
    id: Id,
    siteId: Id,
    sku: Type.String(),
    description: Type.String(),
    unit: Type.String({ description: 'Unit of every quantity of this material, e.g. `pcs`, `kg`.' }),
    safetyStock: Type.Object(
      {
        quantity: Type.Union([Type.Number(), Type.Null()], { description: 'A fixed safety quantity.' }),
        hours: Type.Union([Type.Number(), Type.Null()], { description: 'Or: enough for this many hours of demand (used when no quantity is set).' }),
      },
      { additionalProperties: false },
    ),
    suppliers: Type.Array(Type.String(), { description: 'Suppliers that deliver it (as named on shipments).' }),
    line: Type.Union([Type.String(), Type.Null()], { description: 'Production line or consumption point.' }),
    stock: Type.Union([Type.Object({ quantity: Type.Number(), countedAt: IsoDateTime }), Type.Null()], { description: 'Last stock count; null: never counted.' }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { title: 'Material' },
);
export type Material = Static<typeof Material>;

const SafetyStockInput = Type.Object(
  { quantity: Type.Optional(Type.Union([Quantity, Type.Null()])), hours: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 24 * 366 }), Type.Null()])) },
  { additionalProperties: false },
);

export const MaterialCreate = Type.Object(
  {
    sku: Sku,
    description: Type.Optional(Type.String({ maxLength: 500 })),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    safetyStock: Type.Optional(SafetyStockInput),
    suppliers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
    line: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type MaterialCreate = Static<typeof MaterialCreate>;

export const MaterialPatch = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 500 })),
    unit: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    safetyStock: Type.Optional(SafetyStockInput),
    suppliers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
    line: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MaterialPatch = Static<typeof MaterialPatch>;

export const MaterialList = Type.Object({ materials: Type.Array(Material) });
export type MaterialList = Static<typeof MaterialList>;

export const StockCountInput = Type.Object({ quantity: Quantity, countedAt: IsoDateTime }, { additionalProperties: false });
export type StockCountInput = Static<typeof StockCountInput>;

/** At most 4 weeks of hourly buckets plus room: 1,000 buckets a call. */
export const MAX_DEMAND_BUCKETS = 1_000;

export const DemandBucketSchema = Type.Object({ from: IsoDateTime, to: IsoDateTime, quantity: Quantity }, { additionalProperties: false });
export const DemandInput = Type.Object(
  { buckets: Type.Array(DemandBucketSchema, { maxItems: MAX_DEMAND_BUCKETS, description: 'The whole consumption plan: replaces the one before.' }) },
  { additionalProperties: false },
);
export type DemandInput = Static<typeof DemandInput>;
export const Demand = Type.Object({ materialId: Id, buckets: Type.Array(DemandBucketSchema) });
export type Demand = Static<typeof Demand>;

export const CoverageStatusSchema = stringEnum(COVERAGE_STATUSES, 'critical: the pessimistic line runs out within the horizon; warning: below safety stock; unknown: never counted.');

export const InboundSchema = Type.Object({
  shipmentId: Id,
  reference: Type.String(),
  supplier: Type.String(),
  quantity: Type.Number(),
  windowEnd: IsoDateTime,
  eta: Type.Union([IsoDateTime, Type.Null()], { description: 'Null for a truck not tracked yet: its window stands in.' }),
  etaEarliest: Type.Union([IsoDateTime, Type.Null()]),
  etaLatest: Type.Union([IsoDateTime, Type.Null()]),
  lateCausesRunOut: Type.Boolean({ description: 'Had it come by its window end, the pessimistic line would hold longer.' }),
});
export type Inbound = Static<typeof InboundSchema>;

export const MaterialCoverage = Type.Object({
  materialId: Id,
  sku: Type.String(),
  description: Type.String(),
  unit: Type.String(),
  line: Type.Union([Type.String(), Type.Null()]),
  suppliers: Type.Array(Type.String()),
  onHand: Type.Union([Type.Number(), Type.Null()]),
  safetyStock: Type.Union([Type.Number(), Type.Null()], { description: 'Safety stock now, in the unit.' }),
  coverHours: Type.Union([Type.Number(), Type.Null()], { description: 'Hours until the expected line runs out; null: not within the projection (4 weeks).' }),
  runOutAt: Type.Union([IsoDateTime, Type.Null()]),
  pessimisticRunOutAt: Type.Union([IsoDateTime, Type.Null()]),
  belowSafetyAt: Type.Union([IsoDateTime, Type.Null()], { description: 'When the pessimistic line goes below safety stock.' }),
  status: CoverageStatusSchema,
  nextInbound: Type.Union([InboundSchema, Type.Null()]),
  inbound: Type.Array(InboundSchema),
});
export type MaterialCoverage = Static<typeof MaterialCoverage>;

export const CoverageList = Type.Object({ siteId: Id, generatedAt: IsoDateTime, horizonHours: Type.Number(), materials: Type.Array(MaterialCoverage) });
export type CoverageList = Static<typeof CoverageList>;

/**
 * A part's cover as of its last evaluation, kept per material and pushed live (`coverage:updated`):
 * what the board and alert cards show beside each part of a load. Run-out times are absolute,
 * so the figure does not go stale as the clock moves; the status is re-evaluated in time.
 */
export const PartCover = Type.Object({
  materialId: Id,
  sku: Type.String(),
  description: Type.String(),
  unit: Type.String(),
  line: Type.Union([Type.String(), Type.Null()]),
  status: CoverageStatusSchema,
  runOutAt: Type.Union([IsoDateTime, Type.Null()], { description: 'When the expected line runs out; null: not within 4 weeks.' }),
  pessimisticRunOutAt: Type.Union([IsoDateTime, Type.Null()]),
  belowSafetyAt: Type.Union([IsoDateTime, Type.Null()]),
  lateCausesRunOut: Type.Array(Id, { description: 'Shipments whose lateness makes this part run out (had they come by their window end, it would hold longer).' }),
  evaluatedAt: IsoDateTime,
});
export type PartCover = Static<typeof PartCover>;
export const PartCoverList = Type.Object({ siteId: Id, parts: Type.Array(PartCover) });
export type PartCoverList = Static<typeof PartCoverList>;

/** A received line whose counted quantity differs from the notice's. */
export const ReceiptDiscrepancy = Type.Object({
  receiptId: Id,
  shipmentId: Id,
  reference: Type.String(),
  supplier: Type.String(),
  receivedAt: IsoDateTime,
  receivedBy: Type.String(),
  sku: Type.String(),
  expectedQuantity: Type.Number({ description: "The notice's quantity." }),
  quantity: Type.Number({ description: 'What the clerk counted.' }),
  difference: Type.Number({ description: 'Counted less notice: negative for a short delivery.' }),
});
export type ReceiptDiscrepancy = Static<typeof ReceiptDiscrepancy>;
export const DiscrepancyQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 7, description: 'How far back, in days.' })) }, { additionalProperties: false });
export type DiscrepancyQuery = Static<typeof DiscrepancyQuery>;
export const DiscrepancyList = Type.Object({ siteId: Id, since: IsoDateTime, discrepancies: Type.Array(ReceiptDiscrepancy) });
export type DiscrepancyList = Static<typeof DiscrepancyList>;

export const CoverageQuery = Type.Object(
  { supplier: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), line: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);
export type CoverageQuery = Static<typeof CoverageQuery>;

const LinePoint = Type.Object({ t: IsoDateTime, quantity: Type.Number() });
export const Projection = Type.Object({
  materialId: Id,
  from: IsoDateTime,
  until: IsoDateTime,
  optimistic: Type.Array(LinePoint),
  expected: Type.Array(LinePoint),
  pessimistic: Type.Array(LinePoint),
  safety: Type.Array(LinePoint, { description: 'Safety stock level at the same moments as the expected line.' }),
  demand: Type.Array(DemandBucketSchema, { description: 'The demand plan between from and until (buckets cut to that span).' }),
  coverage: MaterialCoverage,
});
export type Projection = Static<typeof Projection>;

export const ProjectionQuery = Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 28, default: 48 })) }, { additionalProperties: false });
export type ProjectionQuery = Static<typeof ProjectionQuery>;

export const ImportKindSchema = stringEnum(['materials', 'stock', 'demand', 'delfor'] as const, 'What the file holds; detected from its first line when not given.');
export const ImportQuery = Type.Object({ kind: Type.Optional(ImportKindSchema) }, { additionalProperties: false });
export type ImportQuery = Static<typeof ImportQuery>;
export const ImportSummary = Type.Object({
  kind: ImportKindSchema,
  materials: Type.Integer({ description: 'Materials created or changed (materials), counted (stock) or given a new demand plan (demand, delfor).' }),
  buckets: Type.Integer({ description: 'Demand buckets written.' }),
});
export type ImportSummary = Static<typeof ImportSummary>;

/** What a shortage alert says about its material (see `ShortageDetails`). */
export const ShortageDetailsSchema = Type.Object(
  {
    materialId: Id,
    sku: Type.String(),
    description: Type.String(),
    unit: Type.String(),
    line: Type.Union([Type.String(), Type.Null()]),
    level: stringEnum(['critical', 'warning'] as const, 'critical: the pessimistic line runs out; warning: it goes below safety stock.'),
    onHand: Type.Union([Type.Number(), Type.Null()]),
    runOutAt: Type.Union([IsoDateTime, Type.Null()]),
    pessimisticRunOutAt: Type.Union([IsoDateTime, Type.Null()]),
    belowSafetyAt: Type.Union([IsoDateTime, Type.Null()]),
    nextInbound: Type.Union([InboundSchema, Type.Null()], { description: 'The delivery that would bring the part back.' }),
    gapMinutes: Type.Union([Type.Object({ min: Type.Integer(), max: Type.Integer() }), Type.Null()], { description: 'How long the line would stand without the part, by the ETA band of that delivery.' }),
  },
  { title: 'ShortageDetails' },
);
