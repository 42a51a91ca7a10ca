import { IdParams, Webhook, WebhookCreate, WebhookDelivery, WebhookDeliveryList, WebhookList } from '@dockwatch/shared';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HttpError, notFound } from '../errors';
import { DestinationRefused } from '../webhooks/destination';
import { errors, staffSecurity } from './schemas';

const tags = ['webhooks'];

const DeliveryListQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

const webhooks: FastifyPluginAsyncTypebox = async (app) => {
  const requireSite = async (id: string) => {
    if (!(await app.siteRepository.get(id))) throw notFound('Site', id);
  };

  app.post(
    '/sites/:id/webhooks',
    {
      config: { access: 'webhook:manage' },
      schema: {
        tags,
        summary: "Subscribe a URL to a site's alert events",
        description:
          'Each delivery is a signed JSON POST (see Dockwatch-Signature). The secret is never shown again. 400 destination_refused for a URL whose host is not public (loopback, private, link-local, metadata services, names that do not resolve) unless WEBHOOK_ALLOWED_DESTINATIONS lists it.',
        security: staffSecurity,
        params: IdParams,
        body: WebhookCreate,
        response: { 201: Webhook, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await requireSite(request.params.id);
      try {
        await app.checkWebhookDestination(request.body.url);
      } catch (error) {
        if (error instanceof DestinationRefused) throw new HttpError(400, 'destination_refused', error.message, { field: 'url' });
        throw error;
      }
      const webhook = await app.webhookRepository.create(request.params.id, request.body, new Date());
      return reply.code(201).header('location', `/api/v1/webhooks/${webhook.id}`).send(webhook);
    },
  );

  app.get(
    '/sites/:id/webhooks',
    { config: { access: 'webhook:manage' }, schema: { tags, summary: "List a site's webhooks", description: 'Disabled ones included.', security: staffSecurity, params: IdParams, response: { 200: WebhookList, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      await requireSite(request.params.id);
      return { webhooks: await app.webhookRepository.list(request.params.id) };
    },
  );

  app.get(
    '/webhooks/:id',
    { config: { access: 'webhook:manage' }, schema: { tags, summary: 'Get a webhook', security: staffSecurity, params: IdParams, response: { 200: Webhook, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const webhook = await app.webhookRepository.get(request.params.id);
      if (!webhook) throw notFound('Webhook', request.params.id);
      return webhook;
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      config: { access: 'webhook:manage' },
      schema: {
        tags,
        summary: 'Disable a webhook',
        description: 'No new deliveries are queued and pending retries are given up; its delivery history stays.',
        security: staffSecurity,
        params: IdParams,
        response: { 200: Webhook, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const webhook = await app.webhookRepository.disable(request.params.id, new Date());
      if (!webhook) throw notFound('Webhook', request.params.id);
      return webhook;
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: { access: 'webhook:manage' },
      schema: {
        tags,
        summary: "A webhook's deliveries, newest first, with every attempt",
        security: staffSecurity,
        params: IdParams,
        querystring: DeliveryListQuery,
        response: { 200: WebhookDeliveryList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      if (!(await app.webhookRepository.get(request.params.id))) throw notFound('Webhook', request.params.id);
      const { state, limit = 50 } = request.query;
      return { deliveries: await app.webhookRepository.listDeliveries(request.params.id, { state, limit }) };
    },
  );

  app.post(
    '/webhook-deliveries/:id/replay',
    {
      config: { access: 'webhook:manage' },
      schema: {
        tags,
        summary: 'Send a delivery again',
        description: 'Queues it as pending, due now, with a fresh set of attempts. 409 while it is being posted or when its webhook is disabled.',
        security: staffSecurity,
        params: IdParams,
        response: { 202: WebhookDelivery, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const result = await app.webhookRepository.replay(request.params.id, new Date());
      switch (result.outcome) {
        case 'not_found':
          throw notFound('Webhook delivery', request.params.id);
        case 'webhook_disabled':
          throw new HttpError(409, 'webhook_disabled', 'The webhook of this delivery is disabled');
        case 'in_flight':
          throw new HttpError(409, 'delivery_in_flight', 'This delivery is being posted right now; replay it once the attempt is recorded');
        case 'replayed':
          app.webhookWorker.nudge();
          return reply.code(202).send(result.delivery);
      }
    },
  );
};

export default webhooks;
