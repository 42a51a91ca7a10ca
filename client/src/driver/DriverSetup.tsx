import type { DeviceSetup } from '@dockwatch/shared';
import { t } from '../i18n/i18n';

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div class="setup-field">
      <span class="setup-label">{label}</span>
      <code class="setup-value">{value}</code>
      <button class="copy" onClick={() => void navigator.clipboard?.writeText(value)} aria-label={t('driver.copyField', { label })}>
        {t('driver.copy')}
      </button>
    </div>
  );
}

/** How to point the tracker apps a driver may already run at Dockwatch, with this link's values filled in. */
export function DriverSetup({ setup }: { setup: DeviceSetup }) {
  return (
    <section class="setup" aria-label={t('driver.useApp')}>
      <p class="setup-intro">{t('driver.setupIntro')}</p>
      <h2>Traccar Client</h2>
      <p>Settings → set these, then switch on “Continuous tracking”:</p>
      <Field label="Device identifier" value={setup.token} />
      <Field label="Server URL" value={setup.osmandUrl} />
      <p class="hint">Location accuracy: high. Frequency: 30 s. Distance: 100 m.</p>
      <h2>OwnTracks</h2>
      <p>Preferences → Connection → Mode: HTTP, then:</p>
      <Field label="URL" value={setup.owntracksUrl} />
      <Field label="Username" value="driver" />
      <Field label="Password" value={setup.token} />
      <p class="hint">Monitoring: “Move” mode while driving. Leave the encryption key empty: Dockwatch cannot read encrypted messages.</p>
      <h2>Overland (iPhone)</h2>
      <p>Settings → Receiver Endpoint:</p>
      <Field label="Receiver endpoint" value={setup.overlandUrl} />
      <Field label="Access token" value={setup.token} />
      <p class="hint">Points per batch: up to 500. Overland keeps points until Dockwatch confirms them.</p>
    </section>
  );
}
