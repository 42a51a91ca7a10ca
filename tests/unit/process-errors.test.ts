import { describe, expect, it } from 'vitest';
import { isDeadConnectionError } from '../../server/src/process-errors';

describe('errors a dependency raises on a dead connection', () => {
  it('survives socket errors of a peer that went away and the drivers’ closed-connection errors', () => {
    expect(isDeadConnectionError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }))).toBe(true);
    expect(isDeadConnectionError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' }))).toBe(true);
    expect(isDeadConnectionError(Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }))).toBe(true);
  });

  it('survives the TypeError postgres.js 3.4.x throws from inside itself on a closed socket', () => {
    const error = new TypeError("Cannot read properties of null (reading 'write')");
    error.stack = [
      `TypeError: ${error.message}`,
      '    at Immediate.nextWrite (file:///srv/dockwatch/node_modules/.pnpm/postgres@3.4.9/node_modules/postgres/src/connection.js:255:22)',
      '    at process.processImmediate (node:internal/timers:483:21)',
    ].join('\n');
    expect(isDeadConnectionError(error)).toBe(true);
  });

  it('does not survive our own bugs, even ones that pass through a driver', () => {
    const ours = new TypeError("Cannot read properties of undefined (reading 'id')");
    ours.stack = [
      `TypeError: ${ours.message}`,
      '    at TrackingService.ingest (file:///srv/dockwatch/server/src/tracking/tracking-service.ts:120:9)',
      '    at file:///srv/dockwatch/node_modules/postgres/src/index.js:260:20',
    ].join('\n');
    expect(isDeadConnectionError(ours)).toBe(false);
    expect(isDeadConnectionError(new RangeError('Invalid time value'))).toBe(false);
    // An error code without a syscall is not a socket's.
    expect(isDeadConnectionError(Object.assign(new Error('refused'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isDeadConnectionError('ECONNRESET')).toBe(false);
  });
});
