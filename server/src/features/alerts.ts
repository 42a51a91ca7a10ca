import { Alert, AlertAck, AlertList, AlertListQuery, AlertSettingsPatch, AlertSettingsSchema, IdParams, ShipmentHistory } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, listScope, shipmentResource, type Action } from '../access/policy';
import { partnerAlertView } from '../alerts/partner-view';
import { notFound } from '../errors';
import { staffOf } from '../plugins/auth';
import { errors, staffSecurity } from './schemas';

const tags = ['alerts'];

const alerts: FastifyPluginAsyncTypebox = async (app) => {
  const scopedAlert = async (request: FastifyRequest, action: Action, id: string) => {
    const alert = await app.alertRepository.get(id);
    if (!alert) throw notFound('Alert', id);
    app.authorize(request, action, { type: 'alert', id, siteId: alert.siteId }, 'Alert');
    return alert;
  };

  app.get(
    '/alerts',
    {
      config: { access: 'alert:read' },
      schema: {
        tags,
        summary: 'List alerts',
        description: "Newest change first. Filter by site, shipment, kind, state, and `since` (updated at or after). Only the caller's sites.",
        security: staffSecurity,
        querystring: AlertListQuery,
        response: { 200: AlertList, ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ alerts: await app.alertRepository.list(request.query, staffOf(request).siteIds) }),
  );

  app.get(
    '/partner/alerts',
    {
      config: { access: 'load-alerts:read' },
      schema: {
        tags,
        summary: "Open alerts on the caller's own loads",
        description:
          "A carrier's or supplier's view: the open (raised or acknowledged) alerts of its own loads, newest change first, without who at the plant acknowledged them or their note. Shortage alerts are the plant's. Live in each load's room (`subscribe` `{shipmentId}`).",
        security: staffSecurity,
        response: { 200: AlertList, ...errors(401, 403) },
      },
    },
    async (request) => ({ alerts: (await app.alertRepository.openOnLoads(listScope(staffOf(request)))).map(partnerAlertView) }),
  );

  app.get(
    '/alerts/:id',
    { config: { access: 'alert:read' }, schema: { tags, summary: 'Get an alert', security: staffSecurity, params: IdParams, response: { 200: Alert, ...errors(400, 401, 403, 404) } } },
    async (request) => scopedAlert(request, 'alert:read', request.params.id),
  );

  app.post(
    '/alerts/:id/ack',
    {
      config: { access: 'alert:ack' },
      schema: {
        tags,
        summary: 'Acknowledge an alert',
        description: 'It stays visible until it resolves, but stops notifying. 409 when already acknowledged or resolved.',
        security: staffSecurity,
        params: IdParams,
        body: AlertAck,
        response: { 200: Alert, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await scopedAlert(request, 'alert:ack', request.params.id);
      const caller = staffOf(request);
      const alert = await app.alerts.acknowledge(request.params.id, caller.kind === 'bootstrap' ? 'admin' : caller.name, request.body?.note);
      await app.audit(request, { action: 'alert:ack', resourceType: 'alert', resourceId: alert.id, details: { by: actorOf(caller) } });
      return alert;
    },
  );

  app.get(
    '/sites/:id/alert-settings',
    {
      config: { access: 'alert-settings:read' },
      schema: { tags, summary: "A site's alert thresholds", security: staffSecurity, params: IdParams, response: { 200: AlertSettingsSchema, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      await app.scopedSite(request, 'alert-settings:read', request.params.id);
      return app.alertRepository.settingsFor(request.params.id);
    },
  );

  app.patch(
    '/sites/:id/alert-settings',
    {
      config: { access: 'alert-settings:write' },
      schema: {
        tags,
        summary: "Change a site's alert thresholds",
        description: 'Only the given keys change; the next evaluation of each shipment uses them.',
        security: staffSecurity,
        params: IdParams,
        body: AlertSettingsPatch,
        response: { 200: AlertSettingsSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await app.scopedSite(request, 'alert-settings:write', request.params.id);
      const settings = await app.alertRepository.patchSettings(request.params.id, request.body, new Date());
      await app.audit(request, { action: 'alert-settings:write', resourceType: 'site', resourceId: request.params.id, details: { changed: Object.keys(request.body) } });
      return settings;
    },
  );

  app.get(
    '/shipments/:id/history',
    {
      config: { access: 'shipment:history' },
      schema: {
        tags,
        summary: "A shipment's ETA and alert history",
        security: staffSecurity,
        params: IdParams,
        response: { 200: ShipmentHistory, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const shipment = await app.shipmentRepository.get(id);
      if (!shipment) throw notFound('Shipment', id);
      app.authorize(request, 'shipment:history', shipmentResource(shipment), 'Shipment');
      return { shipmentId: id, ...(await app.alertRepository.history(id)) };
    },
  );
};

export default alerts;
