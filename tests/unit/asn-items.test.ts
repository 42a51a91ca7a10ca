import { describe, expect, it } from 'vitest';
import { parseItems } from '../../client/src/portal/asn-items';

describe("a supplier's parts list in its notice", () => {
  it('reads a part number and a quantity per line, as typed or copied from a spreadsheet', () => {
    expect(parseItems('HYD-220 120\n\n  VLV-310;40 \nGSK-120,12,5\n')).toEqual({
      items: [
        { sku: 'HYD-220', quantity: 120 },
        { sku: 'VLV-310', quantity: 40 },
        // A decimal comma, as a German spreadsheet copies it.
        { sku: 'GSK-120', quantity: 12.5 },
      ],
      bad: [],
    });
  });

  it('names every line that is not a part and a positive quantity', () => {
    expect(parseItems('HYD-220\nVLV-310 0\nPMP 1,5').bad).toEqual(['HYD-220', 'VLV-310 0']);
    expect(parseItems('PMP 1,5').items).toEqual([{ sku: 'PMP', quantity: 1.5 }]);
  });
});
