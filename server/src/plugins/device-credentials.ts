import fp from 'fastify-plugin';
import { hashToken } from '../auth/tokens';
import type { DeviceRecord } from '../repositories/carriers';
import type { TrackingLinkRecord } from '../repositories/tracking-links';

export interface DeviceCredential {
  device: DeviceRecord;
  /** The driver link the token belongs to, or null for the device's own token. */
  link: TrackingLinkRecord | null;
}

/** What a credential's fixes may move: a load's link its one load, a device's own token or a truck's link every load it carries. */
export const reachOf = (link: TrackingLinkRecord | null): { onlyShipmentId?: string } => (link?.shipmentId ? { onlyShipmentId: link.shipmentId } : {});

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The device a tracker app or driver page speaks for: a device token (through
     * `resolvePrincipal`), or a live driver link's token. Null for unknown, revoked or expired.
     * `forIngest` lets a device token come from the token cache (the ingest commit checks the
     * device row again).
     */
    resolveDeviceCredential(token: string, options?: { forIngest?: boolean }): Promise<DeviceCredential | null>;
  }
}

export default fp(
  async (app) => {
    app.decorate('resolveDeviceCredential', async (token: string, { forIngest = false } = {}): Promise<DeviceCredential | null> => {
      const principal = await app.resolvePrincipal({ bearer: token, sessionCookie: null }, { cacheDevice: forIngest });
      if (principal?.kind === 'device') return { device: principal.device, link: null };
      if (principal !== null) return null;
      const link = await app.trackingLinkRepository.findByTokenHash(hashToken(token));
      if (!link || link.revokedAt !== null || link.expiresAt.getTime() <= Date.now()) return null;
      const device = await app.carrierRepository.getDevice(link.deviceId);
      return device && device.revokedAt === null ? { device, link } : null;
    });
  },
  { name: 'device-credentials', dependencies: ['auth', 'repositories'] },
);
