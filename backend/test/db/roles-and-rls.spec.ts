import { asUser, createTestDatabase, demoUsers, expectSqlState, TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('demo');
});
afterAll(async () => {
  await db.drop();
});

describe('database roles', () => {
  it('the API login role is not superuser, has no BYPASSRLS, cannot create roles/databases and is NOINHERIT', async () => {
    const { rows } = await db.admin.query(
      `SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolinherit, rolcanlogin FROM pg_roles WHERE rolname = 'bcc_api'`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolinherit: false, rolcanlogin: true });
  });

  it('the API login role owns nothing in the database', async () => {
    const { rows } = await db.admin.query(
      `SELECT count(*)::int AS n FROM (
         SELECT relowner AS o FROM pg_class UNION ALL SELECT proowner FROM pg_proc
         UNION ALL SELECT nspowner FROM pg_namespace UNION ALL SELECT typowner FROM pg_type) x
       WHERE o = 'bcc_api'::regrole`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('the API role can become authenticated/anon but never the owner or the definer', async () => {
    const { rows } = await db.admin.query(
      `SELECT r AS role, pg_has_role('bcc_api', r, 'SET') AS can_set, pg_has_role('bcc_api', r, 'USAGE') AS inherits
         FROM unnest(ARRAY['authenticated','anon','bcc_owner','bcc_definer','postgres']) r ORDER BY r`,
    );
    expect(rows).toEqual([
      { role: 'anon', can_set: true, inherits: false },
      { role: 'authenticated', can_set: true, inherits: false },
      { role: 'bcc_definer', can_set: false, inherits: false },
      { role: 'bcc_owner', can_set: false, inherits: false },
      { role: 'postgres', can_set: false, inherits: false },
    ]);
  });

  it('the API role connected directly (before SET ROLE) reads no business table', async () => {
    const pg = await import('pg');
    const c = new pg.default.Client({ connectionString: db.apiUrl });
    await c.connect();
    try {
      await expectSqlState(c.query('SELECT * FROM app.profiles'), '42501');
      await expectSqlState(c.query('SET ROLE bcc_definer'), '42501');
      await expectSqlState(c.query('SET ROLE bcc_owner'), '42501');
    } finally {
      await c.end();
    }
  });

  it('bcc_definer is NOLOGIN with BYPASSRLS; bcc_owner is NOLOGIN without it', async () => {
    const { rows } = await db.admin.query(
      `SELECT rolname, rolcanlogin, rolbypassrls FROM pg_roles WHERE rolname IN ('bcc_definer','bcc_owner') ORDER BY rolname`,
    );
    expect(rows).toEqual([
      { rolname: 'bcc_definer', rolcanlogin: false, rolbypassrls: true },
      { rolname: 'bcc_owner', rolcanlogin: false, rolbypassrls: false },
    ]);
  });
});

describe('schema hygiene', () => {
  it('every table in the app schemas has RLS enabled and forced', async () => {
    const { rows } = await db.admin.query(
      `SELECT n.nspname || '.' || c.relname AS t, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('app', 'auth') AND c.relkind IN ('r', 'p')`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const bad = rows.filter((r) => !r.enabled || !r.forced).map((r) => r.t);
    expect(bad).toEqual([]);
  });

  it('every table and view is owned by bcc_owner or bcc_definer', async () => {
    const { rows } = await db.admin.query(
      `SELECT n.nspname || '.' || c.relname AS t, pg_get_userbyid(c.relowner) AS owner
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('app', 'auth') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND pg_get_userbyid(c.relowner) NOT IN ('bcc_owner', 'bcc_definer')`,
    );
    expect(rows).toEqual([]);
  });

  it('SECURITY DEFINER functions are owned by bcc_definer and pin search_path', async () => {
    const { rows } = await db.admin.query(
      `SELECT p.oid::regprocedure::text AS f, pg_get_userbyid(p.proowner) AS owner, p.proconfig
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('app', 'auth') AND p.prosecdef`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect({ f: r.f, owner: r.owner }).toEqual({ f: r.f, owner: 'bcc_definer' });
      expect((r.proconfig ?? []).some((c: string) => c.startsWith('search_path='))).toBe(true);
    }
  });

  it('auth.uid() and auth.jwt() are inlined, and no search_path a caller sets can change what they read', async () => {
    const { rows } = await db.admin.query(`SELECT proname, proconfig, prosecdef FROM pg_proc WHERE pronamespace = 'auth'::regnamespace AND proname IN ('uid', 'jwt') ORDER BY proname`);
    expect(rows).toEqual([{ proname: 'jwt', proconfig: null, prosecdef: false }, { proname: 'uid', proconfig: null, prosecdef: false }]);
    const sub = '3f2a1c4e-1111-4222-8333-944455556666';
    const c = await db.admin.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub, role: 'authenticated' })]);
      // Inlined: the plan shows the setting being read, not a call of auth.uid().
      const plan = (await c.query('EXPLAIN (VERBOSE, COSTS OFF) SELECT auth.uid()')).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('current_setting');
      expect(plan).not.toContain('uid()');
      // A look-alike current_setting() and ->> in a schema searched before pg_catalog change nothing.
      await c.query(`CREATE SCHEMA evil`);
      await c.query(`CREATE FUNCTION evil.current_setting(text, boolean) RETURNS text LANGUAGE sql AS $$ SELECT '{"sub":"00000000-0000-4000-8000-000000000000"}' $$`);
      await c.query(`CREATE FUNCTION evil.arrow(jsonb, text) RETURNS text LANGUAGE sql AS $$ SELECT '00000000-0000-4000-8000-000000000000' $$`);
      await c.query(`CREATE OPERATOR evil.->> (LEFTARG = jsonb, RIGHTARG = text, FUNCTION = evil.arrow)`);
      await c.query(`SET LOCAL search_path = evil, pg_catalog, public`);
      expect((await c.query('SELECT auth.uid()::text AS u, auth.jwt() ->> $1 AS s', ['sub'])).rows[0].u).toBe(sub);
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  });

  it('no function of the app schemas is executable by PUBLIC', async () => {
    const { rows } = await db.admin.query(
      `SELECT p.oid::regprocedure::text AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('app', 'auth') AND has_function_privilege('public', p.oid, 'EXECUTE')`,
    );
    expect(rows).toEqual([]);
  });

  it('anon can call only the sign-in functions', async () => {
    const { rows } = await db.admin.query(
      `SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('app', 'auth') AND has_function_privilege('anon', p.oid, 'EXECUTE') ORDER BY 1`,
    );
    expect(rows.map((r) => r.proname)).toEqual(
      expect.arrayContaining(['login_lookup', 'login_throttle', 'record_login_attempt', 'rotate_refresh_token', 'resolve_api_token']),
    );
    expect(rows.map((r) => r.proname)).not.toEqual(expect.arrayContaining(['admin_create_user']));
    expect(rows.map((r) => r.proname)).not.toContain('set_password');
    expect(rows.map((r) => r.proname)).not.toContain('my_password_hash');
  });
});

describe('row-level security of the spine tables', () => {
  let u: Awaited<ReturnType<typeof demoUsers>>;
  beforeAll(async () => {
    u = await demoUsers(db);
  });

  it('a salesperson sees only their own profile; the directory lists everyone without private columns', async () => {
    const s1 = u['sales1@demo.local'];
    const own = await asUser(db, s1, (c) => c.query('SELECT user_id FROM app.profiles'));
    expect(own.rows).toEqual([{ user_id: s1.user_id }]);
    const dir = await asUser(db, s1, (c) => c.query('SELECT * FROM app.v_directory'));
    expect(dir.rowCount).toBe(Object.keys(u).length);
    expect(Object.keys(dir.rows[0]).sort()).toEqual(['dept_code', 'full_name', 'is_active', 'manager_user_id', 'role', 'user_id']);
  });

  it('super_admin reads every profile; the director only their own (directory for the rest)', async () => {
    const all = await asUser(db, u['admin@demo.local'], (c) => c.query('SELECT count(*)::int AS n FROM app.profiles'));
    expect(all.rows[0].n).toBe(Object.keys(u).length);
    const dir = await asUser(db, u['director@demo.local'], (c) => c.query('SELECT count(*)::int AS n FROM app.profiles'));
    expect(dir.rows[0].n).toBe(1);
  });

  it('anon sees no profile and not the directory', async () => {
    await expectSqlState(asUser(db, null, (c) => c.query('SELECT * FROM app.profiles')), '42501');
    await expectSqlState(asUser(db, null, (c) => c.query('SELECT * FROM app.v_directory')), '42501');
  });

  it('nobody but definer code reads credentials or refresh tokens', async () => {
    for (const email of ['admin@demo.local', 'sales1@demo.local', 'finance@demo.local']) {
      await expectSqlState(asUser(db, u[email], (c) => c.query('SELECT * FROM auth.credentials')), '42501');
      await expectSqlState(asUser(db, u[email], (c) => c.query('SELECT * FROM auth.refresh_tokens')), '42501');
      await expectSqlState(asUser(db, u[email], (c) => c.query('SELECT token_hash FROM auth.api_tokens')), '42501');
    }
  });

  it('a user may rename themselves but not change their own role, department or manager', async () => {
    const s1 = u['sales1@demo.local'];
    const ok = await asUser(db, s1, (c) => c.query(`UPDATE app.profiles SET full_name = 'Siti R.' WHERE user_id = $1 RETURNING full_name`, [s1.user_id]));
    expect(ok.rows[0].full_name).toBe('Siti R.');
    await expectSqlState(asUser(db, s1, (c) => c.query(`UPDATE app.profiles SET role = 'super_admin' WHERE user_id = $1`, [s1.user_id])), 'BC403');
    await expectSqlState(asUser(db, s1, (c) => c.query(`UPDATE app.profiles SET manager_user_id = NULL WHERE user_id = $1`, [s1.user_id])), 'BC403');
  });

  it("a user cannot update someone else's profile (0 rows) nor insert profiles", async () => {
    const s1 = u['sales1@demo.local'];
    const r = await asUser(db, s1, (c) => c.query(`UPDATE app.profiles SET full_name = 'x' WHERE user_id = $1`, [u['sales2@demo.local'].user_id]));
    expect(r.rowCount).toBe(0);
    await expectSqlState(
      asUser(db, s1, (c) => c.query(`INSERT INTO app.profiles (email, full_name, role, dept_code) VALUES ('x@y.z', 'X', 'salesperson', 'SAL')`)),
      '42501',
    );
  });

  it('only super_admin creates users, through admin_create_user', async () => {
    const hash = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$aGFzaA';
    await expectSqlState(
      asUser(db, u['sales.manager@demo.local'], (c) => c.query(`SELECT app.admin_create_user('n@x.id', 'N', 'salesperson', 'SAL', NULL, $1)`, [hash])),
      'BC403',
    );
    const ok = await asUser(db, u['admin@demo.local'], (c) => c.query(`SELECT app.admin_create_user('n@x.id', 'N', 'salesperson', 'SAL', NULL, $1) AS id`, [hash]));
    expect(ok.rows[0].id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('audit log: readable by super_admin and director only; nobody can change it', async () => {
    await db.admin.query(`UPDATE app.profiles SET locale = 'en' WHERE email = 'sales2@demo.local'`);
    const n = (await db.admin.query(`SELECT count(*)::int AS n FROM app.audit_logs`)).rows[0].n;
    expect(n).toBeGreaterThan(0);
    for (const email of ['admin@demo.local', 'director@demo.local']) {
      const r = await asUser(db, u[email], (c) => c.query('SELECT count(*)::int AS n FROM app.audit_logs'));
      expect(r.rows[0].n).toBe(n);
    }
    for (const email of ['mkt.manager@demo.local', 'sales.manager@demo.local', 'sales1@demo.local', 'ops.dom@demo.local', 'finance@demo.local']) {
      const r = await asUser(db, u[email], (c) => c.query('SELECT count(*)::int AS n FROM app.audit_logs'));
      expect(r.rows[0].n).toBe(0);
    }
    for (const email of ['admin@demo.local', 'director@demo.local']) {
      await expectSqlState(asUser(db, u[email], (c) => c.query('UPDATE app.audit_logs SET action = action')), '42501');
      await expectSqlState(asUser(db, u[email], (c) => c.query('DELETE FROM app.audit_logs')), '42501');
      await expectSqlState(asUser(db, u[email], (c) => c.query(`INSERT INTO app.audit_logs (table_name, action) VALUES ('x', 'INSERT')`)), '42501');
    }
    // Even a superuser (and so definer code) is stopped by the append-only trigger.
    await expectSqlState(db.admin.query('DELETE FROM app.audit_logs'), 'BC403');
    await expectSqlState(db.admin.query('UPDATE app.audit_logs SET action = action'), 'BC403');
    await expectSqlState(db.admin.query('TRUNCATE app.audit_logs'), 'BC403');
  });

  it('profile changes are audited with the acting user', async () => {
    const s1 = u['sales1@demo.local'];
    await asUser(db, s1, (c) => c.query(`UPDATE app.profiles SET locale = 'en' WHERE user_id = $1`, [s1.user_id]), true);
    const { rows } = await db.admin.query(
      `SELECT action, changed_by, before_data->>'locale' AS b, after_data->>'locale' AS a FROM app.audit_logs
        WHERE table_name = 'profiles' AND record_id = $1 ORDER BY changed_at DESC, id DESC LIMIT 1`,
      [s1.user_id],
    );
    expect(rows[0]).toEqual({ action: 'UPDATE', changed_by: s1.user_id, b: 'id', a: 'en' });
  });

  it('reference data: everyone signed in reads, only super_admin writes', async () => {
    const r = await asUser(db, u['ops.dom@demo.local'], (c) => c.query('SELECT dept_code FROM app.departments WHERE is_ops ORDER BY sort_order'));
    expect(r.rows.map((x) => x.dept_code)).toEqual(['DOM', 'EXI', 'DTD', 'WHS']);
    await expectSqlState(
      asUser(db, u['director@demo.local'], (c) => c.query(`INSERT INTO app.departments (dept_code, name, name_en) VALUES ('XYZ', 'x', 'x')`)),
      '42501',
    );
    const upd = await asUser(db, u['finance@demo.local'], (c) => c.query(`UPDATE app.departments SET name = 'x'`));
    expect(upd.rowCount).toBe(0);
    const ok = await asUser(db, u['admin@demo.local'], (c) => c.query(`INSERT INTO app.departments (dept_code, name, name_en) VALUES ('XYZ', 'x', 'x') RETURNING dept_code`));
    expect(ok.rowCount).toBe(1);
  });

  it("idempotency keys and storage objects are private to their caller/uploader", async () => {
    const s1 = u['sales1@demo.local'];
    const s2 = u['sales2@demo.local'];
    await asUser(db, s1, async (c) => {
      await c.query(`SELECT app.idempotency_finish('k1', 'h', 'POST', '/api/x', 201, '{"a":1}')`);
    }, true);
    const mine = await asUser(db, s1, (c) => c.query(`SELECT count(*)::int AS n FROM app.idempotency_keys`));
    const theirs = await asUser(db, s2, (c) => c.query(`SELECT count(*)::int AS n FROM app.idempotency_keys`));
    expect([mine.rows[0].n, theirs.rows[0].n]).toEqual([1, 0]);
    await expectSqlState(
      asUser(db, s2, (c) => c.query(`INSERT INTO app.idempotency_keys (caller, key, request_sha256, method, path, status) VALUES ($1, 'k', 'h', 'POST', '/', 201)`, [s1.user_id])),
      '42501',
    );
    const sha = 'a'.repeat(64);
    await asUser(db, s1, (c) =>
      c.query(`SELECT app.register_storage_object(gen_random_uuid(), 'prospect-evidence', 'prospect-evidence/2026/11/' || gen_random_uuid(), 10, 'image/jpeg', $1, 'p.jpg')`, [sha]), true);
    const seen = await asUser(db, s2, (c) => c.query(`SELECT count(*)::int AS n FROM app.storage_objects`));
    expect(seen.rows[0].n).toBe(0);
    const own = await asUser(db, s1, (c) => c.query(`SELECT count(*)::int AS n FROM app.storage_objects`));
    expect(own.rows[0].n).toBe(1);
    await expectSqlState(
      asUser(db, s2, (c) => c.query(`INSERT INTO app.storage_objects (bucket, object_key, size_bytes, content_type, sha256, uploaded_by) VALUES ('prospect-evidence', 'prospect-evidence/2026/11/' || gen_random_uuid(), 1, 'image/jpeg', $1, $2)`, [sha, s1.user_id])),
      '42501',
    );
  });

  it('bucket limits are enforced in SQL: size → BC413, type → BC415', async () => {
    const s1 = u['sales1@demo.local'];
    const sha = 'b'.repeat(64);
    await expectSqlState(
      asUser(db, s1, (c) => c.query(`SELECT app.register_storage_object(gen_random_uuid(), 'prospect-evidence', 'prospect-evidence/2026/11/' || gen_random_uuid(), 50000000, 'image/jpeg', $1, 'p.jpg')`, [sha])),
      'BC413',
    );
    await expectSqlState(
      asUser(db, s1, (c) => c.query(`SELECT app.register_storage_object(gen_random_uuid(), 'prospect-evidence', 'prospect-evidence/2026/11/' || gen_random_uuid(), 10, 'application/pdf', $1, 'p.pdf')`, [sha])),
      'BC415',
    );
  });
});

describe('claim helpers', () => {
  it('team = the manager plus profiles reporting to them; others see only themselves', async () => {
    const u = await demoUsers(db);
    const team = await asUser(db, u['sales.manager@demo.local'], (c) => c.query('SELECT app.my_team_ids() AS t'));
    expect(new Set(team.rows[0].t)).toEqual(new Set([u['sales.manager@demo.local'].user_id, u['sales1@demo.local'].user_id, u['sales2@demo.local'].user_id]));
    const solo = await asUser(db, u['sales3@demo.local'], (c) => c.query('SELECT app.my_team_ids() AS t, app.current_role() AS r, app.current_dept() AS d'));
    expect(solo.rows[0]).toEqual({ t: [u['sales3@demo.local'].user_id], r: 'salesperson', d: 'SAL' });
  });

  it('a deactivated user has no role, no team and no rows', async () => {
    const u = await demoUsers(db);
    const s2 = u['sales2@demo.local'];
    await db.admin.query('UPDATE app.profiles SET is_active = false WHERE user_id = $1', [s2.user_id]);
    try {
      const r = await asUser(db, s2, (c) => c.query('SELECT app.current_role() AS r, app.my_team_ids() AS t, (SELECT count(*)::int FROM app.departments) AS d'));
      expect(r.rows[0]).toEqual({ r: null, t: [], d: 0 });
    } finally {
      await db.admin.query('UPDATE app.profiles SET is_active = true WHERE user_id = $1', [s2.user_id]);
    }
  });
});
