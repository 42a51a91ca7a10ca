import { computed, effect, signal } from '@preact/signals';
import { me } from '../api/client';

const WALL_KEY = 'dockwatch.wall';
const THEME_KEY = 'dockwatch.theme';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the choice lasts until the page closes.
  }
}

/** Staff's own choice of wall mode in this browser; null until they make one. */
const wallChoice = signal<boolean | null>(stored(WALL_KEY) === null ? null : stored(WALL_KEY) === 'on');
/** The theme chosen in this browser; null follows the mode (dark on the wall, light at the desk). */
const themeChoice = signal<'light' | 'dark' | null>((stored(THEME_KEY) as 'light' | 'dark' | null) ?? null);

/** A viewer (the wall-screen token) is always on the wall; staff choose, and start at the desk. */
export const mayLeaveWall = computed(() => me.value?.role !== 'viewer');
export const wallMode = computed(() => (mayLeaveWall.value ? (wallChoice.value ?? false) : true));
export const theme = computed(() => themeChoice.value ?? (wallMode.value ? 'dark' : 'light'));

export function setWallMode(on: boolean): void {
  wallChoice.value = on;
  store(WALL_KEY, on ? 'on' : 'off');
}

export function setTheme(value: 'light' | 'dark'): void {
  themeChoice.value = value;
  store(THEME_KEY, value);
}

// The theme sits on the root element, so every screen (and the map's popups) follows it.
effect(() => {
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme.value;
});
