import { IdParams, MessageCreate, MessageList, messageProblem, ShipmentMessage, type Shipment } from '@dockwatch/shared';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, listScope, shipmentResource, type Action, type StaffPrincipal } from '../access/policy';
import { HttpError, notFound } from '../errors';
import type { Speaker } from '../repositories/messages';
import { errors, staffSecurity } from './schemas';

const tags = ['messages'];

/** Whose side a signed-in caller speaks for: a partner for its company, anyone else for the plant. */
export const speakerOf = (p: StaffPrincipal): Speaker => ({
  side: p.role === 'carrier' ? 'carrier' : p.role === 'supplier' ? 'supplier' : 'plant',
  name: p.name,
  actor: actorOf(p),
});

/**
 * One conversation per shipment: plant staff, the load's carrier (dispatcher, and its driver
 * through the driver page) and its supplier post short messages and structured updates; each
 * reaches the others live (`message:created`), is audited, and counts as unread for the others
 * until they read the conversation.
 */
const messagesFeature: FastifyPluginAsyncTypebox = async (app) => {
  const scoped = async (request: FastifyRequest, action: Action, id: string): Promise<Shipment> => {
    const shipment = await app.shipmentRepository.get(id);
    if (!shipment) throw notFound('Shipment', id);
    app.authorize(request, action, shipmentResource(shipment), 'Shipment');
    return shipment;
  };
  const principal = (request: FastifyRequest) => request.principal as StaffPrincipal;

  app.get(
    '/shipments/:id/messages',
    {
      config: { access: 'message:read' },
      schema: { tags, summary: "A shipment's conversation", description: 'Oldest first (the newest 500), with how many are unread for the caller.', security: staffSecurity, params: IdParams, response: { 200: MessageList, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const shipment = await scoped(request, 'message:read', request.params.id);
      return { shipmentId: shipment.id, ...(await app.messageRepository.list(shipment.id, actorOf(principal(request)))) };
    },
  );

  app.post(
    '/shipments/:id/messages',
    {
      config: { access: 'message:write' },
      schema: {
        tags,
        summary: 'Post to a shipment’s conversation',
        description:
          'Free text (`kind: text`), or a structured update: `delay` with `delayMinutes` (and a `reason`), `at_gate`, `short_shipment` with `sku`, `quantity` and `expectedQuantity`; any kind may carry a `text` note. 400 `invalid_message` for a kind without its fields or with another kind’s. Everyone in the shipment’s scope gets it live.',
        security: staffSecurity,
        params: IdParams,
        body: MessageCreate,
        response: { 201: ShipmentMessage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const problem = messageProblem(request.body);
      if (problem) throw new HttpError(400, 'invalid_message', problem);
      const shipment = await scoped(request, 'message:write', request.params.id);
      const message = await app.messageRepository.create(shipment, request.body, speakerOf(principal(request)), new Date(app.clock()));
      await app.audit(request, { action: 'message:create', resourceType: 'shipment', resourceId: shipment.id, details: { messageId: message.id, kind: message.kind } });
      app.publishCommitted([{ type: 'message:created', message }]);
      return reply.code(201).send(message);
    },
  );

  app.post(
    '/shipments/:id/messages/read',
    {
      config: { access: 'message:read' },
      schema: { tags, summary: 'Mark a shipment’s conversation read', description: 'Up to now, for the caller.', security: staffSecurity, params: IdParams, response: { 204: Type.Null(), ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const shipment = await scoped(request, 'message:read', request.params.id);
      await app.messageRepository.markRead(shipment.id, actorOf(principal(request)), new Date(app.clock()));
      return reply.code(204).send(null);
    },
  );

  const Unread = Type.Record(Type.String(), Type.Integer(), { description: 'Unread messages keyed by shipment id (shipments with none left out).' });

  app.get(
    '/messages/unread',
    {
      config: { access: 'message:read' },
      schema: {
        tags,
        summary: "Unread messages on the caller's own shipments",
        description: "For the caller: messages from others since they last read each conversation, over the shipments it may see (a partner: its own loads, as in its portal; the plant's staff: their sites').",
        security: staffSecurity,
        response: { 200: Type.Object({ unread: Unread }), ...errors(401, 403) },
      },
    },
    async (request) => ({ unread: await app.messageRepository.unreadInScope(listScope(principal(request)), actorOf(principal(request))) }),
  );

  app.get(
    '/sites/:id/messages/unread',
    {
      config: { access: 'board:read' },
      schema: {
        tags,
        summary: 'Unread messages per shipment of a site',
        description: 'For the caller: messages from others since they last read each conversation, keyed by shipment id (shipments with none left out).',
        security: staffSecurity,
        params: IdParams,
        response: { 200: Type.Object({ siteId: Type.String(), unread: Unread }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const site = await app.scopedSite(request, 'board:read', request.params.id);
      return { siteId: site.id, unread: await app.messageRepository.unreadBySite(site.id, actorOf(principal(request))) };
    },
  );
};

export default messagesFeature;
