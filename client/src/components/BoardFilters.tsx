import { computed } from '@preact/signals';
import { WINDOW_STATUSES, type WindowStatus } from '@dockwatch/shared';
import { carriersInUse, dockNames } from '../board/derived';
import { filters, shipments, visible } from '../board/store';
import { WINDOW_STATUS_STYLE } from '../board/window-status';
import { t } from '../i18n/i18n';

export function BoardFilters() {
  const f = filters.value;
  const docks = dockNames.value;
  const set = (patch: Partial<typeof f>) => (filters.value = { ...f, ...patch });
  return (
    <div class="filters" role="search">
      <input
        type="search"
        placeholder={t('filters.searchPlaceholder')}
        aria-label={t('filters.search')}
        value={f.text}
        onInput={(e) => set({ text: (e.target as HTMLInputElement).value })}
      />
      <select aria-label={t('board.windowStatus')} value={f.windowStatus} onChange={(e) => set({ windowStatus: (e.target as HTMLSelectElement).value as WindowStatus | 'all' })}>
        <option value="all">{t('filters.allStatuses')}</option>
        {WINDOW_STATUSES.map((s) => (
          <option key={s} value={s}>
            {WINDOW_STATUS_STYLE[s].label}
          </option>
        ))}
      </select>
      <select aria-label={t('board.dock')} value={f.dock} onChange={(e) => set({ dock: (e.target as HTMLSelectElement).value })}>
        <option value="all">{t('filters.allDocks')}</option>
        {docks.map((d) => (
          <option key={d} value={d}>
            {t('filters.dockName', { dock: d })}
          </option>
        ))}
      </select>
      <select aria-label={t('board.carrier')} value={f.carrierId} onChange={(e) => set({ carrierId: (e.target as HTMLSelectElement).value })}>
        <option value="all">{t('filters.allCarriers')}</option>
        {carriersInUse.value.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <span class="count" aria-live="polite">
        <ShipmentCount />
      </span>
    </div>
  );
}

/** `12 of 40`: changes only when a row comes or goes, not with every delta batch. */
const shownOfTotal = computed(() => t('filters.shownOf', { shown: visible.value.length, total: shipments.value.size }));

/** The row count, kept apart from the filter controls. */
function ShipmentCount() {
  return <>{shownOfTotal.value}</>;
}
