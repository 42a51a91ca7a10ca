import { useEffect, useRef } from 'preact/hooks';
import { minuteClock } from '../board/derived';
import { select, site } from '../board/store';
import { formatSiteTime } from '../format/time';
import { formatLocale, t } from '../i18n/i18n';
import { chartGeometry, COVERAGE_STYLE, coverageRow } from './coverage-model';
import { chooseMaterial, chosenMaterial, coverage, coverageOpen, coverageProblem, loadCoverage, projection } from './coverage-store';

/** Coverage moves with every ETA and with the clock: reloaded this often while the panel is open. */
const REFRESH_MS = 30_000;
const W = 640;
const H = 180;

function ProjectionChart({ timeZone }: { timeZone: string }) {
  const p = projection.value;
  const chosen = coverage.value?.materials.find((m) => m.materialId === chosenMaterial.value);
  if (!p || !chosen || p.materialId !== chosen.materialId) return null;
  if (p.expected.length === 0) return <p class="muted">{t('coverage.noCount', { sku: chosen.sku })}</p>;
  const g = chartGeometry(p, W, H, timeZone, minuteClock.value);
  return (
    <figure class="coverage-chart" data-material={chosen.sku}>
      <figcaption>
        <strong>{chosen.sku}</strong> {chosen.description}: {t('coverage.chartCaption', { unit: chosen.unit })}
      </figcaption>
      <svg viewBox={`-40 -8 ${W + 48} ${H + 28}`} role="img" aria-label={t('coverage.chartLabel', { sku: chosen.sku })}>
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
      </ul>
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
    return () => clearInterval(timer);
  }, [siteId]);

  if (!current) return null;
  const list = coverage.value?.siteId === current.id ? coverage.value : null;
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
      {list && list.materials.length === 0 && <p class="muted">{t('coverage.empty', { site: current.name })}</p>}
      {list && list.materials.length > 0 && (
        <>
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
                {list.materials.map((m) => {
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
          <ProjectionChart timeZone={tz} />
          <p class="muted coverage-foot">
            {t('coverage.foot', { time: formatSiteTime(list.generatedAt, now, tz), tz, hours: list.horizonHours })}
          </p>
        </>
      )}
    </dialog>
  );
}
