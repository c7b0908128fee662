import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Reading an uploaded CSV or XLSX as a stream of rows: never the whole file
 * in memory. CSV through csv-parse (UTF-8 BOM stripped, `,` `;` or TAB
 * detected from the header line); XLSX through exceljs' streaming reader,
 * first worksheet, cell values (a formula's cached result, dates as
 * YYYY-MM-DD, numbers as plain decimals). Every cell becomes text: the
 * database parses and validates (one place, app.import_parse_*).
 */

export type ImportFileFormat = 'csv' | 'xlsx';

/** One data row: its spreadsheet row number (header = 1) and its cells by column. */
export interface ParsedRow {
  row_number: number;
  data: Record<string, string>;
}

export interface FileHeader {
  /** Normalised column names in file order ('' for a column without a name). */
  columns: string[];
  /** At least one data row follows the header. */
  hasRows: boolean;
  delimiter?: string;
}

/** Header cell → template column name: trimmed, lower-case, blanks and dashes as underscores. */
export function normaliseColumn(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * The delimiter of a CSV judged from its first line: whichever of `,` `;`
 * TAB occurs most often outside double quotes (Excel in Indonesian locales
 * writes `;`). Defaults to `,`.
 */
export function detectDelimiter(firstLine: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  let best = ',';
  for (const d of [';', '\t']) if (counts[d] > counts[best]) best = d;
  return best;
}

async function readFirstLine(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const nl = text.search(/\r?\n/);
    return nl === -1 ? text : text.slice(0, nl);
  } finally {
    await fh.close();
  }
}

function isoDate(d: Date): string {
  // exceljs gives spreadsheet dates as UTC midnight of the calendar day.
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  // Spreadsheet arithmetic leaves binary noise (0.1 + 0.2): keep 6 decimals, drop trailing zeros.
  return n.toFixed(6).replace(/\.?0+$/, '');
}

/** A cell of exceljs as the text the database parses. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : isoDate(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // Formula cells: their cached result (what the user sees), never the formula.
    if ('formula' in o || 'sharedFormula' in o) return cellText(o.result);
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((t) => t.text ?? '').join('');
    if ('text' in o) return cellText(o.text);
    if ('error' in o) return '';
  }
  return String(v);
}

/** A record of the file: its row number as a spreadsheet shows it, and its cells. */
interface FileRecord {
  n: number;
  cells: string[];
}

/** The records of a CSV file (header first). Empty lines are records too, so numbers match the spreadsheet. */
async function* csvRecords(path: string, delimiter: string): AsyncGenerator<FileRecord> {
  const parser = createReadStream(path).pipe(
    parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, relax_quotes: true, trim: false }),
  );
  let n = 0;
  for await (const record of parser) yield { n: ++n, cells: record as string[] };
}

/** The rows of the first worksheet of an XLSX file (header first; rows without cells are absent). */
async function* xlsxRecords(path: string): AsyncGenerator<FileRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      yield { n: row.number, cells };
    }
    // Only the first worksheet is the data.
    return;
  }
}

async function* fileRecords(path: string, format: ImportFileFormat): AsyncGenerator<FileRecord> {
  if (format === 'xlsx') {
    yield* xlsxRecords(path);
  } else {
    yield* csvRecords(path, detectDelimiter(await readFirstLine(path)));
  }
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c === undefined || c === null || String(c).trim() === '');
}

/** Reads only the header and whether a data row follows (to refuse a wrong file before anything is stored). */
export async function readHeader(path: string, format: ImportFileFormat): Promise<FileHeader | null> {
  let columns: string[] | null = null;
  const delimiter = format === 'csv' ? detectDelimiter(await readFirstLine(path)) : undefined;
  const records = fileRecords(path, format);
  try {
    for await (const { cells } of records) {
      if (isBlank(cells)) continue;
      if (!columns) {
        columns = cells.map((c) => normaliseColumn(String(c ?? '')));
        continue;
      }
      return { columns: trimTrailingBlank(columns), hasRows: true, delimiter };
    }
  } finally {
    await records.return(undefined);
  }
  return columns ? { columns: trimTrailingBlank(columns), hasRows: false, delimiter } : null;
}

function trimTrailingBlank(columns: string[]): string[] {
  let end = columns.length;
  while (end > 0 && columns[end - 1] === '') end--;
  return columns.slice(0, end);
}

/**
 * The data rows as column → text objects (blank cells left out, whitespace
 * kept: the database trims), numbered as the spreadsheet numbers them (the
 * header is row 1; blank rows are skipped but keep their number).
 * A row with a value under a column that has no header, or with more values
 * than the header has columns, carries `_parse_error` and becomes an error
 * row (the rest of the file still imports).
 */
export async function* readRows(path: string, format: ImportFileFormat): AsyncGenerator<ParsedRow> {
  let header: string[] | null = null;
  for await (const { n, cells } of fileRecords(path, format)) {
    if (isBlank(cells)) continue;
    if (!header) {
      header = cells.map((c) => normaliseColumn(String(c ?? '')));
      continue;
    }
    const data: Record<string, string> = {};
    let stray = 0;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i] === undefined || cells[i] === null ? '' : String(cells[i]);
      if (v.trim() === '') continue;
      const col = header[i];
      if (col) data[col] = v;
      else stray++;
    }
    if (stray > 0) {
      data._parse_error =
        cells.length > header.length
          ? `row: has ${cells.length} values but the header has ${trimTrailingBlank(header).length} columns`
          : 'row: has a value in a column without a header';
    }
    yield { row_number: n, data };
  }
}
