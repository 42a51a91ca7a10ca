import { Type, type Static } from '@sinclair/typebox';
import { Id, IsoDateTime, stringEnum } from './common';
import { StatusEventSource, StatusEventTypeSchema } from './shipments';

export const StatusExportRow = Type.Object(
  {
    eventId: Type.Union([Id, Type.Null()], { description: 'The status event; null for a departure seen by the geofence.' }),
    shipmentId: Id,
    reference: Type.String({ description: 'PO/ASN of the shipment.' }),
    supplier: Type.String(),
    carrierId: Id,
    siteId: Id,
    dock: Type.Union([Type.String(), Type.Null()]),
    type: Type.Union([StatusEventTypeSchema, Type.Literal('departed', { description: 'The truck left the site after receipt (geofence).' })]),
    ediCode: Type.Union([Type.String({ description: 'X12 EDI 214 shipment status code (AT7-01).' }), Type.Null()]),
    ts: IsoDateTime,
    source: StatusEventSource,
    note: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'StatusExportRow' },
);
export type StatusExportRow = Static<typeof StatusExportRow>;

export const StatusExport = Type.Object({ events: Type.Array(StatusExportRow) });
export type StatusExport = Static<typeof StatusExport>;

export const StatusExportQuery = Type.Object(
  {
    from: Type.Optional(IsoDateTime),
    to: Type.Optional(IsoDateTime),
    format: Type.Optional(stringEnum(['json', 'csv'] as const, 'json (default) or csv.')),
  },
  { additionalProperties: false },
);
export type StatusExportQuery = Static<typeof StatusExportQuery>;

export const STATUS_EXPORT_COLUMNS = ['eventId', 'shipmentId', 'reference', 'supplier', 'carrierId', 'siteId', 'dock', 'type', 'ediCode', 'ts', 'source', 'note'] as const;
