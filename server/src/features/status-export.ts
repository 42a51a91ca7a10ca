import { edi214Code, IdParams, STATUS_EXPORT_COLUMNS, StatusExport, StatusExportQuery, toCsv } from '@dockwatch/shared';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, staffSecurity } from './schemas';

/** Most events one export returns; page with `from`. */
const MAX_EXPORT_ROWS = 10_000;

/** A site's lifecycle events with their X12 EDI 214 status codes, as JSON or CSV, for the partners' systems. */
const statusExport: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sites/:id/status-events',
    {
      config: { access: 'events:export' },
      schema: {
        tags: ['sites'],
        summary: "Export a site's status events with EDI 214 codes",
        description: `Every lifecycle step of the site's shipments between from and to (oldest first, at most ${MAX_EXPORT_ROWS}), with its X12 EDI 214 status code: AF departed pick-up, X6 en route, SD delayed, X1 arrived at delivery, X5 at dock, D1 unloading completed, CD departed after receipt (geofence), CA cancelled. format=csv answers RFC 4180 CSV.`,
        security: staffSecurity,
        params: IdParams,
        querystring: StatusExportQuery,
        response: { 200: Type.Union([StatusExport, Type.String({ description: 'text/csv' })]), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await app.scopedSite(request, 'events:export', request.params.id);
      const { from, to, format } = request.query;
      const range = { from: from ? new Date(from) : null, to: to ? new Date(to) : null };
      const steps = await app.shipmentRepository.eventsForSite(request.params.id, range, MAX_EXPORT_ROWS);
      const departures = (await app.departureRepository.forSite(request.params.id, range, MAX_EXPORT_ROWS)).map((d) => ({
        eventId: null,
        shipmentId: d.shipmentId,
        reference: d.reference,
        supplier: d.supplier,
        carrierId: d.carrierId,
        siteId: request.params.id,
        dock: d.dock,
        type: 'departed' as const,
        ts: d.departedAt.toISOString(),
        source: 'geofence' as const,
        note: null,
      }));
      // Both lists come oldest first; a stable sort keeps each one's order on equal times.
      const events = [...steps, ...departures]
        .sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts))
        .slice(0, MAX_EXPORT_ROWS)
        .map((row) => ({ ...row, ediCode: edi214Code(row.type) }));
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="status-events-${request.params.id}.csv"`)
          .send(toCsv(STATUS_EXPORT_COLUMNS, events));
      }
      return { events };
    },
  );
};

export default statusExport;
