import { allowedTransitions, type Shipment, type StatusEventType } from '@dockwatch/shared';
import closeWithGrace from 'close-with-grace';
import { buildApp } from '../app';
import { resolveAdminToken } from '../auth/admin-token';
import { ConfigError, loadConfig, type AppConfig } from '../config';
import { DockwatchClient } from '../simulator/http-client';
import { seedMaterials } from '../simulator/materials';
import { planHistory, seedScorecardHistory } from '../simulator/scorecard-history';
import { createFleet, driveFleet, formatDriveStats, PARTS, SUPPLIERS } from '../simulator/simulator';
import { provisionDemoAccess } from './demo-access';
import { progressLine } from './progress';

/** The demo plant: a car plant's receiving docks in Ingolstadt. */
const DEMO_SITE = {
  name: 'Ingolstadt Assembly (demo)',
  lat: 48.7665,
  lon: 11.4258,
  timezone: 'Europe/Berlin',
  geofenceRadiusM: 600,
  docks: ['D1', 'D2', 'D3', 'D4'],
};
const DEMO_TRUCKS = 40;
/** Pings per second across the demo fleet: every truck en route reports every few seconds. */
const DEMO_RATE = 6;

/**
 * `pnpm start`: the server with the built client, a demo site with ~40 inbound shipments, and
 * the carrier simulator driving them, all on the embedded defaults unless configured otherwise.
 */
async function main(config: AppConfig) {
  // One log line per simulated ping would bury the demo's own output; LOG_LEVEL=debug still shows them.
  const app = await buildApp({ ...config, logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const admin = await resolveAdminToken(config.adminToken, config.dataDir);
  const controller = new AbortController();

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'closing after an error');
    else app.log.info({ signal }, 'shutting down');
    controller.abort();
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  const base = `http://127.0.0.1:${port}`;
  const api = new DockwatchClient(base, admin.token);

  // A fresh demo each start: earlier demo loads are cancelled, new ones planned from now.
  let site = (await api.listSites()).find((s) => s.name === DEMO_SITE.name);
  if (site) {
    for (const old of await api.activeShipments(site.id)) {
      await api.postEvent(old.id, allowedTransitions(old.status).includes('cancelled') ? 'cancelled' : 'received');
    }
  } else {
    site = await api.createSite(DEMO_SITE);
  }
  const progress = progressLine(process.stderr, 15_000);
  const fleet = await createFleet(api, site, {
    trucks: DEMO_TRUCKS,
    reuseCarriers: true,
    onProgress: (n, total) => progress.update(`seeding demo shipments ${n}/${total}`),
  });
  progress.done(`seeded ${fleet.length} inbound shipments at ${site.name}`);
  const seeded = await seedMaterials(api, site, fleet, Date.now());
  progress.done(
    `seeded ${seeded.materials} materials with stock and 4 weeks of demand${seeded.shortage ? `; ${seeded.shortage.sku} runs out unless the late ${seeded.shortage.reference} comes in time` : ''}`,
  );

  const publicUrl = `http://localhost:${port}`;
  const access = await provisionDemoAccess(base, publicUrl, admin.token, site.id, fleet[0]!.shipment.carrierId, seeded.shortage);
  console.error(
    [
      '',
      'Dockwatch demo is running.',
      `  Sign in:        ${publicUrl}/  as ${access.admin.email} / ${access.admin.password}`,
      `  Partner portal: sign in as ${access.carrier.email} / ${access.carrier.password} (one carrier's loads only)`,
      ...(access.supplier ? [`  Supplier demand: sign in as ${access.supplier.email} / ${access.supplier.password} (${access.supplier.name}; ${access.supplier.sku} shared; announces its own loads, posts disruption notices)`] : []),
      `  Wall screen:    ${access.wallScreenUrl}`,
      `  API docs:       ${publicUrl}/api/docs`,
      `  Bootstrap token (first setup; BOOTSTRAP_TOKEN=false turns it off): ${admin.token}${admin.file ? ` (kept in ${admin.file})` : ''}`,
      '  Passwords are new at every start. Stop with Ctrl-C.',
      '',
    ].join('\n'),
  );

  // Ten weeks of past loads, once, while the trucks already drive: the scorecards and tiers have something to show on first start.
  const partners = [...new Map(fleet.map((t) => [t.shipment.carrierId, { carrierId: t.shipment.carrierId, deviceId: t.shipment.deviceId! }])).values()];
  const started = Date.now();
  void seedScorecardHistory(app, site, planHistory(site, partners, SUPPLIERS.slice(0, 6), PARTS, started), started)
    .then((history) => history > 0 && progress.done(`seeded ${history} past loads of ${partners.length} carriers for the scorecards`))
    .catch((err: unknown) => app.log.warn({ err }, 'seeding the scorecard history failed'));

  const yard = setInterval(() => void advanceYard(api, site.id, Date.now()).catch(() => {}), YARD_TICK_MS);
  controller.signal.addEventListener('abort', () => clearInterval(yard));
  const stats = await driveFleet(api, fleet, {
    rate: DEMO_RATE,
    signal: controller.signal,
    onProgress: (s) => progress.update(`simulator: ${formatDriveStats(s)}`),
  });
  if (!controller.signal.aborted) progress.done(`simulator finished: ${formatDriveStats(stats)}`);
}

const YARD_TICK_MS = 20_000;
/** The demo's yard crew: how long a truck spends in each step before the next one. */
const YARD_STEPS: Partial<Record<Shipment['status'], { next: StatusEventType; afterMs: number }>> = {
  arrived: { next: 'at_dock', afterMs: 8 * 60_000 },
  at_dock: { next: 'unloading', afterMs: 5 * 60_000 },
  unloading: { next: 'received', afterMs: 15 * 60_000 },
};

/** Moves arrived trucks through the dock as a clerk would, so the demo board keeps turning over. */
async function advanceYard(api: DockwatchClient, siteId: string, now: number) {
  for (const s of await api.activeShipments(siteId)) {
    const step = YARD_STEPS[s.status];
    if (step && now - Date.parse(s.updatedAt) >= step.afterMs) await api.postEvent(s.id, step.next);
  }
}

try {
  await main(loadConfig());
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
