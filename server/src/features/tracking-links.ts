import { Id, IdParams, TrackingLink, TrackingLinkCreate, TrackingLinkCreated, TrackingLinkList } from '@dockwatch/shared';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { renderSVG } from 'uqr';
import { generateToken, hashToken } from '../auth/tokens';
import { AccessDenied } from '../access/denied';
import { shipmentResource } from '../access/policy';
import { HttpError, notFound } from '../errors';
import { driverPageUrl, publicOrigin } from './public-url';
import { errors, staffSecurity } from './schemas';
import { toTrackingLink } from '../repositories/tracking-links';

const DeviceParams = Type.Object({ id: Id, deviceId: Id }, { additionalProperties: false });
const HOUR = 3_600_000;

/** One-link onboarding: expiring, revocable driver links for a shipment or a device, as URL and QR code. */
const trackingLinks: FastifyPluginAsyncTypebox = async (app) => {

  const issue = async (request: FastifyRequest, deviceId: string, shipmentId: string | null, hours: number) => {
    const token = generateToken('dwl');
    const link = await app.trackingLinkRepository.create({ deviceId, shipmentId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + hours * HOUR) });
    const url = driverPageUrl(publicOrigin(app.config.publicUrl, request, app.config.access.trustProxy), token);
    return { ...toTrackingLink(link), token, url, qrSvg: renderSVG(url, { border: 2 }) };
  };

  app.post(
    '/shipments/:id/links',
    {
      config: { access: 'link:manage' },
      schema: {
        tags: ['links'],
        summary: 'Create a driver link for a shipment',
        description:
          "An expiring, revocable link to the driver page for this load, as URL and QR code. A shipment without a device gets one (named after the load) so the phone's positions have a device to belong to. The token is shown only in this answer.",
        security: staffSecurity,
        params: IdParams,
        body: TrackingLinkCreate,
        response: { 201: TrackingLinkCreated, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const shipment = await app.shipmentRepository.get(request.params.id);
      if (!shipment) throw notFound('Shipment', request.params.id);
      app.authorize(request, 'link:manage', shipmentResource(shipment), 'Shipment');
      if (shipment.status === 'received' || shipment.status === 'cancelled') {
        throw new HttpError(409, 'shipment_closed', `Shipment ${shipment.id} is ${shipment.status}`);
      }
      let deviceId = shipment.deviceId;
      if (deviceId === null) {
        const device = await app.carrierRepository.createDevice(shipment.carrierId, `Driver link · ${shipment.reference}`, hashToken(generateToken('dwd')));
        await app.tracking.patchShipment(shipment.id, { deviceId: device.id });
        deviceId = device.id;
      }
      const created = await issue(request, deviceId, shipment.id, request.body.expiresInHours ?? 48);
      await app.audit(request, { action: 'link:create', resourceType: 'shipment', resourceId: shipment.id, details: { linkId: created.id } });
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/carriers/:id/devices/:deviceId/links',
    {
      config: { access: 'device-link:manage' },
      schema: {
        tags: ['links'],
        summary: 'Create a driver link for a device',
        description: "The driver page for every load the device carries. The token is shown only in this answer.",
        security: staffSecurity,
        params: DeviceParams,
        body: TrackingLinkCreate,
        response: { 201: TrackingLinkCreated, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const device = await app.carrierRepository.getDevice(request.params.deviceId);
      if (!device || device.carrierId !== request.params.id) throw notFound('Device', request.params.deviceId);
      app.authorize(request, 'device-link:manage', { type: 'carrier', id: device.carrierId }, 'Device');
      if (device.revokedAt !== null) throw new HttpError(409, 'device_revoked', `Device ${device.id} is revoked`);
      const created = await issue(request, device.id, null, request.body.expiresInHours ?? 48);
      await app.audit(request, { action: 'link:create', resourceType: 'device', resourceId: device.id, details: { linkId: created.id } });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/shipments/:id/links',
    { config: { access: 'link:manage' }, schema: { tags: ['links'], summary: "A shipment's driver links", security: staffSecurity, params: IdParams, response: { 200: TrackingLinkList, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const shipment = await app.shipmentRepository.get(request.params.id);
      if (!shipment) throw notFound('Shipment', request.params.id);
      app.authorize(request, 'link:manage', shipmentResource(shipment), 'Shipment');
      return { links: await app.trackingLinkRepository.listForShipment(request.params.id) };
    },
  );

  app.delete(
    '/links/:id',
    {
      config: { access: 'link:manage' },
      schema: {
        tags: ['links'],
        summary: 'Revoke a driver link',
        description: 'The link stops working at once on every instance (looked up on every request, never cached).',
        security: staffSecurity,
        params: IdParams,
        response: { 200: TrackingLink, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const found = await app.trackingLinkRepository.get(request.params.id);
      if (!found) throw notFound('Link', request.params.id);
      // A load's link belongs to the load; a truck's link to the truck's carrier.
      const shipment = found.shipmentId ? await app.shipmentRepository.get(found.shipmentId) : null;
      const device = shipment ? null : await app.carrierRepository.getDevice(found.deviceId);
      try {
        if (shipment) app.authorize(request, 'link:manage', shipmentResource(shipment), 'Link');
        else app.authorize(request, 'device-link:manage', { type: 'carrier', id: device?.carrierId ?? '' }, 'Link');
      } catch (error) {
        // A link the caller may not revoke answers exactly as one that does not exist, so link ids cannot be probed.
        if (!(error instanceof AccessDenied)) throw error;
        const alike = new AccessDenied(error.action, 'not_found', error.resource, 'Link');
        alike.message = notFound('Link', request.params.id).message;
        throw alike;
      }
      const link = await app.trackingLinkRepository.revoke(found.id, new Date());
      if (!link) throw notFound('Link', request.params.id);
      await app.audit(request, { action: 'link:revoke', resourceType: 'link', resourceId: link.id });
      return link;
    },
  );
};

export default trackingLinks;
