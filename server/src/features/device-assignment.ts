import { AssignableDeviceList, DeviceAssignment, IdParams, isActiveStatus, Shipment } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { shipmentResource } from '../access/policy';
import { HttpError, notFound } from '../errors';
import { errors, staffSecurity } from './schemas';

const tags = ['shipments'];

/** Which truck carries a load: the plant's planners, or the carrier's dispatcher from the partner portal. */
const deviceAssignment: FastifyPluginAsyncTypebox = async (app) => {
  const scopedShipment = async (request: FastifyRequest, id: string) => {
    const shipment = await app.shipmentRepository.get(id);
    if (!shipment) throw notFound('Shipment', id);
    app.authorize(request, 'shipment:assign', shipmentResource(shipment), 'Shipment');
    return shipment;
  };

  app.get(
    '/shipments/:id/devices',
    {
      config: { access: 'shipment:assign' },
      schema: {
        tags,
        summary: 'The devices a load can be assigned',
        description: "The load's carrier's devices that are not revoked, oldest first: what the dispatcher picks a truck from.",
        security: staffSecurity,
        params: IdParams,
        response: { 200: AssignableDeviceList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const shipment = await scopedShipment(request, request.params.id);
      const devices = await app.carrierRepository.listDevices(shipment.carrierId);
      return { devices: devices.filter((d) => d.revokedAt === null) };
    },
  );

  app.put(
    '/shipments/:id/device',
    {
      config: { access: 'shipment:assign' },
      schema: {
        tags,
        summary: "Assign one of the carrier's devices to a load, or take it off (null)",
        description:
          "The load's positions and ETA come from that device from now on; the board and the load's followers see it at once. 404 for a load or a device outside the caller's scope (a dispatcher's is its own carrier), 409 `device_of_other_carrier` when the device is another carrier's than the load's, `device_revoked`, and `shipment_closed` once the load is received or cancelled.",
        security: staffSecurity,
        params: IdParams,
        body: DeviceAssignment,
        response: { 200: Shipment, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { deviceId } = request.body;
      const before = await scopedShipment(request, id);
      if (deviceId !== null) {
        const device = await app.carrierRepository.getDevice(deviceId);
        if (!device) throw notFound('Device', deviceId);
        // Another carrier's truck answers a dispatcher as one that does not exist, so device ids cannot be probed.
        app.authorize(request, 'shipment:assign', { type: 'carrier', id: device.carrierId }, 'Device');
      }
      // The plant's own reassignment, with the scope and the load's state checked again under its lock.
      const after = await app.tracking.patchShipment(id, { deviceId }, (row) => {
        app.authorize(request, 'shipment:assign', shipmentResource(row), 'Shipment');
        if (!isActiveStatus(row.status)) throw new HttpError(409, 'shipment_closed', `Shipment ${id} is ${row.status}`);
      });
      await app.audit(request, { action: 'shipment:assign', resourceType: 'shipment', resourceId: id, details: { from: before.deviceId, to: after.deviceId } });
      return after;
    },
  );
};

export default deviceAssignment;
