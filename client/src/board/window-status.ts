import type { WindowStatus } from '@dockwatch/shared';
import { t } from '../i18n/i18n';

interface StatusStyle {
  /** The status in the chosen language. */
  readonly label: string;
  readonly symbol: string;
  readonly color: string;
}

const style = (status: WindowStatus, symbol: string, color: string): StatusStyle => ({
  get label() {
    return t(`windowStatus.${status}`);
  },
  symbol,
  color,
});

/** How each window status looks: colour for the map, plus a label and symbol so colour is never the only cue. */
export const WINDOW_STATUS_STYLE: Record<WindowStatus, StatusStyle> = {
  early: style('early', '◀', '#2563eb'),
  on_time: style('on_time', '●', '#15803d'),
  at_risk: style('at_risk', '▲', '#b45309'),
  late: style('late', '■', '#b91c1c'),
  unknown: style('unknown', '○', '#6b7280'),
};

export const WINDOW_STATUS_ORDER: WindowStatus[] = ['late', 'at_risk', 'on_time', 'early', 'unknown'];

const LIFECYCLE = new Set(['planned', 'dispatched', 'in_transit', 'delayed', 'arrived', 'at_dock', 'unloading', 'received', 'exception', 'cancelled'] as const);
type Lifecycle = typeof LIFECYCLE extends Set<infer S> ? S : never;

/** A lifecycle status (or status event type) in the chosen language; an unknown one as sent. */
export const lifecycleLabel = (status: string): string => (LIFECYCLE.has(status as Lifecycle) ? t(`lifecycle.${status as Lifecycle}`) : status);
