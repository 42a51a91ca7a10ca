import type { Shipment } from '@dockwatch/shared';
import L from 'leaflet';
import { changesBetween } from '../../board/board-model';
import { WINDOW_STATUS_STYLE } from '../../board/window-status';
import { perf } from '../../perf';

/** Fewest milliseconds between two redraws of the marker canvas while markers keep moving. */
const REDRAW_EVERY_MS = 250;

export interface PopupContext {
  describe(shipment: Shipment): { label: string; value: string }[];
}

/**
 * One canvas circle per shipment with a position, coloured by window status. Updates touch only
 * shipments whose version changed, so thousands of markers stay cheap to move.
 */
export class ShipmentsLayer {
  // Their own canvas, in their own pane above geofences and tracks (`.leaflet-shipments-pane`).
  readonly #renderer = L.canvas({ padding: 0.1, pane: 'shipments' });
  readonly #markers = new Map<string, { marker: L.CircleMarker; version: number }>();
  readonly #group = L.featureGroup();
  #selectedId: string | null = null;
  #shipments: ReadonlyMap<string, Shipment> = new Map();
  #drawTimer: ReturnType<typeof setTimeout> | null = null;
  #drawnAt = -Infinity;

  constructor(
    private readonly map: L.Map,
    private readonly popup: PopupContext,
    private readonly onSelect: (id: string) => void,
  ) {
    if (!map.getPane('shipments')) map.createPane('shipments').style.zIndex = '450';
    this.#group.addTo(map);
    perf.markerAt = (id) => {
      const ll = this.#markers.get(id)?.marker.getLatLng();
      return ll ? { lat: ll.lat, lon: ll.lng } : null;
    };
    perf.markerColor = (id) => this.#markers.get(id)?.marker.options.fillColor ?? null;
    perf.markerPoint = (id) => {
      const ll = this.#markers.get(id)?.marker.getLatLng();
      if (!ll) return null;
      const point = this.map.latLngToContainerPoint(ll);
      const box = this.map.getContainer().getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    };
  }

  update(shipments: ReadonlyMap<string, Shipment>): void {
    // After a delta batch only its shipments can have moved; otherwise (a snapshot) look at all.
    const changed = changesBetween(this.#shipments, shipments);
    this.#shipments = shipments;
    if (changed) {
      for (const id of changed) this.#place(id, shipments.get(id));
    } else {
      for (const id of this.#markers.keys()) if (!shipments.get(id)?.position) this.#place(id, undefined);
      for (const s of shipments.values()) this.#place(s.id, s);
    }
    this.#drawSoon();
  }

  /** Adds, moves, restyles or removes the marker of `id` to match `s` (undefined: gone). */
  #place(id: string, s: Shipment | undefined): void {
    const entry = this.#markers.get(id);
    if (!s?.position) {
      if (entry) {
        this.#group.removeLayer(entry.marker);
        this.#markers.delete(id);
      }
      return;
    }
    if (entry && entry.version === s.version) return;
    if (entry) {
      // Each setter makes Leaflet re-project and widen the area to redraw: call only what changed.
      const at = entry.marker.getLatLng();
      if (at.lat !== s.position.lat || at.lng !== s.position.lon) entry.marker.setLatLng([s.position.lat, s.position.lon]);
      if (entry.marker.options.fillColor !== WINDOW_STATUS_STYLE[s.windowStatus].color) entry.marker.setStyle(this.#style(s));
      entry.version = s.version;
      if (entry.marker.isPopupOpen()) entry.marker.setPopupContent(this.#popupContent(id));
      return;
    }
    const marker = L.circleMarker([s.position.lat, s.position.lon], { renderer: this.#renderer, ...this.#style(s) });
    // Keep popups clear of the details panel that opens on the map's right side.
    marker.bindPopup(() => this.#popupContent(id), { maxWidth: 320, autoPanPaddingTopLeft: [20, 20], autoPanPaddingBottomRight: [400, 20] });
    marker.on('click', () => this.onSelect(id));
    marker.addTo(this.#group);
    this.#markers.set(id, { marker, version: s.version });
  }

  /**
   * Redraws the moved markers, at most every REDRAW_EVERY_MS: every canvas redraw costs the
   * browser a new canvas frame, whatever moved. The first change after a quiet spell is drawn at
   * once, in the frame that moves its rows (Leaflet would wait for the next frame); under a
   * stream of updates, changes wait for the next redraw, which draws them all.
   */
  #drawSoon(): void {
    const renderer = this.#renderer as unknown as { _redrawRequest?: number | null; _redraw?: () => void };
    if (!renderer._redrawRequest || typeof renderer._redraw !== 'function' || this.#drawTimer) return;
    // Leaflet's own frame request is cancelled but left set, so that it asks for no other until
    // `_redraw` runs (and clears it).
    L.Util.cancelAnimFrame(renderer._redrawRequest);
    const redraw = () => {
      this.#drawTimer = null;
      this.#drawnAt = performance.now();
      // Unless Leaflet has redrawn meanwhile (a pan or zoom redraws everything).
      if (renderer._redrawRequest) renderer._redraw?.();
    };
    const wait = this.#drawnAt + REDRAW_EVERY_MS - performance.now();
    if (wait <= 0) redraw();
    else this.#drawTimer = setTimeout(redraw, wait);
  }

  /** Highlights a shipment; `reveal` pans to it (selection from the board, not the map). */
  select(id: string | null, reveal = false): void {
    const previous = this.#selectedId;
    this.#selectedId = id;
    for (const key of [previous, id]) {
      const s = key ? this.#shipments.get(key) : undefined;
      const entry = key ? this.#markers.get(key) : undefined;
      if (s && entry) entry.marker.setStyle(this.#style(s));
    }
    const entry = id ? this.#markers.get(id) : undefined;
    if (entry) {
      entry.marker.bringToFront();
      if (reveal && !this.map.getBounds().pad(-0.1).contains(entry.marker.getLatLng())) {
        this.map.panTo(entry.marker.getLatLng(), { animate: true });
      }
    }
  }

  count(): number {
    return this.#markers.size;
  }

  /** Bounds of every marker, for fitting the view. */
  bounds(): L.LatLngBounds | null {
    return this.#markers.size > 0 ? this.#group.getBounds() : null;
  }

  #style(s: Shipment): L.CircleMarkerOptions {
    const selected = s.id === this.#selectedId;
    return {
      radius: selected ? 10 : 7,
      color: selected ? '#111827' : '#ffffff',
      weight: selected ? 3 : 2,
      fillColor: WINDOW_STATUS_STYLE[s.windowStatus].color,
      fillOpacity: 0.95,
    };
  }

  // Built from text nodes: partner-supplied text never becomes HTML.
  #popupContent(id: string): HTMLElement {
    const s = this.#shipments.get(id);
    const root = document.createElement('div');
    root.className = 'shipment-popup';
    if (!s) return root;
    const title = document.createElement('strong');
    title.textContent = s.reference;
    root.append(title);
    const list = document.createElement('dl');
    for (const { label, value } of this.popup.describe(s)) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      list.append(dt, dd);
    }
    root.append(list);
    return root;
  }

  remove(): void {
    if (this.#drawTimer) clearTimeout(this.#drawTimer);
    this.#drawTimer = null;
    this.map.removeLayer(this.#group);
  }
}
