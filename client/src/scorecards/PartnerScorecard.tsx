import './scorecards.css';
import { OFFSET_BUCKETS, type MeasureName, type Scorecard, type ScorecardLoad, type TierReason } from '@dockwatch/shared';
import { formatMinutes, formatNumber } from '../format/time';
import { t, tDynamic } from '../i18n/i18n';
import { CARD_MEASURES, formatMeasure, loadsBehind, versusAverage } from './scorecards-model';
import { chosenMeasure } from './scorecards-store';

const W = 560;
const H = 140;

/** On-time share (bars) and score (line) by week. */
function WeeklyChart({ card }: { card: Scorecard }) {
  const weeks = card.weeks;
  if (weeks.length === 0) return null;
  const slot = W / weeks.length;
  const bar = Math.max(4, slot * 0.6);
  const y = (share: number) => H - share * H;
  const score = weeks.map((w, i) => (w.values.score === null ? null : `${(i * slot + slot / 2).toFixed(1)},${y(w.values.score / 100).toFixed(1)}`)).filter((p): p is string => p !== null);
  return (
    <figure class="scorecard-chart" data-chart="weeks">
      <figcaption>{t('scorecards.chart.weeks')}</figcaption>
      <svg viewBox={`-50 -8 ${W + 56} ${H + 30}`} role="img" aria-label={t('scorecards.chart.weeksLabel', { partner: card.partner.name })}>
        {[0, 0.5, 1].map((v) => (
          <g key={v}>
            <line class="grid" x1={0} x2={W} y1={y(v)} y2={y(v)} />
            <text class="axis" x={-6} y={y(v) + 4} text-anchor="end">
              {formatNumber(v * 100, 0)} %
            </text>
          </g>
        ))}
        {weeks.map((w, i) => (
          <g key={w.week}>
            {w.values.onTimeShare !== null && (
              <rect class="bar-on-time" x={i * slot + (slot - bar) / 2} y={y(w.values.onTimeShare)} width={bar} height={H - y(w.values.onTimeShare)}>
                <title>{`${w.week}: ${formatMeasure('onTimeShare', w.values.onTimeShare)} · ${t('scorecards.loadsCount', { count: w.loads })}`}</title>
              </rect>
            )}
            {(weeks.length <= 8 || i % 2 === (weeks.length - 1) % 2) && (
              <text class="axis" x={i * slot + slot / 2} y={H + 16} text-anchor="middle">
                {w.week.slice(5)}
              </text>
            )}
          </g>
        ))}
        {score.length > 1 && <polyline class="line-score" points={score.join(' ')} />}
      </svg>
      <ul class="chart-legend">
        <li class="legend-on-time">{t('scorecards.measure.onTimeShare')}</li>
        <li class="legend-score">{t('scorecards.measure.score')}</li>
      </ul>
    </figure>
  );
}

/** Arrivals by minutes outside the window. */
function Distribution({ card }: { card: Scorecard }) {
  const counts = OFFSET_BUCKETS.map((b) => card.distribution[b.key]);
  const max = Math.max(1, ...counts);
  return (
    <figure class="scorecard-chart" data-chart="distribution">
      <figcaption>{t('scorecards.chart.distribution')}</figcaption>
      <ol class="distribution">
        {OFFSET_BUCKETS.map((b, i) => (
          <li key={b.key} class={`bucket-${b.key.split('_')[0]}`} data-bucket={b.key}>
            <span class="bucket-label">{tDynamic(`scorecards.bucket.${b.key}`)}</span>
            <span class="bucket-bar" style={{ width: `${(counts[i]! / max) * 100}%` }} />
            <span class="bucket-count">{counts[i]}</span>
          </li>
        ))}
      </ol>
    </figure>
  );
}

function LoadList({ loads, measure, onLoad }: { loads: readonly ScorecardLoad[]; measure: MeasureName; onLoad?: (shipmentId: string) => void }) {
  const behind = loadsBehind(loads, measure);
  return (
    <section class="scorecard-loads" aria-label={t('scorecards.loadsBehind', { measure: tDynamic(`scorecards.measure.${measure}`) })}>
      <h3>
        {t('scorecards.loadsBehind', { measure: tDynamic(`scorecards.measure.${measure}`) })} <span class="muted">({behind.length})</span>
      </h3>
      {behind.length === 0 ? (
        <p class="muted">{t('scorecards.noLoads')}</p>
      ) : (
        <div class="scorecard-scroll">
          <table class="scorecard-table loads-table">
            <thead>
              <tr>
                <th scope="col">{t('board.reference')}</th>
                <th scope="col">{t('scorecards.col.day')}</th>
                <th scope="col">{t('board.earlyLate')}</th>
                <th scope="col">{t('scorecards.measure.inFullShare')}</th>
                <th scope="col">{t('scorecards.measure.trackedShare')}</th>
                <th scope="col">{t('scorecards.col.notice')}</th>
                <th scope="col">{t('scorecards.col.dock')}</th>
              </tr>
            </thead>
            <tbody>
              {behind.map((l) => (
                <tr key={l.shipmentId} data-shipment-id={l.shipmentId}>
                  <th scope="row" data-label={t('board.reference')}>
                    {onLoad ? (
                      <button type="button" class="link" onClick={() => onLoad(l.shipmentId)}>
                        {l.reference}
                      </button>
                    ) : (
                      l.reference
                    )}
                  </th>
                  <td data-label={t('scorecards.col.day')}>{l.day}</td>
                  <td data-label={t('board.earlyLate')} class={l.offsetMinutes !== null && l.offsetMinutes > 0 ? 'late' : ''}>
                    {l.offsetMinutes === null ? '—' : l.offsetMinutes === 0 ? t('time.inWindow') : `${l.offsetMinutes > 0 ? '+' : '−'}${formatNumber(Math.abs(l.offsetMinutes), 0)} min`}
                  </td>
                  <td data-label={t('scorecards.measure.inFullShare')}>{l.inFull === null ? '—' : l.inFull ? t('scorecards.yes') : t('scorecards.shortDelivery')}</td>
                  <td data-label={t('scorecards.measure.trackedShare')}>{l.tracked === null ? '—' : l.tracked ? t('scorecards.yes') : l.neverTracked ? t('scorecards.never') : t('scorecards.gaps')}</td>
                  <td data-label={t('scorecards.col.notice')}>{formatMeasure('medianNoticeMinutes', l.noticeMinutes)}</td>
                  <td data-label={t('scorecards.col.dock')}>{formatMeasure('medianDockMinutes', l.dockMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Why a tier is what it is, in the screen's language; a change recorded before the figures were kept has only its English words. */
export function tierReasonText(detail: TierReason | null, english: string): string {
  if (detail === null) return english;
  const options = { ...detail, ...('score' in detail ? { score: formatNumber(detail.score, 1) } : {}), ...('threshold' in detail ? { threshold: formatNumber(detail.threshold, 0) } : {}) };
  return t(`scorecards.tierReason.${detail.code}`, options);
}

/**
 * One partner's scorecard: every measure beside the site average (a click lists the loads
 * behind it), charts by week and the early/late distribution, its tiers and their reasons.
 */
export function PartnerScorecard({ card, onLoad, compact = false }: { card: Scorecard; onLoad?: (shipmentId: string) => void; compact?: boolean }) {
  const measures = compact ? CARD_MEASURES.filter((m) => ['score', 'onTimeShare', 'inFullShare', 'trackedShare', 'medianNoticeMinutes', 'medianEtaErrorMinutes'].includes(m)) : CARD_MEASURES;
  const chosen = chosenMeasure.value;
  return (
    <div class="partner-scorecard" data-partner={`${card.partner.kind}:${card.partner.key}`}>
      {card.tiers.length > 0 && (
        <ul class="tier-list">
          {card.tiers.map((tier) => (
            <li key={tier.siteId} class={`tier tier-${tier.tier ?? 'none'}`} data-tier={tier.tier ?? 'none'}>
              <strong class="tier-badge">{tier.tier ?? t('scorecards.noTier')}</strong>
              <span class="tier-score">{tier.score === null ? t('scorecards.noScore') : t('scorecards.tierScore', { score: formatNumber(tier.score, 1) })}</span>
              <span class="tier-reason">
                {t('scorecards.tierReasonLabel')}: {tierReasonText(tier.reasonDetail, tier.reason)}
              </span>
              {tier.benefits.earlyArrivalToleranceMinutes !== null && <span class="tier-benefit">{t('scorecards.benefit.early', { duration: formatMinutes(tier.benefits.earlyArrivalToleranceMinutes) })}</span>}
              {tier.benefits.arrivalPriority && <span class="tier-benefit">{t('scorecards.benefit.priority')}</span>}
              {tier.benefits.oneTapReceipt && <span class="tier-benefit">{t('scorecards.benefit.oneTap')}</span>}
            </li>
          ))}
        </ul>
      )}
      <ul class="measure-cards">
        {measures.map((m) => {
          const f = card.measures[m];
          const verdict = versusAverage(m, f.value, f.siteAverage);
          return (
            <li key={m} data-measure={m} class={`measure-card ${verdict ? `vs-${verdict}` : ''} ${chosen === m && !compact ? 'chosen' : ''}`}>
              <button type="button" disabled={compact} onClick={() => (chosenMeasure.value = m)} title={tDynamic(`scorecards.hint.${m}`)}>
                <span class="measure-name">{tDynamic(`scorecards.measure.${m}`)}</span>
                <span class="measure-value">{formatMeasure(m, f.value)}</span>
                <span class="measure-average">{t('scorecards.siteAverage', { value: formatMeasure(m, f.siteAverage) })}</span>
                <span class="measure-loads">{t('scorecards.loadsCount', { count: f.loads })}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <div class="scorecard-charts">
        <WeeklyChart card={card} />
        <Distribution card={card} />
      </div>
      {!compact && <LoadList loads={card.loads} measure={chosen} onLoad={onLoad} />}
      {card.tierChanges.length > 0 && (
        <section class="tier-changes">
          <h3>{t('scorecards.tierChanges')}</h3>
          <ol>
            {card.tierChanges.slice(0, compact ? 3 : 10).map((c) => (
              <li key={c.at + c.siteId}>
                <span class="time">{c.at.slice(0, 10)}</span> <strong>{c.from ?? '—'} → {c.to ?? '—'}</strong>{' '}
                <span class="tier-reason muted">{tierReasonText(c.reasonDetail, c.reason)}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
