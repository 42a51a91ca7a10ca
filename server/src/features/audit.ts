import { AuditList, AuditQuery } from '@dockwatch/shared';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors, staffSecurity } from './schemas';

const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log',
        description: 'Newest first: sign-ins, user and token changes, clerk status events, acknowledgements, window moves, and every refused attempt.',
        security: staffSecurity,
        querystring: AuditQuery,
        response: { 200: AuditList, ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ entries: await app.auditRepository.list(request.query) }),
  );
};

export default audit;
