import type { Alert } from '@dockwatch/shared';

/**
 * An alert as the load's carrier and supplier see it: what the plant expects of their truck,
 * and that it has been seen, without who at the plant acknowledged it or their note.
 */
export const partnerAlertView = (alert: Alert): Alert => ({ ...alert, acknowledgedBy: null, ackNote: null });
