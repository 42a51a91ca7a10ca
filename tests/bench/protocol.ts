/** What the load generator needs to know about a server under test (Dockwatch or the baseline). */
export interface TargetAddress {
  /** Shown in progress lines and results. */
  label: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Bearer token a board socket connects with. */
  socketToken: string;
  /** One entry per simulated device; each device carries one active shipment. */
  fleet: { token: string; shipmentId: string }[];
  /** The device whose pings are timed to the socket, alone on its site. */
  probe: { token: string; siteId: string; shipmentId: string; version: number };
}

export interface ThroughputRequest {
  kind: 'throughput';
  target: TargetAddress;
  /** Pings per request: 1 posts a single ping object, more posts `{ pings: [...] }`. */
  batchSize: number;
  durationMs: number;
}

export interface ThroughputResult {
  /** Pings the server said it accepted (committed, for Dockwatch). */
  accepted: number;
  duplicates: number;
  requests: number;
  errors: number;
  /** First failure seen, for the progress line. */
  firstError: string | null;
  elapsedMs: number;
}

export interface LatencyRequest {
  kind: 'latency';
  target: TargetAddress;
  /** Stop after this many samples or `durationMs`, whichever comes first. */
  samples: number;
  durationMs: number;
}

export interface LatencyResult {
  /** Milliseconds from sending the ping to receiving its `shipments:updated`. */
  eventMs: number[];
  /** Milliseconds from sending the ping to its 202. */
  httpMs: number[];
}

export type WorkerRequest = (ThroughputRequest | LatencyRequest) & { id: number };

export type WorkerResponse =
  | { id: number; ok: true; result: ThroughputResult | LatencyResult }
  | { id: number; ok: false; error: string };

/** Route both servers take pings on, so the load generator sends identical requests. */
export const PINGS_PATH = '/api/v1/pings';
