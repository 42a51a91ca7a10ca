import { demandBetween, type DemandBucket } from './coverage';

/** One day of the site's calendar: its date and its span in UTC (epoch ms). */
export interface SiteDay {
  date: string;
  from: number;
  to: number;
}

/** Demand per day, rounded to thousandths (what a supplier reads and what it compares). */
export function dailyDemand(demand: readonly DemandBucket[], days: readonly SiteDay[]): { date: string; quantity: number }[] {
  return days.map((d) => ({ date: d.date, quantity: Math.round(demandBetween(demand, d.from, d.to) * 1000) / 1000 }));
}

/**
 * Each day with what the supplier last saw for it, where that differs (null where it does not,
 * or where it never saw that day: nothing moved that it knew of).
 */
export function withPrevious(days: readonly { date: string; quantity: number }[], seen: Readonly<Record<string, number>> | null): { date: string; quantity: number; previousQuantity: number | null }[] {
  return days.map((d) => {
    const before = seen?.[d.date];
    return { ...d, previousQuantity: before !== undefined && before !== d.quantity ? before : null };
  });
}
