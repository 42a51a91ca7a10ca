import type { DeviceSetup } from '@dockwatch/shared';
import type { FastifyRequest } from 'fastify';
import { isIP } from 'node:net';

const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
const bracketed = (address: string) => (isIP(address) === 6 ? `[${address}]` : address);

/**
 * Where phones reach this server: `PUBLIC_URL`; else the host the request names, but only when
 * it can be trusted (a configured proxy vouched for it, or it names this machine: `localhost` or
 * the address the connection came in on); else that address. A forged `Host` never makes a
 * driver link point somewhere else.
 */
export function publicOrigin(configured: string | null, request: FastifyRequest, trustProxy: boolean | string[]): string {
  if (configured !== null) return configured;
  const local = unmapped(request.socket.localAddress ?? '127.0.0.1');
  const named = request.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const trusted = trustProxy !== false || named === 'localhost' || unmapped(named) === local;
  return trusted ? `${request.protocol}://${request.host}` : `${request.protocol}://${bracketed(local)}:${request.socket.localPort ?? 80}`;
}

/** The values to type into each tracker app, for a token that speaks for one device. */
export function deviceSetup(origin: string, token: string): DeviceSetup {
  return {
    serverUrl: origin,
    token,
    osmandUrl: `${origin}/osmand`,
    owntracksUrl: `${origin}/owntracks`,
    overlandUrl: `${origin}/overland`,
  };
}

/** The driver page; the token rides in the fragment, which browsers never send to a server. */
export const driverPageUrl = (origin: string, token: string) => `${origin}/driver#t=${encodeURIComponent(token)}`;
