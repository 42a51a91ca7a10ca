import { IdParams, User, UserCreate, UserList, UserPatch, type Scope } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { bindingProblem } from '../access/policy';
import { hashPassword } from '../auth/passwords';
import { HttpError, notFound } from '../errors';
import { toUser } from '../repositories/users';
import { errors, staffSecurity } from './schemas';

const tags = ['users'];

/** A role with its bindings, checked: the carrier must exist and the bindings fit the role. */
export async function checkedScope(app: FastifyInstance, scope: Scope): Promise<Scope> {
  const problem = bindingProblem(scope);
  if (problem) throw new HttpError(400, 'invalid_binding', problem);
  if (scope.carrierId !== null && !(await app.carrierRepository.get(scope.carrierId))) throw notFound('Carrier', scope.carrierId);
  for (const siteId of scope.siteIds ?? []) if (!(await app.siteRepository.get(siteId))) throw notFound('Site', siteId);
  return scope;
}

const users: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/users',
    {
      config: { access: 'user:manage' },
      schema: {
        tags,
        summary: 'Create a user',
        description: 'Carriers need carrierId, suppliers supplier, clerks siteIds. 409 when the email is taken.',
        security: staffSecurity,
        body: UserCreate,
        response: { 201: User, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { email, password, role, carrierId = null, supplier = null, siteIds = null } = request.body;
      const scope = await checkedScope(app, { role, carrierId, supplier, siteIds });
      const user = await app.userRepository.create({ email, passwordHash: await hashPassword(password), ...scope });
      if (!user) throw new HttpError(409, 'email_taken', `A user with email ${email} exists`);
      await app.audit(request, { action: 'user:create', resourceType: 'user', resourceId: user.id, details: { email: user.email, ...scope } });
      return reply.code(201).header('location', `/api/v1/users/${user.id}`).send(user);
    },
  );

  app.get(
    '/users',
    { config: { access: 'user:manage' }, schema: { tags, summary: 'List users', security: staffSecurity, response: { 200: UserList, ...errors(401, 403) } } },
    async () => ({ users: await app.userRepository.list() }),
  );

  app.get(
    '/users/:id',
    { config: { access: 'user:manage' }, schema: { tags, summary: 'Get a user', security: staffSecurity, params: IdParams, response: { 200: User, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const user = await app.userRepository.get(request.params.id);
      if (!user) throw notFound('User', request.params.id);
      return toUser(user);
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'user:manage' },
      schema: {
        tags,
        summary: 'Disable, re-enable, reset the password or change the role of a user',
        description: 'Disabling or changing the role ends the user\'s sessions and live connections on every instance at once.',
        security: staffSecurity,
        params: IdParams,
        body: UserPatch,
        response: { 200: User, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const existing = await app.userRepository.get(id);
      if (!existing) throw notFound('User', id);
      const { disabled, password, ...binding } = request.body;
      // An admin who locks themselves out (or demotes themselves) may leave the site with no admin.
      const self = request.principal?.kind === 'user' && request.principal.id === id;
      if (self && (disabled === true || (binding.role !== undefined && binding.role !== 'admin'))) {
        throw new HttpError(409, 'self_protected', 'An admin cannot disable or demote their own account');
      }
      const scopeChanged = Object.keys(binding).length > 0;
      const scope = scopeChanged
        ? await checkedScope(app, {
            role: binding.role ?? existing.role,
            carrierId: binding.carrierId !== undefined ? binding.carrierId : existing.carrierId,
            supplier: binding.supplier !== undefined ? binding.supplier : existing.supplier,
            siteIds: binding.siteIds !== undefined ? binding.siteIds : (existing.siteIds ?? null),
          })
        : undefined;
      const now = new Date();
      const updated = await app.userRepository.update(id, { disabled, scope, ...(password ? { passwordHash: await hashPassword(password) } : {}) }, now);
      if (disabled === true || password !== undefined) await app.userRepository.revokeSessionsOf(id, now);
      if (disabled === true || scopeChanged || password !== undefined) app.publishCommitted([{ type: 'access:revoked', identity: `user:${id}` }]);
      await app.audit(request, {
        action: disabled === true ? 'user:disable' : 'user:update',
        resourceType: 'user',
        resourceId: id,
        details: { changed: Object.keys(request.body).filter((k) => k !== 'password'), passwordReset: password !== undefined },
      });
      return toUser(updated!);
    },
  );
};

export default users;
