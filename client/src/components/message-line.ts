import type { ShipmentMessage } from '@dockwatch/shared';
import { formatLocale, t } from '../i18n/i18n';

/** What a structured update says, in the reader's language; the sender's note follows it. */
export function messageLine(m: ShipmentMessage): string {
  switch (m.kind) {
    case 'delay':
      return m.reason ? t('messages.delayBecause', { minutes: m.delayMinutes ?? 0, reason: t(`messages.reason.${m.reason}`) }) : t('messages.delay', { minutes: m.delayMinutes ?? 0 });
    case 'at_gate':
      return t('messages.atGate');
    case 'short_shipment':
      return t('messages.short', { sku: m.sku ?? '', quantity: (m.quantity ?? 0).toLocaleString(formatLocale()), expected: (m.expectedQuantity ?? 0).toLocaleString(formatLocale()) });
    case 'text':
      return m.text;
  }
}
