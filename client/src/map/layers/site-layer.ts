import type { Site } from '@dockwatch/shared';
import L from 'leaflet';

/** The site itself (or a partner's plants): a marker and its arrival geofence each. */
export class SiteLayer {
  readonly #group = L.layerGroup();

  constructor(private readonly map: L.Map) {
    this.#group.addTo(map);
  }

  show(sites: Site | readonly Site[]): void {
    this.#group.clearLayers();
    for (const site of Array.isArray(sites) ? sites : [sites as Site]) this.#add(site);
  }

  #add(site: Site): void {
    L.circle([site.lat, site.lon], {
      radius: site.geofenceRadiusM,
      color: '#0f766e',
      weight: 2,
      dashArray: '6 4',
      fillColor: '#14b8a6',
      fillOpacity: 0.12,
      interactive: false,
    }).addTo(this.#group);
    const icon = L.divIcon({ className: 'site-marker', html: '<span aria-hidden="true">▣</span>', iconSize: [28, 28], iconAnchor: [14, 14] });
    // A string tooltip would be parsed as HTML: hand Leaflet an element holding plain text.
    const label = document.createElement('span');
    label.textContent = site.name;
    L.marker([site.lat, site.lon], { icon, title: site.name, keyboard: false, zIndexOffset: -1000 })
      .bindTooltip(label, { direction: 'top', offset: [0, -12] })
      .addTo(this.#group);
  }

  remove(): void {
    this.map.removeLayer(this.#group);
  }
}
