import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One recorded point of a journey (epoch seconds as recorded, degrees). */
export interface JourneyPoint {
  ts: number;
  lat: number;
  lon: number;
}

/** A recorded road journey; its last point is where it ends, and stands for the site. */
export interface Journey {
  id: string;
  points: JourneyPoint[];
}

export class JourneyFormatError extends Error {
  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'JourneyFormatError';
  }
}

/** Parses one `ts,lat,lon` CSV (epoch seconds, time order); throws naming the file and line of the first problem. */
export function parseJourneyCsv(id: string, text: string, file = `${id}.csv`): Journey {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'ts,lat,lon') throw new JourneyFormatError(file, 1, `expected the header "ts,lat,lon", found "${lines[0] ?? ''}"`);
  const points: JourneyPoint[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const cells = line.split(',');
    const [ts, lat, lon] = cells.map(Number);
    if (cells.length !== 3 || !Number.isFinite(ts) || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      throw new JourneyFormatError(file, i + 1, `expected three numbers, found "${line}"`);
    }
    if (Math.abs(lat!) > 90 || Math.abs(lon!) > 180) throw new JourneyFormatError(file, i + 1, `coordinates off the globe: "${line}"`);
    const previous = points.at(-1);
    if (previous && ts! <= previous.ts) throw new JourneyFormatError(file, i + 1, `ts ${ts} is not after the point before it (${previous.ts})`);
    points.push({ ts: ts!, lat: lat!, lon: lon! });
  }
  if (points.length < 2) throw new JourneyFormatError(file, lines.length, 'a journey needs at least two points');
  return { id, points };
}

/** Every `<id>.csv` in the folder, in name order. */
export async function readJourneyFolder(folder: string): Promise<Journey[]> {
  const names = (await readdir(folder)).filter((n) => n.endsWith('.csv')).sort();
  return Promise.all(names.map(async (name) => parseJourneyCsv(name.slice(0, -4), await readFile(path.join(folder, name), 'utf8'), name)));
}
