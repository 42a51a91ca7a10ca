/**
 * Diagnostics read from the page (`window.__dockwatch`) by benchmarks, tests and whoever
 * checks a wall screen: how many deltas arrived, how many frames applied them, how long the
 * store work took, and where the map draws each shipment.
 */
export const perf = {
  /** Position of a shipment's map marker (the canvas shows it within 250 ms), or null when it has none. */
  markerAt: (_id: string): { lat: number; lon: number } | null => null,
  /** Fill colour of a shipment's marker (its window status), or null when it has no marker. */
  markerColor: (_id: string): string | null => null,
  /** Where a shipment's marker is in the page (CSS pixels from the viewport's top left), or null. */
  markerPoint: (_id: string): { x: number; y: number } | null => null,
  deltas: 0,
  flushes: 0,
  flushMs: 0,
  reloads: 0,
  /** Late-arrival warnings (beep and notification) given to the planner. */
  lateWarnings: 0,
  recordDeltas(count: number) {
    this.deltas += count;
  },
  recordFlush(_size: number, ms: number) {
    this.flushes++;
    this.flushMs += ms;
  },
  recordReload() {
    this.reloads++;
  },
  recordLateWarning() {
    this.lateWarnings++;
  },
};

declare global {
  interface Window {
    __dockwatch?: typeof perf;
  }
}
window.__dockwatch = perf;
