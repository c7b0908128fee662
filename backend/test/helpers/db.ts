import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  name: string;
  /** Superuser connection string (bypasses RLS: for arranging and inspecting). */
  adminUrl: string;
  /** The API login role (bcc_api), exactly as the server connects. */
  apiUrl: string;
  admin: pg.Pool;
  drop(): Promise<void>;
}

function withDb(url: string, db: string, user?: { name: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user.name;
    u.password = user.password;
  }
  return u.toString();
}

/** A fresh database cloned from a migrated template (bcc_tpl_empty or bcc_tpl_demo). */
export async function createTestDatabase(template: 'empty' | 'demo' = 'demo'): Promise<TestDatabase> {
  const base = process.env.BCC_TEST_ADMIN_URL!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE DATABASE ${name} TEMPLATE bcc_tpl_${template}`);
  await c.end();
  const adminUrl = withDb(base, name);
  const apiUrl = withDb(base, name, { name: 'bcc_api', password: process.env.BCC_TEST_API_PASSWORD! });
  const admin = new pg.Pool({ connectionString: adminUrl, max: 4 });
  return {
    name,
    adminUrl,
    apiUrl,
    admin,
    async drop() {
      await admin.end();
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export interface Session {
  user_id: string;
  role: string;
  dept_code: string;
}

/**
 * Runs fn as the API does: connected as bcc_api, in one transaction with
 * role authenticated (or anon) and the user's claims. Rolls back unless
 * commit is asked for.
 */
export async function asUser<T>(db: TestDatabase, who: Session | null, fn: (c: pg.PoolClient) => Promise<T>, commit = false): Promise<T> {
  const pool = new pg.Pool({ connectionString: db.apiUrl, max: 1 });
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    if (who) {
      await c.query("SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ sub: who.user_id, role: 'authenticated', app_role: who.role, dept_code: who.dept_code, via: 'jwt' }),
      ]);
    } else {
      await c.query("SELECT set_config('role', 'anon', true)");
    }
    const r = await fn(c);
    await c.query(commit ? 'COMMIT' : 'ROLLBACK');
    return r;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
    await pool.end();
  }
}

/** The demo users by email (template "demo"). */
export async function demoUsers(db: TestDatabase): Promise<Record<string, Session & { email: string }>> {
  const { rows } = await db.admin.query<Session & { email: string }>('SELECT user_id, email, role::text AS role, dept_code FROM app.profiles');
  return Object.fromEntries(rows.map((r) => [r.email, r]));
}

/** Expects fn to fail with the given SQLSTATE. */
export async function expectSqlState(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toMatchObject({ code });
}
