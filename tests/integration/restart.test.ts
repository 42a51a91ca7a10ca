import type { Board } from '@dockwatch/shared';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embedded } from './helpers/backends';
import { createWorld, fixAt } from './helpers/fixtures';
import { startServer } from './helpers/server';

describe('embedded data folder', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('keeps sites, shipments, pings and device tokens across a restart', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-restart-'));
    dirs.push(dataDir);
    // The whole first start (initdb, every migration), not a copy of the run's template.
    const first = await startServer(embedded, { dataDir, freshDatabase: true });
    const world = await createWorld(first);
    await first.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: fixAt(48.5, 11.6, 30) });
    await first.close();

    const second = await startServer(embedded, { dataDir });
    try {
      const board = (await second.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: second.staff })).json<Board>();
      expect(board.shipments).toHaveLength(1);
      expect(board.shipments[0]).toMatchObject({ id: world.shipment.id, version: 2, position: { lat: 48.5 } });
      // The device token still works and the earlier ping is still a duplicate.
      const again = await second.app.inject({ method: 'POST', url: '/api/v1/pings', headers: world.deviceAuth, payload: { pings: [fixAt(48.4, 11.6)] } });
      expect(again.json()).toEqual({ accepted: 1, duplicates: 0 });
    } finally {
      await second.close();
    }
  });

  it('generates an admin token at first start, keeps it in the data folder and reuses it', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'dockwatch-token-'));
    dirs.push(dataDir);
    const first = await startServer(embedded, { dataDir, env: { ADMIN_TOKEN: '' } });
    const token = (await readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
    expect(token).toMatch(/^dwa_[\w-]{43}$/);
    const auth = { authorization: `Bearer ${token}` };
    expect((await first.app.inject({ url: '/api/v1/sites', headers: auth })).statusCode).toBe(200);
    expect((await first.app.inject({ url: '/api/v1/sites', headers: first.staff })).statusCode).toBe(401);
    await first.close();

    const second = await startServer(embedded, { dataDir, env: { ADMIN_TOKEN: '' } });
    try {
      expect((await second.app.inject({ url: '/api/v1/sites', headers: auth })).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });
});
