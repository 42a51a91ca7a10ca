import { Board, IdParams, Site, SiteCreate, SiteList, isValidTimeZone } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listScope } from '../access/policy';
import { HttpError } from '../errors';
import { staffOf } from '../plugins/auth';
import { errors, staffSecurity } from './schemas';

const sites: FastifyPluginAsyncTypebox = async (app) => {

  app.post(
    '/sites',
    { config: { access: 'site:create' }, schema: { tags: ['sites'], summary: 'Create a site', security: staffSecurity, body: SiteCreate, response: { 201: Site, ...errors(400, 401, 403) } } },
    async (request, reply) => {
      const body = request.body;
      if (!isValidTimeZone(body.timezone)) {
        throw new HttpError(400, 'invalid_timezone', `Unknown IANA time zone ${body.timezone}`, { path: '/body/timezone' });
      }
      const site = await app.siteRepository.create({
        name: body.name,
        lat: body.lat,
        lon: body.lon,
        timezone: body.timezone,
        geofenceRadiusM: body.geofenceRadiusM ?? app.config.tracking.defaultGeofenceRadiusM,
        roadFactor: body.roadFactor ?? app.config.tracking.defaultRoadFactor,
        docks: body.docks ?? [],
      });
      await app.audit(request, { action: 'site:create', resourceType: 'site', resourceId: site.id });
      return reply.code(201).header('location', `/api/v1/sites/${site.id}`).send(site);
    },
  );

  app.get(
    '/sites',
    {
      config: { access: 'site:list' },
      schema: { tags: ['sites'], summary: 'List sites', description: "The caller's sites: partners see the sites their shipments go to.", security: staffSecurity, response: { 200: SiteList, ...errors(401, 403) } },
    },
    async (request) => ({ sites: await app.siteRepository.list(listScope(staffOf(request))) }),
  );

  app.get(
    '/sites/:id',
    { config: { access: 'site:read' }, schema: { tags: ['sites'], summary: 'Get a site', security: staffSecurity, params: IdParams, response: { 200: Site, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      return app.scopedSite(request, 'site:read', request.params.id);
    },
  );

  app.get(
    '/sites/:id/board',
    {
      config: { access: 'board:read' },
      schema: {
        tags: ['board'],
        summary: "A site's live inbound board",
        description: 'Every active inbound shipment of the site, by window start, and the partners whose loyalty tier earns their loads priority at the dock. Clients reload it after reconnecting or on a version gap.',
        security: staffSecurity,
        params: IdParams,
        response: { 200: Board, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const at = new Date().toISOString();
      const site = await app.scopedSite(request, 'board:read', request.params.id);
      const { priority, oneTapReceipt } = await app.scorecards.benefitPartnersAt(site.id);
      return { site, shipments: await app.shipmentRepository.activeForSite(site.id), at, priority, oneTapReceipt };
    },
  );
};

export default sites;
