import { AsnRules, AsnRulesPut, asnRuleProblem, IdParams, Shipment, SupplierAsnSites, SupplierShipmentCreate } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HttpError, notFound } from '../errors';
import { staffOf } from '../plugins/auth';
import { errors, staffSecurity } from './schemas';

const tags = ['advance shipping notices'];

/**
 * Suppliers announce their own loads (advance shipping notices) within the rules a site's
 * planners set: which suppliers, to which docks, how far ahead. The plant sees a notice the
 * moment it is made: it is a shipment like any other, on the board live.
 */
const asnFeature: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sites/:id/asn-rules',
    {
      config: { access: 'asn-rules:read' },
      schema: { tags, summary: "A site's rules for suppliers' own notices", description: 'A site without rules takes no supplier’s notice (`suppliers` empty).', security: staffSecurity, params: IdParams, response: { 200: AsnRules, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const site = await app.scopedSite(request, 'asn-rules:read', request.params.id);
      return app.asnRuleRepository.get(site.id);
    },
  );

  app.put(
    '/sites/:id/asn-rules',
    {
      config: { access: 'asn-rules:write' },
      schema: {
        tags,
        summary: "Set a site's rules for suppliers' own notices",
        description: 'Replaces them. 400 `unknown_dock` for a dock the site does not have (when it lists its docks).',
        security: staffSecurity,
        params: IdParams,
        body: AsnRulesPut,
        response: { 200: AsnRules, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const site = await app.scopedSite(request, 'asn-rules:write', request.params.id);
      const unknown = site.docks.length > 0 ? request.body.docks.filter((d) => !site.docks.includes(d)) : [];
      if (unknown.length > 0) throw new HttpError(400, 'unknown_dock', `Site ${site.name} has no dock ${unknown.join(', ')} (its docks: ${site.docks.join(', ')})`);
      const rules = await app.asnRuleRepository.put(site.id, request.body, new Date(app.clock()));
      await app.audit(request, { action: 'asn-rules:update', resourceType: 'site', resourceId: site.id, details: { suppliers: rules.suppliers.length, docks: rules.docks, minLeadMinutes: rules.minLeadMinutes, maxDaysAhead: rules.maxDaysAhead } });
      return rules;
    },
  );

  app.get(
    '/supplier/asn-sites',
    {
      config: { access: 'asn:create' },
      schema: { tags, summary: 'Where the calling supplier may announce loads', description: 'The sites whose rules name the supplier, with their docks, lead times and the carriers that serve them.', security: staffSecurity, response: { 200: SupplierAsnSites, ...errors(401, 403) } },
    },
    async (request) => {
      const principal = staffOf(request);
      const supplier = principal.supplier!;
      const found = await app.asnRuleRepository.sitesFor(supplier, principal.siteIds);
      const sites = await Promise.all(
        found.map(async ({ site, rules }) => ({
          siteId: site.id,
          siteName: site.name,
          timeZone: site.timezone,
          docks: rules.docks.length > 0 ? rules.docks : site.docks,
          minLeadMinutes: rules.minLeadMinutes,
          maxDaysAhead: rules.maxDaysAhead,
          carriers: await app.asnRuleRepository.carriersAt(site.id),
        })),
      );
      return { supplier, sites };
    },
  );

  app.post(
    '/supplier/shipments',
    {
      config: { access: 'asn:create' },
      schema: {
        tags,
        summary: 'Announce a load (a supplier’s advance shipping notice)',
        description:
          'Creates the shipment for the calling supplier at a site whose rules name it (404 for any other site). 400 `dock_not_allowed`, `window_too_soon` or `window_too_far` when it breaks the rules, `invalid_window` for an end before the start; 409 `duplicate_reference`. The plant’s board shows it at once.',
        security: staffSecurity,
        body: SupplierShipmentCreate,
        response: { 201: Shipment, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const principal = staffOf(request);
      const supplier = principal.supplier!;
      const { siteId } = request.body;
      const allowed = (await app.asnRuleRepository.sitesFor(supplier, principal.siteIds)).find((s) => s.site.id === siteId);
      if (!allowed) throw notFound('Site', siteId);
      const problem = asnRuleProblem(allowed.rules, request.body, app.clock());
      if (problem) throw new HttpError(400, problem.code, `${problem.message} (site ${allowed.site.name})`);
      const shipment = await app.tracking.createShipment({ ...request.body, supplier });
      await app.audit(request, { action: 'shipment:create', resourceType: 'shipment', resourceId: shipment.id, details: { reference: shipment.reference, announcedBy: 'supplier' } });
      return reply.code(201).header('location', `/api/v1/shipments/${shipment.id}`).send(shipment);
    },
  );
};

export default asnFeature;
