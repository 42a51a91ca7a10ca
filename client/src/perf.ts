/**
 * Counters the benchmarks and tests read from the page (`window.__dockwatch`): how many deltas
 * arrived, how many frames applied them, and how long the store work took.
 */
export const perf = {
  deltas: 0,
  flushes: 0,
  flushMs: 0,
  reloads: 0,
  recordDelta() {
    this.deltas++;
  },
  recordFlush(_size: number, ms: number) {
    this.flushes++;
    this.flushMs += ms;
  },
  recordReload() {
    this.reloads++;
  },
};

declare global {
  interface Window {
    __dockwatch?: typeof perf;
  }
}
window.__dockwatch = perf;
