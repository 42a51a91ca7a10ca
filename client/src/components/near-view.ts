import { useLayoutEffect, useRef, useState, type MutableRef } from 'preact/hooks';

/**
 * Whether a block of a long scrolling list is near its container's view, so that the list
 * renders (and keeps live) only what a user can see or scroll to next. One IntersectionObserver
 * per scroll container and margin watches every block.
 */
interface Watcher {
  observer: IntersectionObserver;
  listeners: Map<Element, (near: boolean) => void>;
}

const watchers = new WeakMap<Element, Map<string, Watcher>>();

function watcherFor(root: Element, margin: string): Watcher {
  let byMargin = watchers.get(root);
  if (!byMargin) watchers.set(root, (byMargin = new Map()));
  let watcher = byMargin.get(margin);
  if (!watcher) {
    const listeners = new Map<Element, (near: boolean) => void>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
      },
      { root, rootMargin: margin },
    );
    watcher = { observer, listeners };
    byMargin.set(margin, watcher);
  }
  return watcher;
}

/** The same test the observer makes, for the first render: `margin` is `<px>px` above and below. */
function nearNow(element: Element, root: Element, marginPx: number): boolean {
  const box = element.getBoundingClientRect();
  const view = root.getBoundingClientRect();
  return box.bottom >= view.top - marginPx && box.top <= view.bottom + marginPx;
}

/**
 * A ref for a block inside the scroll container `rootSelector` (its nearest matching ancestor),
 * and whether the block is within `marginPx` pixels above or below the container's view; known
 * before the first paint. A block holding the focused element stays near, so keyboard focus is
 * never dropped.
 */
export function useNearView<T extends Element>(rootSelector: string, marginPx: number): [ref: MutableRef<T | null>, near: boolean] {
  const ref = useRef<T | null>(null);
  const [near, setNear] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    const root = element?.parentElement?.closest(rootSelector);
    if (!element || !root) return;
    const watcher = watcherFor(root, `${marginPx}px 0px`);
    setNear(nearNow(element, root, marginPx));
    watcher.listeners.set(element, (isNear) => setNear(isNear || element.contains(document.activeElement)));
    watcher.observer.observe(element);
    return () => {
      watcher.observer.unobserve(element);
      watcher.listeners.delete(element);
    };
  }, [rootSelector, marginPx]);
  return [ref, near];
}
