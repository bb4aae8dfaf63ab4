import { csvRecords, inspectCsv } from './csv-source';

async function all(text: string): Promise<Array<{ cells: string[]; row: number }>> {
  const out = [];
  for await (const r of csvRecords(text)) out.push(r);
  return out;
}

describe('CSV source', () => {
  it('handles a BOM, CRLF, quotes, embedded newlines and blank lines', async () => {
    const records = await all('\ufeffa,b\r\n"x, y","line1\nline2"\r\n\r\n"say ""hi""",2\r\n');
    expect(records).toEqual([
      { cells: ['a', 'b'], row: 1 },
      { cells: ['x, y', 'line1\nline2'], row: 2 },
      { cells: ['say "hi"', '2'], row: 3 },
    ]);
  });

  it('streams long files across chunk boundaries without splitting characters', async () => {
    const lines = ['product_title,sku_code,price_yuan'];
    for (let i = 0; i < 5000; i += 1) lines.push(`纯棉T恤😀${i},C-${i},1.00`);
    const records = await all(lines.join('\n'));
    expect(records).toHaveLength(5001);
    expect(records[4321].cells).toEqual(['纯棉T恤😀4320', 'C-4320', '1.00']);
    expect(await inspectCsv(lines.join('\n'))).toMatchObject({ totalRows: 5000 });
  });

  it('rejects broken quoting with the line number', async () => {
    await expect(inspectCsv('product_title,sku_code,price_yuan\n"open,a,1\n')).rejects.toMatchObject({
      status: 400,
      code: 'invalid_csv',
    });
  });
});
