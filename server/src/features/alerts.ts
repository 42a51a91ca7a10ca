import { Alert, AlertAck, AlertList, AlertListQuery, AlertSettingsPatch, AlertSettingsSchema, IdParams, ShipmentHistory } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../errors';
import { errors, staffSecurity } from './schemas';

const tags = ['alerts'];

const alerts: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.authenticate(['admin']));

  app.get(
    '/alerts',
    {
      schema: {
        tags,
        summary: 'List alerts',
        description: 'Newest change first. Filter by site, shipment, kind, state, and `since` (updated at or after).',
        security: staffSecurity,
        querystring: AlertListQuery,
        response: { 200: AlertList, ...errors(400, 401) },
      },
    },
    async (request) => ({ alerts: await app.alertRepository.list(request.query) }),
  );

  app.get(
    '/alerts/:id',
    { schema: { tags, summary: 'Get an alert', security: staffSecurity, params: IdParams, response: { 200: Alert, ...errors(400, 401, 404) } } },
    async (request) => {
      const alert = await app.alertRepository.get(request.params.id);
      if (!alert) throw notFound('Alert', request.params.id);
      return alert;
    },
  );

  app.post(
    '/alerts/:id/ack',
    {
      schema: {
        tags,
        summary: 'Acknowledge an alert',
        description: 'It stays visible until it resolves, but stops notifying. 409 when already acknowledged or resolved.',
        security: staffSecurity,
        params: IdParams,
        body: AlertAck,
        response: { 200: Alert, ...errors(400, 401, 404, 409) },
      },
    },
    // Named identities arrive with user accounts; until then every staff call is the admin.
    async (request) => app.alerts.acknowledge(request.params.id, 'admin', request.body?.note),
  );

  app.get(
    '/sites/:id/alert-settings',
    { schema: { tags, summary: "A site's alert thresholds", security: staffSecurity, params: IdParams, response: { 200: AlertSettingsSchema, ...errors(400, 401, 404) } } },
    async (request) => {
      if (!(await app.siteRepository.get(request.params.id))) throw notFound('Site', request.params.id);
      return app.alertRepository.settingsFor(request.params.id);
    },
  );

  app.patch(
    '/sites/:id/alert-settings',
    {
      schema: {
        tags,
        summary: "Change a site's alert thresholds",
        description: 'Only the given keys change; the next evaluation of each shipment uses them.',
        security: staffSecurity,
        params: IdParams,
        body: AlertSettingsPatch,
        response: { 200: AlertSettingsSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      if (!(await app.siteRepository.get(request.params.id))) throw notFound('Site', request.params.id);
      return app.alertRepository.patchSettings(request.params.id, request.body, new Date());
    },
  );

  app.get(
    '/shipments/:id/history',
    {
      schema: {
        tags,
        summary: "A shipment's ETA and alert history",
        security: staffSecurity,
        params: IdParams,
        response: { 200: ShipmentHistory, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!(await app.shipmentRepository.get(id))) throw notFound('Shipment', id);
      return { shipmentId: id, ...(await app.alertRepository.history(id)) };
    },
  );
};

export default alerts;
