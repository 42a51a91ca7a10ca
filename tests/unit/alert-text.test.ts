import type { ShipmentHistory, ShipmentMessage } from '@dockwatch/shared';
import { describe, expect, it } from 'vitest';
import { acknowledgedText, alertDelayText, alertEtaText, alertLeadText } from '../../client/src/alerts/alert-text';
import { historyEntries } from '../../client/src/alerts/history-model';
import { alert, alertId, at } from './alert-fixture';
import { shipmentId } from './shipment-fixture';

const BERLIN = 'Europe/Berlin';
const NOW = Date.parse(at(0));

describe('alert wording', () => {
  it("shows the shipment's ETA with its band in site time", () => {
    expect(alertEtaText(alert(), BERLIN, NOW)).toBe('ETA 12:32 (12:15–12:50)');
    expect(alertEtaText(alert({ etaEarliest: null, etaLatest: null }), BERLIN, NOW)).toBe('ETA 12:32');
    expect(alertEtaText(alert({ etaOverdue: true }), BERLIN, NOW)).toBe('ETA 12:32 overdue (12:15–12:50)');
    expect(alertEtaText(alert({ eta: null, etaEarliest: null, etaLatest: null }), BERLIN, NOW)).toBeNull();
    expect(alertEtaText(alert({ kind: 'early_arrival' }), BERLIN, NOW)).toBeNull();
  });

  it('gives the expected delay in minutes, and in hours only beyond three', () => {
    expect(alertDelayText(alert({ delayMinutes: 42 }))).toBe('42 min late');
    expect(alertDelayText(alert({ delayMinutes: 62 }))).toBe('62 min late');
    expect(alertDelayText(alert({ delayMinutes: 185 }))).toBe('3 h 05 min late');
    expect(alertDelayText(alert({ delayMinutes: 0 }))).toBe('1 min late');
    expect(alertDelayText(alert({ kind: 'missed_window', delayMinutes: 12 }))).toBe('window missed by 12 min');
    expect(alertDelayText(alert({ kind: 'at_risk', delayMinutes: 0 }))).toBe('may miss the window');
    expect(alertDelayText(alert({ kind: 'stale_tracking', delayMinutes: null }))).toBe('no recent position');
    expect(alertDelayText(alert({ kind: 'early_arrival', delayMinutes: -45 }))).toBe('arrived 45 min before the window');
  });

  it('says how long before the window end the alert was raised', () => {
    expect(alertLeadText(alert({ leadMinutes: 88 }))).toBe('raised 88 min before window end');
    expect(alertLeadText(alert({ leadMinutes: 245 }))).toBe('raised 4 h 05 min before window end');
    expect(alertLeadText(alert({ leadMinutes: -7 }))).toBe('raised 7 min after window end');
    expect(alertLeadText(alert({ leadMinutes: 0 }))).toBe('raised at window end');
    expect(alertLeadText(alert({ leadMinutes: null }))).toBeNull();
  });

  it('says who acknowledged and when, in site time', () => {
    expect(acknowledgedText(alert({ acknowledgedAt: at(5), acknowledgedBy: 'admin' }), BERLIN, NOW)).toBe('Acknowledged by admin at 10:05');
    expect(acknowledgedText(alert(), BERLIN, NOW)).toBeNull();
  });
});

describe('historyEntries', () => {
  const history: ShipmentHistory = {
    shipmentId: shipmentId(1),
    eta: [
      { at: at(0), eta: at(95), windowStatus: 'late' },
      { at: at(20), eta: at(70), windowStatus: 'on_time' },
    ],
    alerts: [
      { alertId: alertId(1), at: at(0), change: 'raised', kind: 'late_predicted', state: 'open', delayMinutes: 5, leadMinutes: 90 },
      { alertId: alertId(1), at: at(8), change: 'acknowledged', kind: 'late_predicted', state: 'acknowledged', delayMinutes: 5, leadMinutes: 90 },
      { alertId: alertId(1), at: at(20), change: 'resolved', kind: 'late_predicted', state: 'resolved', delayMinutes: 5, leadMinutes: 90 },
    ],
  };

  it('lists ETA moves and alert changes newest first in site time, each alert above the ETA move that caused it', () => {
    expect(historyEntries(history, BERLIN, NOW).map((e) => `${e.time} ${e.symbol} ${e.text}`)).toEqual([
      '10:20 ■ Predicted late resolved',
      '10:20 ● ETA 11:10 · On time',
      '10:08 ■ Predicted late acknowledged',
      '10:00 ■ Predicted late raised · 5 min late',
      '10:00 ■ ETA 11:35 · Late',
    ]);
  });

  it("lists the conversation's messages with who sent them, a structured update in words with its note", () => {
    const message = (minute: number, over: Partial<ShipmentMessage>): ShipmentMessage => ({
      id: `m${minute}`,
      shipmentId: shipmentId(1),
      siteId: shipmentId(9),
      kind: 'text',
      text: '',
      delayMinutes: null,
      reason: null,
      sku: null,
      quantity: null,
      expectedQuantity: null,
      author: { side: 'driver', name: 'Truck 7' },
      createdAt: at(minute),
      ...over,
    });
    const entries = historyEntries(history, BERLIN, NOW, [], [
      message(5, { kind: 'delay', delayMinutes: 30, reason: 'traffic', text: 'A9 closed' }),
      message(12, { kind: 'text', text: 'Dock 4, please', author: { side: 'plant', name: 'Anna' } }),
    ]);
    expect(entries.filter((e) => e.kind === 'message').map((e) => `${e.time} ${e.symbol} ${e.text}`)).toEqual([
      '10:12 ✉ Plant · Anna: Dock 4, please',
      '10:05 ✉ Driver · Truck 7: Delayed 30 min: traffic · A9 closed',
    ]);
    expect(entries.map((e) => e.time)).toEqual(['10:20', '10:20', '10:12', '10:08', '10:05', '10:00', '10:00']);
  });

  it('marks times on another day at the site, and a lost ETA', () => {
    const late: ShipmentHistory = { shipmentId: shipmentId(1), eta: [{ at: '2025-03-04T23:10:00.000Z', eta: null, windowStatus: 'unknown' }], alerts: [] };
    expect(historyEntries(late, BERLIN, NOW)).toMatchObject([{ time: '00:10 +1d', text: 'No ETA · No position' }]);
  });
});
