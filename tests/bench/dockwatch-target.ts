import type { DeviceCreated } from '@dockwatch/shared';
import postgres from 'postgres';
import { createShipment, createWorld } from '../integration/helpers/fixtures';
import { POSTGRES_ADMIN_URL, REDIS_URL } from '../integration/helpers/real-services';
import { ADMIN_TOKEN, startServer, type TestServer } from '../integration/helpers/server';
import { loadCoverage, type CoverageLoad } from './coverage-load';
import type { TargetAddress } from './protocol';

export { realServicesProblem } from '../integration/helpers/real-services';

export type BackendName = 'embedded' | 'real';

/** How each backend is described in the results. */
export const BACKEND_LABELS: Record<BackendName, string> = {
  embedded: 'embedded (PGlite + in-process bus)',
  real: 'real (PostgreSQL + Redis)',
};

export interface DockwatchTarget {
  backend: BackendName;
  address: TargetAddress;
  server: TestServer;
  /** With `coverage`: what was loaded, and what evaluating it all once took. */
  coverage: CoverageLoad | null;
  close(): Promise<void>;
}

/**
 * Starts the real app on a backend (the real one in a fresh `dockwatch_bench_<pid>` database,
 * migrated by the server at start) and creates the fleet: `devices` devices of one carrier, each
 * carrying one active shipment to one site, plus a probe device alone on its own site.
 */
export async function startDockwatch(
  backend: BackendName,
  devices: number,
  options: { coverage?: boolean; progress?: (m: string) => void } = {},
): Promise<DockwatchTarget> {
  let dropDatabase = async () => {};
  let databaseUrl: string | null = null;
  if (backend === 'real') {
    const name = `dockwatch_bench_${process.pid}${options.coverage ? '_coverage' : ''}`;
    const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    };
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }

  let server: TestServer | undefined;
  try {
    server = await startServer({
      name: backend === 'real' ? 'postgres+redis' : 'embedded',
      databaseUrl,
      redisUrl: backend === 'real' ? REDIS_URL : null,
    }, {
      // The bench measures the ingest pipeline from one address; the limiter would only measure itself.
      env: { RATE_LIMIT_INGEST_PER_DEVICE_PER_MIN: '1000000', RATE_LIMIT_INGEST_PER_IP_PER_MIN: '10000000' },
    });
    const { address, siteId } = await createFleet(server, backend, devices);
    const coverage = options.coverage
      ? await loadCoverage(server, { siteId, fleetShipmentIds: address.fleet.map((f) => f.shipmentId) }, options.progress ?? (() => {}))
      : null;
    const started = server;
    return {
      backend,
      address,
      server,
      coverage,
      close: async () => {
        try {
          await started.close();
        } finally {
          await dropDatabase();
        }
      },
    };
  } catch (error) {
    await server?.close().catch(() => {});
    await dropDatabase().catch(() => {});
    throw error;
  }
}

async function createFleet(server: TestServer, backend: BackendName, devices: number): Promise<{ address: TargetAddress; siteId: string }> {
  const first = await createWorld(server);
  const fleet = [{ token: first.device.token, shipmentId: first.shipment.id }];
  for (let i = 1; i < devices; i++) {
    const res = await server.app.inject({
      method: 'POST',
      url: `/api/v1/carriers/${first.carrier.id}/devices`,
      headers: server.staff,
      payload: { name: `Truck ${i + 1}` },
    });
    if (res.statusCode !== 201) throw new Error(`creating device ${i + 1}: ${res.statusCode} ${res.body}`);
    const device = res.json<DeviceCreated>();
    const shipment = await createShipment(server, { siteId: first.site.id, carrierId: first.carrier.id, deviceId: device.id });
    fleet.push({ token: device.token, shipmentId: shipment.id });
  }
  const probe = await createWorld(server);
  const address: TargetAddress = {
    label: backend,
    url: server.url,
    socketToken: ADMIN_TOKEN,
    fleet,
    probe: { token: probe.device.token, siteId: probe.site.id, shipmentId: probe.shipment.id, version: probe.shipment.version },
  };
  return { address, siteId: first.site.id };
}
