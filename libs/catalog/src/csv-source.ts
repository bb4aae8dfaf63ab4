import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ValidationFailedError } from '@tongdao/kernel';
import { ImportHeader, readImportHeader } from './csv-rows';

export const MAX_IMPORT_ROWS = 100_000;
const CHUNK_CHARS = 64 * 1024;

export interface CsvRecord {
  cells: string[];
  /** Record number, the header being 1; blank lines are skipped and not counted. */
  row: number;
}

/**
 * The records of a CSV text, one at a time: the text is fed to the parser in chunks and the parser's
 * output is pulled, so only a handful of parsed records exist at once, however long the file.
 */
export async function* csvRecords(text: string): AsyncGenerator<CsvRecord> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
  });
  Readable.from(chunks(text)).pipe(parser);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { records: number };
    }>) {
      yield { cells: record, row: info.records };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ValidationFailedError('invalid_csv', 'The file is not valid CSV', [
        { field: line ? `line ${line}` : '(file)', problem: error.message },
      ]);
    }
    throw error;
  }
}

/** Cuts without splitting a surrogate pair (each chunk is encoded to UTF-8 on its own). */
function* chunks(text: string): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * Checks a whole upload before it is accepted: syntax, header, size. Row content is not judged here — bad
 * rows are reported one by one by the import, they never reject the file.
 */
export async function inspectCsv(text: string): Promise<{ header: ImportHeader; totalRows: number }> {
  let header: ImportHeader | null = null;
  let totalRows = 0;
  for await (const record of csvRecords(text)) {
    if (!header) header = readImportHeader(record.cells);
    else totalRows += 1;
  }
  if (!header)
    throw new ValidationFailedError('empty_file', 'The file is empty', [
      { field: '(file)', problem: 'no header row' },
    ]);
  if (totalRows === 0) {
    throw new ValidationFailedError('empty_file', 'The file has no rows below its header', [
      { field: '(file)', problem: 'no data rows' },
    ]);
  }
  if (totalRows > MAX_IMPORT_ROWS) {
    throw new ValidationFailedError('too_many_rows', `At most ${MAX_IMPORT_ROWS} rows per file`, [
      { field: '(file)', problem: `${totalRows} rows` },
    ]);
  }
  return { header, totalRows };
}
