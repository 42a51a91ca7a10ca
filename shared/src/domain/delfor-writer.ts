/** One part's schedule in a DELFOR message: its number and a quantity per day (YYYY-MM-DD). */
export interface DelforLine {
  sku: string;
  description?: string;
  days: readonly { date: string; quantity: number }[];
}

export interface DelforMessage {
  /** Interchange sender and recipient (UNB), and the parties (NAD+BY, NAD+SE). */
  sender: string;
  recipient: string;
  /** Interchange and message reference (at most 14 characters are used). */
  reference: string;
  /** When the schedule was made (epoch ms). */
  preparedAt: number;
  lines: readonly DelforLine[];
}

/** Escapes EDIFACT's service characters (UNA defaults: `:` `+` `?` `'`) with the release character `?`. */
export function escapeEdifact(value: string): string {
  return value.replace(/[?:+']/g, (c) => `?${c}`).replace(/[\r\n]+/g, ' ');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const stamp = (ms: number) => {
  const d = new Date(ms);
  return { date: `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`, time: `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}` };
};

/**
 * A DELFOR D:96A delivery schedule: per part a LIN with its number, then per day with demand a
 * QTY+113 (quantity to be delivered) and its DTM+2 (delivery date requested, CCYYMMDD). Days
 * with no demand are left out.
 */
export function writeDelfor(m: DelforMessage): string {
  const e = escapeEdifact;
  const ref = e(m.reference.slice(0, 14));
  const { date, time } = stamp(m.preparedAt);
  const body: string[] = [
    `UNH+1+DELFOR:D:96A:UN`,
    `BGM+241+${ref}+9`,
    `DTM+137:${date}${time}:203`,
    `NAD+BY+${e(m.sender)}`,
    `NAD+SE+${e(m.recipient)}`,
  ];
  m.lines.forEach((line, i) => {
    body.push(`LIN+${i + 1}++${e(line.sku)}:IN`);
    if (line.description) body.push(`IMD+F++:::${e(line.description.slice(0, 35))}`);
    for (const d of line.days) {
      if (!(d.quantity > 0)) continue;
      body.push(`QTY+113:${Number(d.quantity.toFixed(3))}`);
      body.push(`DTM+2:${d.date.replaceAll('-', '')}:102`);
    }
  });
  body.push(`UNT+${body.length + 1}+1`);
  const segments = [`UNB+UNOC:3+${e(m.sender)}+${e(m.recipient)}+${date.slice(2)}:${time}+${ref}`, ...body, `UNZ+1+${ref}`];
  return `UNA:+.? '\n${segments.map((s) => `${s}'`).join('\n')}\n`;
}
