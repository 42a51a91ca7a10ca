import { Type, type Static } from '@sinclair/typebox';

/** Settings the web client reads at start (`GET /api/v1/client-config`, no credentials needed). */
export const ClientConfig = Type.Object({
  tileUrl: Type.Union([Type.String(), Type.Null()], { description: 'Leaflet tile URL template; null shows a plain background.' }),
  tileAttribution: Type.String(),
  staleAfterSeconds: Type.Integer({ description: 'A shipment whose last ping is older than this is shown as stale.' }),
});
export type ClientConfig = Static<typeof ClientConfig>;
