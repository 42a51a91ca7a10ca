import { useEffect, useRef } from 'preact/hooks';
import { minuteClock } from '../board/derived';
import { site } from '../board/store';
import { formatSiteTime } from '../format/time';
import { t } from '../i18n/i18n';
import { accuracyRows, periodLabel, withinLabel, type AccuracyPeriodKey, type AccuracyRow } from './accuracy-model';
import { accuracy, accuracyLoading, accuracyOpen, accuracyProblem, loadAccuracy } from './accuracy-store';

const PERIODS: AccuracyPeriodKey[] = ['7d', '30d'];

function AccuracyTable({ period, rows }: { period: AccuracyPeriodKey; rows: AccuracyRow[] }) {
  return (
    <table class="accuracy-table" data-period={period}>
      <caption>{periodLabel(period)}</caption>
      <thead>
        <tr>
          <th scope="col">{t('accuracy.before')}</th>
          <th scope="col">{t('accuracy.median')}</th>
          <th scope="col" title={t('accuracy.p90Title')}>
            {t('accuracy.p90')}
          </th>
          <th scope="col">{withinLabel()}</th>
          <th scope="col" title={t('accuracy.nTitle')}>
            {t('accuracy.n')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.lead} data-lead={r.lead}>
            <th scope="row">{r.lead}</th>
            <td data-col="median">{r.median}</td>
            <td data-col="p90">{r.p90}</td>
            <td data-col="within">{r.within}</td>
            <td data-col="n">{r.n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * How far off the site's ETAs were on its completed arrivals, by lead time, over the last 7 and
 * 30 days: what a planner needs to know how much to trust the board's ETAs. A modal dialog,
 * loaded afresh each time it opens.
 */
export function EtaAccuracyPanel() {
  const current = site.value;
  const dialog = useRef<HTMLDialogElement>(null);
  const siteId = current?.id;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (siteId) void loadAccuracy(siteId);
  }, [siteId]);

  if (!current) return null;
  const figures = accuracy.value?.siteId === current.id ? accuracy.value : null;
  const tz = current.timezone;
  return (
    <dialog ref={dialog} class="accuracy-panel" aria-labelledby="eta-accuracy-title" onClose={() => (accuracyOpen.value = false)}>
      <div class="panel-head">
        <h2 id="eta-accuracy-title">{t('header.accuracy')}</h2>
        <button type="button" class="close" aria-label={t('accuracy.close')} onClick={() => dialog.current?.close()}>
          ×
        </button>
      </div>
      <p class="muted accuracy-intro">
        {t('accuracy.intro', { site: current.name, within: withinLabel() })}
      </p>
      {accuracyProblem.value && (
        <p class="error" role="alert">
          {accuracyProblem.value}
        </p>
      )}
      {!figures && accuracyLoading.value && <p class="muted">{t('history.loading')}</p>}
      {figures && (
        <>
          <div class="accuracy-tables" aria-busy={accuracyLoading.value}>
            {PERIODS.map((p) => (
              <AccuracyTable key={p} period={p} rows={accuracyRows(figures.periods[p])} />
            ))}
          </div>
          <p class="muted accuracy-foot">
            {t('accuracy.asOf', { time: formatSiteTime(figures.generatedAt, minuteClock.value, tz), zone: tz })}
          </p>
        </>
      )}
    </dialog>
  );
}
