/** `SKU quantity` per line (also `SKU;quantity` or `SKU,quantity`, as spreadsheets copy them). */
export function parseItems(text: string): { items: { sku: string; quantity: number }[]; bad: string[] } {
  const items: { sku: string; quantity: number }[] = [];
  const bad: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^([^\s;,]+)[\s;,]+(\d+(?:[.,]\d+)?)$/.exec(line);
    const quantity = m ? Number(m[2]!.replace(',', '.')) : Number.NaN;
    if (!m || !(quantity > 0)) bad.push(line);
    else items.push({ sku: m[1]!, quantity });
  }
  return { items, bad };
}
