import type { ArrivalEtaRecord } from '@dockwatch/shared';
import { and, asc, eq, gte, isNotNull, lte, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../db/connect';
import { etaHistory, shipments } from '../db/schema';

/** A completed arrival and what its ETA said before it. */
export interface ArrivalEtas extends ArrivalEtaRecord {
  shipmentId: string;
}

/** Which history entries can score an arrival: the leads (ms before arrival) measured. */
export interface LeadSpan {
  shortestMs: number;
  longestMs: number;
}

/** What a site's completed arrivals say about its ETAs. */
export class EtaAccuracyRepository {
  constructor(private readonly db: Database) {}

  /**
   * The site's arrivals in [from, to] (cancelled loads aside), each with the ETA history that
   * can score it at `leads`: the entries up to the shortest lead before the arrival, from the
   * last one at or before the longest lead on (earlier ones were already overtaken). One query;
   * each history in the order it was written.
   */
  async arrivalsWithEtaHistory(siteId: string, from: Date, to: Date, leads: LeadSpan): Promise<ArrivalEtas[]> {
    const before = (ms: number) => sql`${shipments.arrivedAt} - (${ms}::double precision * interval '1 millisecond')`;
    const earlier = alias(etaHistory, 'earlier');
    const lastAtLongestLead = sql`coalesce((select max(${earlier.at}) from ${etaHistory} as ${sql.identifier('earlier')} where ${earlier.shipmentId} = ${shipments.id} and ${earlier.at} <= ${before(leads.longestMs)}), '-infinity'::timestamptz)`;
    const rows = await this.db
      .select({ shipmentId: shipments.id, arrivedAt: shipments.arrivedAt, at: etaHistory.at, eta: etaHistory.eta })
      .from(shipments)
      .leftJoin(etaHistory, and(eq(etaHistory.shipmentId, shipments.id), lte(etaHistory.at, before(leads.shortestMs)), gte(etaHistory.at, lastAtLongestLead)))
      .where(and(eq(shipments.siteId, siteId), isNotNull(shipments.arrivedAt), ne(shipments.status, 'cancelled'), gte(shipments.arrivedAt, from), lte(shipments.arrivedAt, to)))
      .orderBy(asc(shipments.id), asc(etaHistory.at), asc(etaHistory.id));
    const arrivals = new Map<string, ArrivalEtas & { history: { at: number; eta: number | null }[] }>();
    for (const row of rows) {
      let arrival = arrivals.get(row.shipmentId);
      if (!arrival) {
        arrival = { shipmentId: row.shipmentId, arrivedAt: row.arrivedAt!.getTime(), history: [] };
        arrivals.set(row.shipmentId, arrival);
      }
      if (row.at) arrival.history.push({ at: row.at.getTime(), eta: row.eta?.getTime() ?? null });
    }
    return [...arrivals.values()];
  }
}
