import {
  DemandSharingList,
  DemandSharingUpdate,
  IdParams,
  SupplierDemand,
  SupplierDemandExportQuery,
  SupplierDemandQuery,
  writeDelfor,
  type Site,
} from '@dockwatch/shared';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { listScope, type Action, type StaffPrincipal } from '../access/policy';
import { HttpError, notFound } from '../errors';
import { SupplierDemandService } from '../materials/supplier-demand';
import { errors, staffSecurity } from './schemas';

const tags = ['supplier demand'];

/** A CSV field, quoted when it has to be. */
const csvField = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * The supplier's view of the plant's demand (after Catena-X short-term material demand): the
 * demand per day for the parts it delivers, and what the plant shares of its stock and cover.
 */
const supplierDemandFeature: FastifyPluginAsyncTypebox = async (app) => {
  const service = new SupplierDemandService({ materials: app.materialRepository, shipments: app.shipmentRepository, sharing: app.demandSharingRepository, coverage: app.coverage });

  /** The site and supplier asked about: a supplier is always itself; staff name whom they preview. */
  const scope = async (request: FastifyRequest, action: Action, query: { siteId: string; supplier?: string }): Promise<{ site: Site; supplier: string }> => {
    const principal = request.principal as StaffPrincipal;
    const supplier = principal.role === 'supplier' ? principal.supplier! : query.supplier;
    const site = await app.siteRepository.get(query.siteId);
    if (!site) throw notFound('Site', query.siteId);
    app.authorize(request, action, { type: 'supplier', id: query.supplier ?? supplier ?? '', siteId: site.id }, 'Site');
    if (supplier === undefined) throw new HttpError(400, 'supplier_required', 'Name the supplier whose view to preview (`supplier`)');
    return { site, supplier };
  };
  /**
   * A supplier with no part at the site and no load to it is told the site does not exist, as
   * for any foreign id; a site it delivers to (a site of its portal) answers with no parts.
   */
  const load = async (request: FastifyRequest, action: Action, query: { siteId: string; supplier?: string }) => {
    const { site, supplier } = await scope(request, action, query);
    const list = await service.materialsOf(site.id, supplier);
    const principal = request.principal as StaffPrincipal;
    if (list.length === 0 && principal.role === 'supplier' && !(await app.siteRepository.list(listScope(principal))).some((s) => s.id === site.id)) throw notFound('Site', site.id);
    return service.view(site, supplier, list, app.clock());
  };

  app.get(
    '/sites/:id/demand-sharing',
    { config: { access: 'demand-sharing:manage' }, schema: { tags, summary: 'What the site shares with each supplier', description: 'Per supplier and material, whether its stock, days of cover, status and shortage risk are shared (no entry: not shared).', security: staffSecurity, params: IdParams, response: { 200: DemandSharingList, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const site = await app.scopedSite(request, 'demand-sharing:manage', request.params.id);
      return { siteId: site.id, entries: await app.demandSharingRepository.list(site.id) };
    },
  );

  app.put(
    '/sites/:id/demand-sharing',
    {
      config: { access: 'demand-sharing:manage' },
      schema: {
        tags,
        summary: 'Share (or stop sharing) materials with suppliers',
        description: 'Entries `{supplier, materialId, share}`; each material must be the site’s and list the supplier (400 `invalid_sharing` otherwise, and nothing changes). Answers the whole list.',
        security: staffSecurity,
        params: IdParams,
        body: DemandSharingUpdate,
        response: { 200: DemandSharingList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const site = await app.scopedSite(request, 'demand-sharing:manage', request.params.id);
      const materials = new Map((await app.materialRepository.list(site.id)).map((m) => [m.id, m]));
      const problems = request.body.entries.flatMap((e, i) => {
        const m = materials.get(e.materialId);
        if (!m) return [{ path: `entries/${i}/materialId`, message: `no material ${e.materialId} at this site` }];
        if (!m.suppliers.includes(e.supplier)) return [{ path: `entries/${i}/supplier`, message: `${m.sku} is not supplied by ${e.supplier}` }];
        return [];
      });
      if (problems.length > 0) throw new HttpError(400, 'invalid_sharing', `${problems.length} problem(s); nothing was changed. First: ${problems[0]!.message}`, { problems });
      await app.db.transaction((tx) => app.demandSharingRepository.set(tx, site.id, request.body.entries, new Date(app.clock())));
      await app.audit(request, { action: 'demand-sharing:update', resourceType: 'site', resourceId: site.id, details: { entries: request.body.entries } });
      return { siteId: site.id, entries: await app.demandSharingRepository.list(site.id) };
    },
  );

  app.get(
    '/supplier/demand',
    {
      config: { access: 'supplier-demand:read' },
      schema: {
        tags,
        summary: "A supplier's view of the plant's demand",
        description:
          'For the parts the supplier delivers to the site: demand per day (site time zone) for the next 4 weeks, each day with `previousQuantity` where it moved since the supplier last marked the demand seen; where the plant shares it, stock on hand, days of cover, status and shortage risk; and the supplier’s inbound loads with ETA and band. Staff preview a supplier with `supplier`. 404 for a site where the supplier has neither a part nor a load.',
        security: staffSecurity,
        querystring: SupplierDemandQuery,
        response: { 200: SupplierDemand, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => load(request, 'supplier-demand:read', request.query),
  );

  app.get(
    '/supplier/demand/export',
    {
      config: { access: 'supplier-demand:read' },
      schema: {
        tags,
        summary: "The supplier's demand as CSV or EDIFACT DELFOR",
        description: '`format=csv` (default): `sku,description,unit,date,quantity,previous_quantity`. `format=delfor`: a DELFOR D:96A delivery schedule, QTY+113 with DTM+2 per day with demand.',
        security: staffSecurity,
        querystring: SupplierDemandExportQuery,
        response: { 200: Type.String(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { format = 'csv', ...query } = request.query;
      const view = await load(request, 'supplier-demand:read', query);
      const name = `demand-${view.siteName.replace(/[^A-Za-z0-9]+/g, '-')}-${view.dates[0]}`;
      if (format === 'delfor') {
        const text = writeDelfor({
          sender: view.siteName,
          recipient: view.supplier,
          reference: `D${Date.parse(view.generatedAt).toString(36).toUpperCase()}`,
          preparedAt: Date.parse(view.generatedAt),
          lines: view.materials.map((m) => ({ sku: m.sku, description: m.description, days: m.days })),
        });
        return reply.type('application/edifact').header('content-disposition', `attachment; filename="${name}.edi"`).send(text);
      }
      const rows = [['sku', 'description', 'unit', 'date', 'quantity', 'previous_quantity'].join(',')];
      for (const m of view.materials) for (const d of m.days) rows.push([m.sku, m.description, m.unit, d.date, d.quantity, d.previousQuantity].map(csvField).join(','));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(`${rows.join('\r\n')}\r\n`);
    },
  );

  app.post(
    '/supplier/demand/seen',
    {
      config: { access: 'supplier-demand:seen' },
      schema: {
        tags,
        summary: 'Mark the demand seen',
        description: 'Remembers today’s daily quantities of every part of the supplier at the site: later changes show as `previousQuantity`.',
        security: staffSecurity,
        querystring: SupplierDemandQuery,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const view = await load(request, 'supplier-demand:seen', request.query);
      await app.demandSharingRepository.markSeen(
        view.supplier,
        view.materials.map((m) => ({ materialId: m.materialId, days: Object.fromEntries(m.days.map((d) => [d.date, d.quantity])) })),
        new Date(app.clock()),
      );
      return reply.code(204).send(null);
    },
  );
};

export default supplierDemandFeature;
