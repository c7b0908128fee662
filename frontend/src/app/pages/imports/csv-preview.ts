import type { TemplateColumn } from './imports.models';

/**
 * A first look at a CSV in the browser, before anything is uploaded: the first lines parsed the
 * way the server will (UTF-8 BOM dropped; `,` `;` or TAB judged from the header line; quotes),
 * and the header checked against the module's template. The server checks again and decides.
 */

export interface CsvPreview {
  delimiter: string;
  columns: string[];
  rows: string[][];
  /** More lines follow than were read. */
  truncated: boolean;
}

export interface ColumnCheck {
  ok: boolean;
  /** A required column (or group of alternatives, joined by " / ") that is missing. */
  missing: string[];
  unknown: string[];
  duplicate: string[];
}

/** Header cell → template column name (as the server normalises it). */
export function normaliseColumn(raw: string): string {
  return raw.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

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

/** Parses up to `maxRows` records (after the header) of CSV text; a cut last record is dropped. */
export function parseCsvPreview(text: string, maxRows = 10, complete = true): CsvPreview {
  const src = text.replace(/^\uFEFF/, '');
  const nl = src.search(/\r?\n/);
  const delimiter = detectDelimiter(nl === -1 ? src : src.slice(0, nl));
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = 0;
  let endedCleanly = true;
  const push = () => {
    record.push(field);
    field = '';
  };
  while (i < src.length && records.length <= maxRows) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === delimiter) {
      push();
    } else if (ch === '\n' || ch === '\r') {
      push();
      if (record.some((c) => c.trim() !== '')) records.push(record);
      record = [];
      if (ch === '\r' && src[i + 1] === '\n') i++;
    } else {
      field += ch;
    }
    i++;
  }
  if (i >= src.length && (field !== '' || record.length > 0)) {
    push();
    endedCleanly = complete && !quoted;
    if (endedCleanly && record.some((c) => c.trim() !== '')) records.push(record);
  }
  const [header = [], ...rows] = records;
  const truncated = rows.length > maxRows || i < src.length || !complete;
  return { delimiter, columns: header.map(normaliseColumn), rows: rows.slice(0, maxRows), truncated };
}

/** The header against the template: the rule of app.import_check_columns(). */
export function checkColumns(columns: string[], template: TemplateColumn[]): ColumnCheck {
  const present = columns.filter((c) => c !== '');
  const known = new Set(template.map((t) => t.column_name));
  const groups = new Map<string, string[]>();
  for (const t of template) {
    if (t.required_group) groups.set(t.required_group, [...(groups.get(t.required_group) ?? []), t.column_name]);
  }
  const missing = [...groups.values()].filter((cols) => !cols.some((c) => present.includes(c))).map((cols) => cols.join(' / '));
  const unknown = present.filter((c) => !known.has(c));
  const duplicate = [...new Set(present.filter((c, i) => present.indexOf(c) !== i))];
  return { ok: missing.length === 0 && unknown.length === 0 && duplicate.length === 0, missing, unknown, duplicate };
}
