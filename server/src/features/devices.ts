import { Device, DeviceCreated, DeviceList, Id, IdParams, RejectedFixList } from '@dockwatch/shared';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { generateToken, hashToken } from '../auth/tokens';
import { HttpError, notFound } from '../errors';
import { errors, staffSecurity } from './schemas';

const DeviceParams = Type.Object({ id: Id, deviceId: Id }, { additionalProperties: false });
const RejectedQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }, { additionalProperties: false });

/** A carrier's devices: health at a glance (last seen, battery, protocol, rejected fixes), token rotation and revocation. */
const devices: FastifyPluginAsyncTypebox = async (app) => {
  const requireCarrier = async (id: string) => {
    if (!(await app.carrierRepository.get(id))) throw notFound('Carrier', id);
  };
  const requireDevice = async (carrierId: string, deviceId: string) => {
    const device = await app.carrierRepository.getDevice(deviceId);
    if (!device || device.carrierId !== carrierId) throw notFound('Device', deviceId);
    return device;
  };

  app.get(
    '/carriers/:id/devices',
    {
      config: { access: 'device:manage' },
      schema: {
        tags: ['devices'],
        summary: "List a carrier's devices",
        description:
          'With last seen, battery and protocol of the last report, when a report last carried a position (lastFixAt) and when one carried none (lastHeartbeatAt), how many fixes were dropped, by reason, and the latest dropped one.',
        security: staffSecurity,
        params: IdParams,
        response: { 200: DeviceList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await requireCarrier(request.params.id);
      const list = await app.carrierRepository.listDevices(request.params.id);
      const ids = list.map((d) => d.id);
      const [counts, latest] = [await app.pingRepository.rejectedCounts(ids), await app.pingRepository.latestRejected(ids)];
      return {
        devices: list.map((d) => {
          const byReason = counts.get(d.id) ?? {};
          return { ...d, rejectedFixes: Object.values(byReason).reduce((a, b) => a + b, 0), rejectedByReason: byReason, lastRejected: latest.get(d.id) ?? null };
        }),
      };
    },
  );

  app.get(
    '/carriers/:id/devices/:deviceId/rejected',
    {
      config: { access: 'device:manage' },
      schema: {
        tags: ['devices'],
        summary: 'Fixes of a device the filters dropped, newest first',
        security: staffSecurity,
        params: DeviceParams,
        querystring: RejectedQuery,
        response: { 200: RejectedFixList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await requireDevice(request.params.id, request.params.deviceId);
      return { rejected: await app.pingRepository.listRejected(request.params.deviceId, request.query.limit) };
    },
  );

  app.post(
    '/carriers/:id/devices/:deviceId/token',
    {
      config: { access: 'device:manage' },
      schema: {
        tags: ['devices'],
        summary: "Rotate a device's token",
        description: 'Issues a new token, shown only in this answer; the old one stops working at once on every instance (a cached token is dropped on every instance through the bus, and the commit of each report checks the device row again).',
        security: staffSecurity,
        params: DeviceParams,
        response: { 200: DeviceCreated, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const device = await requireDevice(request.params.id, request.params.deviceId);
      if (device.revokedAt !== null) throw new HttpError(409, 'device_revoked', `Device ${device.id} is revoked; register a new one`);
      const token = generateToken('dwd');
      const rotated = await app.carrierRepository.rotateToken(request.params.id, request.params.deviceId, hashToken(token));
      if (!rotated) throw new HttpError(409, 'device_revoked', `Device ${device.id} is revoked; register a new one`);
      app.invalidateDevice(device.id);
      await app.audit(request, { action: 'device:rotate', resourceType: 'device', resourceId: device.id });
      return { ...rotated, token };
    },
  );

  app.delete(
    '/carriers/:id/devices/:deviceId',
    {
      config: { access: 'device:manage' },
      schema: {
        tags: ['devices'],
        summary: "Revoke a device's token",
        description: 'Its pings are refused from then on, at once on every instance; its history stays.',
        security: staffSecurity,
        params: DeviceParams,
        response: { 200: Device, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const device = await app.carrierRepository.revokeDevice(request.params.id, request.params.deviceId, new Date());
      if (!device) throw notFound('Device', request.params.deviceId);
      app.invalidateDevice(device.id);
      await app.audit(request, { action: 'device:revoke', resourceType: 'device', resourceId: device.id });
      return device;
    },
  );
};

export default devices;
