import { parseArgs } from 'node:util';
import { readAdminToken } from '../auth/admin-token';
import { ConfigError, loadConfig } from '../config';
import { DockwatchClient } from '../simulator/http-client';
import { createFleet, driveFleet, formatDriveStats } from '../simulator/simulator';
import { progressLine } from './progress';

const usage = `Usage: pnpm simulate --site <id> [--url http://127.0.0.1:3000] [--trucks 20] [--rate 5]
                     [--token <staff token>] [--duration <s>] [--pings <n>] [--seed <n>]

Creates carriers, devices and inbound shipments at the site, then drives the trucks toward it
and posts their pings over the HTTP API (rate = pings per second across the fleet) until every
truck has arrived, --duration ends, --pings pings were sent, or Ctrl-C. The staff token defaults to ADMIN_TOKEN or the
data folder's admin-token.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      site: { type: 'string' },
      trucks: { type: 'string', default: '20' },
      rate: { type: 'string', default: '5' },
      token: { type: 'string' },
      duration: { type: 'string' },
      pings: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const trucks = Number(values.trucks);
  const rate = Number(values.rate);
  const duration = values.duration === undefined ? undefined : Number(values.duration);
  const maxPings = values.pings === undefined ? undefined : Number(values.pings);
  const problems = [
    !values.site && '--site is required',
    !(Number.isInteger(trucks) && trucks >= 1 && trucks <= 5000) && '--trucks must be an integer from 1 to 5000',
    !(rate > 0 && rate <= 10_000) && '--rate must be a number of pings per second above 0',
    duration !== undefined && !(duration > 0) && '--duration must be a positive number of seconds',
    maxPings !== undefined && !(Number.isInteger(maxPings) && maxPings >= 1) && '--pings must be a positive integer',
  ].filter(Boolean);
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n\n${usage}`);
    return 2;
  }
  const config = loadConfig();
  const token = values.token ?? (await readAdminToken(config.adminToken, config.dataDir));
  if (token === null) {
    console.error('No staff token: pass --token, set ADMIN_TOKEN, or run beside the server data folder (DATA_DIR).');
    return 2;
  }

  const api = new DockwatchClient(values.url!, token);
  const site = await api.getSite(values.site!);
  const progress = progressLine(process.stderr, 5_000);
  console.error(`Creating ${trucks} trucks and shipments at ${site.name} (${api.baseUrl}) ...`);
  const fleet = await createFleet(api, site, {
    trucks,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    onProgress: (n, total) => progress.update(`created ${n}/${total}`),
  });
  progress.done(`created ${fleet.length} trucks`);

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const stats = await driveFleet(api, fleet, {
    rate,
    signal: controller.signal,
    ...(duration ? { durationMs: duration * 1000 } : {}),
    ...(maxPings ? { maxPings } : {}),
    onProgress: (s) => progress.update(formatDriveStats(s)),
  });
  progress.done(formatDriveStats(stats));
  return stats.errors > 0 && stats.sent === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `simulate: ${(error as Error).message}`);
    process.exit(1);
  },
);
