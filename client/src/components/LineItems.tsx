import type { LineItem } from '@dockwatch/shared';

/** A shipment's line items (sku, description, quantity); nothing when there are none. */
export function LineItems({ items, label, class: className }: { items: readonly LineItem[]; label: string; class: string }) {
  if (items.length === 0) return null;
  return (
    <ul class={className} aria-label={label}>
      {items.map((i) => (
        <li key={i.sku}>
          <span class="sku">{i.sku}</span> {i.description ?? ''} <span class="qty">× {i.quantity}</span>
        </li>
      ))}
    </ul>
  );
}
