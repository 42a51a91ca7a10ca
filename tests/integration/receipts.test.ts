import type { Receipt, Shipment, StatusEventResult } from '@dockwatch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './helpers/backends';
import { createWorld, type World } from './helpers/fixtures';
import { startServer, type TestServer } from './helpers/server';

describe.each(backends())('received quantities and undo [$name]', (backend) => {
  let server: TestServer;
  let world: World;
  let clock = Date.now();

  beforeAll(async () => {
    server = await startServer(backend, { now: () => clock });
    world = await createWorld(server, {
      items: [
        { sku: 'HYD-200', description: 'Hydraulic valve', quantity: 40 },
        { sku: 'SEN-041', description: 'Wheel speed sensor', quantity: 800 },
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const step = (id: string, payload: object) => server.app.inject({ method: 'POST', url: `/api/v1/shipments/${id}/events`, headers: server.staff, payload });
  const receipts = async (id: string) => (await server.app.inject({ url: `/api/v1/shipments/${id}/receipts`, headers: server.staff })).json<{ receipts: Receipt[] }>().receipts;
  const undo = (id: string) => server.app.inject({ method: 'POST', url: `/api/v1/shipments/${id}/receipt/undo`, headers: server.staff });

  it('books the counted quantities beside the notice, the rest at the notice, and undoes within 5 minutes', async () => {
    const id = world.shipment.id;
    for (const type of ['arrived', 'unloading']) expect((await step(id, { type })).statusCode).toBe(201);
    const received = await step(id, { type: 'received', receivedItems: [{ sku: 'SEN-041', quantity: 792 }] });
    expect(received.statusCode).toBe(201);
    const [receipt] = await receipts(id);
    expect(receipt).toMatchObject({ undoneAt: null, receivedBy: 'bootstrap admin' });
    expect(receipt!.items).toEqual([
      { sku: 'HYD-200', description: 'Hydraulic valve', expectedQuantity: 40, quantity: 40 },
      { sku: 'SEN-041', description: 'Wheel speed sensor', expectedQuantity: 800, quantity: 792 },
    ]);
    expect(Date.parse(receipt!.undoUntil) - Date.parse(receipt!.receivedAt)).toBe(5 * 60_000);

    clock += 4 * 60_000;
    const undone = await undo(id);
    expect(undone.statusCode).toBe(200);
    const { shipment, event } = undone.json<StatusEventResult>();
    expect(shipment.status).toBe('unloading');
    expect(event).toMatchObject({ type: 'unloading', note: 'Receipt undone by bootstrap admin' });
    const board = (await server.app.inject({ url: `/api/v1/sites/${world.site.id}/board`, headers: server.staff })).json<{ shipments: Shipment[] }>();
    expect(board.shipments.map((s) => s.id)).toContain(id);
    expect((await receipts(id))[0]!.undoneAt).not.toBeNull();
    // Nothing left to undo; received again (the counts as `items`), the new receipt stands beside the undone one.
    expect((await undo(id)).json()).toMatchObject({ error: { code: 'not_received' } });
    expect((await step(id, { type: 'received', items: [{ sku: 'HYD-200', quantity: 38 }] })).statusCode).toBe(201);
    const both = await receipts(id);
    expect(both.map((r) => r.undoneAt === null)).toEqual([true, false]);
    expect(both[0]!.items.map((i) => i.quantity)).toEqual([38, 800]);

    clock += 5 * 60_000 + 1;
    const late = await undo(id);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'undo_expired' } });
  });

  it('refuses counts on any step but received, and counts given twice', async () => {
    const res = await step(world.shipment.id, { type: 'exception', note: 'x', receivedItems: [{ sku: 'HYD-200', quantity: 1 }] });
    expect(res.statusCode).toBe(400);
    const twice = await step(world.shipment.id, { type: 'received', items: [{ sku: 'HYD-200', quantity: 1 }], receivedItems: [{ sku: 'HYD-200', quantity: 1 }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect(await receipts(world.shipment.id)).toHaveLength(2);
  });
});
