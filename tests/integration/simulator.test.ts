import type { Board, Site } from '@dockwatch/shared';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedded } from './helpers/backends';
import { PLANT } from './helpers/fixtures';
import { ADMIN_TOKEN, startServer, type TestServer } from './helpers/server';

const run = promisify(execFile);

describe('pnpm simulate', () => {
  let server: TestServer;
  let site: Site;

  beforeAll(async () => {
    server = await startServer(embedded);
    site = (
      await server.app.inject({
        method: 'POST',
        url: '/api/v1/sites',
        headers: server.staff,
        payload: { name: 'Sim plant', ...PLANT, timezone: 'Europe/Berlin', docks: ['D1', 'D2'] },
      })
    ).json<Site>();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates trucks and shipments at the site and drives them over the HTTP API', async () => {
    const { stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'server/src/cli/simulate.ts', '--url', server.url, '--site', site.id, '--trucks', '10', '--rate', '20', '--pings', '30', '--duration', '50', '--token', ADMIN_TOKEN, '--seed', '42'],
      { timeout: 60_000 },
    );
    expect(stderr).toContain('created 10 trucks');
    const summary = /sent (\d+) pings · (\d+) en route · (\d+) arrived · (\d+) waiting · (\d+) errors/.exec(stderr);
    expect(summary).not.toBeNull();
    const [, sent, , , , errors] = summary!.map(Number);
    // A count, not a time: however slow the machine, the run ends after 30 pings (--duration only bounds it).
    expect(sent).toBe(30);
    expect(errors).toBe(0);

    const board = (await server.app.inject({ url: `/api/v1/sites/${site.id}/board`, headers: server.staff })).json<Board>();
    expect(board.shipments.length).toBeGreaterThanOrEqual(8);
    const moving = board.shipments.filter((s) => s.position !== null);
    expect(moving.length).toBeGreaterThan(2);
    // Windows spread over the coming hours across the site's docks.
    expect(new Set(board.shipments.map((s) => s.dock))).toEqual(new Set(['D1', 'D2']));
    for (const s of moving) expect(s.eta).not.toBeNull();
  });

  it('refuses bad arguments with usage and exit code 2', async () => {
    const failure = await run(process.execPath, ['--import', 'tsx', 'server/src/cli/simulate.ts', '--trucks', 'many'], { timeout: 30_000 }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('--site is required');
    expect((failure as { stderr: string }).stderr).toContain('--trucks must be an integer');
  });
});
