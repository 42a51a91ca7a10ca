import type { MeasureName, Partner, Scorecard, ScorecardPeriod, SiteScorecards } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';
import { t } from '../i18n/i18n';
import type { Sort } from './scorecards-model';

/** The planner's scorecards: open or not, the period, the site's table and the partner looked at. */
export const scorecardsOpen = signal(false);
export const period = signal<ScorecardPeriod>('30d');
export const siteCards = signal<SiteScorecards | null>(null);
export const sort = signal<Sort>({ key: 'score', descending: true });
export const chosenPartner = signal<Pick<Partner, 'kind' | 'key'> | null>(null);
export const partnerCard = signal<Scorecard | null>(null);
/** Whose loads the page lists: the figure clicked last. */
export const chosenMeasure = signal<MeasureName>('onTimeShare');
export const scorecardsProblem = signal<string | null>(null);

let asked = 0;

/** Loads the site's table, and the chosen partner's page when one is open. */
export async function loadScorecards(siteId: string): Promise<void> {
  const ask = ++asked;
  scorecardsProblem.value = null;
  try {
    const partner = chosenPartner.value;
    const [table, card] = await Promise.all([api.siteScorecards(siteId, period.value), partner ? api.partnerScorecard(partner, period.value, siteId) : Promise.resolve(null)]);
    if (ask !== asked) return;
    siteCards.value = table;
    partnerCard.value = card;
  } catch (error) {
    if (ask === asked) scorecardsProblem.value = t('scorecards.problem', { message: (error as Error).message });
  }
}

export async function choosePartner(siteId: string, partner: Pick<Partner, 'kind' | 'key'> | null): Promise<void> {
  chosenPartner.value = partner;
  partnerCard.value = null;
  await loadScorecards(siteId);
}

export async function choosePeriod(siteId: string, next: ScorecardPeriod): Promise<void> {
  period.value = next;
  await loadScorecards(siteId);
}

/** A partner's own card in the portal: its scorecard over its sites, beside their average. */
export const ownCard = signal<Scorecard | null>(null);
export const ownCardProblem = signal<string | null>(null);

export async function loadOwnCard(partner: Pick<Partner, 'kind' | 'key'>, p: ScorecardPeriod): Promise<void> {
  ownCardProblem.value = null;
  try {
    ownCard.value = await api.partnerScorecard(partner, p);
  } catch (error) {
    ownCardProblem.value = t('scorecards.problem', { message: (error as Error).message });
  }
}

/** Saves a text as a file the browser downloads. */
export function download(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
