import { computed, type ReadonlySignal } from '@preact/signals';

/**
 * A computed that hands out its previous value while `equal` finds nothing changed, so the
 * components reading it are not re-rendered by every delta batch.
 */
export function stableComputed<T>(compute: () => T, equal: (a: T, b: T) => boolean): ReadonlySignal<T> {
  let previous: { value: T } | null = null;
  return computed(() => {
    const next = compute();
    if (previous && equal(previous.value, next)) return previous.value;
    previous = { value: next };
    return next;
  });
}

/** Same length and the same items in the same order. */
export const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);
