import {
  IdParams,
  Shipment,
  ShipmentCreate,
  ShipmentList,
  ShipmentListQuery,
  ShipmentPatch,
  StatusEventCreate,
  StatusEventList,
  StatusEventResult,
  Track,
  TrackQuery,
} from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../errors';
import { errors, staffSecurity } from './schemas';

const tags = ['shipments'];

const shipments: FastifyPluginAsyncTypebox = async (app) => {
  const staffOnly = app.authenticate(['admin']);

  app.post(
    '/shipments',
    {
      preHandler: staffOnly,
      schema: { tags, summary: 'Create an inbound shipment', security: staffSecurity, body: ShipmentCreate, response: { 201: Shipment, ...errors(400, 401, 404, 409) } },
    },
    async (request, reply) => {
      const shipment = await app.tracking.createShipment(request.body);
      return reply.code(201).header('location', `/api/v1/shipments/${shipment.id}`).send(shipment);
    },
  );

  app.get(
    '/shipments',
    {
      preHandler: staffOnly,
      schema: { tags, summary: 'List shipments', description: 'Sorted by window start; paginate with limit and offset.', security: staffSecurity, querystring: ShipmentListQuery, response: { 200: ShipmentList, ...errors(400, 401) } },
    },
    async (request) => app.shipmentRepository.list(request.query),
  );

  app.get(
    '/shipments/:id',
    { preHandler: staffOnly, schema: { tags, summary: 'Get a shipment', security: staffSecurity, params: IdParams, response: { 200: Shipment, ...errors(400, 401, 404) } } },
    async (request) => {
      const shipment = await app.shipmentRepository.get(request.params.id);
      if (!shipment) throw notFound('Shipment', request.params.id);
      return shipment;
    },
  );

  app.patch(
    '/shipments/:id',
    {
      preHandler: staffOnly,
      schema: {
        tags,
        summary: 'Reassign the device, move the window or edit details',
        security: staffSecurity,
        params: IdParams,
        body: ShipmentPatch,
        response: { 200: Shipment, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => app.tracking.patchShipment(request.params.id, request.body),
  );

  app.post(
    '/shipments/:id/events',
    {
      preHandler: app.authenticate(['admin', 'device']),
      schema: {
        tags,
        summary: 'Record a lifecycle step',
        description: 'From a clerk (staff token) or the carrier (the device token of the assigned device). 409 lists the allowed steps.',
        security: staffSecurity,
        params: IdParams,
        body: StatusEventCreate,
        response: { 201: StatusEventResult, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      const result = await app.tracking.recordStatusEvent(request.params.id, request.body, principal);
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/shipments/:id/events',
    { preHandler: staffOnly, schema: { tags, summary: "A shipment's lifecycle history", security: staffSecurity, params: IdParams, response: { 200: StatusEventList, ...errors(400, 401, 404) } } },
    async (request) => {
      if (!(await app.shipmentRepository.get(request.params.id))) throw notFound('Shipment', request.params.id);
      return { events: await app.shipmentRepository.events(request.params.id) };
    },
  );

  app.get(
    '/shipments/:id/track',
    {
      preHandler: staffOnly,
      schema: {
        tags,
        summary: "A shipment's ping history as a GeoJSON LineString",
        security: staffSecurity,
        params: IdParams,
        querystring: TrackQuery,
        response: { 200: Track, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await app.shipmentRepository.get(id))) throw notFound('Shipment', id);
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
