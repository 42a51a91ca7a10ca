import type { StatusEventType } from './lifecycle';

/**
 * X12 EDI 214 shipment status codes (AT7-01) for our lifecycle steps. Dockwatch tracks inbound
 * loads to the receiving site, so "delivery location" is the site. Steps with no 214 code
 * (`unloading` started, `exception`) export with a null code.
 */
export const EDI214_STATUS_CODES: Readonly<Record<StatusEventType, string | null>> = {
  dispatched: 'AF', // Carrier departed pick-up location with shipment
  in_transit: 'X6', // En route to delivery location
  delayed: 'SD', // Shipment delayed
  arrived: 'X1', // Arrived at delivery location
  at_dock: 'X5', // Arrived at delivery location loading dock
  unloading: null,
  received: 'D1', // Completed unloading at delivery location
  exception: null,
  cancelled: 'CA', // Shipment cancelled
};

/** Codes the export may carry, with their X12 meaning (also X3, for systems that send it to us). */
export const EDI214_CODE_MEANINGS: Readonly<Record<string, string>> = {
  X3: 'Arrived at pick-up location',
  AF: 'Carrier departed pick-up location with shipment',
  X6: 'En route to delivery location',
  SD: 'Shipment delayed',
  X1: 'Arrived at delivery location',
  X5: 'Arrived at delivery location loading dock',
  D1: 'Completed unloading at delivery location',
  CD: 'Carrier departed delivery location',
  CA: 'Shipment cancelled',
};

/** The code of a lifecycle step, or of a departure after receipt seen by the geofence (CD). */
export function edi214Code(type: StatusEventType | 'departed'): string | null {
  return type === 'departed' ? 'CD' : EDI214_STATUS_CODES[type];
}

/**
 * One CSV field per RFC 4180: quoted when it holds a comma, quote or line break. Text starting
 * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a spreadsheet opening
 * the export shows partner text as text instead of running it as a formula (OWASP's advice).
 * Numbers are written as they are.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as RFC 4180 CSV with a header line and CRLF line ends. */
export function toCsv<T extends Record<string, string | number | null>>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvField(row[c] ?? null)).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
