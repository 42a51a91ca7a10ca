/** Socket.IO room of everything happening at one site. */
export const siteRoom = (siteId: string): string => `site:${siteId}`;
/** Socket.IO room of one shipment. */
export const shipmentRoom = (shipmentId: string): string => `shipment:${shipmentId}`;
/** Alerts of one shipment: staff only, so partners following their shipment never see them. */
export const shipmentAlertsRoom = (shipmentId: string): string => `shipment-alerts:${shipmentId}`;
/** Alerts of one shipment as its carrier and supplier see them (without the plant's acknowledgement notes). */
export const shipmentPartnerAlertsRoom = (shipmentId: string): string => `shipment-partner-alerts:${shipmentId}`;
/** A supplier's view of one site's demand: demand changes of the parts it delivers there. */
export const supplierDemandRoom = (siteId: string, supplier: string): string => `supplier-demand:${siteId}:${supplier}`;
/** Every socket of one identity (`user:<id>`, `token:<id>`, `session:<id>`), to drop them on revocation. */
export const identityRoom = (identity: string): string => `identity:${identity}`;
/** Every socket of one partner company (`carrier:<id>`, `supplier:<name>`): its disruption notices. */
export const partnerRoom = (type: 'carrier' | 'supplier', id: string): string => `partner:${type}:${id}`;
