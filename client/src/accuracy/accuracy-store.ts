import type { EtaAccuracy } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/i18n';

/** The ETA accuracy panel: open or not, and what it last loaded for which site. */
export const accuracyOpen = signal(false);
export const accuracy = signal<EtaAccuracy | null>(null);
export const accuracyProblem = signal<string | null>(null);
export const accuracyLoading = signal(false);

let asked = 0;

/** Loads the site's figures afresh (each time the panel opens or the site changes). */
export async function loadAccuracy(siteId: string): Promise<void> {
  const ask = ++asked;
  accuracyLoading.value = true;
  accuracyProblem.value = null;
  if (accuracy.value?.siteId !== siteId) accuracy.value = null;
  try {
    const figures = await api.etaAccuracy(siteId);
    // A slow answer for a site the planner has already left must not replace the new one's.
    if (ask === asked) accuracy.value = figures;
  } catch (error) {
    if (ask === asked) accuracyProblem.value = t('accuracy.failed', { message: errorText(error) });
  } finally {
    if (ask === asked) accuracyLoading.value = false;
  }
}
