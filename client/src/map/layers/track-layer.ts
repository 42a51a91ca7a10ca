import type { Track } from '@dockwatch/shared';
import L from 'leaflet';

/** The selected shipment's trail from its ping history. */
export class TrackLayer {
  readonly #line = L.polyline([], { color: '#111827', weight: 3, opacity: 0.75, dashArray: '1 6', lineCap: 'round', interactive: false });
  readonly #start = L.circleMarker([0, 0], { radius: 4, color: '#111827', weight: 2, fillColor: '#fff', fillOpacity: 1, interactive: false });

  constructor(private readonly map: L.Map) {}

  show(track: Track | null): void {
    const points = track?.geometry.coordinates.map(([lon, lat]) => L.latLng(lat!, lon!)) ?? [];
    if (points.length < 2) {
      this.#line.remove();
      this.#start.remove();
      return;
    }
    this.#line.setLatLngs(points).addTo(this.map);
    this.#start.setLatLng(points[0]!).addTo(this.map);
  }

  remove(): void {
    this.#line.remove();
    this.#start.remove();
  }
}
