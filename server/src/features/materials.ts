import {
  CoverageList,
  CoverageQuery,
  Demand,
  DemandInput,
  DiscrepancyList,
  DiscrepancyQuery,
  IdParams,
  ImportQuery,
  ImportSummary,
  Material,
  MaterialCreate,
  MaterialList,
  MaterialPatch,
  PartCoverList,
  Projection,
  ProjectionQuery,
  StockCountInput,
} from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Material as MaterialRecord } from '@dockwatch/shared';
import type { Action } from '../access/policy';
import { uniqueViolation } from '../db/errors';
import { HttpError, notFound } from '../errors';
import { planImport } from '../materials/imports';
import { demandProblems, stockProblems, type Problem } from '../materials/validate';
import { errors, staffSecurity } from './schemas';

const tags = ['materials'];
/** An import file: a few MB of CSV or EDIFACT is years of demand for thousands of parts. */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;
const IMPORT_TYPES = ['text/csv', 'application/edifact', 'application/edi-edifact', 'application/octet-stream'];

/** Materials, their stock and demand, and the coverage planners read from them. */
const materialsFeature: FastifyPluginAsyncTypebox = async (app) => {
  const material = async (request: FastifyRequest, action: Action, id: string) => {
    const found = await app.materialRepository.get(id);
    if (!found) throw notFound('Material', id);
    app.authorize(request, action, { type: 'site', id: found.siteId }, 'Material');
    return found;
  };

  /** Shortage alerts follow a change of stock, demand or safety stock at once (the sweep catches the clock). */
  const reevaluate = async (siteId: string, skus?: readonly string[]) => {
    try {
      if (skus) await app.shortages.evaluateParts(siteId, skus);
      else await app.shortages.evaluateSite(siteId);
    } catch (err) {
      // The write is committed; the next sweep evaluates it.
      app.log.warn({ err, siteId }, 'shortage evaluation after a material change failed; the sweep retries');
    }
  };

  app.get(
    '/sites/:id/materials',
    { config: { access: 'material:read' }, schema: { tags, summary: "A site's materials", security: staffSecurity, params: IdParams, response: { 200: MaterialList, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const s = await app.scopedSite(request, 'material:read', request.params.id);
      return { materials: await app.materialRepository.list(s.id) };
    },
  );

  app.post(
    '/sites/:id/materials',
    {
      config: { access: 'material:write' },
      schema: {
        tags,
        summary: 'Add a material to a site',
        description: 'A part number (the `sku` of shipment line items) with its unit, safety stock (a quantity, or hours of demand), suppliers and line. 409 when the site has the part number already.',
        security: staffSecurity,
        params: IdParams,
        body: MaterialCreate,
        response: { 201: Material, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const s = await app.scopedSite(request, 'material:write', request.params.id);
      const created = await app.db
        .transaction((tx) => app.materialRepository.create(tx, s.id, request.body, new Date(app.clock())))
        .catch((error: unknown) => {
          if (uniqueViolation(error) !== null) throw new HttpError(409, 'duplicate_sku', `Site ${s.id} already has material ${request.body.sku}`);
          throw error;
        });
      await app.audit(request, { action: 'material:create', resourceType: 'material', resourceId: created.id, details: { sku: created.sku } });
      await reevaluate(s.id, [created.sku]);
      return reply.code(201).header('location', `/api/v1/materials/${created.id}`).send(created);
    },
  );

  app.get(
    '/materials/:id',
    { config: { access: 'material:read' }, schema: { tags, summary: 'Get a material', security: staffSecurity, params: IdParams, response: { 200: Material, ...errors(400, 401, 403, 404) } } },
    async (request) => material(request, 'material:read', request.params.id),
  );

  app.patch(
    '/materials/:id',
    {
      config: { access: 'material:write' },
      schema: { tags, summary: 'Change a material', security: staffSecurity, params: IdParams, body: MaterialPatch, response: { 200: Material, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const m = await material(request, 'material:write', request.params.id);
      const updated = await app.db.transaction((tx) => app.materialRepository.patch(tx, m.id, request.body, new Date(app.clock())));
      await app.audit(request, { action: 'material:update', resourceType: 'material', resourceId: m.id, details: { fields: Object.keys(request.body) } });
      await reevaluate(m.siteId, [m.sku]);
      return updated!;
    },
  );

  app.put(
    '/materials/:id/stock',
    {
      config: { access: 'material:write' },
      schema: {
        tags,
        summary: 'Set stock on hand as counted',
        description: 'The quantity on hand at `countedAt` (not in the future). Receipts after it add to it and demand since consumes it.',
        security: staffSecurity,
        params: IdParams,
        body: StockCountInput,
        response: { 200: Material, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const m = await material(request, 'material:write', request.params.id);
      const now = app.clock();
      const problems = stockProblems(request.body, now, app.config.tracking.maxFutureSkewMs);
      if (problems.length > 0) throw new HttpError(400, 'invalid_stock', problems[0]!.message, { problems });
      const updated = await app.db.transaction((tx) => app.materialRepository.setStock(tx, m.id, request.body.quantity, new Date(request.body.countedAt), new Date(now)));
      await app.audit(request, { action: 'material:stock', resourceType: 'material', resourceId: m.id, details: request.body });
      await reevaluate(m.siteId, [m.sku]);
      return updated!;
    },
  );

  app.get(
    '/materials/:id/demand',
    { config: { access: 'material:read' }, schema: { tags, summary: "A material's demand plan", security: staffSecurity, params: IdParams, response: { 200: Demand, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const m = await material(request, 'material:read', request.params.id);
      const buckets = (await app.materialRepository.demandOf([m.id], new Date(0))).get(m.id)!;
      return { materialId: m.id, buckets: buckets.map((b) => ({ from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString(), quantity: b.quantity })) };
    },
  );

  app.put(
    '/materials/:id/demand',
    {
      config: { access: 'material:write' },
      schema: {
        tags,
        summary: "Replace a material's demand plan",
        description: 'The line’s planned consumption as buckets `{from, to, quantity}` (hourly or daily), used evenly over each bucket. Buckets must not overlap; a bad plan answers 400 with every problem and changes nothing.',
        security: staffSecurity,
        params: IdParams,
        body: DemandInput,
        response: { 200: Demand, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const m = await material(request, 'material:write', request.params.id);
      const problems = demandProblems(request.body.buckets);
      if (problems.length > 0) throw new HttpError(400, 'invalid_demand', `${problems.length} problem(s) in the demand plan; nothing was changed`, { problems });
      const buckets = request.body.buckets.map((b) => ({ from: Date.parse(b.from), to: Date.parse(b.to), quantity: b.quantity }));
      await app.db.transaction((tx) => app.materialRepository.replaceDemand(tx, m.id, buckets, new Date(app.clock())));
      await app.audit(request, { action: 'material:demand', resourceType: 'material', resourceId: m.id, details: { buckets: buckets.length } });
      app.publishCommitted([{ type: 'demand:updated', update: { siteId: m.siteId, materialId: m.id, sku: m.sku }, suppliers: m.suppliers }]);
      await reevaluate(m.siteId, [m.sku]);
      return { materialId: m.id, buckets: [...request.body.buckets].sort((a, b) => Date.parse(a.from) - Date.parse(b.from)) };
    },
  );

  // Import files come as they are exported: CSV or EDIFACT text (text/plain is Fastify's own).
  app.addContentTypeParser(IMPORT_TYPES, { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/sites/:id/imports',
    {
      config: { access: 'material:write' },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Import materials, stock or demand (CSV), or a DELFOR delivery schedule (EDIFACT)',
        description:
          'The file as the body (`text/csv`, `text/plain` or `application/edifact`). CSV with a header: materials `sku,description,unit,safety_stock,safety_stock_hours,suppliers,line` (suppliers separated by `;`), stock `sku,quantity,counted_at`, demand `sku,from,to,quantity` (times ISO-8601, or `YYYY-MM-DD HH:MM` in the site’s time zone; a demand file replaces the plan of each part it names). DELFOR: each LIN’s QTY+113 over its DTM+2 date (or DTM+158…159 period) becomes that part’s demand plan. The whole file is checked first: a bad one answers 400 with every problem (line or segment numbers) and changes nothing.',
        security: staffSecurity,
        params: IdParams,
        querystring: ImportQuery,
        body: { type: 'string', description: 'The file.' },
        response: { 200: ImportSummary, ...errors(400, 401, 403, 404, 413) },
      },
    },
    async (request) => {
      const s = await app.scopedSite(request, 'material:write', request.params.id);
      const text = request.body as string;
      const result = planImport(text, request.query.kind ?? null, s.timezone);
      const refuse = (problems: Problem[]): never => {
        throw new HttpError(400, 'invalid_import', `${problems.length} problem(s) in the file; nothing was imported. First: ${problems[0]!.path}: ${problems[0]!.message}`, { problems: problems.slice(0, 500) });
      };
      if (!result.ok) return refuse(result.problems);
      const { plan } = result;
      const now = new Date(app.clock());
      // Checked before anything is written: a count from the future (the clock's skew allowed) is no count.
      if (plan.kind === 'stock') {
        const future = plan.counts.filter((c) => c.countedAt > now.getTime() + app.config.tracking.maxFutureSkewMs);
        if (future.length > 0) refuse(future.map((c) => ({ path: 'file', message: `${c.sku}: counted_at ${new Date(c.countedAt).toISOString()} is in the future` })));
      }
      const demandChanged: MaterialRecord[] = [];
      const summary = await app.db.transaction(async (tx) => {
        if (plan.kind === 'materials') {
          for (const m of plan.materials) await app.materialRepository.upsert(tx, s.id, m, now);
          return { kind: plan.kind, materials: plan.materials.length, buckets: 0 };
        }
        const skus = plan.kind === 'stock' ? plan.counts.map((c) => c.sku) : [...plan.plans.keys()];
        const known = new Map((await app.materialRepository.bySku(tx, s.id, skus)).map((m) => [m.sku, m]));
        const unknown = skus.filter((sku) => !known.has(sku));
        if (unknown.length > 0) refuse(unknown.map((sku) => ({ path: 'file', message: `no material ${sku} at this site (add it, or import a materials file first)` })));
        if (plan.kind === 'stock') {
          for (const c of plan.counts) await app.materialRepository.setStock(tx, known.get(c.sku)!.id, c.quantity, new Date(c.countedAt), now);
          return { kind: plan.kind, materials: plan.counts.length, buckets: 0 };
        }
        let buckets = 0;
        for (const [sku, plan_] of plan.plans) {
          await app.materialRepository.replaceDemand(tx, known.get(sku)!.id, plan_, now);
          demandChanged.push(known.get(sku)!);
          buckets += plan_.length;
        }
        return { kind: plan.kind, materials: plan.plans.size, buckets };
      });
      await app.audit(request, { action: 'material:import', resourceType: 'site', resourceId: s.id, details: summary });
      if (demandChanged.length > 0) app.publishCommitted(demandChanged.map((m) => ({ type: 'demand:updated' as const, update: { siteId: s.id, materialId: m.id, sku: m.sku }, suppliers: m.suppliers })));
      await reevaluate(s.id);
      return summary;
    },
  );

  app.get(
    '/sites/:id/coverage',
    {
      config: { access: 'material:read' },
      schema: {
        tags,
        summary: 'Material coverage of a site',
        description:
          'Per material: stock on hand now, hours of cover and run-out time on the expected line (inbound at their ETA), run-out on the pessimistic line (at the late edge of their ETA band), status (critical: the pessimistic line runs out within the horizon; warning: it goes below safety stock) and the inbound shipments that carry it. Least covered first.',
        security: staffSecurity,
        params: IdParams,
        querystring: CoverageQuery,
        response: { 200: CoverageList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const s = await app.scopedSite(request, 'material:read', request.params.id);
      return app.coverage.forSite(s.id, app.clock(), request.query);
    },
  );

  app.get(
    '/sites/:id/coverage/parts',
    {
      config: { access: 'material:read' },
      schema: {
        tags,
        summary: "The cover of a site's parts, as last evaluated",
        description:
          'Per evaluated material: status and run-out times as of its last evaluation, and the shipments whose lateness makes it run out. Kept as shipments, stock and demand change and as the clock moves; cheap enough for every board to load, and pushed to the site room as `coverage:updated`.',
        security: staffSecurity,
        params: IdParams,
        response: { 200: PartCoverList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const s = await app.scopedSite(request, 'material:read', request.params.id);
      return { siteId: s.id, parts: await app.materialRepository.partCovers(s.id) };
    },
  );

  app.get(
    '/sites/:id/receipts/discrepancies',
    {
      config: { access: 'material:read' },
      schema: {
        tags,
        summary: 'Received quantities that differ from the notice',
        description:
          'Lines of the site’s receipts (undone ones left out) whose counted quantity differs from the advance shipping notice, newest first, for the last `days` (default 7, at most 90; at most 500 lines). Stock was booked at the counted quantity.',
        security: staffSecurity,
        params: IdParams,
        querystring: DiscrepancyQuery,
        response: { 200: DiscrepancyList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const s = await app.scopedSite(request, 'material:read', request.params.id);
      const since = new Date(app.clock() - (request.query.days ?? 7) * 86_400_000);
      return { siteId: s.id, since: since.toISOString(), discrepancies: await app.receiptRepository.discrepancies(s.id, since) };
    },
  );

  app.get(
    '/materials/:id/projection',
    {
      config: { access: 'material:read' },
      schema: {
        tags,
        summary: "A material's projected stock",
        description: 'Projected stock from now over `hours` (default 48, at most 4 weeks) on three lines: optimistic (inbound at the early edge of their ETA band), expected (at their ETA) and pessimistic (at the late edge); each delivery is a step (two points at one time). With the safety stock level and the coverage.',
        security: staffSecurity,
        params: IdParams,
        querystring: ProjectionQuery,
        response: { 200: Projection, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const m = await material(request, 'material:read', request.params.id);
      return app.coverage.projection(m, app.clock(), request.query.hours ?? 48);
    },
  );
};

export default materialsFeature;
