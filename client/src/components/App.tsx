import { accuracyOpen } from '../accuracy/accuracy-store';
import { EtaAccuracyPanel } from '../accuracy/EtaAccuracyPanel';
import { CoveragePanel } from '../coverage/CoveragePanel';
import { coverageOpen } from '../coverage/coverage-store';
import { ScorecardsPanel } from '../scorecards/ScorecardsPanel';
import { scorecardsOpen } from '../scorecards/scorecards-store';
import { accessOpen } from '../admin/access-store';
import { devicesOpen } from '../admin/devices-store';
import { me } from '../api/client';
import { booting, isPartner } from '../auth/auth-store';
import { problem, site, sites } from '../board/store';
import { AccessAdmin } from './AccessAdmin';
import { AlertsPanel } from './AlertsPanel';
import { BoardFilters } from './BoardFilters';
import { BoardTable } from './BoardTable';
import { DevicesAdmin } from './DevicesAdmin';
import { DockTimeline } from './DockTimeline';
import { Header } from './Header';
import { MapPanel } from './MapPanel';
import { ShipmentPanel } from './ShipmentPanel';
import { PartnerPortal } from './PartnerPortal';
import { SignIn } from './SignIn';
import { t } from '../i18n/i18n';
import { wallMode } from '../wall/display-prefs';
import { WallScreen } from '../wall/WallScreen';
import { UndoReceipt } from './UndoReceipt';

export function App() {
  if (booting.value) return <main class="token-prompt" aria-busy="true" />;
  if (!me.value) return <SignIn />;
  if (isPartner(me.value)) return <PartnerPortal />;
  // Checked here too: a session that ends without a reload may be followed by someone who is not an admin.
  const admin = me.value.role === 'admin';
  const adminScreen = admin && (accessOpen.value || devicesOpen.value);
  if (site.value && wallMode.value && !adminScreen) {
    return (
      <>
        {problem.value && (
          <p class="banner" role="alert">
            {problem.value}
          </p>
        )}
        <WallScreen />
      </>
    );
  }
  return (
    <div class="app">
      <Header />
      {problem.value && (
        <p class="banner" role="alert">
          {problem.value}
        </p>
      )}
      {site.value ? (
        // Under an admin screen the board stays live but out of reach of Tab and screen readers.
        <main class="layout" inert={adminScreen}>
          <section class="board-panel" aria-label={t('app.boardLabel')}>
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
        <main class="choose-site" inert={adminScreen}>
          <p>{sites.value.length === 0 ? t('app.noSites') : t('app.chooseSite')}</p>
        </main>
      )}
      {site.value && accuracyOpen.value && <EtaAccuracyPanel />}
      {site.value && coverageOpen.value && <CoveragePanel />}
      {site.value && scorecardsOpen.value && <ScorecardsPanel />}
      {admin && accessOpen.value && <AccessAdmin />}
      {admin && devicesOpen.value && <DevicesAdmin />}
      <UndoReceipt />
    </div>
  );
}
