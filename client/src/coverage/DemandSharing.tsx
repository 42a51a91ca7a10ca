import type { DemandSharingList, MaterialCoverage } from '@dockwatch/shared';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/i18n';

/**
 * What the plant shares with each supplier of the chosen part: a supplier always sees the plant's
 * demand for its parts; ticked, also the part's stock, days of cover and shortage risk.
 * Off by default; each tick is saved at once (and audited).
 */
export function DemandSharing({ siteId, material }: { siteId: string; material: MaterialCoverage }) {
  const [shared, setShared] = useState<ReadonlySet<string> | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const keyOf = (supplier: string) => `${material.materialId}|${supplier}`;
  const take = (list: DemandSharingList) => setShared(new Set(list.entries.filter((e) => e.share).map((e) => `${e.materialId}|${e.supplier}`)));

  useEffect(() => {
    let current = true;
    setShared(null);
    api.demandSharing(siteId).then(
      (list) => current && take(list),
      (error: unknown) => current && setProblem(errorText(error)),
    );
    return () => {
      current = false;
    };
  }, [siteId]);

  const toggle = async (supplier: string, share: boolean) => {
    const before = shared;
    // The tick shows at once; the server's answer replaces it, a refusal takes it back.
    const next = new Set(before);
    if (share) next.add(keyOf(supplier));
    else next.delete(keyOf(supplier));
    setShared(next);
    setBusy(supplier);
    setProblem(null);
    try {
      take(await api.setDemandSharing(siteId, [{ supplier, materialId: material.materialId, share }]));
    } catch (error) {
      setShared(before);
      setProblem(errorText(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="demand-sharing" aria-label={t('materials.sharing.title', { sku: material.sku })}>
      <h4>{t('materials.sharing.title', { sku: material.sku })}</h4>
      {material.suppliers.length === 0 ? (
        <p class="muted">{t('materials.sharing.noSupplier')}</p>
      ) : (
        <>
          <p class="muted">{t('materials.sharing.hint')}</p>
          <ul>
            {material.suppliers.map((supplier) => (
              <li key={supplier}>
                <label>
                  <input
                    type="checkbox"
                    data-supplier={supplier}
                    disabled={shared === null || busy !== null}
                    checked={shared?.has(keyOf(supplier)) ?? false}
                    onChange={(e) => void toggle(supplier, (e.target as HTMLInputElement).checked)}
                  />
                  {t('materials.sharing.label', { supplier })}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      {problem && (
        <p class="material-message error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
