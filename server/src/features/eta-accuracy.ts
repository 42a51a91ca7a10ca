import { ACCURACY_LEAD_MINUTES, ACCURACY_PERIOD_DAYS, EtaAccuracy, etaAccuracy, IdParams } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, staffSecurity } from './schemas';

const MIN = 60_000;
const DAY = 86_400_000;
const LONGEST_PERIOD_DAYS = Math.max(...Object.values(ACCURACY_PERIOD_DAYS));

/** How far off a site's ETAs were on its completed arrivals, for the planners who rely on them. */
const etaAccuracyFeature: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sites/:id/eta-accuracy',
    {
      config: { access: 'site:read' },
      schema: {
        tags: ['sites'],
        summary: "How accurate a site's ETAs were",
        description:
          'For the arrivals of the last 7 and 30 days, the ETA error at 120, 60, 30 and 15 min before the actual arrival: how many arrivals had an ETA then (`n`), the median and 90th percentile of the absolute error in minutes, and the share within ±15 min.',
        security: staffSecurity,
        params: IdParams,
        response: { 200: EtaAccuracy, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const now = app.clock();
      const site = await app.scopedSite(request, 'site:read', request.params.id);
      const arrivals = await app.etaAccuracyRepository.arrivalsWithEtaHistory(site.id, new Date(now - LONGEST_PERIOD_DAYS * DAY), new Date(now), {
        shortestMs: Math.min(...ACCURACY_LEAD_MINUTES) * MIN,
        longestMs: Math.max(...ACCURACY_LEAD_MINUTES) * MIN,
      });
      const over = (days: number) => etaAccuracy(arrivals.filter((a) => a.arrivedAt >= now - days * DAY)) as EtaAccuracy['periods']['7d'];
      return { siteId: site.id, generatedAt: new Date(now).toISOString(), periods: { '7d': over(ACCURACY_PERIOD_DAYS['7d']), '30d': over(ACCURACY_PERIOD_DAYS['30d']) } };
    },
  );
};

export default etaAccuracyFeature;
