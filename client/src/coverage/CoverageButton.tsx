import { t } from '../i18n/i18n';
import { coverageOpen } from './coverage-store';

/** The alerts panel's way into material coverage. */
export function CoverageButton() {
  return (
    <button type="button" class="coverage-open" aria-haspopup="dialog" aria-expanded={coverageOpen.value} onClick={() => (coverageOpen.value = true)}>
      {t('coverage.button')}
    </button>
  );
}
