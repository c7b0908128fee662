import pg from 'pg';

/**
 * How values leave PostgreSQL for the API (api.md): timestamps as ISO-8601
 * with the session's +07:00 offset (the database runs in Asia/Jakarta), dates
 * as plain YYYY-MM-DD strings (never shifted through a JS Date), numeric as
 * decimal strings (money stays exact), bigint as string unless cast in SQL.
 */
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const DATE = 1082;

export function isoTimestamptz(v: string): string {
  // "2026-11-26 07:16:23.836+07" → "2026-11-26T07:16:23.836+07:00"
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?(?::\d{2})?$/.exec(v);
  if (!m) return v;
  return `${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}`;
}

let installed = false;
export function installPgTypeParsers(): void {
  if (installed) return;
  installed = true;
  pg.types.setTypeParser(TIMESTAMPTZ, isoTimestamptz);
  pg.types.setTypeParser(TIMESTAMP, (v: string) => v.replace(' ', 'T'));
  pg.types.setTypeParser(DATE, (v: string) => v);
}
