import { t } from '../i18n/i18n';
import { awaitingNotices } from './notices-store';

/**
 * The header's alert for disruption notices from the other side that nobody on the caller's side
 * has acknowledged: shown only while there are some; a click brings the notices into view.
 */
export function NoticeBadge() {
  const awaiting = awaitingNotices.value.length;
  if (awaiting === 0) return null;
  const label = t('notices.awaiting', { count: awaiting });
  const show = () => {
    const section = document.getElementById('notices-title')?.closest('section');
    section?.scrollIntoView({ block: 'nearest' });
    section?.querySelector<HTMLButtonElement>('.notice-awaiting button.primary')?.focus();
  };
  return (
    <button type="button" class="alert-badge has-open notice-badge" data-awaiting-notices={awaiting} aria-label={label} title={label} onClick={show}>
      {/* Icon and count only: the board's header is full at 1920 px in German; the label says it in words. */}
      <span aria-hidden="true">✉</span> <span class="count">{awaiting}</span>
    </button>
  );
}
