import { EMPTY_VALUE, formatDate, formatDateTime, formatIdr } from '../../../shared/format/format';
import type { AuditChange, AuditRow } from './audit.models';

/**
 * The readable difference of an audit row: for UPDATE only the fields that changed (old → new),
 * for INSERT the values written, for DELETE the values removed. Bookkeeping columns that change
 * on every write are left out, as the API does.
 */

export type DiffKind = 'changed' | 'added' | 'removed';

export interface DiffLine {
  field: string;
  kind: DiffKind;
  before: unknown;
  after: unknown;
}

/** Columns touched by every write: noise in a diff. */
export const NOISE_FIELDS: ReadonlySet<string> = new Set(['updated_at', 'last_activity_at']);

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

function present(v: unknown): boolean {
  return v !== null && v !== undefined && v !== '';
}

export function auditDiff(row: Pick<AuditRow, 'action' | 'before_data' | 'after_data' | 'changes'>): DiffLine[] {
  const before = row.before_data ?? {};
  const after = row.after_data ?? {};
  if (row.action === 'INSERT') {
    return Object.keys(after)
      .filter((f) => present(after[f]))
      .sort()
      .map((field) => ({ field, kind: 'added' as const, before: null, after: after[field] }));
  }
  if (row.action === 'DELETE') {
    return Object.keys(before)
      .filter((f) => present(before[f]))
      .sort()
      .map((field) => ({ field, kind: 'removed' as const, before: before[field], after: null }));
  }
  // UPDATE: the API's list of changed fields when given, else computed here.
  const changes: AuditChange[] =
    row.changes ??
    [...new Set([...Object.keys(before), ...Object.keys(after)])].map((field) => ({
      field,
      before: before[field] ?? null,
      after: after[field] ?? null,
    }));
  return changes
    .filter((c) => !NOISE_FIELDS.has(c.field) && !equal(c.before ?? null, c.after ?? null))
    .sort((a, b) => a.field.localeCompare(b.field))
    .map((c) => ({ field: c.field, kind: 'changed' as const, before: c.before ?? null, after: c.after ?? null }));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONEY = /^-?\d+(\.\d+)?$/;
/** Columns holding rupiah amounts. */
const MONEY_FIELD = /(^|_)amount$/;

export interface ValueWords {
  yes: string;
  no: string;
}

/**
 * One value, readable: a user id becomes the person's name (when known), timestamps and dates
 * id-ID in Asia/Jakarta, amounts in rupiah, booleans as words, objects as compact JSON.
 */
export function formatAuditValue(
  value: unknown,
  field: string,
  names: ReadonlyMap<string, string>,
  words: ValueWords,
): string {
  if (value === null || value === undefined || value === '') return EMPTY_VALUE;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number') return MONEY_FIELD.test(field) ? formatIdr(value) : String(value);
  if (typeof value === 'string') {
    if (UUID.test(value)) return names.get(value.toLowerCase()) ?? value;
    if (TIMESTAMP.test(value)) return formatDateTime(value);
    if (DAY.test(value)) return formatDate(value);
    if (MONEY_FIELD.test(field) && MONEY.test(value)) return formatIdr(value);
    return value;
  }
  return JSON.stringify(value);
}

/** The id → name map of a directory list (ids lower-cased). */
export function nameMap(people: readonly { user_id: string; full_name: string }[]): Map<string, string> {
  return new Map(people.map((p) => [p.user_id.toLowerCase(), p.full_name]));
}
