import { computed } from '@preact/signals';
import { siteDate } from '../format/time';
import { docksInUse } from './board-filter';
import { sameItems, stableComputed } from './stable-computed';
import { carriers, now, shipments, site, visible } from './store';

/** Ids of the board's rows in order; changes only when a row comes, goes or moves. */
export const visibleIds = stableComputed(() => visible.value.map((s) => s.id), sameItems);

/** The site's time zone (stable across snapshot reloads, which replace the site object). */
export const siteTimeZone = computed(() => site.value?.timezone ?? 'UTC');

/** Docks to offer and draw: the site's, then any others in use. */
export const dockNames = stableComputed(() => docksInUse(site.value?.docks ?? [], shipments.value.values()), sameItems);

/** Carriers with shipments on the board, by name. */
export const carriersInUse = stableComputed(() => {
  const ids = new Set<string>();
  for (const s of shipments.value.values()) ids.add(s.carrierId);
  return [...carriers.value.values()].filter((c) => ids.has(c.id)).sort((a, b) => a.name.localeCompare(b.name));
}, sameItems);

/** Ping ages refresh every 5 s: often enough for a clerk, cheap enough for thousands of rows. */
export const ageClock = computed(() => Math.floor(now.value / 5_000) * 5_000);

/** The clock in whole minutes, for panels whose text changes no faster. */
export const minuteClock = computed(() => Math.floor(now.value / 60_000) * 60_000);

/**
 * An instant of the site's current local day, which changes at the site's midnight: formatting
 * day markers (`+1d`) against it keeps rows from re-rendering with every clock tick.
 */
export const siteToday = stableComputed(
  () => {
    const timeZone = siteTimeZone.value;
    return { day: `${timeZone} ${siteDate(now.value, timeZone)}`, at: now.value };
  },
  (a, b) => a.day === b.day,
);
