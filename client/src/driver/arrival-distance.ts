import { haversineMeters, type DriverShipment } from '@dockwatch/shared';

/** An "Arrived" reported farther than this from the site asks the driver to confirm. */
export const FAR_FROM_SITE_M = 2_000;

/**
 * How far the truck is from the site, by the phone's own latest position when it shares one,
 * else by the load's latest tracked position; null when neither is known.
 */
export function distanceToSite(load: DriverShipment, phone: { lat: number; lon: number } | null): number | null {
  const from = phone ?? load.shipment.position;
  return from ? haversineMeters(from, load.site) : null;
}
