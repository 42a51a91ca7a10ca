import type { FastifyBaseLogger } from 'fastify';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { WebhookConfig } from '../config';
import type { AttemptOutcome, ClaimedDelivery, RecordedState, RetryPolicy, WebhookRepository } from '../repositories/webhooks';
import { DestinationRefused, resolveDestination, systemLookup, type HostLookup } from './destination';
import { signWebhook } from './signature';

export const WEBHOOK_USER_AGENT = 'Dockwatch-Webhooks/1';

/** Wait after the `attempt`-th failed attempt: `min(base * 2^(attempt-1), max)`. */
export const retryDelayMs = (attempt: number, baseMs: number, maxMs: number): number => Math.min(baseMs * 2 ** (attempt - 1), maxMs);

/** The lease outlasts the request timeout by this much, so recording the attempt fits inside it. */
const LEASE_MARGIN_MS = 30_000;

export interface WebhookWorkerOptions {
  repository: WebhookRepository;
  config: WebhookConfig;
  log: FastifyBaseLogger;
  /** Deliveries claimed per round and posted together. Default 20. */
  batchSize?: number;
  /** Injectable clock for tests. Default `Date.now`. */
  now?: () => number;
  /** Resolves receivers' host names. Default the system resolver. */
  lookup?: HostLookup;
  /** Told what each recorded attempt left the delivery in (metrics). Default none. */
  onAttempt?: (result: RecordedState) => void;
}

/**
 * Posts due deliveries from the outbox: every `pollMs`, or at once when nudged. Any number of
 * instances may run one; claims keep them off each other's deliveries.
 */
export class WebhookWorker {
  readonly #repository: WebhookRepository;
  readonly #config: WebhookConfig;
  readonly #log: FastifyBaseLogger;
  readonly #batchSize: number;
  readonly #now: () => number;
  readonly #policy: RetryPolicy;
  readonly #lookup: HostLookup;
  readonly #onAttempt: (result: RecordedState) => void;
  /** Aborts requests still in flight when shutdown runs out of patience. */
  readonly #shutdown = new AbortController();
  #timer: NodeJS.Timeout | null = null;
  #round: Promise<void> | null = null;
  #again = false;
  #running = false;

  constructor(options: WebhookWorkerOptions) {
    this.#repository = options.repository;
    this.#config = options.config;
    this.#log = options.log;
    this.#batchSize = options.batchSize ?? 20;
    this.#now = options.now ?? Date.now;
    this.#lookup = options.lookup ?? systemLookup;
    this.#onAttempt = options.onAttempt ?? (() => {});
    const { retryBaseMs, retryMaxMs, maxAttempts } = options.config;
    this.#policy = { maxAttempts, delayMs: (attempt) => retryDelayMs(attempt, retryBaseMs, retryMaxMs) };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Look for due deliveries now rather than at the next poll (call after queueing some). */
  nudge(): void {
    if (!this.#running) return;
    if (this.#round) this.#again = true;
    else this.#schedule(0);
  }

  /**
   * Stops polling and waits for posts in flight to finish and be recorded, up to `graceMs`;
   * then aborts them (each is recorded as a failed attempt and retried later, by any instance).
   */
  async stop(graceMs = 3_000): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const round = this.#round;
    if (!round) return;
    const finished = await Promise.race([round.then(() => true), delay(graceMs, false, { ref: false })]);
    if (finished) return;
    this.#shutdown.abort();
    // Recording the aborted attempts needs the database; if even that hangs, the leases lapse
    // and another instance retries.
    await Promise.race([round, delay(graceMs, undefined, { ref: false })]);
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), ms);
    // The server keeps the process alive; a pending poll alone should not.
    this.#timer.unref();
  }

  async #run(): Promise<void> {
    this.#timer = null;
    this.#again = false;
    let full = false;
    this.#round = this.#deliverDue().then(
      (wasFull) => {
        full = wasFull;
      },
      (err: unknown) => this.#log.warn({ err }, 'webhook round failed; retrying at the next poll'),
    );
    await this.#round;
    this.#round = null;
    if (!this.#running) return;
    // A full batch suggests more are due: go again without waiting for the poll.
    this.#schedule(full || this.#again ? 0 : this.#config.pollMs);
  }

  /** Claims and posts one batch; true when the batch was full. */
  async #deliverDue(): Promise<boolean> {
    const leaseMs = this.#config.timeoutMs + LEASE_MARGIN_MS;
    const claims = await this.#repository.claimDue(new Date(this.#now()), this.#batchSize, leaseMs);
    await Promise.all(claims.map((claim) => this.#deliver(claim)));
    return claims.length === this.#batchSize;
  }

  async #deliver(claim: ClaimedDelivery): Promise<void> {
    const outcome = await this.#post(claim);
    try {
      const state = await this.#repository.recordAttempt(claim, outcome, this.#policy);
      this.#onAttempt(state);
      const context = { deliveryId: claim.id, webhookId: claim.webhookId, attempt: claim.attemptCount + 1, status: outcome.status, error: outcome.error, state };
      if (state === 'failed') this.#log.warn(context, 'webhook delivery failed for good');
      else if (state === 'lost') this.#log.warn(context, 'webhook claim lapsed while posting; another worker owns the delivery');
      else if (state === 'pending') this.#log.info(context, 'webhook attempt failed; will retry');
      else this.#log.debug(context, 'webhook delivered');
    } catch (err) {
      // The lease lapses and the delivery is retried: at least once, never dropped.
      this.#log.error({ err, deliveryId: claim.id }, 'could not record webhook attempt');
    }
  }

  async #post(claim: ClaimedDelivery): Promise<AttemptOutcome> {
    const at = new Date(this.#now());
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const timeout = AbortSignal.timeout(this.#config.timeoutMs);
    try {
      // Checked at every attempt, not only at creation: a name can come to resolve elsewhere.
      const target = await resolveDestination(claim.url, this.#lookup, this.#config.allowedDestinations);
      const headers = {
        'content-type': 'application/json',
        'user-agent': WEBHOOK_USER_AGENT,
        'dockwatch-delivery': claim.id,
        'dockwatch-signature': signWebhook(claim.secret, claim.payload, Math.floor(at.getTime() / 1000)),
      };
      const status = await postTo(new URL(claim.url), target, claim.payload, headers, AbortSignal.any([timeout, this.#shutdown.signal]));
      const delivered = status >= 200 && status < 300;
      // Only the status: a receiver's answer is nobody else's to read (it may be an internal service's).
      const error = delivered ? null : status >= 300 && status < 400 ? `HTTP ${status}: redirect not followed` : `HTTP ${status}`;
      return { at, status, error, durationMs: elapsed(), delivered };
    } catch (err) {
      const error =
        err instanceof DestinationRefused
          ? `refused: ${err.message}`
          : timeout.aborted
            ? `timed out after ${this.#config.timeoutMs} ms`
            : this.#shutdown.signal.aborted
              ? 'aborted: server shutting down'
              : describeNetworkError(err);
      return { at, status: null, error, durationMs: elapsed(), delivered: false };
    }
  }
}

/**
 * One POST to the address that was checked: the connection goes to `target` whatever the name
 * resolves to by now (TLS still verifies the name). Redirects are never followed (a redirect is
 * not a delivery: following it would post the signed body somewhere nobody registered), and
 * the answer's body is discarded unread. Resolves with the status once the head arrives.
 */
function postTo(url: URL, target: { address: string; family: 4 | 6 }, payload: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)) }, lookup: pinned, agent: false, signal },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function describeNetworkError(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.message === 'string') {
    return typeof cause.code === 'string' && !cause.message.includes(cause.code) ? `${cause.code}: ${cause.message}` : cause.message;
  }
  return err instanceof Error ? err.message : String(err);
}
