import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DatabaseProbe } from '../db/probe';
import { sendDatabaseUnavailable } from '../errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False for routes that bound their own wait (health checks). Default true. */
    requestDeadline?: boolean;
  }
}

/**
 * A deadline on every request while PostgreSQL is away or too slow to serve: a request still
 * unanswered when its deadline comes gets 503 with Retry-After if the database does not answer
 * a probe either. A request that is merely busy (a large import) while the database answers
 * keeps going, and is checked again a deadline later. What the request was doing may still
 * finish behind the 503 (a ping committed then is a duplicate on the device's retry, never a
 * second row). The embedded database is in-process and cannot be away, so it gets none.
 */
export default fp(
  async (app) => {
    if (app.database.engine !== 'postgres') return;
    const deadlineMs = app.config.database.requestDeadlineMs;
    // The probe gets the last quarter of the deadline (at most 500 ms) to answer.
    const probe = new DatabaseProbe(() => app.database.ping(), Math.min(500, Math.round(deadlineMs / 4)));
    const waitMs = deadlineMs - probe.timeoutMs;
    const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();

    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.requestDeadline === false) return;
      const check = async () => {
        if (reply.sent) return;
        const answered = await probe.answers();
        if (reply.sent) return;
        if (answered) {
          timers.set(request, setTimeout(check, waitMs).unref());
          return;
        }
        request.log.warn({ deadlineMs }, 'no answer from the database within the request deadline');
        sendDatabaseUnavailable(reply);
      };
      timers.set(request, setTimeout(check, waitMs).unref());
    });
    const clear = async (request: FastifyRequest) => clearTimeout(timers.get(request));
    app.addHook('onResponse', clear);
    app.addHook('onRequestAbort', clear);
  },
  { name: 'request-deadline', dependencies: ['config', 'database'] },
);
