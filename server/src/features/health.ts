import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withTimeout } from '../db/probe';

const Health = Type.Object({ status: Type.String() });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  database: Type.Object({ engine: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) }),
  bus: Type.Object({ kind: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) }),
});


const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { config: { requestDeadline: false }, schema: { tags: ['health'], summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { config: { requestDeadline: false }, schema: { tags: ['health'], summary: 'Database and bus are reachable (200 `degraded` without the bus, 503 without the database or when it answers too slowly)', response: { 200: Ready, 503: Ready } } },
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
      // Without the bus the instance still takes pings and answers REST (its clients resync when
      // the bus is back), so it stays in rotation: taking every instance out during a Redis
      // outage would refuse the pings that can still be stored.
      return reply.code(database.ok ? 200 : 503).send({
        status: !database.ok ? 'unavailable' : bus.ok ? 'ready' : 'degraded',
        database: { engine: app.database.engine, ...database },
        bus: { kind: app.bus.kind, ...bus },
      });
    },
  );
};

export default health;
