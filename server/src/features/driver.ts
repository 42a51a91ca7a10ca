import { DriverEventCreate, DriverPingResult, DriverView, IdParams, MessageCreate, MessageList, messageProblem, PingBatch, ShipmentMessage, StatusEventResult, type DriverShipment, type Shipment } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/tokens';
import { HttpError, notFound } from '../errors';
import { reachOf, type DeviceCredential } from '../plugins/device-credentials';
import { deviceSetup, publicOrigin } from './public-url';
import { errors } from './schemas';

const driverSecurity = [{ bearerAuth: [] }];

/**
 * The driver page's API, authenticated by the link token (or a device token): the loads in the
 * link's scope with window and ETA, positions from the phone's geolocation, and lifecycle steps.
 */
const driver: FastifyPluginAsyncTypebox = async (app) => {
  const credentialOf = async (request: FastifyRequest): Promise<DeviceCredential & { token: string }> => {
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new HttpError(401, 'unauthorized', 'Missing credentials: send Authorization: Bearer <link token>', undefined, { 'www-authenticate': 'Bearer' });
    const credential = await app.resolveDeviceCredential(token);
    if (credential === null) throw new HttpError(401, 'link_invalid', 'This link has expired or was revoked: ask the dispatcher for a new one');
    return { ...credential, token };
  };

  const shipmentsOf = async ({ device, link }: DeviceCredential): Promise<Shipment[]> => {
    if (link?.shipmentId) {
      const shipment = await app.shipmentRepository.get(link.shipmentId);
      return shipment ? [shipment] : [];
    }
    return app.shipmentRepository.activeForDevice(device.id);
  };

  /** A load in the link's scope, or 404 (the same answer as for one that does not exist). */
  const driverLoad = async (request: FastifyRequest, id: string) => {
    const credential = await credentialOf(request);
    const shipment = (await shipmentsOf(credential)).find((s) => s.id === id);
    if (!shipment) throw notFound('Shipment', id);
    return { credential, shipment, actor: `device:${credential.device.id}` };
  };

  app.get(
    '/driver',
    {
      // The link's own token, checked below: no staff identity.
      config: { access: 'public' },
      schema: {
        tags: ['driver'],
        summary: "The driver page's loads, windows, ETAs and app setup",
        security: driverSecurity,
        response: { 200: DriverView, ...errors(401) },
      },
    },
    async (request) => {
      const credential = await credentialOf(request);
      const shipments = await shipmentsOf(credential);
      const loads: DriverShipment[] = [];
      for (const shipment of shipments) {
        const site = (await app.siteRepository.get(shipment.siteId))!;
        loads.push({ shipment, site: { id: site.id, name: site.name, timezone: site.timezone, lat: site.lat, lon: site.lon } });
      }
      return {
        expiresAt: credential.link?.expiresAt.toISOString() ?? null,
        device: { id: credential.device.id, name: credential.device.name },
        shipments: loads,
        setup: deviceSetup(publicOrigin(app.config.publicUrl, request, app.config.access.trustProxy), credential.token),
      };
    },
  );

  app.post(
    '/driver/pings',
    {
      // The link's own token, checked below: no staff identity.
      config: { access: 'public' },
      onRequest: app.limits.ingest,
      schema: {
        tags: ['driver'],
        summary: "Positions from the phone's browser",
        description: 'The same ping shape as POST /api/v1/pings; fixes are filtered like the tracker apps\' (dropped ones are kept as rejected). Sent again after a network loss, duplicates are counted, not stored twice.',
        security: driverSecurity,
        body: PingBatch,
        response: { 202: DriverPingResult, ...errors(400, 401, 413, 429, 503) },
      },
    },
    async (request, reply) => {
      const { device, link } = await credentialOf(request);
      const fixes = request.body.pings.map((p) => ({
        ts: Date.parse(p.ts),
        lat: p.lat,
        lon: p.lon,
        speed: p.speed ?? null,
        heading: p.heading ?? null,
        accuracy: p.accuracy ?? null,
      }));
      const outcome = await app.tracking.ingest(device, fixes, { protocol: 'driver', filter: app.config.tracking.filter, ...reachOf(link) });
      return reply.code(202).send({ accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected.length });
    },
  );

  app.post(
    '/driver/shipments/:id/events',
    {
      // The link's own token, checked below: no staff identity.
      config: { access: 'public' },
      schema: {
        tags: ['driver'],
        summary: 'A lifecycle step from the driver',
        description: 'Departed (dispatched), back on the road (in_transit), delayed with a reason, arrived. 409 with the allowed steps when the load cannot take it.',
        security: driverSecurity,
        params: IdParams,
        body: DriverEventCreate,
        response: { 201: StatusEventResult, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { credential } = await driverLoad(request, request.params.id);
      const { type, note } = request.body;
      const result = await app.tracking.recordStatusEvent(request.params.id, { type, ...(note ? { note } : {}) }, { kind: 'device', device: credential.device }, (row) => {
        // Checked again under the shipment's lock: the load may have been given another truck meanwhile.
        if (row.deviceId !== credential.device.id) throw notFound('Shipment', request.params.id);
      });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/driver/shipments/:id/messages',
    {
      config: { access: 'public' },
      schema: { tags: ['driver'], summary: "A load's conversation, for its driver", security: driverSecurity, params: IdParams, response: { 200: MessageList, ...errors(401, 404) } },
    },
    async (request) => {
      const { shipment, actor } = await driverLoad(request, request.params.id);
      const list = await app.messageRepository.list(shipment.id, actor);
      await app.messageRepository.markRead(shipment.id, actor, new Date(app.clock()));
      return { shipmentId: shipment.id, ...list };
    },
  );

  app.post(
    '/driver/shipments/:id/messages',
    {
      config: { access: 'public' },
      schema: {
        tags: ['driver'],
        summary: 'A message from the driver on a load',
        description: 'As POST /api/v1/shipments/:id/messages; the driver speaks for the carrier, named by the truck.',
        security: driverSecurity,
        params: IdParams,
        body: MessageCreate,
        response: { 201: ShipmentMessage, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const problem = messageProblem(request.body);
      if (problem) throw new HttpError(400, 'invalid_message', problem);
      const { credential, shipment, actor } = await driverLoad(request, request.params.id);
      const at = new Date(app.clock());
      const message = await app.messageRepository.create(shipment, request.body, { side: 'driver', name: credential.device.name, actor }, at);
      await app.auditRepository
        .record({ actor, action: 'message:create', resourceType: 'shipment', resourceId: shipment.id, outcome: 'allowed', ip: request.ip, details: { messageId: message.id, kind: message.kind, via: 'driver' } }, at)
        .catch((err: unknown) => request.log.error({ err }, 'audit write failed'));
      app.publishCommitted([{ type: 'message:created', message }]);
      return reply.code(201).send(message);
    },
  );
};

export default driver;
