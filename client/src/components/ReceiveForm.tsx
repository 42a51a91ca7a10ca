import type { Shipment } from '@dockwatch/shared';
import { useState } from 'preact/hooks';
import { formatNumber } from '../format/time';
import { t } from '../i18n/i18n';

/** The counted quantity of each line, starting at the notice's; the clerk changes only what differs. */
export function ReceiveForm({ shipment, busy, onReceive, onCancel }: { shipment: Shipment; busy: boolean; onReceive: (items: { sku: string; quantity: number }[]) => void; onCancel: () => void }) {
  const [counts, setCounts] = useState<Record<string, string>>(() => Object.fromEntries(shipment.items.map((i) => [i.sku, String(i.quantity)])));
  const parsed = shipment.items.map((i) => ({ sku: i.sku, quantity: Number((counts[i.sku] ?? '').replace(',', '.')) }));
  const valid = parsed.every((p) => Number.isFinite(p.quantity) && p.quantity >= 0 && (counts[p.sku] ?? '').trim() !== '');
  return (
    <form
      class="receive-form"
      aria-label={t('panel.receivedTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onReceive(parsed);
      }}
    >
      <h3>{t('panel.receivedTitle')}</h3>
      {shipment.items.length > 0 && <p class="muted">{t('panel.receivedHint')}</p>}
      {shipment.items.map((item) => {
        const counted = Number((counts[item.sku] ?? '').replace(',', '.'));
        const differs = Number.isFinite(counted) && counted !== item.quantity;
        return (
          <label key={item.sku} class={differs ? 'differs' : undefined}>
            <span>
              <strong>{item.sku}</strong> {item.description ?? ''} <span class="muted">({formatNumber(item.quantity)})</span>
            </span>
            <input
              type="text"
              inputMode="decimal"
              aria-label={t('panel.receivedQuantity', { sku: item.sku })}
              value={counts[item.sku]}
              onInput={(e) => setCounts({ ...counts, [item.sku]: (e.target as HTMLInputElement).value })}
            />
          </label>
        );
      })}
      <div class="receive-actions">
        <button type="submit" disabled={busy || !valid}>
          {t('panel.confirmReceived')}
        </button>
        <button type="button" class="cancel" onClick={onCancel}>
          {t('panel.cancel')}
        </button>
      </div>
    </form>
  );
}
