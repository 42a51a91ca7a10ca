import type { TestServer } from './server';
import type { RawRequest } from '../../fixtures/device-requests';

/** Sends a captured request exactly as the app would: same method, URL, headers and body bytes. */
export function sendRaw(server: TestServer, request: RawRequest) {
  return server.app.inject({
    method: request.method,
    url: request.url,
    headers: request.headers,
    ...(request.body !== undefined ? { payload: request.body } : {}),
  });
}
