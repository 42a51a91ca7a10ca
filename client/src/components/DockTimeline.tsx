import { computed } from '@preact/signals';
import { dockNames, siteTimeZone } from '../board/derived';
import { sameItems, stableComputed } from '../board/stable-computed';
import { now, site, visible } from '../board/store';
import { barsByLane, dockRows, onePlace, TIMELINE_SPAN_MS, timelinePercent, type DockRow } from '../board/timeline';
import { formatClock, localHourTicks } from '../format/time';
import { TimelineLane } from './TimelineLane';
import { useLaneGeometry } from './timeline-geometry';
import { t } from '../i18n/i18n';

const BEFORE_NOW_MS = 2 * 3_600_000;

/** Start of the drawn span: two hours back, in quarter-hour steps so bars do not creep every second. */
const timelineFrom = computed(() => Math.floor((now.value - BEFORE_NOW_MS) / 900_000) * 900_000);

/** Same docks, lanes, and bars in the same places: a delta that only moved an ETA keeps the layout. */
function sameLayout(a: DockRow[], b: DockRow[]): boolean {
  return sameItems(a, b) || (a.length === b.length && a.every((row, i) => sameRow(row, b[i]!)));
}

function sameRow(a: DockRow, b: DockRow): boolean {
  return (
    a.dock === b.dock &&
    a.lanes === b.lanes &&
    a.bars.length === b.bars.length &&
    a.bars.every((bar, j) => {
      const other = b.bars[j]!;
      return (
        bar.lane === other.lane &&
        bar.shipment.id === other.shipment.id &&
        bar.shipment.windowStart === other.shipment.windowStart &&
        bar.shipment.windowEnd === other.shipment.windowEnd
      );
    })
  );
}

const layout = stableComputed(() => dockRows(dockNames.value, visible.value, timelineFrom.value, timelineFrom.value + TIMELINE_SPAN_MS), sameLayout);

/** The line at the current time: the only part of the timeline that moves every second. */
function NowLine() {
  return <span class="now-line" style={{ left: `${onePlace(timelinePercent(now.value, timelineFrom.value))}%` }} aria-hidden="true" />;
}

/** Per dock, the receiving windows ahead as bars, with each shipment's ETA drawn against its window. */
export function DockTimeline() {
  const gridRef = useLaneGeometry();
  const current = site.value;
  if (!current) return null;
  const from = timelineFrom.value;
  const timeZone = siteTimeZone.value;
  const ticks = localHourTicks(from, from + TIMELINE_SPAN_MS, timeZone);
  const pct = (at: number) => timelinePercent(at, from);

  return (
    <section class="timeline" aria-label={t('timeline.title')}>
      <div class="timeline-head">
        <h2>{t('timeline.title')}</h2>
        <span class="hint">{t('timeline.hint')}</span>
      </div>
      <div class="timeline-grid" ref={gridRef}>
        <div class="timeline-axis">
          {ticks.map((tick) => (
            <span key={tick} class="tick" style={{ left: `${pct(tick)}%` }}>
              {formatClock(tick, timeZone)}
            </span>
          ))}
        </div>
        {layout.value.map((row) => (
          <div class="dock-row" key={row.dock ?? '—'}>
            <div class="dock-label">
              {row.dock ? t('timeline.dock', { dock: row.dock }) : t('timeline.noDock')}
              <span class="dock-count">{row.bars.length}</span>
            </div>
            <div class="dock-lanes">
              {ticks.map((tick) => (
                <span key={tick} class="gridline" style={{ left: `${pct(tick)}%` }} />
              ))}
              <NowLine />
              {barsByLane(row).map((bars, lane) => (
                <TimelineLane key={lane} bars={bars} from={from} />
              ))}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}
