import { useEffect, useRef } from 'preact/hooks';
import { minuteClock } from '../board/derived';
import { site } from '../board/store';
import { formatSiteTime } from '../format/time';
import { accuracyRows, PERIOD_LABEL, WITHIN_LABEL, type AccuracyPeriodKey, type AccuracyRow } from './accuracy-model';
import { accuracy, accuracyLoading, accuracyOpen, accuracyProblem, loadAccuracy } from './accuracy-store';

const PERIODS: AccuracyPeriodKey[] = ['7d', '30d'];

function AccuracyTable({ period, rows }: { period: AccuracyPeriodKey; rows: AccuracyRow[] }) {
  return (
    <table class="accuracy-table" data-period={period}>
      <caption>{PERIOD_LABEL[period]}</caption>
      <thead>
        <tr>
          <th scope="col">Before arrival</th>
          <th scope="col">Median error</th>
          <th scope="col" title="9 of 10 ETAs were off by no more than this">
            90th percentile
          </th>
          <th scope="col">{WITHIN_LABEL}</th>
          <th scope="col" title="Arrivals with an ETA on record at that time">
            Arrivals
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
        <h2 id="eta-accuracy-title">ETA accuracy</h2>
        <button type="button" class="close" aria-label="Close ETA accuracy" onClick={() => dialog.current?.close()}>
          ×
        </button>
      </div>
      <p class="muted accuracy-intro">
        How far off the ETA was for loads that arrived at {current.name}, by how long before arrival it was given: the error either way (median and 90th percentile),
        the share {WITHIN_LABEL}, and how many arrivals had an ETA then.
      </p>
      {accuracyProblem.value && (
        <p class="error" role="alert">
          {accuracyProblem.value}
        </p>
      )}
      {!figures && accuracyLoading.value && <p class="muted">Loading…</p>}
      {figures && (
        <>
          <div class="accuracy-tables" aria-busy={accuracyLoading.value}>
            {PERIODS.map((p) => (
              <AccuracyTable key={p} period={p} rows={accuracyRows(figures.periods[p])} />
            ))}
          </div>
          <p class="muted accuracy-foot">
            As of {formatSiteTime(figures.generatedAt, minuteClock.value, tz)} ({tz})
          </p>
        </>
      )}
    </dialog>
  );
}
