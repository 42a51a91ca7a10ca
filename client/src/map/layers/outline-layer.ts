import type { Site } from '@dockwatch/shared';
import L from 'leaflet';
import { feature } from 'topojson-client';
// Natural Earth 1:50m country outlines, bundled as a file of its own: fetched only when tiles fail.
import countriesUrl from 'world-atlas/countries-50m.json?url';

/** Distance rings around the site, in km: how far a truck is, read off the map without tiles. */
const RINGS_KM = [10, 25, 50, 100, 200, 400];

/**
 * The map without a tile server (a closed network): country outlines and names from the
 * packaged Natural Earth data, with distance rings around the site, so a clerk can still say
 * where a truck is. Added only once tiles are known to be unavailable.
 */
export class OutlineLayer {
  readonly #countries = L.layerGroup();
  readonly #rings = L.layerGroup();
  #active = false;
  #site: Site | null = null;

  constructor(private readonly map: L.Map) {
    map.createPane('outlines').style.zIndex = '150';
  }

  /** Shows the outlines (loading them once) and the rings around the current site. */
  async show(): Promise<void> {
    if (this.#active) return;
    this.#active = true;
    this.map.getContainer().classList.add('map-offline');
    this.#rings.addTo(this.map);
    if (this.#site) this.#drawRings(this.#site);
    type Topology = Parameters<typeof feature>[0];
    const topology = (await (await fetch(countriesUrl)).json()) as Topology;
    const countries = feature(topology, topology.objects.countries!) as unknown as GeoJSON.FeatureCollection<GeoJSON.Geometry, { name: string }>;
    L.geoJSON(countries, {
      pane: 'outlines',
      interactive: false,
      style: { color: '#8796a3', weight: 1, fillColor: '#eef1e8', fillOpacity: 1 },
      onEachFeature: (country, layer) => {
        const center = (layer as L.Polygon).getBounds().getCenter();
        const label = document.createElement('span');
        label.textContent = country.properties.name;
        L.marker(center, { icon: L.divIcon({ className: 'country-label', html: label, iconSize: [0, 0] }), interactive: false, keyboard: false, pane: 'outlines' }).addTo(this.#countries);
      },
    }).addTo(this.#countries);
    this.#countries.addTo(this.map);
  }

  setSite(site: Site): void {
    this.#site = site;
    if (this.#active) this.#drawRings(site);
  }

  #drawRings(site: Site): void {
    this.#rings.clearLayers();
    for (const km of RINGS_KM) {
      L.circle([site.lat, site.lon], { radius: km * 1000, color: '#0f766e', weight: 1, opacity: 0.55, dashArray: '4 6', fill: false, interactive: false }).addTo(this.#rings);
      // The label sits on the ring due north of the site.
      const north = L.latLng(site.lat + km / 111.32, site.lon);
      L.marker(north, { icon: L.divIcon({ className: 'ring-label', html: `${km} km`, iconSize: [0, 0] }), interactive: false, keyboard: false }).addTo(this.#rings);
    }
  }

  remove(): void {
    this.map.removeLayer(this.#countries);
    this.map.removeLayer(this.#rings);
  }
}
