import type { WindowStatus } from '@dockwatch/shared';

/** How each window status looks: colour for the map, plus a label and symbol so colour is never the only cue. */
export const WINDOW_STATUS_STYLE: Record<WindowStatus, { label: string; symbol: string; color: string }> = {
  early: { label: 'Early', symbol: '◀', color: '#2563eb' },
  on_time: { label: 'On time', symbol: '●', color: '#15803d' },
  at_risk: { label: 'At risk', symbol: '▲', color: '#b45309' },
  late: { label: 'Late', symbol: '■', color: '#b91c1c' },
  unknown: { label: 'No position', symbol: '○', color: '#6b7280' },
};

export const WINDOW_STATUS_ORDER: WindowStatus[] = ['late', 'at_risk', 'on_time', 'early', 'unknown'];

const LIFECYCLE_LABELS: Record<string, string> = {
  planned: 'Planned',
  dispatched: 'Dispatched',
  in_transit: 'In transit',
  delayed: 'Delayed',
  arrived: 'Arrived',
  at_dock: 'At dock',
  unloading: 'Unloading',
  received: 'Received',
  exception: 'Exception',
  cancelled: 'Cancelled',
};

export const lifecycleLabel = (status: string): string => LIFECYCLE_LABELS[status] ?? status;
