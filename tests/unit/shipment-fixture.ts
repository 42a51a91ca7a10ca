import type { Shipment } from '@dockwatch/shared';

export const SITE_ID = '00000000-0000-4000-8000-000000000001';
export const OTHER_SITE_ID = '00000000-0000-4000-8000-000000000002';
export const CARRIER_ID = '00000000-0000-4000-8000-00000000c001';

/** A shipment id that reads as a number in failure messages: `shipmentId(7)` ends in `…0007`. */
export const shipmentId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An active shipment at SITE_ID with a 10:00–10:30 UTC window on 4 March 2025; override what a test is about. */
export function shipment(overrides: Partial<Shipment> = {}): Shipment {
  return {
    id: shipmentId(1),
    reference: 'ASN-1001',
    supplier: 'Bosch Rexroth',
    carrierId: CARRIER_ID,
    siteId: SITE_ID,
    dock: 'A1',
    windowStart: '2025-03-04T10:00:00.000Z',
    windowEnd: '2025-03-04T10:30:00.000Z',
    deviceId: null,
    items: [],
    status: 'in_transit',
    position: null,
    eta: null,
    etaEarliest: null,
    etaLatest: null,
    etaOverdue: false,
    windowStatus: 'unknown',
    arrivedAt: null,
    version: 1,
    createdAt: '2025-03-04T06:00:00.000Z',
    updatedAt: '2025-03-04T06:00:00.000Z',
    ...overrides,
  };
}
