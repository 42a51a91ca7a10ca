import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withTimeout } from '../db/probe';

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  database: Type.Object({ engine: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) }),
  bus: Type.Object({ kind: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) }),
});


const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { config: { requestDeadline: false }, schema: { tags: ['health'], summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { config: { requestDeadline: false }, schema: { tags: ['health'], summary: 'Database and bus are reachable', response: { 200: Ready, 503: Ready } } },
    async (_request, reply) => {
      const check = async (fn: () => Promise<void>, ms: number, what: string) => {
        try {
          await withTimeout(fn(), ms, what);
          return { ok: true };
        } catch (error) {
          return { ok: false, error: (error as Error).message };
        }
      };
      // A database that answers too slowly to serve requests is not ready either.
      const [database, bus] = await Promise.all([
        check(() => app.database.ping(), app.config.database.readyTimeoutMs, 'too slow: no answer'),
        check(() => app.bus.ping(), 2_000, 'no answer'),
      ]);
      const ready = database.ok && bus.ok;
      return reply.code(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'unavailable',
        database: { engine: app.database.engine, ...database },
        bus: { kind: app.bus.kind, ...bus },
      });
    },
  );
};

export default health;
