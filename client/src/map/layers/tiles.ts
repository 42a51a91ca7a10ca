import L from 'leaflet';

/** Why the map has no tiles: none configured, the server not reachable, or it stopped serving. */
export type TilesUnavailable = 'none' | 'unreachable' | 'stopped';

/**
 * Adds the configured tile layer once one probe tile loads. Offline (a closed network, tests)
 * the probe fails once, quietly, and the map stays a plain background instead of logging an
 * error for every tile of every pan and zoom.
 */
export function addTiles(map: L.Map, url: string | null, attribution: string, onUnavailable: (reason: TilesUnavailable) => void): () => void {
  if (!url) {
    onUnavailable('none');
    return () => {};
  }
  let layer: L.TileLayer | null = null;
  let cancelled = false;
  const probe = new Image();
  probe.onload = () => {
    if (cancelled) return;
    layer = L.tileLayer(url, { attribution, maxZoom: 19, crossOrigin: false });
    let failures = 0;
    layer.on('tileerror', () => {
      // A tile server that goes away later: stop asking it.
      if (++failures >= 8 && layer) {
        map.removeLayer(layer);
        onUnavailable('stopped');
      }
    });
    layer.addTo(map);
  };
  probe.onerror = () => {
    if (!cancelled) onUnavailable('unreachable');
  };
  const center = map.getCenter();
  const z = 5;
  const x = Math.floor(((center.lng + 180) / 360) * 2 ** z);
  const latRad = (center.lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * 2 ** z);
  probe.src = L.Util.template(url, { s: 'a', z, x, y, r: '' });
  return () => {
    cancelled = true;
    if (layer) map.removeLayer(layer);
  };
}
