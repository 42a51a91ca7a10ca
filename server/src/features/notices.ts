import { DisruptionNotice, IdParams, NoticeCreate, NoticeList, NoticeQuery, NoticeReplyCreate, noticeTimeProblem, type NoticePartner } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { actorOf, decide, listScope, noticeResource, type StaffPrincipal } from '../access/policy';
import { HttpError, notFound } from '../errors';
import type { NoticeSpeaker, StoredNotice } from '../repositories/notices';
import { errors, staffSecurity } from './schemas';

const tags = ['notices'];

const speakerOf = (p: StaffPrincipal): NoticeSpeaker => ({
  side: p.role === 'carrier' ? 'carrier' : p.role === 'supplier' ? 'supplier' : 'plant',
  name: p.name,
  actor: actorOf(p),
});

/**
 * Disruption notices both ways: the plant to one partner, or a partner to the plant's sites.
 * Everyone in scope gets them live (`notice:created`, `notice:updated`); the other side acks and
 * replies, the poster's side closes. A partner's notice is also sent as the `notice.created`
 * webhook of each of its sites.
 */
const noticesFeature: FastifyPluginAsyncTypebox = async (app) => {
  const principal = (request: FastifyRequest) => request.principal as StaffPrincipal;
  const scoped = async (request: FastifyRequest, id: string): Promise<StoredNotice> => {
    const found = await app.noticeRepository.get(id);
    if (!found) throw notFound('Notice', id);
    app.authorize(request, 'notice:respond', noticeResource(found.notice), 'Notice');
    return found;
  };

  app.get(
    '/notices',
    {
      config: { access: 'notice:read' },
      schema: { tags, summary: 'Disruption notices in the caller’s scope', description: 'Newest first; filter by `siteId`, `state` and `sku` (a notice naming no material touches every one).', security: staffSecurity, querystring: NoticeQuery, response: { 200: NoticeList, ...errors(400, 401, 403) } },
    },
    async (request) => {
      const p = principal(request);
      const scope = listScope(p);
      const partner = scope.carrierId !== null ? { type: 'carrier' as const, id: scope.carrierId } : scope.supplier !== null ? { type: 'supplier' as const, id: scope.supplier } : null;
      const rows = await app.noticeRepository.list(request.query, partner);
      return { notices: rows.map((r) => r.notice).filter((n) => decide(p, 'notice:read', noticeResource(n)) === 'allow') };
    },
  );

  app.post(
    '/notices',
    {
      config: { access: 'notice:write' },
      schema: {
        tags,
        summary: 'Post a disruption notice',
        description:
          'Plant staff address a `partner` (`{type:"supplier",name}` or `{type:"carrier",id}`); a partner posts for itself. 400 `end_before_start`, `unknown_site` (or not yours), `unknown_carrier`, `partner_required`, `partner_not_allowed`.',
        security: staffSecurity,
        body: NoticeCreate,
        response: { 201: DisruptionNotice, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const p = principal(request);
      const body = request.body;
      const times = noticeTimeProblem(body);
      if (times) throw new HttpError(400, times.code, times.message);
      if (!body.text.trim()) throw new HttpError(400, 'empty_text', 'A notice needs text');
      let partner: NoticePartner;
      if (p.role === 'carrier' || p.role === 'supplier') {
        if (body.partner) throw new HttpError(400, 'partner_not_allowed', 'A partner posts for itself: leave partner out');
        partner = p.role === 'carrier' ? { type: 'carrier', id: p.carrierId! } : { type: 'supplier', name: p.supplier! };
      } else {
        if (!body.partner) throw new HttpError(400, 'partner_required', 'Name the partner the notice is for');
        partner = body.partner;
      }
      for (const siteId of body.siteIds) {
        const site = await app.siteRepository.get(siteId);
        if (!site || (p.siteIds !== null && !p.siteIds.includes(siteId))) throw new HttpError(400, 'unknown_site', `Site ${siteId} does not exist`);
      }
      let partnerName = partner.type === 'supplier' ? partner.name : '';
      if (partner.type === 'carrier') {
        const carrier = await app.carrierRepository.get(partner.id);
        if (!carrier) throw new HttpError(400, 'unknown_carrier', `Carrier ${partner.id} does not exist`);
        partnerName = carrier.name;
      }
      const now = new Date(app.clock());
      const speaker = speakerOf(p);
      const notice = await app.db.transaction(async (tx) => {
        const created = await app.noticeRepository.create({ ...body, partner }, partnerName, speaker, now, tx);
        // What the plant must hear about reaches its systems durably, with the notice.
        if (speaker.side !== 'plant') for (const siteId of created.siteIds) await app.webhookRepository.enqueue(tx, siteId, 'notice.created', created, now);
        return created;
      });
      await app.audit(request, { action: 'notice:create', resourceType: 'notice', resourceId: notice.id, details: { cause: notice.cause, effect: notice.effect, partner } });
      app.publishCommitted([{ type: 'notice:created', notice }]);
      return reply.code(201).send(notice);
    },
  );

  app.post(
    '/notices/:id/ack',
    {
      config: { access: 'notice:respond' },
      schema: { tags, summary: 'Acknowledge a notice', description: 'By the other side than the poster’s (409 `own_notice`); once per person, again changes nothing.', security: staffSecurity, params: IdParams, response: { 200: DisruptionNotice, ...errors(400, 401, 403, 404, 409) } },
    },
    async (request) => {
      const found = await scoped(request, request.params.id);
      const speaker = speakerOf(principal(request));
      if (speaker.side === found.notice.author.side) throw new HttpError(409, 'own_notice', 'Your side posted this notice: the other side acknowledges it');
      const notice = (await app.noticeRepository.ack(found.notice.id, speaker, new Date(app.clock())))!;
      if (notice.version !== found.notice.version) {
        await app.audit(request, { action: 'notice:ack', resourceType: 'notice', resourceId: notice.id });
        app.publishCommitted([{ type: 'notice:updated', notice }]);
      }
      return notice;
    },
  );

  app.post(
    '/notices/:id/replies',
    {
      config: { access: 'notice:respond' },
      schema: { tags, summary: 'Reply to a notice', description: 'Either side, while it is open (409 `notice_closed`).', security: staffSecurity, params: IdParams, body: NoticeReplyCreate, response: { 201: DisruptionNotice, ...errors(400, 401, 403, 404, 409) } },
    },
    async (request, reply) => {
      const found = await scoped(request, request.params.id);
      if (found.notice.state !== 'open') throw new HttpError(409, 'notice_closed', 'The notice is closed');
      if (!request.body.text.trim()) throw new HttpError(400, 'empty_text', 'A reply needs text');
      const notice = (await app.noticeRepository.reply(found.notice.id, request.body.text, speakerOf(principal(request)), new Date(app.clock())))!;
      await app.audit(request, { action: 'notice:reply', resourceType: 'notice', resourceId: notice.id });
      app.publishCommitted([{ type: 'notice:updated', notice }]);
      return reply.code(201).send(notice);
    },
  );

  app.post(
    '/notices/:id/close',
    {
      config: { access: 'notice:respond' },
      schema: { tags, summary: 'Close a notice', description: 'By the poster’s side only (403 `not_poster`); 409 `notice_closed` when it already is.', security: staffSecurity, params: IdParams, response: { 200: DisruptionNotice, ...errors(400, 401, 403, 404, 409) } },
    },
    async (request) => {
      const found = await scoped(request, request.params.id);
      if (speakerOf(principal(request)).side !== found.notice.author.side) throw new HttpError(403, 'not_poster', 'Only the side that posted the notice closes it');
      const notice = await app.noticeRepository.close(found.notice.id, new Date(app.clock()));
      if (!notice) throw new HttpError(409, 'notice_closed', 'The notice is closed');
      await app.audit(request, { action: 'notice:close', resourceType: 'notice', resourceId: notice.id });
      app.publishCommitted([{ type: 'notice:updated', notice }]);
      return notice;
    },
  );
};

export default noticesFeature;
