import type { CoverageList, DiscrepancyList, Projection } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { api } from '../api/client';
import { t } from '../i18n/i18n';

/** The coverage panel: open or not, the site's coverage, and the projection of the material looked at. */
export const coverageOpen = signal(false);
export const coverage = signal<CoverageList | null>(null);
export const coverageProblem = signal<string | null>(null);
export const chosenMaterial = signal<string | null>(null);
export const projection = signal<Projection | null>(null);
/** The chart's span: the next 48 hours or the whole 4-week projection. */
export const chartHours = signal<48 | 672>(48);
/** Filters of the table (null: all). */
export const supplierFilter = signal<string | null>(null);
export const lineFilter = signal<string | null>(null);
export const discrepancies = signal<DiscrepancyList | null>(null);

let asked = 0;

/** Loads the site's coverage (and the chosen material's projection) afresh. */
export async function loadCoverage(siteId: string): Promise<void> {
  const ask = ++asked;
  coverageProblem.value = null;
  if (coverage.value?.siteId !== siteId) {
    coverage.value = null;
    chosenMaterial.value = null;
    projection.value = null;
  }
  try {
    const [list, counted] = await Promise.all([api.coverage(siteId), api.discrepancies(siteId).catch(() => null)]);
    if (ask !== asked) return;
    coverage.value = list;
    discrepancies.value = counted;
    const chosen = chosenMaterial.value ?? list.materials[0]?.materialId ?? null;
    chosenMaterial.value = chosen;
    if (!chosen) return;
    const lines = await api.projection(chosen, chartHours.value);
    if (ask === asked) projection.value = lines;
  } catch (error) {
    if (ask === asked) coverageProblem.value = t('coverage.problem', { message: (error as Error).message });
  }
}

export async function chooseMaterial(siteId: string, materialId: string): Promise<void> {
  chosenMaterial.value = materialId;
  await loadCoverage(siteId);
}

export async function chooseChartHours(siteId: string, hours: 48 | 672): Promise<void> {
  chartHours.value = hours;
  await loadCoverage(siteId);
}
