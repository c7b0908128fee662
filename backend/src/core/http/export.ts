import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiUnprocessableEntityResponse, IntersectionType, OmitType,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { once } from 'node:events';

/**
 * Spreadsheet exports (CSV / XLSX) of every list, in one place.
 *
 * A list's export route takes the list's own filter DTO minus limit/cursor
 * plus `format` (ExportQueryOf), reads the same repository query as the list
 * in keyset batches inside the request's RLS transaction (keysetRows: never
 * the whole result in memory, the caller sees exactly the rows the list would
 * show them) and streams the file (writeExport):
 * - header row = the API's snake_case field names;
 * - CSV: UTF-8 with BOM (Excel then reads Indonesian text correctly), RFC 4180 quoting, CRLF;
 * - XLSX: one worksheet, numeric columns (money, counts) as numbers, text as text;
 * - dates / timestamps as the API writes them (ISO-8601 text, never locale-formatted);
 * - formula injection neutralised (OWASP "CSV injection"): a text cell starting with
 *   = + - @ TAB or CR gets a leading apostrophe, so `=HYPERLINK(…)` stays text in any
 *   spreadsheet; a numeric column holding a plain number is written as that number;
 * - `Content-Disposition: attachment; filename="<list>-<YYYY-MM-DD>.<csv|xlsx>"` (Asia/Jakarta day).
 */

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most rows one export returns (documented on every export route). */
export const EXPORT_MAX_ROWS = 50_000;
/** Rows per keyset query while exporting. */
export const EXPORT_BATCH_ROWS = 1000;

// ------------------------------------------------------------------ query ---

/** `?format=csv|xlsx` (default csv); anything else is a 422 like every query validation failure. */
export class ExportFormatQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv', description: 'csv (UTF-8 with BOM) or xlsx' })
  @IsOptional() @IsIn(EXPORT_FORMATS as unknown as string[], { message: 'must be csv or xlsx' })
  format?: ExportFormat;
}

/**
 * The export query of a list: the list's filter DTO without limit/cursor, plus
 * format. Derived (OmitType keeps validation and transformation metadata), so a
 * filter added to the list DTO is an export filter too.
 */
export function ExportQueryOf<T extends { limit?: unknown; cursor?: unknown }>(list: Type<T>) {
  return IntersectionType(OmitType(list, ['limit', 'cursor'] as const), ExportFormatQuery);
}

/** The filters of an export query (format removed), to hand to the list's repository query. */
export function filtersOf<T extends { format?: unknown }>(q: T): Omit<T, 'format'> {
  const { format: _format, ...filters } = q;
  return filters;
}

// ----------------------------------------------------------------- swagger ---

const BINARY = { schema: { type: 'string', format: 'binary' } };

/** OpenAPI of an export route: produces text/csv and xlsx, 422 for a bad filter or format. */
export function ApiExport(summary: string, description = '', forbidden?: string) {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        `${description ? description + ' ' : ''}Same filters and visibility (RLS) as the list, without limit/cursor; every matching row up to ${EXPORT_MAX_ROWS.toLocaleString('en')}, in the list's order. ` +
        'Header row = the API field names (snake_case). CSV is UTF-8 with BOM; XLSX has money and counts as numbers; dates and timestamps are ISO-8601 text. ' +
        'Text cells starting with = + - @ TAB or CR get a leading apostrophe so no spreadsheet evaluates them. Content-Disposition: attachment; filename="<list>-<YYYY-MM-DD>.<format>".',
    }),
    ApiProduces('text/csv', XLSX_CONTENT_TYPE),
    ApiOkResponse({ description: 'The file (Content-Disposition: attachment)', content: { 'text/csv': BINARY, [XLSX_CONTENT_TYPE]: BINARY } }),
    ApiUnprocessableEntityResponse({ description: 'Invalid filter, or format other than csv/xlsx' }),
    ...(forbidden ? [ApiForbiddenResponse({ description: forbidden })] : []),
  );
}

// ----------------------------------------------------------------- columns ---

export interface ExportColumn<T> {
  /** Column header (English snake_case, like the API field). */
  header: string;
  /** The value of the cell; defaults to row[header]. */
  value?: (row: T) => unknown;
  /** number: numeric values (money, counts) are numbers in XLSX and never neutralised. */
  type?: 'text' | 'number';
}

/** Columns named like the row's fields; those in `numeric` are number columns. */
export function columns<T>(names: readonly (keyof T & string)[], numeric: readonly (keyof T & string)[] = []): ExportColumn<T>[] {
  const num = new Set<string>(numeric);
  return names.map((header) => (num.has(header) ? { header, type: 'number' } : { header }));
}

// ------------------------------------------------------------------- cells ---

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * Text that no spreadsheet will evaluate: a value starting with = + - @ TAB
 * or CR gets a leading apostrophe (OWASP CSV injection).
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function textOf(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  if (raw instanceof Date) return raw.toISOString();
  // A list of plain values reads best as "a, b"; anything structured stays JSON (parseable again).
  if (Array.isArray(raw) && raw.every((v) => v === null || typeof v !== 'object')) return raw.map((v) => (v === null || v === undefined ? '' : String(v))).join(', ');
  return JSON.stringify(raw);
}

/**
 * The cell of a column: null when empty; for a number column a finite number
 * or a plain decimal string (kept exact for CSV); otherwise neutralised text.
 */
export function cellValue<T>(col: ExportColumn<T>, row: T): string | number | null {
  const raw = col.value ? col.value(row) : (row as Record<string, unknown>)[col.header];
  if (raw === null || raw === undefined) return null;
  if (col.type === 'number') {
    if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
    if (typeof raw === 'string' && NUMERIC.test(raw)) return raw;
  }
  return neutraliseCell(textOf(raw));
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  // Quote separators of either convention (, and ; — Excel in id-ID splits on ;), quotes, line breaks, edge spaces.
  return /[",;\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// ------------------------------------------------------------------- rows ---

/**
 * Every row of a keyset-paginated query, fetched in batches inside the current
 * transaction: `fetch(after, n)` is the list's own repository query, `keyOf`
 * the list's cursor key. Stops after maxRows.
 */
export async function* keysetRows<T, K>(
  fetch: (after: K | null, limit: number) => Promise<T[]>,
  keyOf: (row: T) => K,
  opts: { maxRows?: number; batchRows?: number } = {},
): AsyncGenerator<T> {
  const max = opts.maxRows ?? EXPORT_MAX_ROWS;
  const batchRows = opts.batchRows ?? EXPORT_BATCH_ROWS;
  let after: K | null = null;
  let n = 0;
  while (n < max) {
    const size = Math.min(batchRows, max - n);
    const batch = await fetch(after, size);
    for (const r of batch) yield r;
    n += batch.length;
    if (batch.length < size) return;
    after = keyOf(batch[batch.length - 1]);
  }
}

/** Rows already at hand (small, bounded lists such as KPI progress). */
export async function* rowsOf<T>(rows: Iterable<T> | Promise<Iterable<T>>): AsyncGenerator<T> {
  for (const r of await rows) yield r;
}

// ------------------------------------------------------------------ stream ---

/** The client went away mid-download: stop reading rows (the request's transaction then ends). */
export class ExportAborted extends Error {
  constructor() {
    super('The client closed the connection during the export');
  }
}

/** Resolves on 'drain', rejects with ExportAborted on 'close' (never hangs on a gone client). */
async function drained(res: Response): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([
      once(res, 'drain', { signal: ac.signal }),
      once(res, 'close', { signal: ac.signal }).then(() => {
        throw new ExportAborted();
      }),
    ]);
  } finally {
    ac.abort();
  }
}

async function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) throw new ExportAborted();
  if (!res.write(chunk)) await drained(res);
}

/** The rows with the first one already read (so a failing first query is still a problem+json). */
async function* prepend<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

async function writeCsv<T>(res: Response, cols: ExportColumn<T>[], rows: AsyncIterable<T>): Promise<number> {
  // UTF-8 with BOM so spreadsheet programs read Indonesian names correctly.
  let buf = '\uFEFF' + cols.map((c) => csvField(neutraliseCell(c.header))).join(',') + '\r\n';
  let n = 0;
  for await (const row of rows) {
    buf += cols.map((c) => csvField(cellValue(c, row))).join(',') + '\r\n';
    n++;
    if (buf.length >= 64 * 1024) {
      await write(res, buf);
      buf = '';
    }
  }
  if (buf) await write(res, buf);
  res.end();
  return n;
}

async function writeXlsx<T>(res: Response, sheet: string, cols: ExportColumn<T>[], rows: AsyncIterable<T>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(sheet.slice(0, 31) || 'export');
  ws.addRow(cols.map((c) => neutraliseCell(c.header))).commit();
  let n = 0;
  for await (const row of rows) {
    if (res.destroyed) throw new ExportAborted();
    ws.addRow(
      cols.map((c) => {
        const v = cellValue(c, row);
        return c.type === 'number' && typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v;
      }),
    ).commit();
    n++;
  }
  ws.commit();
  // commit() settles on the response's 'finish'; a client that left never finishes.
  const closed = once(res, 'close').then(() => {
    if (!res.writableFinished) throw new ExportAborted();
  });
  await Promise.race([wb.commit(), closed]);
  return n;
}

export interface ExportOptions<T> {
  format: ExportFormat;
  /** File name without extension, e.g. "leads-2026-02-03". */
  filename: string;
  /** XLSX sheet name (default: "export"). */
  sheet?: string;
  columns: ExportColumn<T>[];
  rows: AsyncIterable<T>;
}

/**
 * Streams the rows as a download (Content-Disposition: attachment) and
 * resolves with the number of rows once the response is complete. The first
 * row is read before any header is sent, so an error of the first query is
 * answered as problem+json; a failure after that aborts the connection (the
 * client sees a broken download, never a silently truncated file) and is
 * rethrown so the request's transaction rolls back.
 */
export async function writeExport<T>(res: Response, opts: ExportOptions<T>): Promise<number> {
  const it = opts.rows[Symbol.asyncIterator]();
  const first = await it.next();
  const rows = prepend(first, it);
  const name = `${opts.filename}.${opts.format}`.replace(/[^\w.-]/g, '_');
  res.status(200);
  res.setHeader('Content-Type', opts.format === 'csv' ? CSV_CONTENT_TYPE : XLSX_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  try {
    return opts.format === 'csv' ? await writeCsv(res, opts.columns, rows) : await writeXlsx(res, opts.sheet ?? 'export', opts.columns, rows);
  } catch (err) {
    if (!res.destroyed) res.destroy();
    throw err;
  } finally {
    await it.return?.(undefined);
  }
}

/** Today in Asia/Jakarta as YYYY-MM-DD (export file names). */
export function jakartaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The export of one list: `<list>-<today>.<format>`, sheet named after the
 * list. Every export route ends here.
 */
export function sendExport<T>(res: Response, format: ExportFormat | undefined, list: string, cols: ExportColumn<T>[], rows: AsyncIterable<T>): Promise<number> {
  return writeExport(res, { format: format ?? 'csv', filename: `${list}-${jakartaToday()}`, sheet: list, columns: cols, rows });
}
