/**
 * Shared tools of the reliability suite (quality.md R1–R6): SQL sessions that
 * act exactly as the API does (bcc_api → role authenticated + claims, one
 * transaction), problem+json assertions, write snapshots and small helpers.
 */
import { createServer } from 'node:net';
import pg from 'pg';
import type { TestDatabase } from '../helpers/db.js';

export const ROLES = ['super_admin', 'director', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson', 'ops', 'finance'] as const;
export type Role = (typeof ROLES)[number];

export interface DemoUser {
  email: string;
  user_id: string;
  role: Role;
  dept_code: string;
  /** The caller plus everyone reporting to them (rls.md "team"), computed as owner. */
  team: string[];
}

/** Every demo user with their team, as the superuser sees them (the oracle's input). */
export async function loadDemoUsers(db: TestDatabase): Promise<DemoUser[]> {
  const { rows } = await db.admin.query<DemoUser>(
    `SELECT p.email, p.user_id, p.role::text AS role, p.dept_code,
            array(SELECT t.user_id::text FROM app.profiles t WHERE t.user_id = p.user_id OR (t.manager_user_id = p.user_id AND p.is_active)) AS team
       FROM app.profiles p WHERE p.email LIKE '%@demo.local' ORDER BY p.email`,
  );
  return rows;
}

/**
 * One bcc_api connection acting as one user (or anon): every call is one
 * transaction with role + claims set locally, exactly like the API's prelude.
 */
export class SqlSession {
  private constructor(private readonly client: pg.Client, readonly who: { user_id: string; role: string; dept_code: string } | null) {}

  static async open(db: TestDatabase, who: { user_id: string; role: string; dept_code: string } | null): Promise<SqlSession> {
    const client = new pg.Client({ connectionString: db.apiUrl });
    client.on('error', () => undefined);
    await client.connect();
    return new SqlSession(client, who);
  }

  private async begin(): Promise<void> {
    if (this.who) {
      await this.client.query(
        `BEGIN; SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${pg.escapeLiteral(
          JSON.stringify({ sub: this.who.user_id, role: 'authenticated', app_role: this.who.role, dept_code: this.who.dept_code, via: 'jwt' }),
        )}, true)`,
      );
    } else {
      await this.client.query(`BEGIN; SELECT set_config('role', 'anon', true)`);
    }
  }

  /** Runs fn in one transaction; rolled back unless commit. */
  async tx<T>(fn: (c: pg.Client) => Promise<T>, commit = false): Promise<T> {
    await this.begin();
    try {
      const r = await fn(this.client);
      await this.client.query(commit ? 'COMMIT' : 'ROLLBACK');
      return r;
    } catch (e) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /** One statement in its own (rolled back unless commit) transaction. */
  async query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = [], commit = false): Promise<pg.QueryResult<R>> {
    return this.tx((c) => c.query<R>(sql, params), commit);
  }

  /** The raw connection, outside any transaction (still bcc_api). */
  get raw(): pg.Client {
    return this.client;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

/** What a statement did under RLS: the keys it touched, or the SQLSTATE that refused it. */
export type Outcome = { ok: true; keys: string[] } | { ok: false; code: string; message: string };

export async function attempt(p: Promise<pg.QueryResult>, key = 'k'): Promise<Outcome> {
  try {
    const r = await p;
    return { ok: true, keys: r.rows.map((x) => String(x[key])).sort() };
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { ok: false, code: err.code ?? 'JS', message: err.message };
  }
}

/** SQLSTATEs that mean "the database refused this caller" (privilege, RLS, our own BC403/BC404). */
export const REFUSALS = ['42501', 'BC403', 'BC404'];

/** Patterns that must never appear in a response to a client: stack frames, SQL, constraint or file names. */
export const LEAK_RE = /\bat \w[\w.<>]* \(|node_modules|\/src\/|\/dist\/|\.[tj]s:\d+|_pkey\b|_fkey\b|_check\b|_excl\b|constraint "|violates|relation "|syntax error|QueryFailedError|TypeError|ReferenceError|sqlstate/i;
/** SQL keywords, case-sensitive (user-facing text may say "select a stage"). */
export const SQL_RE = /\bSELECT\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|\bDELETE FROM\b|\bFROM app\.|\bapp\.\w+\(/;

export function leaksInternals(text: string): boolean {
  return LEAK_RE.test(text) || SQL_RE.test(text);
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

/** A client error as the API promises it: 4xx, application/problem+json, the RFC 9457 members, nothing internal. */
export function problemViolations(res: HttpResult, statuses?: number[]): string[] {
  const out: string[] = [];
  if (res.status < 400 || res.status > 499) out.push(`status ${res.status}`);
  if (statuses && !statuses.includes(res.status)) out.push(`status ${res.status} not in ${statuses.join('/')}`);
  const ct = String(res.headers['content-type'] ?? '');
  if (!/^application\/problem\+json/.test(ct)) out.push(`content-type ${ct}`);
  const b = (res.body ?? {}) as Record<string, unknown>;
  if (typeof b.type !== 'string' || typeof b.title !== 'string' || b.status !== res.status || typeof b.detail !== 'string') {
    out.push(`not a problem body: ${res.text.slice(0, 200)}`);
  }
  if (leaksInternals(res.text)) out.push(`leaks internals: ${res.text.slice(0, 300)}`);
  return out;
}

/** Every base table of the application schemas (for write snapshots). */
export async function appTables(db: TestDatabase): Promise<string[]> {
  const { rows } = await db.admin.query<{ t: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('app', 'auth') AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
  );
  return rows.map((r) => r.t);
}

/**
 * A fingerprint of the content of every row of the given tables (as
 * superuser): equal fingerprints = nothing was written (a no-op UPDATE that
 * rewrites a row identically counts as nothing). The append-only audit log is
 * fingerprinted by count and newest id only (its rows cannot change), which
 * keeps this cheap.
 */
export async function fingerprint(db: TestDatabase, tables: string[]): Promise<Record<string, string>> {
  const parts = tables.map((t) => t === 'app.audit_logs'
    ? `SELECT ${pg.escapeLiteral(t)} AS t, count(*)::text || ':' || coalesce(max(x.id), 0)::text AS f FROM ${t} x`
    : `SELECT ${pg.escapeLiteral(t)} AS t, count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS f FROM ${t} x`);
  const { rows } = await db.admin.query<{ t: string; f: string }>(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.t, r.f]));
}

export function diffFingerprints(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
