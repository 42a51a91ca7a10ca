import { Carrier, CarrierCreate, CarrierList, DeviceCreate, DeviceCreated, IdParams } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { generateToken, hashToken } from '../auth/tokens';
import { notFound } from '../errors';
import { staffOf } from '../plugins/auth';
import { errors, staffSecurity } from './schemas';

const carriers: FastifyPluginAsyncTypebox = async (app) => {
  const requireCarrier = async (id: string) => {
    if (!(await app.carrierRepository.get(id))) throw notFound('Carrier', id);
  };

  app.post(
    '/carriers',
    { config: { access: 'carrier:create' }, schema: { tags: ['carriers'], summary: 'Create a carrier', security: staffSecurity, body: CarrierCreate, response: { 201: Carrier, ...errors(400, 401, 403) } } },
    async (request, reply) => {
      const carrier = await app.carrierRepository.create(request.body.name);
      return reply.code(201).header('location', `/api/v1/carriers/${carrier.id}`).send(carrier);
    },
  );

  app.get(
    '/carriers',
    {
      config: { access: 'carrier:list' },
      schema: { tags: ['carriers'], summary: 'List carriers', description: 'A carrier-bound caller sees only its own.', security: staffSecurity, response: { 200: CarrierList, ...errors(401, 403) } },
    },
    async (request) => {
      const caller = staffOf(request);
      return { carriers: await app.carrierRepository.list(caller.role === 'carrier' ? caller.carrierId : null) };
    },
  );

  app.get(
    '/carriers/:id',
    { config: { access: 'carrier:read' }, schema: { tags: ['carriers'], summary: 'Get a carrier', security: staffSecurity, params: IdParams, response: { 200: Carrier, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const carrier = await app.carrierRepository.get(request.params.id);
      if (!carrier) throw notFound('Carrier', request.params.id);
      app.authorize(request, 'carrier:read', { type: 'carrier', id: carrier.id }, 'Carrier');
      return carrier;
    },
  );

  app.post(
    '/carriers/:id/devices',
    {
      config: { access: 'device:manage' },
      schema: {
        tags: ['carriers'],
        summary: 'Register a device and issue its token',
        description: 'The token is shown only in this answer; it is stored hashed.',
        security: staffSecurity,
        params: IdParams,
        body: DeviceCreate,
        response: { 201: DeviceCreated, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await requireCarrier(request.params.id);
      const token = generateToken('dwd');
      const device = await app.carrierRepository.createDevice(request.params.id, request.body.name, hashToken(token));
      await app.audit(request, { action: 'device:create', resourceType: 'device', resourceId: device.id });
      return reply.code(201).send({ ...device, token });
    },
  );
};

export default carriers;
