import { windowDeltaMinutes, type Shipment } from '@dockwatch/shared';
import { formatMinutes, formatWindowDelta } from '../format/time';
import { t } from '../i18n/i18n';

/** What the board says of a shipment against its window, beside its window status chip. */
export interface WindowVerdict {
  /** E.g. `12 min late`, `up to 8 min late`, `Missed window`, `in window`; null when unknown. */
  text: string | null;
  /** Whether the text warns of lateness (shown in the late colour). */
  late: boolean;
}

type Facts = Pick<Shipment, 'windowStatus' | 'windowStart' | 'windowEnd' | 'eta' | 'etaLatest' | 'arrivedAt'>;

const minutesPast = (t: string | null, s: Facts): number | null =>
  t === null ? null : windowDeltaMinutes(Date.parse(t), Date.parse(s.windowStart), Date.parse(s.windowEnd));

/**
 * The early/late text, following the shipment's window status (the one truth the chip, the
 * alerts and the portal share), so the two never contradict each other: a late or at-risk
 * shipment never reads `in window`, and one still on the road after its window closed reads
 * `Missed window`. After arrival it is the arrival against the window.
 */
export function windowVerdict(s: Facts, now: number): WindowVerdict {
  if (s.arrivedAt !== null) {
    const delta = minutesPast(s.arrivedAt, s);
    return { text: formatWindowDelta(delta), late: delta !== null && delta > 0 };
  }
  const delta = minutesPast(s.eta, s);
  switch (s.windowStatus) {
    case 'late':
      if (now > Date.parse(s.windowEnd)) return { text: t('time.missedWindow'), late: true };
      return { text: delta !== null && delta > 0 ? formatWindowDelta(delta) : t('time.lateWord'), late: true };
    case 'at_risk': {
      if (delta !== null && delta > 0) return { text: formatWindowDelta(delta), late: true };
      // The best estimate is still in the window; the band's late edge says by how much it may miss.
      const worst = minutesPast(s.etaLatest, s);
      return { text: worst !== null && worst > 0 ? t('time.upToLate', { duration: formatMinutes(worst) }) : t('time.mayMiss'), late: true };
    }
    default:
      return { text: formatWindowDelta(delta), late: delta !== null && delta > 0 };
  }
}
