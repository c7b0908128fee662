import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { once } from 'node:events';

/**
 * Spreadsheet exports (CSV / XLSX), written generically so any module can
 * stream its rows: give the columns and an async iterator of rows; the file
 * is streamed to the response (never held whole in memory) with formula
 * injection neutralised.
 */

export type ExportFormat = 'csv' | 'xlsx';
export const EXPORT_FORMATS: ExportFormat[] = ['csv', 'xlsx'];

export interface ExportColumn<T> {
  /** Column header (English snake_case, like the API field). */
  header: string;
  /** The value of the cell; defaults to row[header]. */
  value?: (row: T) => unknown;
  /** number: numeric strings (money) are written as numbers in XLSX and never neutralised. */
  type?: 'text' | 'number';
}

export interface ExportOptions<T> {
  format: ExportFormat;
  /** File name without extension, e.g. "leads-2026-02-03". */
  filename: string;
  /** XLSX sheet name. */
  sheet?: string;
  columns: ExportColumn<T>[];
  rows: AsyncIterable<T>;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * A cell as text that no spreadsheet will evaluate: values starting with
 * = + - @ TAB or CR get a leading apostrophe (OWASP CSV injection).
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The cell value of a column: text (neutralised), a number for numeric columns, or null when empty. */
export function cellValue<T>(col: ExportColumn<T>, row: T): string | number | null {
  const raw = col.value ? col.value(row) : (row as Record<string, unknown>)[col.header];
  if (raw === null || raw === undefined) return null;
  if (col.type === 'number') {
    if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
    if (typeof raw === 'string' && NUMERIC.test(raw)) return raw;
  }
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') text = String(raw);
  else if (raw instanceof Date) text = raw.toISOString();
  else if (Array.isArray(raw)) text = raw.map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  else text = JSON.stringify(raw);
  return neutraliseCell(text);
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function contentTypeOf(format: ExportFormat): string {
  return format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

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

async function writeCsv<T>(res: Response, opts: ExportOptions<T>): Promise<number> {
  // UTF-8 with BOM so spreadsheet programs read Indonesian names correctly.
  let buf = '\uFEFF' + opts.columns.map((c) => csvField(neutraliseCell(c.header))).join(',') + '\r\n';
  let n = 0;
  for await (const row of opts.rows) {
    buf += opts.columns.map((c) => csvField(cellValue(c, row))).join(',') + '\r\n';
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

async function writeXlsx<T>(res: Response, opts: ExportOptions<T>): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(opts.sheet ?? 'export');
  ws.addRow(opts.columns.map((c) => c.header)).commit();
  let n = 0;
  for await (const row of opts.rows) {
    if (res.destroyed) throw new ExportAborted();
    ws.addRow(
      opts.columns.map((c) => {
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

/**
 * Streams the rows as a download (Content-Disposition: attachment). Resolves
 * with the number of rows written once the response has been sent.
 */
export async function writeExport<T>(res: Response, opts: ExportOptions<T>): Promise<number> {
  const name = `${opts.filename}.${opts.format}`.replace(/[^\w.-]/g, '_');
  res.status(200);
  res.setHeader('Content-Type', contentTypeOf(opts.format));
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
  return opts.format === 'csv' ? writeCsv(res, opts) : writeXlsx(res, opts);
}
