import type { LineItem } from '@dockwatch/shared';
import { partCovers } from '../coverage/part-covers';
import { partLine } from '../coverage/part-cover-model';

/** Whose parts these are, to show each part's cover beside it (the site's clock and zone). */
export interface CoverContext {
  shipmentId: string;
  timeZone: string;
  now: number;
}

/** A shipment's line items (sku, description, quantity), each with its cover where the site keeps the part; nothing when there are none. */
export function LineItems({ items, label, class: className, cover }: { items: readonly LineItem[]; label: string; class: string; cover?: CoverContext }) {
  if (items.length === 0) return null;
  const covers = cover ? partCovers.value : null;
  return (
    <ul class={className} aria-label={label}>
      {items.map((i) => {
        const line = cover && covers ? partLine(covers.get(i.sku), cover.shipmentId, cover.now, cover.timeZone) : null;
        return (
          <li key={i.sku} data-sku={i.sku}>
            <span class="sku">{i.sku}</span> {i.description ?? ''} <span class="qty">× {i.quantity}</span>
            {line && (
              <span class={`part-cover part-${line.level}`} data-cover={line.level}>
                {line.text}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
