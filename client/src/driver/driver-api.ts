import type { DriverEventType, DriverPingResult, DriverView, MessageCreate, MessageList, PingInput, ShipmentMessage, StatusEventResult } from '@dockwatch/shared';
import { requestJson } from '../api/rest';

/** The driver page's calls, authenticated by the link token. */
export class DriverApi {
  constructor(private readonly token: string) {}

  #request<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    return requestJson<T>(path, this.token, init, 'No network');
  }

  view = () => this.#request<DriverView>('/api/v1/driver');
  sendPings = (pings: PingInput[]) => this.#request<DriverPingResult>('/api/v1/driver/pings', { method: 'POST', body: { pings } });
  postEvent = (shipmentId: string, type: DriverEventType, note?: string) =>
    this.#request<StatusEventResult>(`/api/v1/driver/shipments/${encodeURIComponent(shipmentId)}/events`, { method: 'POST', body: note ? { type, note } : { type } });
  /** The load's conversation; reading it marks it read for the driver. */
  messages = (shipmentId: string) => this.#request<MessageList>(`/api/v1/driver/shipments/${encodeURIComponent(shipmentId)}/messages`);
  postMessage = (shipmentId: string, body: MessageCreate) =>
    this.#request<ShipmentMessage>(`/api/v1/driver/shipments/${encodeURIComponent(shipmentId)}/messages`, { method: 'POST', body });
}

/** The link token from the page address (`/driver#t=<token>`). */
export function linkTokenFromUrl(): string | null {
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  return hash.get('t');
}
