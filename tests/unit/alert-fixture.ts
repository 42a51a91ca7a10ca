import type { Alert } from '@dockwatch/shared';
import { shipmentId, SITE_ID } from './shipment-fixture';

/** An alert id that reads as a number in failure messages: `alertId(3)` ends in `…a0003`. */
export const alertId = (n: number): string => `00000000-0000-4000-8000-a${String(n).padStart(11, '0')}`;

/** 09:00 UTC on 4 March 2025 plus `minutes`, as ISO: alert times in tests read as offsets. */
export const at = (minutes: number): string => new Date(Date.parse('2025-03-04T09:00:00Z') + minutes * 60_000).toISOString();

/** An open late_predicted alert raised at 09:00 UTC for the fixture shipment (window 10:00–10:30 UTC); override what a test is about. */
export function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: alertId(1),
    shipmentId: shipmentId(1),
    siteId: SITE_ID,
    kind: 'late_predicted',
    state: 'open',
    severity: 3,
    delayMinutes: 62,
    leadMinutes: 88,
    raisedAt: at(0),
    updatedAt: at(0),
    notifiedAt: at(0),
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackNote: null,
    resolvedAt: null,
    reference: 'ASN-1001',
    supplier: 'Bosch Rexroth',
    dock: 'A1',
    windowStart: '2025-03-04T10:00:00.000Z',
    windowEnd: '2025-03-04T10:30:00.000Z',
    items: [{ sku: 'HYD-200', description: 'Hydraulic valve', quantity: 40 }],
    // 62 min past the window end (10:30 UTC), the band 45–80 min past it.
    eta: '2025-03-04T11:32:00.000Z',
    etaEarliest: '2025-03-04T11:15:00.000Z',
    etaLatest: '2025-03-04T11:50:00.000Z',
    etaOverdue: false,
    material: null,
    ...overrides,
  };
}
