import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body exactly as it came, for signature checks. */
  rawBody: string;
  /** The parsed body, or null when it was not JSON. */
  body: { id: string; type: string; createdAt: string; data: { id: string } & Record<string, unknown> } | null;
  /** Arrival time (ms). */
  at: number;
  /** The status answered, or null for a request left hanging. */
  status: number | null;
}

/** What to answer: a status (optionally after a pause), or `hang` to never answer (until the receiver closes). */
export type Answer = number | { status: number; headers?: Record<string, string>; delayMs?: number } | 'hang';

/**
 * A webhook endpoint on 127.0.0.1 that records every request and answers as the test says.
 * `answer` gets the request and how many came before it.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  answer: (request: ReceivedRequest, index: number) => Answer = () => 200;
  readonly #waiters: { count: number; predicate: (r: ReceivedRequest) => boolean; resolve: (r: ReceivedRequest[]) => void }[] = [];
  readonly #hanging = new Set<http.ServerResponse>();
  #server: http.Server | null = null;
  url = '';

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => receiver.#handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.#server = server;
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/dockwatch`;
    return receiver;
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    let body: ReceivedRequest['body'] = null;
    try {
      body = JSON.parse(rawBody) as ReceivedRequest['body'];
    } catch {
      // Recorded all the same: a test may be checking that nothing unexpected arrived.
    }
    const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, body, at: Date.now(), status: null };
    const index = this.requests.length;
    this.requests.push(request);
    const answer = this.answer(request, index);
    if (answer === 'hang') {
      this.#hanging.add(res);
    } else {
      const { status, headers = {}, delayMs = 0 } = typeof answer === 'number' ? { status: answer } : answer;
      request.status = status;
      const send = () => res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(status >= 300 ? 'receiver says no' : 'ok');
      if (delayMs > 0) setTimeout(send, delayMs);
      else send();
    }
    for (const waiter of [...this.#waiters]) {
      const matching = this.requests.filter(waiter.predicate);
      if (matching.length >= waiter.count) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(matching);
      }
    }
  }

  /** Requests for one delivery (by its id), in arrival order. */
  for(deliveryId: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.body?.id === deliveryId);
  }

  /** Resolves once `count` requests matching `predicate` have arrived (counting earlier ones). */
  waitFor(count: number, predicate: (r: ReceivedRequest) => boolean = () => true, timeoutMs = 15_000): Promise<ReceivedRequest[]> {
    const matching = this.requests.filter(predicate);
    if (matching.length >= count) return Promise.resolve(matching);
    return new Promise((resolve, reject) => {
      const waiter = {
        count,
        predicate,
        resolve: (r: ReceivedRequest[]) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`expected ${count} matching webhook requests within ${timeoutMs} ms, got ${this.requests.filter(predicate).length}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
