import type { LineItem, Site } from '@dockwatch/shared';
import type { FastifyInstance } from 'fastify';
import { DemoHistoryRepository, type HistoricLoad } from '../repositories/demo-history';
import { mulberry32 } from './route';

const MIN = 60_000;
const DAY = 86_400_000;

/** How a demo carrier behaves: the scorecards should tell them apart. */
interface Habits {
  /** Chance of arriving inside the window. */
  onTime: number;
  /** Chance of arriving (20–80 min) before the window. */
  early: number;
  /** Minutes late when late (up to). */
  lateBy: number;
  /** Minutes between pings on the road; null: never tracked. */
  pingEvery: number | null;
  /** Chance of a 45-minute hole in the track. */
  gapChance: number;
  /** Chance a counted line is short. */
  shortChance: number;
  /** Minutes before the window end its lateness shows (when late). */
  noticeMinutes: number;
}

const HABITS: Habits[] = [
  { onTime: 0.96, early: 0.02, lateBy: 20, pingEvery: 5, gapChance: 0.02, shortChance: 0.01, noticeMinutes: 90 },
  { onTime: 0.82, early: 0.06, lateBy: 40, pingEvery: 10, gapChance: 0.1, shortChance: 0.05, noticeMinutes: 45 },
  { onTime: 0.7, early: 0.1, lateBy: 60, pingEvery: 25, gapChance: 0.45, shortChance: 0.08, noticeMinutes: 10 },
  { onTime: 0.55, early: 0.15, lateBy: 90, pingEvery: null, gapChance: 0, shortChance: 0.15, noticeMinutes: 0 },
];

export interface HistoryPartner {
  carrierId: string;
  deviceId: string;
}

/**
 * Ten weeks of finished loads for each demo carrier (weekdays, one or two a day), each carrier
 * with its own habits: punctual and well tracked, average, patchy tracking, often late and never
 * tracked. Seeded, so every first start shows the same picture.
 */
export function planHistory(site: Site, partners: readonly HistoryPartner[], suppliers: readonly string[], parts: readonly LineItem[], now: number, weeks = 10, seed = 20): HistoricLoad[] {
  const random = mulberry32(seed);
  const loads: HistoricLoad[] = [];
  const today = Math.floor(now / DAY) * DAY;
  partners.forEach((p, index) => {
    const habits = HABITS[index % HABITS.length]!;
    for (let d = weeks * 7; d >= 1; d--) {
      const day = today - d * DAY;
      const weekday = new Date(day).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const count = random() < 0.5 ? 1 : 2;
      for (let n = 0; n < count; n++) {
        const windowStart = day + (6 + Math.floor(random() * 10)) * 60 * MIN;
        const windowEnd = windowStart + 30 * MIN;
        const draw = random();
        const late = draw > habits.onTime + habits.early;
        const early = !late && draw > habits.onTime;
        const arrived = late ? windowEnd + (5 + random() * habits.lateBy) * MIN : early ? windowStart - (20 + random() * 60) * MIN : windowStart + random() * 28 * MIN;
        const dispatched = windowStart - (150 + random() * 60) * MIN;
        const atDock = arrived + (5 + random() * 30) * MIN;
        const unloading = atDock + 5 * MIN;
        const received = unloading + (15 + random() * 20) * MIN;
        const pingTimes: Date[] = [];
        if (habits.pingEvery !== null) {
          const gapAt = random() < habits.gapChance ? dispatched + random() * (arrived - dispatched) : null;
          for (let t = dispatched; t <= arrived; t += habits.pingEvery * MIN) {
            if (gapAt !== null && t > gapAt && t < gapAt + 45 * MIN) continue;
            pingTimes.push(new Date(Math.round(t / 1000) * 1000));
          }
        }
        const etaHistory = [{ at: new Date(arrived - 90 * MIN), eta: new Date(arrived + (random() - 0.5) * (habits.pingEvery === null ? 60 : 20) * MIN) }];
        if (late && habits.noticeMinutes > 0) etaHistory.push({ at: new Date(windowEnd - habits.noticeMinutes * MIN), eta: new Date(windowEnd + 15 * MIN) });
        etaHistory.sort((a, b) => a.at.getTime() - b.at.getTime());
        const items = parts.filter(() => random() < 0.4).slice(0, 2);
        const lines = items.length > 0 ? items : [parts[(index + n) % parts.length]!];
        loads.push({
          reference: `HIST-${new Date(day).toISOString().slice(2, 10).replaceAll('-', '')}-${index + 1}${n + 1}`,
          siteId: site.id,
          carrierId: p.carrierId,
          supplier: suppliers[Math.floor(random() * suppliers.length)]!,
          deviceId: p.deviceId,
          dock: site.docks[Math.floor(random() * site.docks.length)] ?? null,
          windowStart: new Date(windowStart),
          windowEnd: new Date(windowEnd),
          items: lines,
          events: [
            { type: 'dispatched', ts: new Date(dispatched) },
            { type: 'arrived', ts: new Date(arrived) },
            { type: 'at_dock', ts: new Date(atDock) },
            { type: 'unloading', ts: new Date(unloading) },
            { type: 'received', ts: new Date(received) },
          ],
          pingTimes,
          at: { lat: site.lat, lon: site.lon },
          etaHistory,
          counted: lines.map((l) => ({ sku: l.sku, expectedQuantity: l.quantity ?? 1, quantity: random() < habits.shortChance ? Math.floor((l.quantity ?? 1) * 0.8) : (l.quantity ?? 1) })),
        });
      }
    }
  });
  return loads;
}

/**
 * Seeds the demo site's scorecard history once (a site with scorecards already keeps them):
 * each past load is written as a real one leaves it and counted through the same scorecard code
 * as live receipts, so the rollups and tiers are what live use would have made.
 */
export async function seedScorecardHistory(app: FastifyInstance, site: Site, loads: readonly HistoricLoad[], now: number, onProgress?: (done: number, total: number) => void): Promise<number> {
  const { from, to } = { from: new Date(now - 365 * DAY).toISOString().slice(0, 10), to: new Date(now).toISOString().slice(0, 10) };
  if ((await app.scorecardRepository.days('carrier', null, [site.id], from, to)).length > 0) return 0;
  const history = new DemoHistoryRepository();
  const at = new Date(now);
  // One load per transaction, yielding between them: the embedded database has one connection,
  // and the demo's board and trucks use it meanwhile.
  for (let i = 0; i < loads.length; i++) {
    await app.db.transaction(async (tx) => app.scorecards.recordShipment(tx, await history.insert(tx, loads[i]!), at));
    onProgress?.(i + 1, loads.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return loads.length;
}
