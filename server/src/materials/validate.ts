import type { DemandInput, StockCountInput } from '@dockwatch/shared';

/** One thing wrong with an input, with where it is (a JSON pointer, or a file's line / segment). */
export interface Problem {
  path: string;
  message: string;
}

/** Times the product stores for materials: 1970 to 9999. */
export const plausibleTime = (t: number) => Number.isFinite(t) && t >= 0 && t < Date.UTC(10_000, 0, 1);

export function stockProblems(input: StockCountInput, now: number, maxFutureSkewMs: number): Problem[] {
  const counted = Date.parse(input.countedAt);
  if (!plausibleTime(counted)) return [{ path: '/countedAt', message: `countedAt ${input.countedAt} is not a time between 1970 and 9999` }];
  if (counted > now + maxFutureSkewMs) return [{ path: '/countedAt', message: `countedAt ${input.countedAt} is in the future` }];
  return [];
}

/** Every problem of a demand plan: bad or empty spans, and buckets that overlap. */
export function demandProblems(buckets: DemandInput['buckets'], pathOf: (i: number) => string = (i) => `/buckets/${i}`): Problem[] {
  const problems: Problem[] = [];
  const spans: { i: number; from: number; to: number }[] = [];
  buckets.forEach((b, i) => {
    const from = Date.parse(b.from);
    const to = Date.parse(b.to);
    if (!plausibleTime(from) || !plausibleTime(to)) problems.push({ path: pathOf(i), message: 'from and to must be times between 1970 and 9999' });
    else if (to <= from) problems.push({ path: pathOf(i), message: `to (${b.to}) must be after from (${b.from})` });
    else spans.push({ i, from, to });
  });
  spans.sort((a, b) => a.from - b.from);
  for (let k = 1; k < spans.length; k++) {
    const prev = spans[k - 1]!;
    const cur = spans[k]!;
    if (cur.from < prev.to) problems.push({ path: pathOf(cur.i), message: `overlaps the bucket at ${pathOf(prev.i)}` });
  }
  return problems;
}
