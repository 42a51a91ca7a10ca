import type { LineItem } from '@dockwatch/shared';
import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/connect';
import { etaHistory, pings, receiptItems, receipts, shipmentAssignments, shipments, statusEvents } from '../db/schema';

/** A finished load as the demo's history records it: what a real one leaves behind, written at once. */
export interface HistoricLoad {
  reference: string;
  siteId: string;
  carrierId: string;
  supplier: string;
  deviceId: string;
  dock: string | null;
  windowStart: Date;
  windowEnd: Date;
  items: LineItem[];
  /** Lifecycle steps in time order; the last is `received`. */
  events: { type: 'dispatched' | 'in_transit' | 'arrived' | 'at_dock' | 'unloading' | 'received' | 'exception'; ts: Date }[];
  pingTimes: Date[];
  /** Where the pings are placed (the demo does not draw old tracks). */
  at: { lat: number; lon: number };
  etaHistory: { at: Date; eta: Date }[];
  counted: { sku: string; expectedQuantity: number; quantity: number }[];
}

/** Writes the demo's past loads (shipment, steps, pings, ETA history, receipt) in the caller's transaction. */
export class DemoHistoryRepository {
  async insert(tx: Executor, load: HistoricLoad): Promise<string> {
    const id = randomUUID();
    const arrived = load.events.find((e) => e.type === 'arrived')!.ts;
    const received = load.events.at(-1)!.ts;
    await tx.insert(shipments).values({
      id,
      reference: load.reference,
      supplier: load.supplier,
      carrierId: load.carrierId,
      siteId: load.siteId,
      dock: load.dock,
      windowStart: load.windowStart,
      windowEnd: load.windowEnd,
      deviceId: null,
      items: load.items,
      status: 'received',
      windowStatus: arrived < load.windowStart ? 'early' : arrived > load.windowEnd ? 'late' : 'on_time',
      arrivedAt: arrived,
      eta: arrived,
      etaEarliest: arrived,
      etaLatest: arrived,
      version: load.events.length + 1,
      createdAt: load.events[0]!.ts,
      updatedAt: received,
    });
    await tx.insert(shipmentAssignments).values({ id: randomUUID(), shipmentId: id, deviceId: load.deviceId, assignedAt: load.events[0]!.ts, unassignedAt: received });
    if (load.pingTimes.length > 0) {
      await tx
        .insert(pings)
        .values(load.pingTimes.map((ts) => ({ deviceId: load.deviceId, ts, lat: load.at.lat, lon: load.at.lon, receivedAt: ts })))
        .onConflictDoNothing();
    }
    const events = load.events.map((e) => ({ id: randomUUID(), shipmentId: id, type: e.type, ts: e.ts, note: null, source: 'staff' as const, createdAt: e.ts }));
    await tx.insert(statusEvents).values(events);
    if (load.etaHistory.length > 0) await tx.insert(etaHistory).values(load.etaHistory.map((h) => ({ shipmentId: id, at: h.at, eta: h.eta, windowStatus: h.eta > load.windowEnd ? ('late' as const) : ('on_time' as const) })));
    const receiptId = randomUUID();
    await tx.insert(receipts).values({ id: receiptId, shipmentId: id, eventId: events.at(-1)!.id, previousStatus: 'unloading', receivedAt: received, receivedBy: 'demo history', createdAt: received });
    if (load.counted.length > 0) await tx.insert(receiptItems).values(load.counted.map((c) => ({ receiptId, ...c })));
    return id;
  }
}
