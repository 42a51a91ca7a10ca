import { effect } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeShipment } from '../board/describe';
import { config, now } from '../board/store';
import { MapKey } from '../components/MapPanel';
import { t } from '../i18n/i18n';
import { DockMap } from '../map/dock-map';
import type { TilesUnavailable } from '../map/layers/tiles';
import { chosenId, chosenTrack, choose, partnerShipments, partnerSites } from './portal-store';

/**
 * The partner's own loads on a map, live, with the plants they go to: each truck coloured by its
 * window status, its ETA and band in the popup, and (for the carrier) the chosen load's track.
 */
export function PortalMap() {
  const container = useRef<HTMLDivElement>(null);
  const [tilesNote, setTilesNote] = useState<TilesUnavailable | null>(null);
  const cfg = config.value;

  useEffect(() => {
    if (!container.current || !cfg) return;
    const map = new DockMap(container.current, {
      tileUrl: cfg.tileUrl,
      tileAttribution: cfg.tileAttribution,
      onSelect: (id) => choose(id),
      onTilesUnavailable: (reason) => setTilesNote(reason),
      popup: {
        describe: (s) =>
          describeShipment(s, {
            timeZone: partnerSites.peek().get(s.siteId)?.timezone ?? 'UTC',
            now: now.peek(),
            // A partner's own loads: no carrier row (the portal knows no carrier names).
            staleAfterSeconds: cfg.staleAfterSeconds,
          }),
      },
    });
    let lastChosen: string | null = null;
    const stops = [
      effect(() => {
        const sites = [...partnerSites.value.values()];
        map.setSites(sites);
        map.setShipments(partnerShipments.value, sites);
      }),
      effect(() => {
        const id = chosenId.value;
        map.select(id, id !== lastChosen && id !== null);
        lastChosen = id;
      }),
      effect(() => map.setTrack(chosenTrack.value)),
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
    <section class="map-panel portal-map" aria-label={t('portal.mapLabel')}>
      <div class="map" ref={container} />
      <MapKey tilesNote={tilesNote} />
    </section>
  );
}
