import { ApiToken, ApiTokenCreate, ApiTokenCreated, ApiTokenList, IdParams } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../access/policy';
import { generateToken, hashToken } from '../auth/tokens';
import { HttpError, notFound } from '../errors';
import { checkedScope } from './users';
import { errors, staffSecurity } from './schemas';

const tags = ['tokens'];

const tokens: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/tokens',
    {
      config: { access: 'token:manage' },
      schema: {
        tags,
        summary: 'Issue an API token',
        description:
          'For integrations and wall screens: a role with its bindings, optionally expiring. A viewer token with one site opens that board from `/?site=<id>&token=<token>`. The token is shown only in this answer; it is stored hashed.',
        security: staffSecurity,
        body: ApiTokenCreate,
        response: { 201: ApiTokenCreated, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { name, role, carrierId = null, supplier = null, siteIds = null, expiresAt } = request.body;
      const expires = expiresAt ? new Date(expiresAt) : null;
      if (expires && expires.getTime() <= Date.now()) throw new HttpError(400, 'invalid_expiry', 'expiresAt must be in the future');
      const scope = await checkedScope(app, { role, carrierId, supplier, siteIds });
      const token = generateToken('dwt');
      const created = await app.apiTokenRepository.create({ name, ...scope, tokenHash: hashToken(token), expiresAt: expires, createdBy: actorOf(request.principal) });
      await app.audit(request, { action: 'token:create', resourceType: 'token', resourceId: created.id, details: { name, ...scope } });
      return reply.code(201).send({ ...created, token });
    },
  );

  app.get(
    '/tokens',
    { config: { access: 'token:manage' }, schema: { tags, summary: 'List API tokens', description: 'With when each was last used.', security: staffSecurity, response: { 200: ApiTokenList, ...errors(401, 403) } } },
    async () => ({ tokens: await app.apiTokenRepository.list() }),
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: 'token:manage' },
      schema: {
        tags,
        summary: 'Revoke an API token',
        description: 'Refused from the next request on; its live connections close on every instance.',
        security: staffSecurity,
        params: IdParams,
        response: { 200: ApiToken, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const revoked = await app.apiTokenRepository.revoke(request.params.id, new Date());
      if (!revoked) throw notFound('Token', request.params.id);
      app.publishCommitted([{ type: 'access:revoked', identity: `token:${revoked.id}` }]);
      await app.audit(request, { action: 'token:revoke', resourceType: 'token', resourceId: revoked.id });
      return revoked;
    },
  );
};

export default tokens;
