/** Socket.IO room of everything happening at one site. */
export const siteRoom = (siteId: string): string => `site:${siteId}`;
/** Socket.IO room of one shipment. */
export const shipmentRoom = (shipmentId: string): string => `shipment:${shipmentId}`;
