import { SCORECARD_PERIODS, type SiteScorecardRow } from '@dockwatch/shared';
import { useEffect, useRef } from 'preact/hooks';
import { select, site } from '../board/store';
import { t, tDynamic } from '../i18n/i18n';
import { PartnerScorecard } from './PartnerScorecard';
import { formatMeasure, nextSort, partnerId, scorecardCsv, sortRows, sparklinePoints, TABLE_MEASURES, versusAverage, type SortKey } from './scorecards-model';
import { chosenPartner, choosePartner, choosePeriod, download, loadScorecards, partnerCard, period, scorecardsOpen, scorecardsProblem, siteCards, sort } from './scorecards-store';

const SPARK_W = 84;
const SPARK_H = 22;

function SortHeader({ label, column, className }: { label: string; column: SortKey; className?: string }) {
  const s = sort.value;
  const active = s.key === column;
  return (
    <th scope="col" class={className} aria-sort={active ? (s.descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="sort" data-sort={column} onClick={() => (sort.value = nextSort(s, column))}>
        {label}
        <span aria-hidden="true">{active ? (s.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
}

function Row({ row, siteId }: { row: SiteScorecardRow; siteId: string }) {
  const spark = sparklinePoints(row.trend, SPARK_W, SPARK_H);
  return (
    <tr data-partner={partnerId(row.partner)} onClick={() => void choosePartner(siteId, row.partner)}>
      <th scope="row" data-col="partner">
        <button type="button" class="link" onClick={(e) => (e.stopPropagation(), void choosePartner(siteId, row.partner))}>
          {row.partner.name}
        </button>
        <span class="muted partner-kind">{t(row.partner.kind === 'carrier' ? 'scorecards.carrier' : 'scorecards.supplier')}</span>
      </th>
      <td data-col="tier" data-label={t('scorecards.col.tier')}>
        {row.tier?.tier ? <span class={`tier-badge tier-${row.tier.tier}`}>{row.tier.tier}</span> : <span class="muted">—</span>}
      </td>
      {TABLE_MEASURES.map((m) => {
        const f = row.measures[m];
        const verdict = versusAverage(m, f.value, f.siteAverage);
        return (
          <td key={m} data-col={m} data-label={tDynamic(`scorecards.short.${m}`)} class={verdict ? `vs-${verdict}` : ''} title={t('scorecards.siteAverage', { value: formatMeasure(m, f.siteAverage) })}>
            {formatMeasure(m, f.value)}
          </td>
        );
      })}
      <td data-col="loads" data-label={t('scorecards.col.loads')}>
        {row.measures.score.loads}
      </td>
      <td data-col="trend" class="col-trend">
        {spark ? (
          <svg class="sparkline" viewBox={`-2 -2 ${SPARK_W + 4} ${SPARK_H + 4}`} width={SPARK_W} height={SPARK_H} role="img" aria-label={t('scorecards.trendLabel', { partner: row.partner.name })}>
            <polyline points={spark} />
          </svg>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
    </tr>
  );
}

/**
 * Who is reliable and why: every partner of the site with its measures, tier and trend, sortable;
 * a partner's page with charts by week and the loads behind each figure; print and CSV.
 */
export function ScorecardsPanel() {
  const current = site.value;
  const dialog = useRef<HTMLDialogElement>(null);
  const siteId = current?.id;
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (siteId) void loadScorecards(siteId);
  }, [siteId]);
  if (!current) return null;
  const table = siteCards.value?.siteId === current.id ? siteCards.value : null;
  const partner = chosenPartner.value;
  const card = partner && partnerCard.value && partnerId(partnerCard.value.partner) === partnerId(partner) ? partnerCard.value : null;
  const rows = table ? sortRows(table.partners, sort.value) : [];
  return (
    <dialog ref={dialog} class="scorecards-panel" aria-labelledby="scorecards-title" onClose={() => (scorecardsOpen.value = false)}>
      <div class="panel-head">
        {partner && (
          <button type="button" class="back" onClick={() => void choosePartner(current.id, null)}>
            ← {t('scorecards.back')}
          </button>
        )}
        <h2 id="scorecards-title">{card ? t('scorecards.partnerTitle', { partner: card.partner.name }) : t('scorecards.title', { site: current.name })}</h2>
        <div class="period-picker" role="group" aria-label={t('scorecards.period')}>
          {SCORECARD_PERIODS.map((p) => (
            <button key={p} type="button" aria-pressed={period.value === p} data-period={p} onClick={() => void choosePeriod(current.id, p)}>
              {tDynamic(`scorecards.periods.${p}`)}
            </button>
          ))}
        </div>
        {!partner && (
          <label class="sort-picker">
            {t('scorecards.sortBy')}
            <select value={sort.value.key} onChange={(e) => (sort.value = nextSort({ key: 'name', descending: false }, (e.target as HTMLSelectElement).value as SortKey))}>
              <option value="name">{t('scorecards.col.partner')}</option>
              {TABLE_MEASURES.map((m) => (
                <option key={m} value={m}>
                  {tDynamic(`scorecards.short.${m}`)}
                </option>
              ))}
              <option value="loads">{t('scorecards.col.loads')}</option>
            </select>
          </label>
        )}
        {card && (
          <span class="report-actions">
            <button type="button" onClick={() => window.print()}>
              {t('scorecards.print')}
            </button>
            <button type="button" onClick={() => download(`scorecard-${card.partner.name.replace(/[^\p{L}\p{N}]+/gu, '-')}-${card.from}-${card.to}.csv`, scorecardCsv(card))}>
              {t('scorecards.csv')}
            </button>
          </span>
        )}
        <button type="button" class="close" aria-label={t('scorecards.close')} onClick={() => dialog.current?.close()}>
          ×
        </button>
      </div>
      {scorecardsProblem.value && (
        <p class="error" role="alert">
          {scorecardsProblem.value}
        </p>
      )}
      {!table && !scorecardsProblem.value && <p class="muted">{t('scorecards.loading')}</p>}
      {partner ? (
        card ? (
          <div class="scorecard-report">
            <p class="muted report-head">{t('scorecards.reportHead', { partner: card.partner.name, site: current.name, from: card.from, to: card.to, zone: current.timezone })}</p>
            <PartnerScorecard
              card={card}
              onLoad={(id) => {
                dialog.current?.close();
                void select(id);
              }}
            />
          </div>
        ) : (
          <p class="muted">{t('scorecards.loading')}</p>
        )
      ) : (
        table &&
        (rows.length === 0 ? (
          <p class="muted">{t('scorecards.empty', { site: current.name })}</p>
        ) : (
          <div class="scorecard-scroll">
            <table class="scorecard-table partners-table">
              <thead>
                <tr>
                  <SortHeader label={t('scorecards.col.partner')} column="name" />
                  <th scope="col">{t('scorecards.col.tier')}</th>
                  {TABLE_MEASURES.map((m) => (
                    <SortHeader key={m} label={tDynamic(`scorecards.short.${m}`)} column={m} />
                  ))}
                  <SortHeader label={t('scorecards.col.loads')} column="loads" />
                  <th scope="col" class="col-trend">
                    {t('scorecards.col.trend')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <Row key={partnerId(r.partner)} row={r} siteId={current.id} />
                ))}
              </tbody>
              <tfoot>
                <tr class="site-average">
                  <th scope="row">{t('scorecards.average')}</th>
                  <td />
                  {TABLE_MEASURES.map((m) => (
                    <td key={m} data-col={m} data-label={tDynamic(`scorecards.short.${m}`)}>
                      {formatMeasure(m, table.siteAverage[m].value)}
                    </td>
                  ))}
                  <td data-col="loads" data-label={t('scorecards.col.loads')}>
                    {table.siteAverage.score.loads}
                  </td>
                  <td class="col-trend" />
                </tr>
              </tfoot>
            </table>
          </div>
        ))
      )}
    </dialog>
  );
}
