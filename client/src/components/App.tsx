import { problem, site, sites, token } from '../board/store';
import { AlertsPanel } from './AlertsPanel';
import { BoardFilters } from './BoardFilters';
import { BoardTable } from './BoardTable';
import { DockTimeline } from './DockTimeline';
import { Header } from './Header';
import { MapPanel } from './MapPanel';
import { ShipmentPanel } from './ShipmentPanel';
import { TokenPrompt } from './TokenPrompt';

export function App() {
  if (!token.value) return <TokenPrompt />;
  return (
    <div class="app">
      <Header />
      {problem.value && (
        <p class="banner" role="alert">
          {problem.value}
        </p>
      )}
      {site.value ? (
        <main class="layout">
          <section class="board-panel" aria-label="Inbound board">
            <BoardFilters />
            <BoardTable />
          </section>
          <div class="map-column">
            <AlertsPanel />
            <div class="map-area">
              <MapPanel />
              <ShipmentPanel />
            </div>
          </div>
          <DockTimeline />
        </main>
      ) : (
        <main class="choose-site">
          <p>{sites.value.length === 0 ? 'No sites yet: create one through the API (see /api/docs).' : 'Choose a site to open its inbound board.'}</p>
        </main>
      )}
    </div>
  );
}
