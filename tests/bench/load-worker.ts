/**
 * The load generator. It runs in its own worker thread so that building requests and parsing
 * answers does not compete with the server under test for the main event loop; the baseline and
 * Dockwatch get exactly this same client code.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { connectSocket, nextSiteUpdate, subscribe } from '../integration/helpers/socket';
import {
  PINGS_PATH,
  type LatencyRequest,
  type LatencyResult,
  type TargetAddress,
  type ThroughputRequest,
  type ThroughputResult,
  type WorkerRequest,
  type WorkerResponse,
} from './protocol';

const REQUEST_TIMEOUT_MS = 10_000;
const EVENT_TIMEOUT_MS = 5_000;

interface DeviceClock {
  lastTs: number;
  seq: number;
}

/** Per device token: timestamps must grow, or the server stores the ping as history or a duplicate. */
const clocks = new Map<string, DeviceClock>();
/** Per probe shipment: the last version seen on the socket. */
const probeVersions = new Map<string, number>();
/** One keep-alive pool per target, reused across runs like a fleet of long-lived clients would. */
const agents = new Map<string, http.Agent>();

function agentFor(target: TargetAddress): http.Agent {
  let agent = agents.get(target.url);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: target.fleet.length + 1 });
    agents.set(target.url, agent);
  }
  return agent;
}

/** A fix ~45 km north of the Munich plant, wandering a few hundred metres so every ping moves. */
function nextPing(token: string) {
  const clock = clocks.get(token) ?? { lastTs: 0, seq: 0 };
  clocks.set(token, clock);
  // A minute behind the wall clock leaves headroom when a device posts faster than 1 ping/ms.
  clock.lastTs = Math.max(Date.now() - 60_000, clock.lastTs + 1);
  clock.seq += 1;
  const angle = clock.seq / 50;
  return {
    ts: new Date(clock.lastTs).toISOString(),
    lat: Math.round((48.55 + 0.004 * Math.sin(angle)) * 1e6) / 1e6,
    lon: Math.round((11.6 + 0.004 * Math.cos(angle)) * 1e6) / 1e6,
    speed: 22.5,
    heading: 180,
    accuracy: 8,
  };
}

function pingBody(token: string, batchSize: number): string {
  if (batchSize === 1) return JSON.stringify(nextPing(token));
  return JSON.stringify({ pings: Array.from({ length: batchSize }, () => nextPing(token)) });
}

function post(target: TargetAddress, token: string, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(PINGS_PATH, target.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent: agentFor(target),
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** Every device posts back to back (one request in flight per device) until the deadline. */
async function throughput({ target, batchSize, durationMs }: ThroughputRequest): Promise<ThroughputResult> {
  const result: ThroughputResult = { accepted: 0, duplicates: 0, requests: 0, errors: 0, firstError: null, elapsedMs: 0 };
  const fail = (message: string) => {
    result.errors += 1;
    result.firstError ??= message;
  };
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    target.fleet.map(async (device) => {
      while (performance.now() < deadline) {
        try {
          const response = await post(target, device.token, pingBody(device.token, batchSize));
          result.requests += 1;
          if (response.status !== 202) {
            fail(`HTTP ${response.status}: ${response.body.slice(0, 200)}`);
            continue;
          }
          const answer = JSON.parse(response.body) as { accepted: number; duplicates: number };
          result.accepted += answer.accepted;
          result.duplicates += answer.duplicates;
        } catch (error) {
          fail((error as Error).message);
          // A refused or reset connection would otherwise spin without waiting on anything.
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }
    }),
  );
  result.elapsedMs = performance.now() - start;
  return result;
}

/** One ping at a time from the probe device, each timed until its update reaches a subscribed socket. */
async function latency({ target, samples, durationMs }: LatencyRequest): Promise<LatencyResult> {
  const { probe } = target;
  const socket = await connectSocket(target.url, target.socketToken);
  try {
    const ack = await subscribe(socket, { siteId: probe.siteId });
    if (!('ok' in ack)) throw new Error(`subscribe refused: ${ack.error.message}`);
    const result: LatencyResult = { eventMs: [], httpMs: [] };
    const deadline = performance.now() + durationMs;
    while (result.eventMs.length < samples && performance.now() < deadline) {
      const expected = (probeVersions.get(probe.shipmentId) ?? probe.version) + 1;
      const updated = nextSiteUpdate(socket, (s) => s.id === probe.shipmentId && s.version === expected, EVENT_TIMEOUT_MS);
      const sentAt = performance.now();
      const answered = post(target, probe.token, pingBody(probe.token, 1)).then((response) => {
        if (response.status !== 202) throw new Error(`probe ping: HTTP ${response.status}: ${response.body.slice(0, 200)}`);
        return performance.now() - sentAt;
      });
      const [eventMs, httpMs] = await Promise.all([updated.then(() => performance.now() - sentAt), answered]);
      probeVersions.set(probe.shipmentId, expected);
      result.eventMs.push(eventMs);
      result.httpMs.push(httpMs);
    }
    return result;
  } finally {
    socket.close();
  }
}

const port = parentPort;
if (!port) throw new Error('load-worker.ts runs as a worker thread (see load-client.ts)');

port.on('message', (request: WorkerRequest | { kind: 'close' }) => {
  if (request.kind === 'close') {
    for (const agent of agents.values()) agent.destroy();
    port.close();
    return;
  }
  const run = request.kind === 'throughput' ? throughput(request) : latency(request);
  run.then(
    (result) => port.postMessage({ id: request.id, ok: true, result } satisfies WorkerResponse),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: (error as Error).stack ?? String(error) } satisfies WorkerResponse),
  );
});
