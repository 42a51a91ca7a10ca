import { IdParams } from '@dockwatch/shared';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { shipmentResource } from '../access/policy';
import { HttpError, notFound } from '../errors';
import { ProtocolError } from '../protocols/device-report';
import { parseGpx } from '../protocols/gpx';
import { errors, staffSecurity } from './schemas';

const GPX_TYPES = ['application/gpx+xml', 'application/xml', 'text/xml'];
/** GPX files of a day's drive run to a few MB. */
const GPX_BODY_LIMIT = 16 * 1024 * 1024;

const GpxImportResult = Type.Object({
  points: Type.Integer({ description: 'Track points in the file.' }),
  accepted: Type.Integer({ description: 'Points newly stored.' }),
  duplicates: Type.Integer({ description: 'Points the device had already sent.' }),
  rejected: Type.Integer({ description: 'Points the filters dropped (kept as rejected fixes with the reason).' }),
});

/** A track recorded elsewhere (a dashcam, a navigation unit) backfilled into a shipment as its device's pings. */
const gpxImport: FastifyPluginAsyncTypebox = async (app) => {
  app.addContentTypeParser(GPX_TYPES, { parseAs: 'string', bodyLimit: GPX_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/shipments/:id/gpx',
    {
      // The large limit is the GPX parser's own: any other body type keeps the app's limit.
      config: { access: 'shipment:update' },
      schema: {
        tags: ['shipments'],
        summary: 'Import a GPX track into a shipment',
        description:
          "Send the GPX file as the body (Content-Type application/gpx+xml). Its track points become pings of the shipment's device, filtered like live fixes, and show on the shipment's track; points newer than the last position move the shipment like live pings. 409 when the shipment has no device.",
        security: staffSecurity,
        params: IdParams,
        body: Type.String({ description: 'GPX 1.0 or 1.1 document.' }),
        response: { 200: GpxImportResult, ...errors(400, 401, 403, 404, 409, 413, 503) },
      },
    },
    async (request) => {
      const shipment = await app.shipmentRepository.get(request.params.id);
      if (!shipment) throw notFound('Shipment', request.params.id);
      app.authorize(request, 'shipment:update', shipmentResource(shipment), 'Shipment');
      if (shipment.deviceId === null) throw new HttpError(409, 'no_device', 'Assign a device to the shipment first: imported points are stored as its pings');
      let fixes;
      try {
        fixes = parseGpx(request.body);
      } catch (error) {
        if (error instanceof ProtocolError) throw new HttpError(400, 'invalid_gpx', error.message, error.field ? { field: error.field } : undefined);
        throw error;
      }
      const device = (await app.carrierRepository.getDevice(shipment.deviceId))!;
      const first = fixes.reduce((min, f) => Math.min(min, f.ts), Infinity);
      const last = fixes.reduce((max, f) => Math.max(max, f.ts), -Infinity);
      await app.shipmentRepository.addTrackSpan(shipment.id, device.id, new Date(first), new Date(last));
      // The recording belongs to this load: other loads on the truck are outside what the importer asked about (and may be another site's).
      const outcome = await app.tracking.ingest(device, fixes, { filter: app.config.tracking.filter, backfill: true, onlyShipmentId: shipment.id });
      await app.audit(request, { action: 'shipment:gpx-import', resourceType: 'shipment', resourceId: shipment.id, details: { points: fixes.length } });
      return { points: fixes.length, accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected.length };
    },
  );
};

export default gpxImport;
