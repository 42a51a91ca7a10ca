/**
 * `pnpm bench:topology`: the real topology under load. Two instances, each its own process
 * (`server/src/main.ts`), on one PostgreSQL (a fresh database) and one Redis, the carrier simulator's fleet (`--devices` trucks, one load each,
 * created through the API), and a staff socket subscribed to the site on each instance. For
 * each offered rate (`--rates`, pings/s across the fleet, for `--duration` s each) it reports what
 * was acknowledged, the HTTP answer time, and the time from a ping posted to one instance until
 * the socket on the other instance shows its shipment: first with every truck posting to one
 * instance, then with the trucks split over both.
 */
import type { Shipment } from '@dockwatch/shared';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { DockwatchClient } from '../../server/src/simulator/http-client';
import { createFleet, type Truck } from '../../server/src/simulator/simulator';
import { tripStateAt } from '../../server/src/simulator/trips';
import { PLANT } from '../integration/helpers/fixtures';
import { POSTGRES_ADMIN_URL, REDIS_URL } from '../integration/helpers/real-services';
import { ADMIN_TOKEN, ChildInstance } from '../faults/helpers/child-instance';
import { connectSocket, subscribe, type ClientSocket } from '../integration/helpers/socket';
import { percentile } from './report';

const { values } = parseArgs({ options: { devices: { type: 'string', default: '1000' }, rates: { type: 'string', default: '250,500,1000,2000' }, duration: { type: 'string', default: '10' } } });
const devices = Number(values.devices);
const rates = values.rates.split(',').map(Number);
const durationMs = Number(values.duration) * 1000;
const MAX_IN_FLIGHT = 512;
const progress = (message: string) => process.stderr.write(`[topology] ${message}\n`);

interface Step {
  instances: number;
  offered: number;
  acked: number;
  errors: number;
  http: number[];
  socket: number[];
}

function post(agent: http.Agent, base: string, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/v1/pings`, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const name = `dockwatch_topology_${process.pid}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  // Each instance in its own process, as production runs them: the load generator and the two
  // event loops do not share one thread.
  const env = { DATABASE_URL: url.toString(), REDIS_URL, ALERT_SWEEP_S: '30', RATE_LIMIT_INGEST_PER_IP_PER_MIN: '10000000' };
  const servers: ChildInstance[] = [];
  const sockets: ClientSocket[] = [];
  try {
    servers.push(await ChildInstance.start(env));
    servers.push(await ChildInstance.start(env));
    const api = new DockwatchClient(servers[0]!.url, ADMIN_TOKEN);
    const site = await api.createSite({ name: 'Topology plant', ...PLANT, timezone: 'Europe/Berlin', geofenceRadiusM: 500, docks: ['D1', 'D2', 'D3'] });
    progress(`creating ${devices} trucks through the simulator`);
    const trucks: Truck[] = await createFleet(api, site, { trucks: devices, seed: 17, onProgress: (n, total) => n % 250 === 0 && progress(`${n} / ${total}`) });

    // A ping's send time per shipment; the socket on the other instance answers when it shows it.
    const sentAt = new Map<string, { at: number; instance: number }>();
    const socketMs: number[] = [];
    for (const [index, server] of servers.entries()) {
      const socket = await connectSocket(server.url, ADMIN_TOKEN);
      sockets.push(socket);
      const ack = await subscribe(socket, { siteId: site.id });
      if (!('ok' in ack)) throw new Error(`subscribe failed: ${ack.error.message}`);
      socket.on('shipments:updated', (shipments: Shipment[]) => {
        const now = performance.now();
        for (const s of shipments) {
          const sent = sentAt.get(s.id);
          if (sent && sent.instance !== index) {
            socketMs.push(now - sent.at);
            sentAt.delete(s.id);
          }
        }
      });
    }

    const agents = servers.map(() => new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT }));
    const results: Step[] = [];
    let cursor = 0;
    for (const instances of [1, 2]) {
      for (const rate of rates) {
        const step: Step = { instances, offered: rate, acked: 0, errors: 0, http: [], socket: [] };
        socketMs.length = 0;
        sentAt.clear();
        let inFlight = 0;
        const pending = new Set<Promise<void>>();
        const started = performance.now();
        let due = 0;
        while (performance.now() - started < durationMs) {
          due += rate / 100;
          for (; due >= 1; due--) {
            if (inFlight >= MAX_IN_FLIGHT) {
              step.errors++;
              continue;
            }
            const i = cursor++ % trucks.length;
            const truck = trucks[i]!;
            const target = instances === 1 ? 0 : i % 2;
            const now = Date.now();
            const state = tripStateAt(truck.trip, now);
            const body = JSON.stringify({ ts: new Date(now).toISOString(), lat: state.position.lat, lon: state.position.lon, speed: Math.round(state.speedMps * 10) / 10, accuracy: 8 });
            const t0 = performance.now();
            // Only the other instance's socket counts: that delta crossed Redis.
            if (!sentAt.has(truck.shipment.id)) sentAt.set(truck.shipment.id, { at: t0, instance: target });
            inFlight++;
            const request = post(agents[target]!, servers[target]!.url, truck.deviceToken, body).then(
              (status) => {
                step.http.push(performance.now() - t0);
                if (status === 202) step.acked++;
                else step.errors++;
              },
              () => {
                step.errors++;
              },
            );
            const tracked = request.finally(() => {
              inFlight--;
              pending.delete(tracked);
            });
            pending.add(tracked);
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const elapsed = performance.now() - started;
        await Promise.all(pending);
        await new Promise((resolve) => setTimeout(resolve, 500));
        step.socket = [...socketMs];
        step.acked = Math.round((step.acked / elapsed) * 1000);
        results.push(step);
        progress(`${instances} instance(s), offered ${rate}/s: ${step.acked}/s acknowledged, ${step.errors} refused or failed`);
      }
    }
    const f = (ms: number[], p: number) => (ms.length === 0 ? 'n/a' : `${percentile(ms, p).toFixed(1)} ms`);
    process.stdout.write(`\n${devices} simulated trucks, ${durationMs / 1000} s per step, at most ${MAX_IN_FLIGHT} requests in flight (an offered ping past that counts as refused).\n\n`);
    process.stdout.write('| Ingest instances | Offered pings/s | Acknowledged pings/s | Ping → 202 p50 / p99 | Ping → socket on the other instance p50 / p99 | Refused or failed |\n| ---: | ---: | ---: | ---: | ---: | ---: |\n');
    for (const s of results) {
      process.stdout.write(`| ${s.instances} | ${s.offered.toLocaleString('en-US')} | ${s.acked.toLocaleString('en-US')} | ${f(s.http, 50)} / ${f(s.http, 99)} | ${f(s.socket, 50)} / ${f(s.socket, 99)} | ${s.errors} |\n`);
    }
    for (const agent of agents) agent.destroy();
  } finally {
    for (const s of sockets) s.close();
    for (const s of servers) await s.stop();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
