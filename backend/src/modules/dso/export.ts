import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { once } from 'node:events';

/**
 * Spreadsheet downloads (CSV / XLSX) of AR lists, streamed row by row with
 * formula injection neutralised: a text cell starting with = + - @ TAB or CR
 * gets a leading apostrophe (OWASP "CSV injection"), so a customer called
 * `=HYPERLINK(…)` stays text in Excel. Money columns are numbers, never text.
 */

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => unknown;
  /** number: a decimal string/number written as a number in XLSX (never neutralised). */
  type?: 'text' | 'number';
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function cellOf<T>(col: ExportColumn<T>, row: T): string | number | null {
  const raw = col.value(row);
  if (raw === null || raw === undefined) return null;
  if (col.type === 'number' && (typeof raw === 'number' || (typeof raw === 'string' && NUMERIC.test(raw)))) return raw;
  return neutralise(typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw));
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) throw new Error('client closed the connection during the export');
  if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

/** Streams rows as a download; resolves with the number of rows once the response is complete. */
export async function streamExport<T>(
  res: Response,
  opts: { format: ExportFormat; filename: string; sheet: string; columns: ExportColumn<T>[]; rows: AsyncIterable<T> },
): Promise<number> {
  res.status(200);
  res.setHeader('Content-Type', opts.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="${opts.filename.replace(/[^\w.-]/g, '_')}.${opts.format}"`);
  res.setHeader('Cache-Control', 'no-store');
  let n = 0;
  if (opts.format === 'csv') {
    // UTF-8 BOM: spreadsheet programs then read Indonesian names correctly.
    let buf = '\uFEFF' + opts.columns.map((c) => csvField(c.header)).join(',') + '\r\n';
    for await (const row of opts.rows) {
      buf += opts.columns.map((c) => csvField(cellOf(c, row))).join(',') + '\r\n';
      n++;
      if (buf.length >= 64 * 1024) {
        await write(res, buf);
        buf = '';
      }
    }
    await write(res, buf);
    res.end();
    return n;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(opts.sheet);
  ws.addRow(opts.columns.map((c) => c.header)).commit();
  for await (const row of opts.rows) {
    ws.addRow(opts.columns.map((c) => {
      const v = cellOf(c, row);
      return c.type === 'number' && typeof v === 'string' ? Number(v) : v;
    })).commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}
