import type { DemandBucket, MaterialCreate } from '@dockwatch/shared';
import { parse as parseCsv } from 'csv-parse/sync';
import { createRequire } from 'node:module';
import { zonedTimeToUtc } from './site-time';
import { demandProblems, plausibleTime, type Problem } from './validate';

// The EDIFACT parser is CommonJS without types; only its Reader is used.
const { Reader } = createRequire(import.meta.url)('edifact') as { Reader: new () => { parse(document: string): EdifactSegment[] } };

interface EdifactSegment {
  name: string;
  elements: string[][];
}

export const IMPORT_KINDS = ['materials', 'stock', 'demand', 'delfor'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What a valid file says, ready to write (every sku known to exist where it must). */
export type ImportPlan =
  | { kind: 'materials'; materials: MaterialCreate[] }
  | { kind: 'stock'; counts: { sku: string; quantity: number; countedAt: number }[] }
  | { kind: 'demand' | 'delfor'; plans: Map<string, DemandBucket[]> };

export type ImportResult = { ok: true; plan: ImportPlan } | { ok: false; problems: Problem[] };

/** Rows a file may have: enough for 2,000 materials × 4 weeks of daily demand, well short of hourly for all. */
export const MAX_IMPORT_ROWS = 200_000;

/** EDIFACT starts with its service string advice or interchange header; anything else is CSV. */
export function detectKind(text: string, header: readonly string[] | null): ImportKind | null {
  if (/^\s*(UNA|UNB|UNH)/.test(text)) return 'delfor';
  if (header === null) return null;
  if (header.includes('counted_at')) return 'stock';
  if (header.includes('from') && header.includes('to')) return 'demand';
  if (header.includes('sku')) return 'materials';
  return null;
}

const HEADERS: Record<Exclude<ImportKind, 'delfor'>, { required: string[]; optional: string[] }> = {
  materials: { required: ['sku'], optional: ['description', 'unit', 'safety_stock', 'safety_stock_hours', 'suppliers', 'line'] },
  stock: { required: ['sku', 'quantity', 'counted_at'], optional: [] },
  demand: { required: ['sku', 'from', 'to', 'quantity'], optional: [] },
};

type Row = { record: Record<string, string>; line: number };

function readCsv(text: string): { header: string[]; rows: Row[] } | { problems: Problem[] } {
  try {
    const records = parseCsv(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), info: true, skip_empty_lines: true, trim: true, bom: true, max_record_size: 10_000 }) as {
      record: Record<string, string>;
      info: { lines: number };
    }[];
    if (records.length > MAX_IMPORT_ROWS) return { problems: [{ path: 'file', message: `${records.length} rows: at most ${MAX_IMPORT_ROWS} a file` }] };
    const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const header = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
    return { header, rows: records.map((r) => ({ record: r.record, line: r.info.lines })) };
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return { problems: [{ path: e.lines ? `line ${e.lines}` : 'file', message: e.message }] };
  }
}

const number = (value: string | undefined): number | null => {
  if (value === undefined || value === '') return null;
  const n = Number(value.replace(',', '.'));
  return Number.isFinite(n) ? n : Number.NaN;
};

/** A CSV time: ISO-8601 with an offset, or a local `YYYY-MM-DD[ HH:MM]` in the site's time zone. */
function csvTime(value: string, timeZone: string): number {
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(value);
  if (local) return zonedTimeToUtc({ year: +local[1]!, month: +local[2]!, day: +local[3]!, hour: +(local[4] ?? 0), minute: +(local[5] ?? 0) }, timeZone);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return Number.NaN;
  return Date.parse(value);
}

function csvPlan(kind: Exclude<ImportKind, 'delfor'>, header: string[], rows: Row[], timeZone: string): ImportResult {
  const problems: Problem[] = [];
  const spec = HEADERS[kind];
  const missing = spec.required.filter((c) => !header.includes(c));
  if (missing.length > 0) return { ok: false, problems: [{ path: 'line 1', message: `a ${kind} file needs the column(s) ${missing.join(', ')}` }] };
  const unknown = header.filter((c) => !spec.required.includes(c) && !spec.optional.includes(c));
  if (unknown.length > 0) problems.push({ path: 'line 1', message: `unknown column(s) ${unknown.join(', ')} (a ${kind} file has ${[...spec.required, ...spec.optional].join(', ')})` });
  const at = (row: Row) => `line ${row.line}`;
  const seen = new Map<string, number>();

  if (kind === 'materials') {
    const materials: MaterialCreate[] = [];
    for (const row of rows) {
      const r = row.record;
      if (!r.sku) {
        problems.push({ path: at(row), message: 'sku is empty' });
        continue;
      }
      if (seen.has(r.sku)) problems.push({ path: at(row), message: `sku ${r.sku} is on line ${seen.get(r.sku)} already` });
      seen.set(r.sku, row.line);
      const safety = number(r.safety_stock);
      const hours = number(r.safety_stock_hours);
      if (Number.isNaN(safety) || (safety !== null && safety < 0)) problems.push({ path: at(row), message: `safety_stock ${r.safety_stock} is not a quantity` });
      if (Number.isNaN(hours) || (hours !== null && hours < 0)) problems.push({ path: at(row), message: `safety_stock_hours ${r.safety_stock_hours} is not a number of hours` });
      if (r.sku.length > 100 || (r.description ?? '').length > 500 || (r.unit ?? '').length > 20 || (r.line ?? '').length > 100) problems.push({ path: at(row), message: 'a value is too long (sku 100, description 500, unit 20, line 100 characters)' });
      materials.push({
        sku: r.sku,
        ...(r.description ? { description: r.description } : {}),
        ...(r.unit ? { unit: r.unit } : {}),
        ...(header.includes('safety_stock') || header.includes('safety_stock_hours') ? { safetyStock: { quantity: safety, hours } } : {}),
        ...(r.suppliers ? { suppliers: r.suppliers.split(/[;|]/).map((s) => s.trim()).filter(Boolean) } : {}),
        ...(r.line ? { line: r.line } : {}),
      });
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { kind, materials } };
  }

  if (kind === 'stock') {
    const counts: { sku: string; quantity: number; countedAt: number }[] = [];
    for (const row of rows) {
      const r = row.record;
      const quantity = number(r.quantity);
      const countedAt = csvTime(r.counted_at ?? '', timeZone);
      if (!r.sku) problems.push({ path: at(row), message: 'sku is empty' });
      else if (seen.has(r.sku)) problems.push({ path: at(row), message: `sku ${r.sku} is on line ${seen.get(r.sku)} already` });
      if (r.sku) seen.set(r.sku, row.line);
      if (quantity === null || Number.isNaN(quantity) || quantity < 0) problems.push({ path: at(row), message: `quantity ${r.quantity ?? ''} is not a quantity` });
      if (!plausibleTime(countedAt)) problems.push({ path: at(row), message: `counted_at ${r.counted_at ?? ''} is not a time (ISO-8601, or YYYY-MM-DD HH:MM in the site's time zone)` });
      counts.push({ sku: r.sku ?? '', quantity: quantity ?? 0, countedAt });
    }
    return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { kind, counts } };
  }

  const plans = new Map<string, DemandBucket[]>();
  const lines = new Map<string, number[]>();
  for (const row of rows) {
    const r = row.record;
    const quantity = number(r.quantity);
    const from = csvTime(r.from ?? '', timeZone);
    const to = csvTime(r.to ?? '', timeZone);
    if (!r.sku) problems.push({ path: at(row), message: 'sku is empty' });
    if (quantity === null || Number.isNaN(quantity) || quantity < 0) problems.push({ path: at(row), message: `quantity ${r.quantity ?? ''} is not a quantity` });
    if (!plausibleTime(from) || !plausibleTime(to)) {
      problems.push({ path: at(row), message: 'from and to must be times (ISO-8601, or YYYY-MM-DD HH:MM in the site’s time zone)' });
      continue;
    }
    if (!r.sku) continue;
    (plans.get(r.sku) ?? plans.set(r.sku, []).get(r.sku)!).push({ from, to, quantity: quantity ?? 0 });
    (lines.get(r.sku) ?? lines.set(r.sku, []).get(r.sku)!).push(row.line);
  }
  for (const [sku, buckets] of plans) {
    const rowLines = lines.get(sku)!;
    const wire = buckets.map((b) => ({ from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString(), quantity: b.quantity }));
    problems.push(...demandProblems(wire, (i) => `line ${rowLines[i]}`).map((p) => ({ ...p, message: `${sku}: ${p.message}` })));
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { kind, plans } };
}

/** Where segment `n` (1-based) of a failed parse is: the parser tells a character position. */
function segmentAt(text: string, position: number): number {
  let n = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text[i] === "'" && text[i - 1] !== '?') n++;
  return n;
}

/** An EDIFACT date/time by its format qualifier: 102 CCYYMMDD, 203 CCYYMMDDHHMM, 718 CCYYMMDD-CCYYMMDD (a range). */
function edifactSpan(value: string, format: string, timeZone: string): { from: number; to: number } | null {
  const day = (s: string) => {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
    return m ? zonedTimeToUtc({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: 0, minute: 0 }, timeZone) : Number.NaN;
  };
  const nextDay = (t: number, s: string) => {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s)!;
    const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]! + 1));
    return Number.isFinite(t) ? zonedTimeToUtc({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 }, timeZone) : Number.NaN;
  };
  if (format === '102') {
    const from = day(value);
    return plausibleTime(from) ? { from, to: nextDay(from, value) } : null;
  }
  if (format === '203') {
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
    if (!m) return null;
    const from = zonedTimeToUtc({ year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]! }, timeZone);
    return plausibleTime(from) ? { from, to: from + 3_600_000 } : null;
  }
  if (format === '718') {
    const [a, b] = value.split('-');
    if (!a || !b) return null;
    const from = day(a);
    const to = nextDay(day(b), b);
    return plausibleTime(from) && plausibleTime(to) ? { from, to } : null;
  }
  return null;
}

/**
 * A DELFOR delivery schedule as demand: per line item (LIN, the part number in C212), each
 * quantity to be delivered (QTY+113) over its date (DTM+2 delivery date requested, or DTM+158 …
 * DTM+159 a period, or a 718 range), in the site's time zone. Segments are counted from 1.
 */
function delforPlan(text: string, timeZone: string): ImportResult {
  let segments: EdifactSegment[];
  try {
    segments = new Reader().parse(text.trim());
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    return { ok: false, problems: [{ path: position ? `segment ${segmentAt(text.trim(), Number(position[1]))}` : 'file', message }] };
  }
  const problems: Problem[] = [];
  // Segments are counted as the file has them, its service string advice (UNA) included.
  const first = /^UNA/.test(text.trim()) ? 2 : 1;
  const unh = segments.find((s) => s.name === 'UNH');
  if (!unh || unh.elements[1]?.[0] !== 'DELFOR') {
    return { ok: false, problems: [{ path: unh ? `segment ${segments.indexOf(unh) + first}` : 'file', message: `not a DELFOR message (UNH names ${unh?.elements[1]?.[0] ?? 'nothing'})` }] };
  }
  const plans = new Map<string, DemandBucket[]>();
  const where = new Map<string, string[]>();
  let sku: string | null = null;
  let pending: { quantity: number; segment: number; from?: number; to?: number } | null = null;
  const close = () => {
    if (pending === null) return;
    if (pending.from === undefined || pending.to === undefined) {
      problems.push({ path: `segment ${pending.segment}`, message: 'QTY+113 has no delivery date (DTM+2, or DTM+158 and DTM+159) after it' });
    } else if (sku !== null) {
      (plans.get(sku) ?? plans.set(sku, []).get(sku)!).push({ from: pending.from, to: pending.to, quantity: pending.quantity });
      (where.get(sku) ?? where.set(sku, []).get(sku)!).push(`segment ${pending.segment}`);
    }
    pending = null;
  };
  segments.forEach((s, i) => {
    const n = i + first;
    if (s.name === 'LIN') {
      close();
      sku = s.elements[2]?.[0] ?? null;
      if (!sku) problems.push({ path: `segment ${n}`, message: 'LIN has no item number (C212)' });
    } else if (s.name === 'QTY' && s.elements[0]?.[0] === '113') {
      close();
      const quantity = Number(s.elements[0][1]);
      if (sku === null) problems.push({ path: `segment ${n}`, message: 'QTY before any LIN' });
      else if (!Number.isFinite(quantity) || quantity < 0) problems.push({ path: `segment ${n}`, message: `quantity ${s.elements[0][1] ?? ''} is not a quantity` });
      else pending = { quantity, segment: n };
    } else if (s.name === 'DTM' && pending !== null) {
      const [qualifier, value = '', format = '102'] = s.elements[0] ?? [];
      if (qualifier !== '2' && qualifier !== '158' && qualifier !== '159') return;
      const span = edifactSpan(value, format, timeZone);
      if (span === null) {
        problems.push({ path: `segment ${n}`, message: `DTM+${qualifier} date ${value} in format ${format} is not a date this import reads (102, 203 or 718)` });
        return;
      }
      if (qualifier === '2') Object.assign(pending, span);
      else if (qualifier === '158') pending.from = span.from;
      // The period's end date is its last day: the bucket runs to that day's end.
      else pending.to = span.to;
    } else if (s.name === 'UNS' || s.name === 'UNT') {
      close();
    }
  });
  close();
  for (const [code, buckets] of plans) {
    const segs = where.get(code)!;
    const wire = buckets.map((b) => ({ from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString(), quantity: b.quantity }));
    problems.push(...demandProblems(wire, (i) => segs[i]!).map((p) => ({ ...p, message: `${code}: ${p.message}` })));
  }
  if (problems.length === 0 && plans.size === 0) problems.push({ path: 'file', message: 'the DELFOR message schedules no quantity (no LIN with QTY+113)' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plan: { kind: 'delfor', plans } };
}

/** Reads and fully validates an import file; nothing is known to exist yet (the caller checks the skus against the site). */
export function planImport(text: string, kind: ImportKind | null, timeZone: string): ImportResult {
  if (text.trim() === '') return { ok: false, problems: [{ path: 'file', message: 'the file is empty' }] };
  if ((kind ?? detectKind(text, null)) === 'delfor') return delforPlan(text, timeZone);
  const csv = readCsv(text);
  if ('problems' in csv) return { ok: false, problems: csv.problems };
  const detected = kind ?? detectKind(text, csv.header);
  if (detected === null || detected === 'delfor') {
    return { ok: false, problems: [{ path: 'line 1', message: 'cannot tell what the file holds: a materials CSV has sku, a stock CSV sku, quantity, counted_at, a demand CSV sku, from, to, quantity' }] };
  }
  return csvPlan(detected, csv.header, csv.rows, timeZone);
}
