/**
 * Runs `work` with the next animation frame, to apply a burst of live changes once per frame.
 * requestAnimationFrame does not run in hidden tabs, and wall screens still need fresh data.
 */
export function onNextFrame(work: () => void): void {
  if (document.hidden) setTimeout(work, 100);
  else requestAnimationFrame(() => work());
}
