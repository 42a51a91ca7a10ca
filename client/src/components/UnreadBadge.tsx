import { useComputed } from '@preact/signals';
import { unreadCounts } from '../board/conversation';
import { t } from '../i18n/i18n';

/** How many messages on a shipment's conversation the reader has not seen; nothing when none. */
export function UnreadBadge({ shipmentId }: { shipmentId: string }) {
  const unread = useComputed(() => unreadCounts.value[shipmentId] ?? 0).value;
  if (unread === 0) return null;
  const label = t('messages.unread', { count: unread });
  return (
    <span class="unread-badge" data-unread={unread} title={label} aria-label={label}>
      {unread}
    </span>
  );
}
