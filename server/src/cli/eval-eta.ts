import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { baselineModel } from '../eval/baseline-model';
import { dockwatchModel } from '../eval/dockwatch-model';
import { readJourneyFolder } from '../eval/journeys';
import { summarize, type ModelFigures } from '../eval/metrics';
import { replayJourney, type JourneyResult } from '../eval/replay';
import { formatReport } from '../eval/report';
import { progressLine } from './progress';

const usage = `Usage: pnpm eval:eta <folder of journey CSVs> [--json FILE]

Replays every <id>.csv journey (header ts,lat,lon; epoch seconds; time order; the last point is
the site) through Dockwatch's tracking pipeline and alert rules as a Traccar Client device would
report it (every 30 s or 100 m), under four receiving windows placed around the actual arrival,
and prints ETA accuracy, band coverage and alert figures beside a plain baseline
(great-circle distance at 60 km/h). --json writes the same figures for comparison across releases.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { json: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(`${positionals.length === 0 ? 'A journey folder is required' : 'Give one journey folder'}.\n\n${usage}`);
    return 2;
  }
  const journeys = await readJourneyFolder(positionals[0]!);
  if (journeys.length === 0) {
    console.error(`No <id>.csv journeys in ${positionals[0]}.`);
    return 2;
  }
  const models = [dockwatchModel(), baselineModel];
  const results: Record<string, JourneyResult[]> = Object.fromEntries(models.map((m) => [m.name, []]));
  const progress = progressLine();
  journeys.forEach((journey, i) => {
    progress.update(`Replaying journey ${i + 1}/${journeys.length} (${journey.id})`);
    for (const model of models) results[model.name]!.push(replayJourney(journey, model));
  });
  progress.done(`Replayed ${journeys.length} journeys through ${models.map((m) => m.name).join(' and ')}.`);
  const figures: Record<string, ModelFigures> = Object.fromEntries(models.map((m) => [m.name, summarize(results[m.name]!)]));
  console.log(formatReport(figures, journeys.length));
  if (values.json) {
    await writeFile(values.json, `${JSON.stringify({ journeys: journeys.length, ...figures }, null, 2)}\n`);
    console.log(`\nWrote ${values.json}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
