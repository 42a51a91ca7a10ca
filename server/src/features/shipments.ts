import {
  DRIVER_EVENT_TYPES,
  IdParams,
  Shipment,
  ShipmentCreate,
  ShipmentList,
  ShipmentListQuery,
  ShipmentPatch,
  StatusEventCreate,
  StatusEventList,
  ReceiptList,
  StatusEventResult,
  Track,
  TrackQuery,
} from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { listScope, shipmentResource, type Action } from '../access/policy';
import { AccessDenied } from '../access/denied';
import { HttpError, notFound } from '../errors';
import { staffOf } from '../plugins/auth';
import { errors, staffSecurity } from './schemas';

const tags = ['shipments'];

const shipments: FastifyPluginAsyncTypebox = async (app) => {
  /** The shipment if it exists and the caller may see it; one 404 for both otherwise. */
  const scopedShipment = async (request: FastifyRequest, action: Action, id: string) => {
    const shipment = await app.shipmentRepository.get(id);
    if (!shipment) throw notFound('Shipment', id);
    app.authorize(request, action, shipmentResource(shipment), 'Shipment');
    return shipment;
  };

  app.post(
    '/shipments',
    {
      config: { access: 'shipment:create' },
      schema: { tags, summary: 'Create an inbound shipment', security: staffSecurity, body: ShipmentCreate, response: { 201: Shipment, ...errors(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => {
      app.authorize(request, 'shipment:create', { type: 'site', id: request.body.siteId }, 'Site');
      const shipment = await app.tracking.createShipment(request.body);
      await app.audit(request, { action: 'shipment:create', resourceType: 'shipment', resourceId: shipment.id, details: { reference: shipment.reference } });
      return reply.code(201).header('location', `/api/v1/shipments/${shipment.id}`).send(shipment);
    },
  );

  app.get(
    '/shipments',
    {
      config: { access: 'shipment:list' },
      schema: {
        tags,
        summary: 'List shipments',
        description: 'Sorted by window start; paginate with limit and offset. Only shipments in the caller\'s scope (a carrier its own, a supplier its own, site-bound roles their sites).',
        security: staffSecurity,
        querystring: ShipmentListQuery,
        response: { 200: ShipmentList, ...errors(400, 401, 403) },
      },
    },
    async (request) => app.shipmentRepository.list(request.query, listScope(staffOf(request))),
  );

  app.get(
    '/shipments/:id',
    { config: { access: 'shipment:read' }, schema: { tags, summary: 'Get a shipment', security: staffSecurity, params: IdParams, response: { 200: Shipment, ...errors(400, 401, 403, 404) } } },
    async (request) => scopedShipment(request, 'shipment:read', request.params.id),
  );

  app.patch(
    '/shipments/:id',
    {
      config: { access: 'shipment:update' },
      schema: {
        tags,
        summary: 'Reassign the device, move the window or edit details',
        security: staffSecurity,
        params: IdParams,
        body: ShipmentPatch,
        response: { 200: Shipment, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const before = await scopedShipment(request, 'shipment:update', request.params.id);
      const after = await app.tracking.patchShipment(request.params.id, request.body);
      const moved = before.windowStart !== after.windowStart || before.windowEnd !== after.windowEnd;
      await app.audit(request, {
        action: moved ? 'shipment:window-move' : 'shipment:update',
        resourceType: 'shipment',
        resourceId: after.id,
        details: { changed: Object.keys(request.body), ...(moved ? { from: [before.windowStart, before.windowEnd], to: [after.windowStart, after.windowEnd] } : {}) },
      });
      return after;
    },
  );

  app.post(
    '/shipments/:id/events',
    {
      config: { access: 'shipment:event' },
      schema: {
        tags,
        summary: 'Record a lifecycle step',
        description: 'From a clerk, planner or admin of the site, or the assigned device (its token) for the driver\'s steps only: dispatched, in_transit, delayed, arrived (403 for the plant\'s steps, as on the driver API). 409 lists the allowed steps.',
        security: staffSecurity,
        params: IdParams,
        body: StatusEventCreate,
        response: { 201: StatusEventResult, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      // A truck reports what a driver sees; docking, unloading and receipt are the plant's to record (as on the driver API).
      if (principal.kind === 'device' && !(DRIVER_EVENT_TYPES as readonly string[]).includes(request.body.type)) {
        // An AccessDenied, so the refusal is in the audit log like every other.
        const refused = new AccessDenied('shipment:event', 'forbidden');
        refused.message = `A device records ${DRIVER_EVENT_TYPES.join(', ')}; ${request.body.type} is the plant's to record`;
        throw refused;
      }
      const { items, receivedItems, ...step } = request.body;
      if (items && receivedItems) throw new HttpError(400, 'validation_failed', 'Give the received quantities as `items` or as `receivedItems`, not both');
      const counted = items ?? receivedItems;
      // Checked under the shipment's lock: a device reassigned meanwhile is refused.
      const result = await app.tracking.recordStatusEvent(request.params.id, { ...step, ...(counted ? { receivedItems: counted } : {}) }, principal, (row) =>
        app.authorize(request, 'shipment:event', shipmentResource(row), 'Shipment'),
      );
      if (principal.kind !== 'device') {
        await app.audit(request, { action: 'shipment:event', resourceType: 'shipment', resourceId: request.params.id, details: { type: request.body.type } });
      }
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/shipments/:id/receipts',
    {
      config: { access: 'shipment:read' },
      schema: {
        tags,
        summary: "A shipment's receipts: the quantities counted at the dock against the notice",
        description: 'Newest first; an undone receipt keeps its counts and says when it was undone.',
        security: staffSecurity,
        params: IdParams,
        response: { 200: ReceiptList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const shipment = await scopedShipment(request, 'shipment:read', request.params.id);
      return { receipts: await app.receiptRepository.list(request.params.id, shipment.items) };
    },
  );

  app.post(
    '/shipments/:id/receipt/undo',
    {
      config: { access: 'shipment:event' },
      schema: {
        tags,
        summary: 'Undo a receipt within 5 minutes',
        description: 'The shipment returns to its status before the receipt and to the board. 409 `undo_expired` after 5 minutes, `not_received` without a standing receipt.',
        security: staffSecurity,
        params: IdParams,
        response: { 200: StatusEventResult, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = request.principal!;
      const result = await app.tracking.undoReceipt(request.params.id, principal, (row) => app.authorize(request, 'shipment:event', shipmentResource(row), 'Shipment'));
      await app.audit(request, { action: 'shipment:event', resourceType: 'shipment', resourceId: request.params.id, details: { type: 'receipt:undo' } });
      return result;
    },
  );

  app.get(
    '/shipments/:id/events',
    {
      config: { access: 'shipment:read' },
      schema: { tags, summary: "A shipment's lifecycle history", security: staffSecurity, params: IdParams, response: { 200: StatusEventList, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      await scopedShipment(request, 'shipment:read', request.params.id);
      return { events: await app.shipmentRepository.events(request.params.id) };
    },
  );

  app.get(
    '/shipments/:id/track',
    {
      config: { access: 'shipment:track' },
      schema: {
        tags,
        summary: "A shipment's ping history as a GeoJSON LineString",
        security: staffSecurity,
        params: IdParams,
        querystring: TrackQuery,
        response: { 200: Track, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      await scopedShipment(request, 'shipment:track', id);
      const points = await app.shipmentRepository.track(id, request.query.limit ?? 5_000);
      return {
        type: 'Feature' as const,
        geometry: { type: 'LineString' as const, coordinates: points.map((p) => [p.lon, p.lat]) },
        properties: { shipmentId: id, timestamps: points.map((p) => p.ts.toISOString()) },
      };
    },
  );
};

export default shipments;
