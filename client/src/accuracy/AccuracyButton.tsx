import { accuracyOpen } from './accuracy-store';
import { t } from '../i18n/i18n';

/** The header's way into the ETA accuracy panel. */
export function AccuracyButton() {
  return (
    <button type="button" class="header-button" aria-haspopup="dialog" aria-expanded={accuracyOpen.value} onClick={() => (accuracyOpen.value = true)}>
      {t('header.accuracy')}
    </button>
  );
}
