import { asnRuleProblem, type SupplierAsnSite, type SupplierShipmentCreate } from '@dockwatch/shared';
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { api, me } from '../api/client';
import { ApiError } from '../api/rest';
import { siteWallTimeToIso } from '../format/time';
import { t, type MessageKey } from '../i18n/i18n';
import { parseItems } from './asn-items';
import { reload } from './portal-store';

/** The sites that take this supplier's own notices (null: not loaded yet). */
const asnSites = signal<SupplierAsnSite[] | null>(null);

const DURATIONS = [30, 60, 90, 120, 180];

const RULE_TEXT: Record<string, MessageKey> = {
  dock_not_allowed: 'asn.rule.dock_not_allowed',
  window_too_soon: 'asn.rule.window_too_soon',
  window_too_far: 'asn.rule.window_too_far',
};

/**
 * A supplier announces a load of its own (an advance shipping notice) to a plant that allows it:
 * reference, carrier, window, dock and parts. The form checks the plant's rules before sending;
 * the plant's board shows the load at once.
 */
export function AnnounceShipment() {
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [siteId, setSiteId] = useState<string | null>(null);
  useEffect(() => {
    if (me.value?.role !== 'supplier') return;
    api.asnSites().then(
      (r) => (asnSites.value = r.sites),
      () => (asnSites.value = []),
    );
  }, [me.value?.id]);
  const sites = asnSites.value;
  if (me.value?.role !== 'supplier' || !sites || sites.length === 0) return null;
  const site = sites.find((s) => s.siteId === siteId) ?? sites[0]!;

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setProblem(null);
    setDone(null);
    const start = siteWallTimeToIso(text('windowStart'), site.timeZone);
    const { items, bad } = parseItems(text('items'));
    if (!start) return setProblem(t('asn.problem.window'));
    if (bad.length > 0) return setProblem(t('asn.problem.items', { lines: bad.join(' · ') }));
    if (items.length === 0) return setProblem(t('asn.problem.noItems'));
    const dock = text('dock') || undefined;
    const rule = asnRuleProblem(site, { windowStart: start, dock }, Date.now());
    if (rule) return setProblem(t(RULE_TEXT[rule.code] ?? 'asn.problem.server', { docks: site.docks.join(', '), minutes: site.minLeadMinutes, days: site.maxDaysAhead, message: rule.message }));
    const body: SupplierShipmentCreate = {
      reference: text('reference'),
      siteId: site.siteId,
      carrierId: text('carrierId'),
      windowStart: start,
      windowEnd: new Date(Date.parse(start) + Number(text('duration')) * 60_000).toISOString(),
      ...(dock ? { dock } : {}),
      items,
    };
    setBusy(true);
    try {
      const created = await api.announceShipment(body);
      setDone(t('asn.done', { reference: created.reference }));
      (e.target as HTMLFormElement).reset();
      await reload();
    } catch (error) {
      setProblem(error instanceof ApiError ? t('asn.problem.server', { message: error.message }) : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="announce" aria-labelledby="announce-title">
      <div class="announce-head">
        <h2 id="announce-title">{t('asn.title')}</h2>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('asn.close') : t('asn.open')}
        </button>
      </div>
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      {open && (
        <form class="announce-form" onSubmit={submit} aria-label={t('asn.title')}>
          <p class="muted">{t('asn.rules', { site: site.siteName, minutes: site.minLeadMinutes, days: site.maxDaysAhead, zone: site.timeZone })}</p>
          {sites.length > 1 && (
            <label>
              {t('portal.plant')}
              <select name="siteId" value={site.siteId} onChange={(e) => setSiteId((e.target as HTMLSelectElement).value)}>
                {sites.map((s) => (
                  <option key={s.siteId} value={s.siteId}>
                    {s.siteName}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('asn.reference')}
            <input name="reference" required maxLength={100} autoComplete="off" />
          </label>
          <label>
            {t('access.carrier')}
            <select name="carrierId" required>
              {site.carriers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('asn.windowStart', { zone: site.timeZone })}
            <input name="windowStart" type="datetime-local" required />
          </label>
          <label>
            {t('asn.duration')}
            <select name="duration" defaultValue="60">
              {DURATIONS.map((m) => (
                <option key={m} value={m}>
                  {t('asn.minutes', { minutes: m })}
                </option>
              ))}
            </select>
          </label>
          {site.docks.length > 0 && (
            <label>
              {t('board.dock')}
              <select name="dock" required>
                {site.docks.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="wide">
            {t('asn.items')}
            <textarea name="items" rows={3} required placeholder={t('asn.itemsPlaceholder')} />
          </label>
          {problem && (
            <p class="error wide" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy}>
            {t('asn.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
