import { useEffect, useRef } from 'preact/hooks';
import { minuteClock } from '../board/derived';
import { select, site } from '../board/store';
import { formatEtaBand, formatSiteTime } from '../format/time';
import { formatLocale, t } from '../i18n/i18n';
import { chartGeometry, COVERAGE_STYLE, coverageRow, DEMAND_STRIP, noticeSpans } from './coverage-model';
import {
  chartHours,
  chooseChartHours,
  chooseMaterial,
  chosenMaterial,
  coverage,
  coverageOpen,
  coverageProblem,
  discrepancies,
  lineFilter,
  loadCoverage,
  projection,
  supplierFilter,
} from './coverage-store';
import { onCoverageMoved } from './part-covers';
import { MaterialTools } from './MaterialTools';
import { mayEditMaterials } from '../api/client';
import { CAUSE_TEXT, NoticeLines } from '../notices/NoticesSection';
import { noticesOnMaterial } from '../notices/notice-match';
import { notices } from '../notices/notices-store';

/** Stock on hand falls with the clock: reloaded this often while the panel is open, besides every pushed change. */
const REFRESH_MS = 60_000;
/** Pushed changes arriving close together are loaded once. */
const SETTLE_MS = 1_500;
const W = 640;
const H = 180;

function ProjectionChart({ timeZone, onShipment }: { timeZone: string; onShipment: (id: string) => void }) {
  const p = projection.value;
  const chosen = coverage.value?.materials.find((m) => m.materialId === chosenMaterial.value);
  if (!p || !chosen || p.materialId !== chosen.materialId) return null;
  if (p.expected.length === 0) return <p class="muted">{t('coverage.noCount', { sku: chosen.sku })}</p>;
  const g = chartGeometry(p, W, H, timeZone, minuteClock.value, chosen.inbound);
  const weeks = chartHours.value > 48;
  const siteId = coverage.value!.siteId;
  const touching = noticesOnMaterial(notices.value.values(), siteId, chosen);
  const noticeMarks = noticeSpans(p, W, touching.map((n) => ({ id: n.id, startsAt: n.startsAt, endsAt: n.endsAt, label: `⚠ ${t(CAUSE_TEXT[n.cause])}` })));
  return (
    <figure class="coverage-chart" data-material={chosen.sku} data-hours={chartHours.value}>
      <figcaption>
        <strong>{chosen.sku}</strong> {chosen.description}: {t(weeks ? 'coverage.chartCaption4w' : 'coverage.chartCaption', { unit: chosen.unit })}
      </figcaption>
      <svg viewBox={`-40 -8 ${W + 48} ${H + 36 + DEMAND_STRIP}`} role="img" aria-label={t(weeks ? 'coverage.chartLabel4w' : 'coverage.chartLabel', { sku: chosen.sku })}>
        <g class="demand-strip" transform={`translate(0 ${H + 24})`}>
          <text class="axis" x={-6} y={DEMAND_STRIP - 4} text-anchor="end">
            {t('coverage.demandAxis')}
          </text>
          {g.demand.map((d) => (
            <rect key={d.x} x={d.x} y={DEMAND_STRIP - d.h} width={d.w} height={d.h} />
          ))}
          <text class="axis" x={W + 4} y={8}>
            {Math.round(g.peakPerHour).toLocaleString(formatLocale())}/h
          </text>
        </g>
        {g.bands.map((b) => (
          <g key={`${b.label}-${b.x1}`} class={`eta-band-mark ${b.late ? 'is-late' : ''}`}>
            <rect x={b.x1} y={0} width={b.x2 - b.x1} height={H} />
            <text class="band-label" x={b.x1 + 3} y={12}>
              {b.label}
            </text>
          </g>
        ))}
        {noticeMarks.map((n) => (
          <g key={n.id} class="notice-mark" data-notice-id={n.id}>
            <rect x={n.x1} y={0} width={n.x2 - n.x1} height={H} />
            <text class="band-label" x={n.x1 + 3} y={H - 4}>
              {n.label}
            </text>
          </g>
        ))}
        <line class="zero" x1={0} x2={W} y1={g.zeroY} y2={g.zeroY} />
        <text class="axis" x={-6} y={g.zeroY + 4} text-anchor="end">
          0
        </text>
        <text class="axis" x={-6} y={8} text-anchor="end">
          {Math.round(g.max).toLocaleString(formatLocale())}
        </text>
        {g.ticks.map((t) => (
          <g key={t.x}>
            <line class="tick" x1={t.x} x2={t.x} y1={0} y2={H} />
            <text class="axis" x={t.x} y={H + 16} text-anchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        <polyline class="line-safety" points={g.lines.safety} />
        <polyline class="line-optimistic" points={g.lines.optimistic} />
        <polyline class="line-pessimistic" points={g.lines.pessimistic} />
        <polyline class="line-expected" points={g.lines.expected} />
      </svg>
      <ul class="chart-legend">
        <li class="legend-expected">{t('coverage.legend.expected')}</li>
        <li class="legend-pessimistic">{t('coverage.legend.pessimistic')}</li>
        <li class="legend-optimistic">{t('coverage.legend.optimistic')}</li>
        <li class="legend-safety">{t('coverage.legend.safety')}</li>
        <li class="legend-band">{t('coverage.legend.band')}</li>
        <li class="legend-demand">{t('coverage.legend.demand')}</li>
        {noticeMarks.length > 0 && <li class="legend-notice">{t('coverage.legend.notice')}</li>}
      </ul>
      <NoticeLines list={touching} timeZone={timeZone} label={t('coverage.notices', { sku: chosen.sku })} />
      {chosen.inbound.length > 0 && (
        <div class="carrying">
          <h3>{t('coverage.carrying', { sku: chosen.sku })}</h3>
          <ul>
            {chosen.inbound.map((i) => (
              <li key={i.shipmentId} class={i.lateCausesRunOut ? 'is-late' : undefined}>
                <button type="button" class="link" onClick={() => onShipment(i.shipmentId)}>
                  {i.reference}
                </button>{' '}
                <span class="muted">{i.supplier}</span> · {i.quantity.toLocaleString(formatLocale())} {chosen.unit} ·{' '}
                {i.eta ? t('coverage.eta', { eta: formatEtaBand(i.etaEarliest, i.etaLatest, minuteClock.value, timeZone) ?? formatSiteTime(i.eta, minuteClock.value, timeZone) }) : t('coverage.notTracked')}
                {i.lateCausesRunOut && <strong class="blamed"> · {t('coverage.blamed')}</strong>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </figure>
  );
}

/**
 * Which part runs out when, given the trucks on the road: the site's materials, least covered
 * first, with the delivery that would bring each back, and the chosen one's projected stock.
 */
export function CoveragePanel() {
  const current = site.value;
  const dialog = useRef<HTMLDialogElement>(null);
  const siteId = current?.id;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (!siteId) return;
    void loadCoverage(siteId);
    const timer = setInterval(() => void loadCoverage(siteId), REFRESH_MS);
    let settle: ReturnType<typeof setTimeout> | null = null;
    const stop = onCoverageMoved(() => {
      settle ??= setTimeout(() => {
        settle = null;
        void loadCoverage(siteId);
      }, SETTLE_MS);
    });
    return () => {
      clearInterval(timer);
      if (settle) clearTimeout(settle);
      stop();
    };
  }, [siteId]);

  if (!current) return null;
  const list = coverage.value?.siteId === current.id ? coverage.value : null;
  const suppliers = list ? [...new Set(list.materials.flatMap((m) => m.suppliers))].sort() : [];
  const lines = list ? [...new Set(list.materials.map((m) => m.line).filter((l): l is string => l !== null))].sort() : [];
  const shown = list ? list.materials.filter((m) => (supplierFilter.value === null || m.suppliers.includes(supplierFilter.value)) && (lineFilter.value === null || m.line === lineFilter.value)) : [];
  const counted = discrepancies.value?.siteId === current.id ? discrepancies.value : null;
  const tz = current.timezone;
  const now = minuteClock.value;
  return (
    <dialog ref={dialog} class="coverage-panel" aria-labelledby="coverage-title" onClose={() => (coverageOpen.value = false)}>
      <div class="panel-head">
        <h2 id="coverage-title">{t('coverage.title')}</h2>
        <button type="button" class="close" aria-label={t('coverage.close')} onClick={() => dialog.current?.close()}>
          ×
        </button>
      </div>
      {coverageProblem.value && (
        <p class="error" role="alert">
          {coverageProblem.value}
        </p>
      )}
      {!list && !coverageProblem.value && <p class="muted">{t('coverage.loading')}</p>}
      {list && mayEditMaterials.value && <MaterialTools siteId={current.id} chosen={list.materials.find((m) => m.materialId === chosenMaterial.value) ?? null} />}
      {list && list.materials.length === 0 && <p class="muted">{t('coverage.empty', { site: current.name })}</p>}
      {list && list.materials.length > 0 && (
        <>
          <div class="coverage-tools">
            <label>
              {t('coverage.filter.supplier')}
              <select value={supplierFilter.value ?? ''} onChange={(e) => (supplierFilter.value = (e.target as HTMLSelectElement).value || null)}>
                <option value="">{t('coverage.filter.all')}</option>
                {suppliers.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('coverage.filter.line')}
              <select value={lineFilter.value ?? ''} onChange={(e) => (lineFilter.value = (e.target as HTMLSelectElement).value || null)}>
                <option value="">{t('coverage.filter.all')}</option>
                {lines.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <div class="range-toggle" role="group" aria-label={t('coverage.range.label')}>
              {([48, 672] as const).map((h) => (
                <button key={h} type="button" aria-pressed={chartHours.value === h} onClick={() => void chooseChartHours(current.id, h)}>
                  {t(h === 48 ? 'coverage.range.h48' : 'coverage.range.w4')}
                </button>
              ))}
            </div>
          </div>
          {shown.length === 0 && <p class="muted">{t('coverage.noneFiltered')}</p>}
          <div class="coverage-scroll">
            <table class="coverage-table">
              <thead>
                <tr>
                  <th scope="col">{t('coverage.col.status')}</th>
                  <th scope="col">{t('coverage.col.part')}</th>
                  <th scope="col" class="col-line">
                    {t('coverage.col.line')}
                  </th>
                  <th scope="col">{t('coverage.col.onHand')}</th>
                  <th scope="col" title={t('coverage.col.coverTitle')}>
                    {t('coverage.col.cover')}
                  </th>
                  <th scope="col" title={t('coverage.col.runsOutTitle')}>
                    {t('coverage.col.runsOut')}
                  </th>
                  <th scope="col">{t('coverage.col.next')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((m) => {
                  const r = coverageRow(m, now, tz);
                  const style = COVERAGE_STYLE[r.status];
                  return (
                    <tr
                      key={r.id}
                      class={`coverage-${r.status} ${chosenMaterial.value === r.id ? 'selected' : ''}`}
                      data-sku={r.sku}
                      data-status={r.status}
                      onClick={() => void chooseMaterial(current.id, r.id)}
                    >
                      <td data-col="status">
                        <span class={`coverage-chip chip-${r.status}`}>
                          <span aria-hidden="true">{style.symbol}</span> {style.label}
                        </span>
                      </td>
                      <th scope="row" data-col="part">
                        {r.sku}
                        <span class="muted part-description">{r.description}</span>
                      </th>
                      <td class="col-line">{r.line}</td>
                      <td data-col="on-hand" data-label={t('coverage.col.onHand')}>
                        {r.onHand}
                      </td>
                      <td data-col="cover" data-label={t('coverage.col.cover')}>
                        {r.cover}
                      </td>
                      <td data-col="runs-out" data-label={t('coverage.col.runsOut')}>
                        {r.runsOut}
                      </td>
                      <td data-col="next" data-label={t('coverage.col.next')}>
                        {m.nextInbound ? (
                          <button
                            type="button"
                            class="link"
                            onClick={(e) => {
                              e.stopPropagation();
                              dialog.current?.close();
                              void select(m.nextInbound!.shipmentId);
                            }}
                          >
                            {r.next}
                          </button>
                        ) : (
                          r.next
                        )}
                        {r.blamed && <strong class="blamed"> · {t('coverage.blamed')}</strong>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <ProjectionChart
            timeZone={tz}
            onShipment={(id) => {
              dialog.current?.close();
              void select(id);
            }}
          />
          {counted && (
            <section class="discrepancies" aria-labelledby="discrepancies-title">
              <h3 id="discrepancies-title">{t('coverage.discrepancies.title')}</h3>
              {counted.discrepancies.length === 0 ? (
                <p class="muted">{t('coverage.discrepancies.none')}</p>
              ) : (
                <table class="discrepancy-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('coverage.discrepancies.col.received')}</th>
                      <th scope="col">{t('coverage.discrepancies.col.load')}</th>
                      <th scope="col">{t('coverage.discrepancies.col.part')}</th>
                      <th scope="col">{t('coverage.discrepancies.col.expected')}</th>
                      <th scope="col">{t('coverage.discrepancies.col.counted')}</th>
                      <th scope="col">{t('coverage.discrepancies.col.difference')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {counted.discrepancies.map((d) => (
                      <tr key={`${d.receiptId}-${d.sku}`} data-sku={d.sku} class={d.difference < 0 ? 'is-short' : 'is-over'}>
                        <td data-label={t('coverage.discrepancies.col.received')}>{formatSiteTime(d.receivedAt, now, tz)}</td>
                        <td data-label={t('coverage.discrepancies.col.load')}>
                          {d.reference} <span class="muted">{d.supplier}</span>
                        </td>
                        <th scope="row" data-label={t('coverage.discrepancies.col.part')}>
                          {d.sku}
                        </th>
                        <td data-label={t('coverage.discrepancies.col.expected')}>{d.expectedQuantity.toLocaleString(formatLocale())}</td>
                        <td data-label={t('coverage.discrepancies.col.counted')}>{d.quantity.toLocaleString(formatLocale())}</td>
                        <td data-label={t('coverage.discrepancies.col.difference')} class="difference">
                          {d.difference > 0 ? '+' : '−'}
                          {Math.abs(d.difference).toLocaleString(formatLocale())}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}
          <p class="muted coverage-foot">
            {t('coverage.foot', { time: formatSiteTime(list.generatedAt, now, tz), tz, hours: list.horizonHours })}
          </p>
        </>
      )}
    </dialog>
  );
}
