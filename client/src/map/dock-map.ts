import type { Shipment, Site, Track } from '@dockwatch/shared';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { ShipmentsLayer, type PopupContext } from './layers/shipments-layer';
import { SiteLayer } from './layers/site-layer';
import { OutlineLayer } from './layers/outline-layer';
import { addTiles, type TilesUnavailable } from './layers/tiles';
import { TrackLayer } from './layers/track-layer';

export interface DockMapOptions {
  tileUrl: string | null;
  tileAttribution: string;
  popup: PopupContext;
  onSelect(id: string): void;
  onTilesUnavailable(reason: TilesUnavailable): void;
}

/** The one owner of the Leaflet map; each layer adds and removes itself. */
export class DockMap {
  readonly #map: L.Map;
  readonly #site: SiteLayer;
  readonly #shipments: ShipmentsLayer;
  readonly #track: TrackLayer;
  readonly #removeTiles: () => void;
  readonly #outlines: OutlineLayer;
  #siteId: string | null = null;
  /** Markers framed so far; the view follows new trucks until the clerk pans or zooms. */
  #framed = 0;
  #userMoved = false;

  constructor(container: HTMLElement, options: DockMapOptions) {
    this.#map = L.map(container, { preferCanvas: true, zoomControl: true, worldCopyJump: true }).setView([50, 10], 5);
    L.control.scale({ imperial: false }).addTo(this.#map);
    this.#outlines = new OutlineLayer(this.#map);
    this.#removeTiles = addTiles(this.#map, options.tileUrl, options.tileAttribution, (reason) => {
      void this.#outlines.show();
      options.onTilesUnavailable(reason);
    });
    this.#site = new SiteLayer(this.#map);
    this.#track = new TrackLayer(this.#map);
    this.#shipments = new ShipmentsLayer(this.#map, options.popup, options.onSelect);
    const userMoved = () => (this.#userMoved = true);
    this.#map.on('dragstart', userMoved);
    container.addEventListener('wheel', userMoved, { passive: true });
    this.#map.on('popupopen', userMoved);
  }

  setSite(site: Site): void {
    if (this.#siteId === site.id) return;
    this.#siteId = site.id;
    this.#framed = 0;
    this.#userMoved = false;
    this.#site.show(site);
    this.#outlines.setSite(site);
    this.#map.setView([site.lat, site.lon], 11);
  }

  /** A partner's plants (the portal): each with its geofence, all in view. */
  setSites(sites: readonly Site[]): void {
    const key = sites.map((s) => s.id).join(',');
    if (this.#siteId === key || sites.length === 0) return;
    this.#siteId = key;
    this.#framed = 0;
    this.#userMoved = false;
    this.#site.show(sites);
    this.#outlines.setSite(sites[0]!);
    const bounds = L.latLngBounds(sites.map((s) => [s.lat, s.lon] as [number, number]));
    if (sites.length === 1) this.#map.setView(bounds.getCenter(), 11);
    else this.#map.fitBounds(bounds, { padding: [60, 60], maxZoom: 11, animate: false });
  }

  setShipments(shipments: ReadonlyMap<string, Shipment>, sites: Site | readonly Site[]): void {
    this.#shipments.update(shipments);
    // Frame the site(s) and the inbound trucks as they appear, until the user takes over the view.
    const count = this.#shipments.count();
    if (!this.#userMoved && count > this.#framed) {
      const bounds = this.#shipments.bounds();
      if (bounds) {
        for (const site of Array.isArray(sites) ? sites : [sites as Site]) bounds.extend([site.lat, site.lon]);
        this.#map.fitBounds(bounds, { padding: [60, 60], maxZoom: 12, animate: false });
      }
      this.#framed = count;
    }
  }

  select(id: string | null, reveal: boolean): void {
    this.#shipments.select(id, reveal);
  }

  setTrack(track: Track | null): void {
    this.#track.show(track);
  }

  /** Call after the container changed size. */
  invalidateSize(): void {
    this.#map.invalidateSize();
  }

  destroy(): void {
    this.#removeTiles();
    this.#outlines.remove();
    this.#shipments.remove();
    this.#track.remove();
    this.#site.remove();
    this.#map.remove();
  }
}
