import { describe, expect, it } from 'vitest';
import type { DisruptionNotice } from '@dockwatch/shared';
import { noticeSpans } from '../../client/src/coverage/coverage-model';
import { noticesOnMaterial, noticesOnShipment } from '../../client/src/notices/notice-match';

const SITE = 'site-1';
const notice = (over: Partial<DisruptionNotice>): DisruptionNotice =>
  ({
    id: 'n1',
    cause: 'strike',
    effect: 'capacity_down',
    startsAt: '2026-03-02T08:00:00Z',
    endsAt: null,
    siteIds: [SITE],
    skus: [],
    text: 'Strike',
    partner: { type: 'supplier', name: 'Bosch Rexroth' },
    partnerName: 'Bosch Rexroth',
    author: { side: 'supplier', name: 'x' },
    state: 'open',
    acks: [],
    replies: [],
    createdAt: '2026-03-02T07:00:00Z',
    closedAt: null,
    version: 1,
    ...over,
  }) as DisruptionNotice;

describe('which notices touch a load and a part', () => {
  const load = { siteId: SITE, supplier: 'Freudenberg', carrierId: 'c1', items: [{ sku: 'HYD-220', quantity: 1 }] };

  it('puts a notice on a load that names one of its parts or comes from its supplier or carrier, open and at its site only', () => {
    expect(noticesOnShipment([notice({ skus: ['HYD-220'] })], load)).toHaveLength(1);
    expect(noticesOnShipment([notice({ partner: { type: 'supplier', name: 'Freudenberg' } })], load)).toHaveLength(1);
    expect(noticesOnShipment([notice({ partner: { type: 'carrier', id: 'c1' } })], load)).toHaveLength(1);
    expect(noticesOnShipment([notice({ skus: ['BRK-118'] })], load)).toEqual([]);
    expect(noticesOnShipment([notice({ skus: ['HYD-220'], state: 'closed' })], load)).toEqual([]);
    expect(noticesOnShipment([notice({ skus: ['HYD-220'], siteIds: ['other'] })], load)).toEqual([]);
  });

  it('puts a notice on a part it names, or on every part of its supplier when it names none', () => {
    const part = { sku: 'HYD-220', suppliers: ['Bosch Rexroth'] };
    expect(noticesOnMaterial([notice({ skus: ['HYD-220'], partner: { type: 'carrier', id: 'c1' } })], SITE, part)).toHaveLength(1);
    expect(noticesOnMaterial([notice({})], SITE, part)).toHaveLength(1);
    expect(noticesOnMaterial([notice({ skus: ['BRK-118'] })], SITE, part)).toEqual([]);
    expect(noticesOnMaterial([notice({ partner: { type: 'supplier', name: 'Freudenberg' } })], SITE, part)).toEqual([]);
    expect(noticesOnMaterial([notice({ partner: { type: 'carrier', id: 'c1' } })], SITE, part)).toEqual([]);
  });

  it('spans a notice over its period on the chart, open-ended to the end, and leaves out one outside it', () => {
    const chart = { from: '2026-03-02T00:00:00Z', until: '2026-03-04T00:00:00Z' };
    expect(noticeSpans(chart, 480, [{ id: 'a', startsAt: '2026-03-02T12:00:00Z', endsAt: '2026-03-03T00:00:00Z', label: 'x' }])).toEqual([{ id: 'a', x1: 120, x2: 240, label: 'x' }]);
    expect(noticeSpans(chart, 480, [{ id: 'b', startsAt: '2026-03-01T00:00:00Z', endsAt: null, label: 'x' }])).toEqual([{ id: 'b', x1: 0, x2: 480, label: 'x' }]);
    expect(noticeSpans(chart, 480, [{ id: 'c', startsAt: '2026-03-05T00:00:00Z', endsAt: null, label: 'x' }])).toEqual([]);
  });
});
