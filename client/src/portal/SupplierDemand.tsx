import type { SupplierMaterialDemand } from '@dockwatch/shared';
import { me } from '../api/client';
import { t } from '../i18n/i18n';
import { demandProblem, exportUrl, markDemandSeen, supplierDemand } from './demand-store';

/** A 28-day strip of the part's daily demand; days that moved since the supplier last looked stand out. */
function DemandStrip({ m }: { m: SupplierMaterialDemand }) {
  const max = Math.max(1, ...m.days.map((d) => Math.max(d.quantity, d.previousQuantity ?? 0)));
  return (
    <div class="demand-strip" role="img" aria-label={t('demand.stripLabel', { sku: m.sku })}>
      {m.days.map((d) => (
        <span
          key={d.date}
          title={`${d.date}: ${d.quantity}${d.previousQuantity !== null ? ` (${t('demand.was', { quantity: String(d.previousQuantity) })})` : ''}`}
          class={d.previousQuantity !== null ? 'demand-day changed' : 'demand-day'}
          style={{ height: `${Math.max(2, (d.quantity / max) * 100)}%` }}
        />
      ))}
    </div>
  );
}

/** For a supplier: the plants' demand for its parts over the next 4 weeks, and what they share of their cover. */
export function SupplierDemandSection() {
  // The portal loads and follows the demand (portal-store).
  if (me.value?.role !== 'supplier') return null;
  const views = [...supplierDemand.value.values()];
  return (
    <section class="supplier-demand" aria-labelledby="supplier-demand-title">
      <h2 id="supplier-demand-title">{t('demand.title')}</h2>
      <p class="muted">{t('demand.hint')}</p>
      {demandProblem.value && <p class="error" role="alert">{demandProblem.value}</p>}
      {views.length === 0 && <p class="muted">{t('demand.empty')}</p>}
      {views.map((v) => (
        <div key={v.siteId} class="demand-site">
          <h3>{v.siteName}</h3>
          <p>
            <a href={exportUrl(v.siteId, 'csv')} download>{t('demand.exportCsv')}</a> · <a href={exportUrl(v.siteId, 'delfor')} download>{t('demand.exportDelfor')}</a> ·{' '}
            <button type="button" onClick={() => void markDemandSeen(v.siteId)}>{t('demand.markSeen')}</button>
          </p>
          {v.materials.map((m) => (
            <article key={m.materialId} class="demand-material">
              <h4>
                {m.sku} <span class="muted">{m.description}</span> {m.changed && <span class="badge">{t('demand.changed')}</span>}
              </h4>
              <DemandStrip m={m} />
              <p>
                {t('demand.next7', { quantity: String(Math.round(m.days.slice(0, 7).reduce((s, d) => s + d.quantity, 0))), unit: m.unit })}
                {m.cover ? (
                  <>
                    {' · '}
                    {t('demand.onHand', { quantity: String(Math.round(m.cover.onHand ?? 0)) })}
                    {' · '}
                    {m.cover.daysOfCover === null ? t('demand.coverLong') : t('demand.cover', { days: String(m.cover.daysOfCover) })}
                    {m.cover.shortageRisk && (
                      <>
                        {' '}
                        <strong class="shortage-risk" role="status">
                          {t('demand.shortageRisk')}
                        </strong>
                      </>
                    )}
                  </>
                ) : (
                  <span class="muted"> · {t('demand.notShared')}</span>
                )}
              </p>
            </article>
          ))}
        </div>
      ))}
    </section>
  );
}
