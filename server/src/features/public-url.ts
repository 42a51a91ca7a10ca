import type { DeviceSetup } from '@dockwatch/shared';
import type { FastifyRequest } from 'fastify';

/** Where phones reach this server: PUBLIC_URL, else the origin the request came to (proxy headers trusted). */
export function publicOrigin(configured: string | null, request: FastifyRequest): string {
  return configured ?? `${request.protocol}://${request.host}`;
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
