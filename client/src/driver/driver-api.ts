import type { DriverEventType, DriverPingResult, DriverView, ErrorBody, PingInput, StatusEventResult } from '@dockwatch/shared';
import { ApiError } from '../api/rest';

/** The driver page's calls, authenticated by the link token. */
export class DriverApi {
  constructor(private readonly token: string) {}

  async #request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(path, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${this.token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch {
      throw new ApiError(0, 'network_error', 'No network');
    }
    const text = await res.text();
    const json = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!res.ok) {
      const error = (json as ErrorBody | undefined)?.error;
      throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${res.status}`, error?.details);
    }
    return json as T;
  }

  view = () => this.#request<DriverView>('/api/v1/driver');
  sendPings = (pings: PingInput[]) => this.#request<DriverPingResult>('/api/v1/driver/pings', { method: 'POST', body: { pings } });
  postEvent = (shipmentId: string, type: DriverEventType, note?: string) =>
    this.#request<StatusEventResult>(`/api/v1/driver/shipments/${encodeURIComponent(shipmentId)}/events`, { method: 'POST', body: note ? { type, note } : { type } });
}

/** The link token from the page address (`/driver#t=<token>`). */
export function linkTokenFromUrl(): string | null {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  return hash.get('t');
}
