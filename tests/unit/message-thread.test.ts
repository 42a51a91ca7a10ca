import type { ShipmentMessage } from '@dockwatch/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeMessages } from '../../client/src/driver/message-thread';

const message = (id: string, createdAt: string): ShipmentMessage => ({
  id,
  shipmentId: 's1',
  siteId: 'site1',
  kind: 'text',
  text: id,
  delayMinutes: null,
  reason: null,
  sku: null,
  quantity: null,
  expectedQuantity: null,
  author: { side: 'plant', name: 'Clerk' },
  createdAt,
});

describe('mergeMessages', () => {
  it('adds a message the page already has (its own post, then the next poll) once', () => {
    const own = message('m2', '2026-12-02T10:01:00.000Z');
    const thread = mergeMessages([message('m1', '2026-12-02T10:00:00.000Z'), own], [message('m1', '2026-12-02T10:00:00.000Z'), own, message('m3', '2026-12-02T10:02:00.000Z')]);
    expect(thread.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('keeps every message exactly once, oldest first, whatever the order they come in', () => {
    const arb = fc.uniqueArray(fc.record({ id: fc.uuid(), at: fc.integer({ min: 0, max: 10_000 }) }), { selector: (m) => m.id, maxLength: 30 });
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 30 }), (specs, split) => {
        const all = specs.map((s) => message(s.id, new Date(Date.UTC(2026, 11, 2) + s.at * 1_000).toISOString()));
        const merged = mergeMessages(all.slice(0, split), [...all.slice(Math.max(0, split - 3))].reverse());
        expect(merged.map((m) => m.id).sort()).toEqual(all.map((m) => m.id).sort());
        for (let i = 1; i < merged.length; i++) expect(merged[i - 1]!.createdAt <= merged[i]!.createdAt).toBe(true);
      }),
    );
  });
});
