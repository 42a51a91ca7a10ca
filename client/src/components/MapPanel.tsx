import { effect } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeShipment } from '../board/describe';
import { carrierName, config, now, select, selectedId, shipments, site, track } from '../board/store';
import { WINDOW_STATUS_ORDER, WINDOW_STATUS_STYLE } from '../board/window-status';
import { DockMap } from '../map/dock-map';
import { t } from '../i18n/i18n';
import type { TilesUnavailable } from '../map/layers/tiles';

export function MapPanel() {
  const container = useRef<HTMLDivElement>(null);
  const [tilesNote, setTilesNote] = useState<TilesUnavailable | null>(null);
  const cfg = config.value;

  useEffect(() => {
    if (!container.current || !cfg) return;
    const map = new DockMap(container.current, {
      tileUrl: cfg.tileUrl,
      tileAttribution: cfg.tileAttribution,
      onSelect: (id) => void select(id),
      onTilesUnavailable: (reason) => setTilesNote(reason),
      popup: {
        describe: (s) =>
          describeShipment(s, {
            timeZone: site.value?.timezone ?? 'UTC',
            now: now.peek(),
            staleAfterSeconds: cfg.staleAfterSeconds,
            carrierName,
          }),
      },
    });
    let lastSelected: string | null = null;
    const stops = [
      effect(() => {
        const current = site.value;
        if (!current) return;
        map.setSite(current);
        map.setShipments(shipments.value, current);
      }),
      effect(() => {
        const id = selectedId.value;
        map.select(id, id !== lastSelected && id !== null);
        lastSelected = id;
      }),
      effect(() => map.setTrack(track.value)),
    ];
    const resize = new ResizeObserver(() => map.invalidateSize());
    resize.observe(container.current);
    return () => {
      stops.forEach((stop) => stop());
      resize.disconnect();
      map.destroy();
    };
  }, [cfg]);

  return (
    <section class="map-panel" aria-label={t('map.label')}>
      <div class="map" ref={container} />
      <MapKey tilesNote={tilesNote} />
    </section>
  );
}

/** The window-status colours of the markers, and why the map has no tiles when it has none. */
export function MapKey({ tilesNote }: { tilesNote: TilesUnavailable | null }) {
  return (
    <>
        <ul class="legend" aria-label={t('map.legend')}>
          {WINDOW_STATUS_ORDER.map((s) => (
            <li key={s}>
              <span class="legend-dot" style={{ background: WINDOW_STATUS_STYLE[s].color }} aria-hidden="true" />
              {WINDOW_STATUS_STYLE[s].label}
            </li>
          ))}
        </ul>
        {tilesNote && (
          <p class="tiles-note" role="note">
            {t(`map.tiles.${tilesNote}`)}
          </p>
        )}
    </>
  );
}
