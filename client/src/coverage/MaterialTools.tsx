import type { MaterialCoverage } from '@dockwatch/shared';
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiError } from '../api/rest';
import { errorText } from '../i18n/error-text';
import { t } from '../i18n/i18n';
import { loadCoverage } from './coverage-store';
import { DemandSharing } from './DemandSharing';

type Form = { kind: 'add' } | { kind: 'edit'; material: MaterialCoverage } | { kind: 'count'; material: MaterialCoverage } | null;

/** The server's problems with a file (line or segment numbers), or its message. */
function problemsOf(error: unknown): string[] {
  if (error instanceof ApiError) {
    const problems = (error.details as { problems?: { path: string; message: string }[] } | undefined)?.problems;
    if (problems?.length) return problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [errorText(error)];
}

/** What the file is, by its name or its first characters: EDIFACT starts with UNA or UNB. */
const contentTypeOf = (name: string, text: string) => (/\.(edi|edifact)$/i.test(name) || /^\s*UN[AB]/.test(text) ? 'application/edifact' : 'text/csv');

const numberOrNull = (value: string): number | null => (value.trim() === '' ? null : Number(value.replace(',', '.')));

/**
 * A planner's changes to the site's materials: import a CSV or DELFOR file (checked whole by
 * the server: a bad file lists every problem and changes nothing), add a material, change the
 * chosen one, or enter a stock count.
 */
export function MaterialTools({ siteId, chosen }: { siteId: string; chosen: MaterialCoverage | null }) {
  const [form, setForm] = useState<Form>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; lines: string[] } | null>(null);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    try {
      const done = await work();
      setForm(null);
      setMessage({ ok: true, lines: [done] });
      await loadCoverage(siteId);
    } catch (error) {
      setMessage({ ok: false, lines: problemsOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const onFile = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void run(async () => {
      const text = await file.text();
      const summary = await api.importFile(siteId, text, contentTypeOf(file.name, text));
      return t('materials.imported', { file: file.name, kind: t(`materials.kind.${summary.kind}`), materials: summary.materials, buckets: summary.buckets });
    });
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const safety = { quantity: numberOrNull(text('safetyQuantity')), hours: numberOrNull(text('safetyHours')) };
    const suppliers = text('suppliers')
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (form?.kind === 'add') {
      void run(async () => {
        const m = await api.createMaterial(siteId, { sku: text('sku'), description: text('description'), unit: text('unit') || 'pcs', safetyStock: safety, suppliers, line: text('line') || null });
        return t('materials.added', { sku: m.sku });
      });
    } else if (form?.kind === 'edit') {
      const { material } = form;
      void run(async () => {
        // Safety stock left empty stays as it is; one side given replaces both (a quantity wins over hours).
        const changeSafety = safety.quantity !== null || safety.hours !== null;
        await api.patchMaterial(material.materialId, { description: text('description'), unit: text('unit') || 'pcs', ...(changeSafety ? { safetyStock: safety } : {}), suppliers, line: text('line') || null });
        return t('materials.saved', { sku: material.sku });
      });
    } else if (form?.kind === 'count') {
      const { material } = form;
      const countedAt = text('countedAt');
      void run(async () => {
        await api.setStock(material.materialId, { quantity: numberOrNull(text('quantity')) ?? Number.NaN, countedAt: countedAt ? new Date(countedAt).toISOString() : new Date().toISOString() });
        return t('materials.counted', { sku: material.sku });
      });
    }
  };

  const m = form && form.kind !== 'add' ? form.material : null;
  return (
    <div class="material-tools">
      <div class="material-actions">
        <label class={`button-like ${busy ? 'is-busy' : ''}`}>
          {t('materials.import')}
          <input type="file" accept=".csv,.txt,.edi,.edifact,text/csv,text/plain" disabled={busy} onChange={(e) => onFile(e.target as HTMLInputElement)} />
        </label>
        <button type="button" disabled={busy} onClick={() => setForm({ kind: 'add' })}>
          {t('materials.add')}
        </button>
        {chosen && (
          <>
            <button type="button" disabled={busy} onClick={() => setForm({ kind: 'edit', material: chosen })}>
              {t('materials.edit', { sku: chosen.sku })}
            </button>
            <button type="button" disabled={busy} onClick={() => setForm({ kind: 'count', material: chosen })}>
              {t('materials.count', { sku: chosen.sku })}
            </button>
          </>
        )}
      </div>
      {message && (
        <div class={message.ok ? 'material-message ok' : 'material-message error'} role={message.ok ? 'status' : 'alert'}>
          {message.lines.length === 1 ? (
            message.lines[0]
          ) : (
            <ul>
              {message.lines.slice(0, 20).map((line) => (
                <li key={line}>{line}</li>
              ))}
              {message.lines.length > 20 && <li>{t('materials.moreProblems', { count: message.lines.length - 20 })}</li>}
            </ul>
          )}
        </div>
      )}
      {chosen && <DemandSharing key={chosen.materialId} siteId={siteId} material={chosen} />}
      {form && (
        <form class="material-form" onSubmit={submit} aria-label={form.kind === 'add' ? t('materials.add') : form.kind === 'edit' ? t('materials.edit', { sku: m!.sku }) : t('materials.count', { sku: m!.sku })}>
          {form.kind === 'count' ? (
            <>
              <label>
                {t('materials.field.quantity', { unit: m!.unit })}
                <input name="quantity" type="number" min="0" step="any" required />
              </label>
              <label>
                {t('materials.field.countedAt')}
                <input name="countedAt" type="datetime-local" />
              </label>
            </>
          ) : (
            <>
              {form.kind === 'add' && (
                <label>
                  {t('materials.field.sku')}
                  <input name="sku" required maxLength={100} />
                </label>
              )}
              <label>
                {t('materials.field.description')}
                <input name="description" maxLength={500} value={m?.description ?? ''} />
              </label>
              <label>
                {t('materials.field.unit')}
                <input name="unit" maxLength={20} value={m?.unit ?? 'pcs'} />
              </label>
              <label>
                {t('materials.field.safetyQuantity')}
                <input name="safetyQuantity" type="number" min="0" step="any" />
              </label>
              <label>
                {t('materials.field.safetyHours')}
                <input name="safetyHours" type="number" min="0" step="any" />
              </label>
              <label>
                {t('materials.field.suppliers')}
                <input name="suppliers" value={m?.suppliers.join('; ') ?? ''} />
              </label>
              <label>
                {t('materials.field.line')}
                <input name="line" maxLength={100} value={m?.line ?? ''} />
              </label>
            </>
          )}
          <div class="form-buttons">
            <button type="submit" class="primary" disabled={busy}>
              {t('materials.save')}
            </button>
            <button type="button" disabled={busy} onClick={() => setForm(null)}>
              {t('materials.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
