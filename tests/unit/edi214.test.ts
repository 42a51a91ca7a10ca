import { csvField, edi214Code, EDI214_CODE_MEANINGS, STATUS_EVENT_TYPES, toCsv } from '@dockwatch/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('EDI 214 status codes', () => {
  it('maps the lifecycle onto the standard vocabulary', () => {
    expect(STATUS_EVENT_TYPES.map((t) => [t, edi214Code(t)])).toEqual([
      ['dispatched', 'AF'],
      ['in_transit', 'X6'],
      ['arrived', 'X1'],
      ['at_dock', 'X5'],
      ['unloading', null],
      ['received', 'D1'],
      ['delayed', 'SD'],
      ['exception', null],
      ['cancelled', 'CA'],
    ]);
    for (const t of STATUS_EVENT_TYPES) {
      const code = edi214Code(t);
      if (code !== null) expect(EDI214_CODE_MEANINGS[code]).toBeDefined();
    }
  });
});

/** A minimal RFC 4180 reader, to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV', () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
  });

  it('writes text a spreadsheet would run as a formula with a leading quote', () => {
    for (const formula of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\r=1']) {
      expect(parseCsv(`${csvField(formula)}\r\n`)).toEqual([[`'${formula}`]]);
    }
    expect(csvField(-5)).toBe('-5');
    expect(csvField('PO-1')).toBe('PO-1');
  });

  it('round-trips any text, a formula-like start marked with a leading quote', () => {
    const shown = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 10 }), (pairs) => {
        const rows = pairs.map(([a, b]) => ({ a, b }));
        expect(parseCsv(toCsv(['a', 'b'], rows))).toEqual([['a', 'b'], ...pairs.map(([a, b]) => [shown(a), shown(b)])]);
      }),
    );
  });
});
