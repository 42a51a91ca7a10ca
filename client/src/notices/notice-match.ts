import type { DisruptionNotice, Shipment } from '@dockwatch/shared';

/** Open notices at the site that touch a load: they name one of its parts, or come from or go to its supplier or carrier. */
export function noticesOnShipment(list: Iterable<DisruptionNotice>, s: Pick<Shipment, 'siteId' | 'supplier' | 'carrierId' | 'items'>): DisruptionNotice[] {
  const skus = new Set(s.items.map((i) => i.sku));
  return [...list].filter(
    (n) =>
      n.state === 'open' &&
      n.siteIds.includes(s.siteId) &&
      ((n.partner.type === 'supplier' ? n.partner.name === s.supplier : n.partner.id === s.carrierId) || n.skus.some((sku) => skus.has(sku))),
  );
}

/** Open notices at the site that touch a part: they name it, or name no part and come from or go to one of its suppliers. */
export function noticesOnMaterial(list: Iterable<DisruptionNotice>, siteId: string, m: { sku: string; suppliers: readonly string[] }): DisruptionNotice[] {
  return [...list].filter(
    (n) => n.state === 'open' && n.siteIds.includes(siteId) && (n.skus.includes(m.sku) || (n.skus.length === 0 && n.partner.type === 'supplier' && m.suppliers.includes(n.partner.name))),
  );
}
