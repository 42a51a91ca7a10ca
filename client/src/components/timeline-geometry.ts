import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { CharWidths } from '../format/text-width';

/** The dock lanes' width in pixels and the bar font's character widths, once the timeline is laid out. */
export interface LaneGeometry {
  px: number;
  chars: CharWidths;
}

/** Bars read it to choose labels that fit; it changes only when the timeline is resized. */
export const laneGeometry = signal<LaneGeometry | null>(null);

/** Bar text size relative to the root font: keep in step with `.bar` in styles.css. */
const BAR_FONT_REM = 0.72;

/**
 * Keeps `laneGeometry` in step with the width of the first `.dock-lanes` inside the element
 * given to the returned ref callback (which may mount after the component, once a site loads).
 */
export function useLaneGeometry(): (element: HTMLElement | null) => void {
  const [element, setElement] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (!element) return;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const chars = new CharWidths(`${BAR_FONT_REM * rem}px ${getComputedStyle(element).fontFamily}`);
    const measure = () => {
      const lanes = element.querySelector<HTMLElement>('.dock-lanes');
      const px = lanes?.clientWidth ?? 0;
      if (px > 0 && px !== laneGeometry.peek()?.px) laneGeometry.value = { px, chars };
    };
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return setElement;
}
