import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { handleProcessErrors } from './process-errors';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp(config);

// SIGTERM/SIGINT: stop accepting, let requests drain, close sockets, database and Redis (onClose).
// Uncaught errors are routed below instead: a dependency's error on a dead connection must not
// take the instance down during an outage of PostgreSQL or Redis.
closeWithGrace({ delay: 10_000, skip: ['uncaughtException', 'unhandledRejection'] }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
});

let closingAfterError = false;
handleProcessErrors({
  survived: (err, event) => app.log.warn({ err, event }, 'survived an error a dependency raised on a dead connection'),
  fatal: (err, event) => {
    app.log.fatal({ err, event }, 'closing after an error');
    if (closingAfterError) process.exit(1);
    closingAfterError = true;
    // Drain as for SIGTERM, then exit 1 so the supervisor restarts the instance.
    setTimeout(() => process.exit(1), 10_000).unref();
    void app.close().finally(() => process.exit(1));
  },
});

try {
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  app.log.fatal({ err }, 'cannot listen');
  await app.close();
  process.exit(1);
}
