import { t } from '../i18n/i18n';
import { scorecardsOpen } from './scorecards-store';

/** The alerts panel's way into the partner scorecards. */
export function ScorecardsButton() {
  return (
    <button type="button" class="scorecards-open" aria-haspopup="dialog" aria-expanded={scorecardsOpen.value} onClick={() => (scorecardsOpen.value = true)}>
      {t('scorecards.button')}
    </button>
  );
}
