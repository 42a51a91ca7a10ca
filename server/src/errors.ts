import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isDatabaseBusy, isDatabaseUnavailable } from './db/errors';

/** An error whose status, code and message are meant for the client. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string, id: string) => new HttpError(404, 'not_found', `${what} ${id} does not exist`);

/** 503 with Retry-After: the database is away (or did not answer within the request's deadline). */
export function sendDatabaseUnavailable(reply: FastifyReply): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', '5')
    .send({ error: { code: 'database_unavailable', message: 'The database is unavailable; retry shortly.' } });
}

/** Fastify's own 4xx error codes mapped to ours. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

/**
 * One error handler for the app: client errors pass through with a stable code, server
 * errors become a generic message and are logged with the request.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.headers) void reply.headers(error.headers);
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    if ('validation' in error && error.validation) {
      const details = error.validation.map((v) => ({
        path: `${error.validationContext ?? ''}${v.instancePath}`,
        message: v.message,
        ...(v.params && Object.keys(v.params).length > 0 ? { params: v.params } : {}),
      }));
      return reply.code(400).send({ error: { code: 'validation_failed', message: error.message, details } });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return sendDatabaseUnavailable(reply);
    }
    if (isDatabaseBusy(error)) {
      request.log.warn({ err: error }, 'database busy');
      return reply
        .code(503)
        .header('retry-after', '2')
        .send({ error: { code: 'database_busy', message: 'The database is busy; retry shortly.' } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[error.code] ?? (status === 413 ? 'payload_too_large' : 'bad_request');
      return reply.code(status).send({ error: { code, message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal_error', message: 'Internal server error' } });
  });

  app.setNotFoundHandler((request, reply) => {
    // Deep links such as /?site=<id> and client routes load the web client's shell.
    if (app.hasDecorator('serveClientShell') && app.serveClientShell(request, reply)) return reply;
    return reply.code(404).send({ error: { code: 'not_found', message: `Route ${request.method} ${request.url.split('?')[0]} not found` } });
  });
}
