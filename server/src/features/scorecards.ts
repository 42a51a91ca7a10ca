import { IdParams, Loyalty, LoyaltyConfigSchema, Scorecard, ScorecardQuery, SiteScorecards, SupplierParams, loyaltyProblems } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { HttpError, notFound } from '../errors';
import { staffOf } from '../plugins/auth';
import { errors, staffSecurity } from './schemas';

const tags = ['scorecards'];
const MEASURES_DOC = 'Each measure under `measures` by name (`onTimeShare`, `inFullShare`, `trackedShare`, `medianNoticeMinutes`, `score`, …) as `{value, loads, siteAverage}`; the README defines every one.';

/** Partner scorecards read from the daily rollups, and each site's loyalty programme. */
const scorecardsFeature: FastifyPluginAsyncTypebox = async (app) => {
  /** The sites a caller's figures may come from: its bound sites, narrowed to `siteId` when asked. */
  const sitesFor = (request: FastifyRequest, siteId: string | undefined): string[] | null => {
    const bound = staffOf(request).siteIds;
    if (siteId === undefined) return bound;
    return bound === null || bound.includes(siteId) ? [siteId] : [];
  };

  app.get(
    '/sites/:id/scorecards',
    {
      config: { access: 'scorecard:site' },
      schema: {
        tags,
        summary: "Every partner's scorecard at a site",
        description: `Carriers and suppliers with loads at the site in the period, best score first, each with its tier and a weekly score trend. ${MEASURES_DOC} Staff only.`,
        security: staffSecurity,
        params: IdParams,
        querystring: ScorecardQuery,
        response: { 200: SiteScorecards, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const s = await app.scopedSite(request, 'scorecard:site', request.params.id);
      return app.scorecards.siteScorecards(s.id, request.query.period ?? '30d', app.clock());
    },
  );

  app.get(
    '/scorecards/carriers/:id',
    {
      config: { access: 'scorecard:carrier' },
      schema: {
        tags,
        summary: "A carrier's scorecard",
        description: `Over every site the caller may see (or \`siteId\`), beside those sites' average, with charts by week, its tiers and their changes, and the loads behind the figures. ${MEASURES_DOC} Staff, and the carrier itself for its own.`,
        security: staffSecurity,
        params: IdParams,
        querystring: ScorecardQuery,
        response: { 200: Scorecard, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const carrier = await app.carrierRepository.get(request.params.id);
      if (!carrier) throw notFound('Carrier', request.params.id);
      app.authorize(request, 'scorecard:carrier', { type: 'carrier', id: carrier.id }, 'Carrier');
      return app.scorecards.partnerScorecard({ kind: 'carrier', key: carrier.id, siteIds: sitesFor(request, request.query.siteId) }, request.query.period ?? '30d', app.clock());
    },
  );

  app.get(
    '/scorecards/suppliers/:name',
    {
      config: { access: 'scorecard:supplier' },
      schema: {
        tags,
        summary: "A supplier's scorecard",
        description: `The supplier by its name as on shipments. As for carriers. ${MEASURES_DOC} Staff, and the supplier itself for its own.`,
        security: staffSecurity,
        params: SupplierParams,
        querystring: ScorecardQuery,
        response: { 200: Scorecard, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const name = request.params.name;
      app.authorize(request, 'scorecard:supplier', { type: 'supplier', id: name }, 'Supplier');
      return app.scorecards.partnerScorecard({ kind: 'supplier', key: name, siteIds: sitesFor(request, request.query.siteId) }, request.query.period ?? '30d', app.clock());
    },
  );

  app.get(
    '/sites/:id/loyalty',
    {
      config: { access: 'loyalty:read' },
      schema: { tags, summary: "A site's loyalty programme: tiers, thresholds, margin and benefits", description: 'A site that never set one has the default (gold 90, silver 75, bronze 0; margin 3; 5 loads).', security: staffSecurity, params: IdParams, response: { 200: Loyalty, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const s = await app.scopedSite(request, 'loyalty:read', request.params.id);
      const stored = await app.scorecardRepository.loyalty(s.id);
      return { siteId: s.id, config: stored?.config ?? (await app.scorecards.loyalty(s.id)), updatedAt: stored?.updatedAt.toISOString() ?? null };
    },
  );

  app.put(
    '/sites/:id/loyalty',
    {
      config: { access: 'loyalty:write' },
      schema: {
        tags,
        summary: "Set a site's loyalty programme",
        description: 'Replaces the tiers. Every partner with loads in the last 90 days is evaluated again at once (a change is audited and sent as `partner.tier_changed`). 400 `invalid_loyalty` for duplicate tier names or thresholds.',
        security: staffSecurity,
        params: IdParams,
        body: LoyaltyConfigSchema,
        response: { 200: Loyalty, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const s = await app.scopedSite(request, 'loyalty:write', request.params.id);
      const problems = loyaltyProblems(request.body);
      if (problems.length > 0) throw new HttpError(400, 'invalid_loyalty', problems[0]!, { problems });
      const now = new Date(app.clock());
      const changes = await app.db.transaction(async (tx) => {
        await app.scorecardRepository.saveLoyalty(tx, s.id, request.body, now);
        return app.scorecards.reevaluateSite(tx, s.id, request.body, now);
      });
      if (changes.length > 0 && app.hasDecorator('webhookWorker')) app.webhookWorker.nudge();
      await app.audit(request, { action: 'loyalty:update', resourceType: 'site', resourceId: s.id, details: { tiers: request.body.tiers.map((t) => `${t.name}≥${t.minScore}`), marginPoints: request.body.marginPoints, changes: changes.length } });
      return { siteId: s.id, config: request.body, updatedAt: now.toISOString() };
    },
  );
};

export default scorecardsFeature;
