import { ClientConfig } from '@dockwatch/shared';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { existsSync } from 'node:fs';
import path from 'node:path';

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends the client's index.html for deep links; false when there is no built client or the request is not a page. */
    serveClientShell(request: FastifyRequest, reply: FastifyReply): boolean;
  }
}

/** The client's start-up settings, and the built client itself when there is one. */
const clientApp: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/client-config',
    { config: { access: 'public' }, schema: { tags: ['client'], summary: 'Settings for the web client', response: { 200: ClientConfig } } },
    async () => app.config.client,
  );

  const dir = app.config.clientDir;
  const built = dir !== null && existsSync(path.join(dir, 'index.html'));
  if (dir !== null && !built) app.log.warn({ dir }, 'no built client found (run pnpm build); serving the API only');
  if (built) await app.register(fastifyStatic, { root: dir, index: ['index.html'], maxAge: '1h' });

  app.decorate('serveClientShell', (request: FastifyRequest, reply: FastifyReply) => {
    const page = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (!built || !page) return false;
    void reply.header('cache-control', 'no-cache').sendFile('index.html');
    return true;
  });
};

export default fp(clientApp, { name: 'client-app', dependencies: ['config'] });
