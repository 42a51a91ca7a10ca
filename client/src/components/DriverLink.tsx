import type { TrackingLinkCreated } from '@dockwatch/shared';
import { useState } from 'preact/hooks';
import { createDriverLink } from '../board/store';
import { formatSiteTime } from '../format/time';
import { t } from '../i18n/i18n';
import { errorText } from '../i18n/error-text';

/** One-link onboarding from the board: a link and QR code for the driver's phone. */
export function DriverLink({ shipmentId, open, timeZone }: { shipmentId: string; open: boolean; timeZone: string }) {
  const [link, setLink] = useState<TrackingLinkCreated | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const issue = async () => {
    setBusy(true);
    setError(null);
    try {
      setLink(await createDriverLink(shipmentId));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (!link) {
    return (
      <div class="driver-link">
        <button type="button" disabled={busy || !open} onClick={() => void issue()}>
          {t('driverLink.issue')}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }
  return (
    <section class="driver-link issued" aria-label={t('driverLink.label')}>
      {/* The SVG is the server's rendering of the link URL: no markup from anyone else. */}
      <div class="qr" dangerouslySetInnerHTML={{ __html: link.qrSvg }} />
      <label>
        {t('driverLink.send', { time: formatSiteTime(link.expiresAt, Date.now(), timeZone) })}
        <input class="link-url" readOnly value={link.url} onFocus={(e) => (e.target as HTMLInputElement).select()} />
      </label>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(link.url)}>
        {t('driverLink.copy')}
      </button>
    </section>
  );
}
