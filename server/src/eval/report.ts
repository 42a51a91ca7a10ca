import type { ModelFigures } from './metrics';
import { LEAD_MINUTES, SCENARIO_NAMES } from './scenarios';

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)} %`);
const min = (v: number | null) => (v === null ? '–' : v.toFixed(1));

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The tables `pnpm eval:eta` prints, each model side by side. */
export function formatReport(models: Record<string, ModelFigures>, journeys: number): string {
  const names = Object.keys(models);
  const etaRows = LEAD_MINUTES.flatMap((lead) =>
    names.map((name) => {
      const f = models[name]!.eta[String(lead)]!;
      return [`${lead} min · ${name}`, String(f.n), min(f.medianAbsMin), min(f.p90AbsMin), pct(f.within15Share)];
    }),
  );
  const bandRows = names.map((name) => [name, String(models[name]!.bandSamples), pct(models[name]!.bandCoverage)]);
  const scenarioRows = SCENARIO_NAMES.flatMap((s) =>
    names.map((name) => {
      const f = models[name]!.scenarios[s];
      return [
        `${s} · ${name}`,
        String(f.n),
        pct(f.anyLatePredictedShare),
        f.notificationsPerJourney.toFixed(2),
        f.alerted30Share === null ? '–' : `${pct(f.alerted30Share)} of ${f.eligible}`,
        pct(f.wrongAllClearShare),
      ];
    }),
  );
  return [
    `ETA accuracy on ${journeys} journeys (absolute error, minutes; lead = time before the actual arrival)`,
    table(['lead · model', 'n', 'median', 'p90', '±15 min'], etaRows),
    '',
    'Band coverage (share of samples every 5 min before arrival whose band held the actual arrival)',
    table(['model', 'samples', 'coverage'], bandRows),
    '',
    'Alerts per window scenario (early: window 20–50 min after arrival; onTime: ±15 min; late15/late60: ends 15/60 min before)',
    table(['scenario · model', 'n', 'any late_predicted', 'notifications/journey', 'alerted ≥ 30 min before end', 'wrong all-clear'], scenarioRows),
  ].join('\n');
}
