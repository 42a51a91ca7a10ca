/** Socket errors of a peer that went away: nothing in this process is broken. */
const NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Connection-state errors of the database and Redis drivers. */
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);

/** Drivers whose internals may throw on a socket that closed under them (postgres.js 3.4.x: `socket.write` on null). */
const DRIVER_FRAME = /[/\\]node_modules[/\\](?:\.pnpm[/\\][^/\\]+[/\\]node_modules[/\\])?(?:postgres|ioredis)[/\\]/;

/**
 * True when an error that reached the process (uncaught or unhandled) was raised by a dependency
 * on a connection that died: a socket error of a peer that went away, a driver's closed-connection
 * error, or a TypeError thrown from inside the database or Redis driver on a closed socket. The
 * drivers reconnect by themselves; the process keeps serving and answers 503 meanwhile.
 */
export function isDeadConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code) && typeof syscall === 'string') return true;
  if (typeof code === 'string' && DRIVER_CODES.has(code)) return true;
  if (error instanceof TypeError) {
    // Only when the error starts inside the driver itself, not in our code calling it.
    const firstFrame = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
    return firstFrame !== undefined && DRIVER_FRAME.test(firstFrame);
  }
  return false;
}

export interface ProcessErrorHandlers {
  /** Logs an error that is survived. */
  survived(error: unknown, event: 'uncaughtException' | 'unhandledRejection'): void;
  /** Shuts down after an error that is not: the process state can no longer be trusted. */
  fatal(error: unknown, event: 'uncaughtException' | 'unhandledRejection'): void;
}

/**
 * Routes uncaught exceptions and unhandled rejections: errors a dependency raised on a dead
 * connection are logged and survived, anything else goes to `fatal`. Returns the uninstaller.
 */
export function handleProcessErrors(handlers: ProcessErrorHandlers): () => void {
  const route = (event: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    if (isDeadConnectionError(error)) handlers.survived(error, event);
    else handlers.fatal(error, event);
  };
  const onException = route('uncaughtException');
  const onRejection = route('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
