import type pg from 'pg';
import { asUser, createTestDatabase, demoUsers, expectSqlState, type Session, type TestDatabase } from '../helpers/db.js';

/**
 * Imports in the database itself: the value parsers, the module gate, the
 * processors called directly as the importer (rights re-checked, one bad row
 * never fails the others, counters derived from the rows), a batch killed
 * before commit, the set-based path falling back to row by row, RLS of
 * imports/import_rows, and the job queue's privileges.
 */
let db: TestDatabase;
let u: Record<string, Session & { email: string }>;
let customerId: string;

beforeAll(async () => {
  db = await createTestDatabase('demo');
  u = await demoUsers(db);
  customerId = (await db.admin.query('SELECT min(customer_id) AS c FROM app.customers')).rows[0].c;
});
afterAll(async () => {
  await db?.drop();
});

let seq = 0;
const sha = () => (Date.now().toString(16) + (seq++).toString(16)).padEnd(64, '0').slice(0, 64);

/** Creates and stages an import as `who` (committed), returns its id. */
async function staged(who: Session, module: string, rows: Record<string, string>[], columns?: string[]): Promise<string> {
  return asUser(
    db,
    who,
    async (c) => {
      const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
      const { rows: [imp] } = await c.query('SELECT import_id, created FROM app.import_create($1, $2, $3, $4, $5)', [module, sha(), 'x.csv', 'csv', cols]);
      await c.query('SELECT app.import_stage_rows($1, $2)', [imp.import_id, rows.map((d, i) => `${i + 2}\t${JSON.stringify(d)}`).join('\n')]);
      await c.query('SELECT 1 FROM app.import_finish_staging($1, NULL)', [imp.import_id]);
      return imp.import_id as string;
    },
    true,
  );
}

const q = (c: pg.PoolClient, sql: string, params: unknown[] = []) => c.query(sql, params).then((r) => r.rows);

describe('parsers (one place, never raising)', () => {
  it('dates: YYYY-MM-DD and DD/MM/YYYY, real calendar days only', async () => {
    const { rows } = await db.admin.query(
      `SELECT x, app.import_parse_date(x)::text AS d FROM unnest(ARRAY['2026-01-05', ' 2026-1-5 ', '05/01/2026', '5/1/2026', '29/02/2028', '29/02/2026',
              '31/04/2026', '2026-13-01', '01-05-2026', '2026/01/05', '1899-12-31', '', 'kemarin', NULL]) x`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.x, r.d]))).toEqual({
      '2026-01-05': '2026-01-05', ' 2026-1-5 ': '2026-01-05', '05/01/2026': '2026-01-05', '5/1/2026': '2026-01-05', '29/02/2028': '2028-02-29',
      '29/02/2026': null, '31/04/2026': null, '2026-13-01': null, '01-05-2026': null, '2026/01/05': null, '1899-12-31': null, '': null, kemarin: null,
      null: null,
    });
  });

  it('amounts: 1500000, 1500000.00, 1.500.000,00 (and friends), at most two decimals', async () => {
    const { rows } = await db.admin.query(
      `SELECT x, app.import_parse_amount(x)::text AS a FROM unnest(ARRAY['1500000', '1500000.00', '1.500.000,00', '1.500.000', '1500000,5', 'Rp 1.500.000',
              'IDR 1 500 000', '1,500,000.00', '-250000', '1.500', '1,50', '1.5.0', '1500000.123', '12,3456', 'satu juta', '', NULL]) x`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.x, r.a]))).toEqual({
      '1500000': '1500000', '1500000.00': '1500000.00', '1.500.000,00': '1500000.00', '1.500.000': '1500000', '1500000,5': '1500000.5',
      'Rp 1.500.000': '1500000', 'IDR 1 500 000': '1500000', '1,500,000.00': '1500000.00', '-250000': '-250000', '1.500': '1500', '1,50': '1.50',
      '1.5.0': null, '1500000.123': null, '12,3456': null, 'satu juta': null, '': null, null: null,
    });
  });

  it('deadlocks, timeouts and rights fail the batch (it is retried); data errors become row errors', async () => {
    const { rows } = await db.admin.query(
      `SELECT x, app.import_error_is_fatal(x) AS fatal FROM unnest(ARRAY['40P01', '40001', '57014', '53200', 'BC403', 'BC422', '23505', '22P02', 'P0001']) x`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.x, r.fatal]))).toEqual({
      '40P01': true, '40001': true, '57014': true, '53200': true, BC403: true, BC422: false, '23505': false, '22P02': false, P0001: false,
    });
    const txt = await db.admin.query(
      `SELECT app.import_error_text('BC422', 'x', '{"errors":[{"field":"email","message":"is not a valid email address"}]}') AS a,
              app.import_error_text('23505', 'duplicate key value violates unique constraint "leads_pkey"', NULL) AS b`,
    );
    expect(txt.rows[0]).toEqual({ a: 'email: is not a valid email address', b: 'row: a record with the same identifying value already exists' });
  });

  it('who may import what', async () => {
    const { rows } = await db.admin.query(
      `SELECT r::text AS role, array_agg(m ORDER BY m) FILTER (WHERE app.import_module_allowed(m, r)) AS modules
         FROM unnest(enum_range(NULL::app.user_role)) r,
              unnest(ARRAY['leads','customers','invoices','payments','kpi_entries','marketing_spend']) m
        GROUP BY r ORDER BY r::text`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.role, r.modules]))).toEqual({
      director: null,
      finance: ['customers', 'invoices', 'kpi_entries', 'payments'],
      marketing_manager: ['kpi_entries', 'leads', 'marketing_spend'],
      marketing_staff: ['kpi_entries', 'leads', 'marketing_spend'],
      ops: ['kpi_entries'],
      sales_manager: ['kpi_entries'],
      salesperson: ['kpi_entries'],
      super_admin: ['customers', 'invoices', 'kpi_entries', 'leads', 'marketing_spend', 'payments'],
    });
  });
});

const inv = (n: string, extra: Record<string, string> = {}) => ({
  invoice_number: n, customer_id: customerId, invoice_date: '2026-01-10', due_date: '2026-02-10', amount: '1000', ...extra,
});

describe('processors called directly', () => {

  it('only the importer may process, with the rights of their current role', async () => {
    const id = await staged(u['finance@demo.local'], 'invoices', [inv('DB-RIGHTS-1')]);
    await expectSqlState(asUser(db, u['admin@demo.local'], (c) => c.query('SELECT app.process_import_invoices($1)', [id])), 'BC404');
    await expectSqlState(asUser(db, u['sales1@demo.local'], (c) => c.query('SELECT app.process_import_invoices($1)', [id])), 'BC404');
    await expectSqlState(asUser(db, u['finance@demo.local'], (c) => c.query('SELECT app.process_import_payments($1)', [id])), 'BC422');
    // The importer's role changed since the upload: their rights are re-checked.
    const fin = u['finance@demo.local'];
    await db.admin.query(`UPDATE app.profiles SET role = 'ops' WHERE user_id = $1`, [fin.user_id]);
    try {
      await expectSqlState(asUser(db, fin, (c) => c.query('SELECT app.process_import_invoices($1)', [id])), 'BC403');
      await expectSqlState(asUser(db, fin, (c) => c.query('SELECT app.import_request_processing($1)', [id])), 'BC403');
    } finally {
      await db.admin.query(`UPDATE app.profiles SET role = 'finance' WHERE user_id = $1`, [fin.user_id]);
    }
    const r = await asUser(db, fin, (c) => q(c, 'SELECT app.process_import_invoices($1) AS r', [id]));
    expect(r[0].r).toMatchObject({ status: 'COMPLETED', success_rows: 1, error_rows: 0 });
  });

  it('a batch killed before commit leaves nothing; partial runs then a full run end with exact counts and no duplicates', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => inv(`DB-KILL-${i + 1}`, i % 10 === 9 ? { amount: '0' } : {}));
    const fin = u['finance@demo.local'];
    const id = await staged(fin, 'invoices', rows);
    // Killed mid-batch: the transaction never commits.
    await asUser(db, fin, (c) => c.query('SELECT app.process_import_invoices($1, 2, 31)', [id]));
    const none = await db.admin.query(`SELECT count(*)::int AS n FROM app.invoices WHERE invoice_number LIKE 'DB-KILL-%'`);
    expect(none.rows[0].n).toBe(0);
    const st0 = await db.admin.query(`SELECT status, success_rows, error_rows, progress_rows FROM app.imports WHERE import_id = $1`, [id]);
    expect(st0.rows[0]).toEqual({ status: 'STAGED', success_rows: 0, error_rows: 0, progress_rows: 0 });
    // One committed batch, then the whole file: OK rows are not touched again.
    const first = await asUser(db, fin, (c) => q(c, 'SELECT app.process_import_invoices($1, 2, 31) AS r', [id]), true);
    expect(first[0].r).toMatchObject({ status: 'PROCESSING', success_rows: 27, error_rows: 3, progress_rows: 30 });
    const all = await asUser(db, fin, (c) => q(c, 'SELECT app.process_import_invoices($1) AS r', [id]), true);
    expect(all[0].r).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 54, error_rows: 6, progress_rows: 60 });
    const again = await asUser(db, fin, (c) => q(c, 'SELECT app.process_import_invoices($1) AS r', [id]), true);
    expect(again[0].r).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 54, error_rows: 6 });
    const inv2 = await db.admin.query(`SELECT count(*)::int AS n, count(DISTINCT invoice_number)::int AS d FROM app.invoices WHERE import_id = $1`, [id]);
    expect(inv2.rows[0]).toEqual({ n: 54, d: 54 });
    const att = await db.admin.query(`SELECT status, attempts, count(*)::int AS n FROM app.import_rows WHERE import_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, [id]);
    expect(att.rows).toEqual([
      { status: 'ERROR', attempts: 2, n: 3 },
      { status: 'ERROR', attempts: 3, n: 3 },
      { status: 'OK', attempts: 1, n: 54 },
    ]);
  });

  it('counters are the rows: success_rows/error_rows always equal the counts in import_rows', async () => {
    const { rows } = await db.admin.query(
      `SELECT i.import_id FROM app.imports i
        WHERE i.success_rows <> (SELECT count(*) FROM app.import_rows r WHERE r.import_id = i.import_id AND r.status = 'OK')
           OR i.error_rows <> (SELECT count(*) FROM app.import_rows r WHERE r.import_id = i.import_id AND r.status = 'ERROR')`,
    );
    expect(rows).toEqual([]);
  });

  it('when a target rule refuses a row the validation did not foresee, the batch is redone row by row: only that row fails', async () => {
    await db.admin.query(`CREATE FUNCTION app.test_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.invoice_number LIKE 'DB-BOOM-X%' THEN
          RAISE EXCEPTION USING ERRCODE = 'BC422', MESSAGE = 'refused', DETAIL = '{"errors":[{"field":"notes","message":"refused by a rule"}]}';
        END IF;
        RETURN NEW;
      END $$`);
    await db.admin.query('CREATE TRIGGER zz_test_boom BEFORE INSERT ON app.invoices FOR EACH ROW EXECUTE FUNCTION app.test_boom()');
    try {
      const fin = u['finance@demo.local'];
      const id = await staged(fin, 'invoices', [inv('DB-BOOM-1'), inv('DB-BOOM-X2'), inv('DB-BOOM-3')]);
      const r = await asUser(db, fin, (c) => q(c, 'SELECT app.process_import_invoices($1) AS r', [id]), true);
      expect(r[0].r).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 2, error_rows: 1 });
      const rows = await db.admin.query(`SELECT row_number, status, error_message FROM app.import_rows WHERE import_id = $1 ORDER BY 1`, [id]);
      expect(rows.rows).toEqual([
        { row_number: 2, status: 'OK', error_message: null },
        { row_number: 3, status: 'ERROR', error_message: 'notes: refused by a rule' },
        { row_number: 4, status: 'OK', error_message: null },
      ]);
    } finally {
      await db.admin.query('DROP TRIGGER zz_test_boom ON app.invoices');
      await db.admin.query('DROP FUNCTION app.test_boom()');
    }
  });

  it('a stale run token can neither run a batch nor settle the import', async () => {
    const fin = u['finance@demo.local'];
    const id = await staged(fin, 'invoices', [inv('DB-TOKEN-1'), inv('DB-TOKEN-2')]);
    const old = '00000000-0000-4000-8000-000000000000';
    await asUser(db, fin, (c) => c.query('SELECT app.import_request_processing($1)', [id]), true);
    const r = await asUser(db, fin, (c) => q(c, `SELECT app.import_run_begin($1, $2) AS b, app.import_run_batch($1, $2, 2, 2) AS r, app.import_run_finish($1, $2) AS f`, [id, old]), true);
    expect(r[0]).toEqual({ b: { stale: true }, r: { stale: true, status: 'PROCESSING' }, f: { stale: true, status: 'PROCESSING' } });
    const n = await db.admin.query(`SELECT count(*)::int AS n FROM app.invoices WHERE import_id = $1`, [id]);
    expect(n.rows[0].n).toBe(0);
    // The current token runs it; the job was queued in the same transaction as the status.
    const job = await db.admin.query(`SELECT payload FROM graphile_worker._private_jobs WHERE key = $1`, ['import:' + id]);
    const token = job.rows[0].payload.run_token;
    const ok = await asUser(
      db,
      fin,
      async (c) => {
        expect((await q(c, 'SELECT app.import_run_begin($1, $2) AS b', [id, token]))[0].b).toEqual({ stale: false, module: 'invoices', total_rows: 2, last_row_number: 3 });
        expect((await q(c, 'SELECT app.import_run_batch($1, $2, 2, 2) AS r', [id, token]))[0].r).toMatchObject({ stale: false, status: 'PROCESSING', progress_rows: 1 });
        expect((await q(c, 'SELECT app.import_run_batch($1, $2, 3, 3) AS r', [id, token]))[0].r).toMatchObject({ stale: false, status: 'PROCESSING', progress_rows: 2 });
        return (await q(c, 'SELECT app.import_run_finish($1, $2) AS f', [id, token]))[0].f;
      },
      true,
    );
    expect(ok).toMatchObject({ stale: false, status: 'COMPLETED', success_rows: 2 });
  });
});

describe('invoices written in bulk (checked per statement, ids per batch)', () => {
  it('an import gives its invoices IV ids in file order, authored by the importer, one audit row each by the importer, AR balances kept', async () => {
    const fin = u['finance@demo.local'];
    const id = await staged(fin, 'invoices', [inv('DB-BULK-1'), inv('DB-BULK-2', { amount: '-5' }), inv('DB-BULK-3'), inv('DB-BULK-4', { currency: ' idr ' })]);
    const r = await asUser(db, fin, (c) => q(c, 'SELECT app.process_import_invoices($1) AS r', [id]), true);
    expect(r[0].r).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 3, error_rows: 1 });
    const { rows } = await db.admin.query(
      `SELECT r.row_number, r.target_id, i.invoice_number, i.currency, i.created_by, i.created_at = i.updated_at AS stamped,
              (SELECT count(*)::int FROM app.audit_logs a WHERE a.table_name = 'invoices' AND a.record_id = i.invoice_id AND a.action = 'INSERT' AND a.changed_by = $2) AS audited,
              (SELECT count(*)::int FROM app.ar_invoice_balances b WHERE b.invoice_id = i.invoice_id AND b.amount = i.amount) AS balances
         FROM app.import_rows r JOIN app.invoices i ON i.invoice_id = r.target_id WHERE r.import_id = $1 ORDER BY r.row_number`, [id, fin.user_id]);
    expect(rows.map((x) => [x.row_number, x.invoice_number, x.currency, x.created_by, x.stamped, x.audited, x.balances])).toEqual([
      [2, 'DB-BULK-1', 'IDR', fin.user_id, true, 1, 1],
      [4, 'DB-BULK-3', 'IDR', fin.user_id, true, 1, 1],
      [5, 'DB-BULK-4', 'IDR', fin.user_id, true, 1, 1],
    ]);
    const ids = rows.map((x) => x.target_id as string);
    for (const i of ids) expect(i).toMatch(/^IV-\d{4}-\d{6,}$/);
    const n = ids.map((i) => Number(i.split('-')[2]));
    expect(n[0] < n[1] && n[1] < n[2]).toBe(true);
    // The same sequence as one invoice at a time: the next single insert continues after the batch.
    const single = await asUser(db, fin, (c) => q(c,
      `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount) VALUES ('DB-BULK-ONE', $1, '2026-01-10', '2026-02-10', 1) RETURNING invoice_id`,
      [customerId]), true);
    expect(Number((single[0].invoice_id as string).split('-')[2])).toBeGreaterThan(n[2]);
  });

  it('inserts by definer-rights code still obey the invoice rules, once per statement: role, no future dates, system stamps', async () => {
    // A stand-in for a bulk writer such as the import processor: definer rights, ids taken per batch.
    await db.admin.query(`SET ROLE bcc_owner`);
    try {
      await db.admin.query(`CREATE FUNCTION app.test_bulk_invoices(p_numbers text[], p_date date, p_created_by uuid) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE n integer;
        BEGIN
          INSERT INTO app.invoices (invoice_id, invoice_number, customer_id, invoice_date, due_date, amount, created_by)
          SELECT u.id, x.nr, (SELECT min(c.customer_id) FROM app.customers c), p_date, p_date, 1000, coalesce(p_created_by, auth.uid())
            FROM unnest(p_numbers) WITH ORDINALITY AS x(nr, k)
            JOIN unnest(app.next_prefixed_ids('IV', cardinality(p_numbers))) WITH ORDINALITY AS u(id, k) ON u.k = x.k;
          GET DIAGNOSTICS n = ROW_COUNT;
          RETURN n;
        END $$`);
      await db.admin.query(`ALTER FUNCTION app.test_bulk_invoices(text[], date, uuid) OWNER TO bcc_definer`);
      await db.admin.query(`GRANT EXECUTE ON FUNCTION app.test_bulk_invoices(text[], date, uuid) TO authenticated`);
    } finally {
      await db.admin.query(`RESET ROLE`);
    }
    try {
      const fin = u['finance@demo.local'];
      const call = (who: Session, numbers: string[], date: string, createdBy: string | null = null) =>
        asUser(db, who, (c) => q(c, 'SELECT app.test_bulk_invoices($1, $2, $3) AS n', [numbers, date, createdBy]));
      expect((await call(fin, ['DB-DEF-1', 'DB-DEF-2'], '2026-01-10'))[0].n).toBe(2);
      // Only finance (and super_admin) record invoices: same error as one at a time.
      const refused = await call(u['sales1@demo.local'], ['DB-DEF-3'], '2026-01-10').catch((e) => e);
      expect({ code: refused.code, message: refused.message }).toEqual({ code: 'BC403', message: 'Only finance records invoices' });
      // A date in the future: the same BC422 and detail as the row rules give.
      const future = await call(fin, ['DB-DEF-4', 'DB-DEF-5'], '2999-01-01').catch((e) => e);
      expect({ code: future.code, message: future.message, errors: JSON.parse(future.detail).errors }).toEqual({
        code: 'BC422', message: 'The invoice has invalid fields', errors: [{ field: 'invoice_date', message: 'cannot be in the future' }],
      });
      // created_by is the caller, never someone else.
      await expectSqlState(call(fin, ['DB-DEF-6'], '2026-01-10', u['admin@demo.local'].user_id), 'BC422');
      const none = await db.admin.query(`SELECT count(*)::int AS n FROM app.invoices WHERE invoice_number LIKE 'DB-DEF-%'`);
      expect(none.rows[0].n).toBe(0); // every call above rolled back; the refused ones wrote nothing either
    } finally {
      await db.admin.query('DROP FUNCTION app.test_bulk_invoices(text[], date, uuid)');
    }
  });

  it('the API role cannot take the bulk path: it cannot supply ids, cannot call next_prefixed_ids, and gets the row rules', async () => {
    const fin = u['finance@demo.local'];
    await expectSqlState(asUser(db, fin, (c) => c.query(`SELECT app.next_prefixed_ids('IV', 5)`)), '42501');
    const bad = await asUser(db, fin, (c) => c.query(
      `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount, currency) VALUES ('DB-ROW-1', $1, '2026-01-10', '2026-01-09', 0, 'USD')`,
      [customerId])).catch((e) => e);
    expect(bad.code).toBe('BC422');
    expect(JSON.parse(bad.detail).errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'currency', 'due_date']);
  });
});

describe('staging', () => {
  it('the same file (hash) of the same person and module is the same import; header and module gate are checked first', async () => {
    const fin = u['finance@demo.local'];
    const h = sha();
    const cols = ['invoice_number', 'customer_id', 'invoice_date', 'due_date', 'amount'];
    const [a, b] = await asUser(db, fin, async (c) => [
      (await c.query(`SELECT * FROM app.import_create('invoices', $1, 'a.csv', 'csv', $2)`, [h, cols])).rows[0],
      (await c.query(`SELECT * FROM app.import_create('invoices', $1, 'b.csv', 'csv', $2)`, [h, cols])).rows[0],
    ]);
    expect(a.created).toBe(true);
    expect(b).toEqual({ import_id: a.import_id, created: false });
    await expectSqlState(asUser(db, u['mkt.staff@demo.local'], (c) => c.query(`SELECT * FROM app.import_create('invoices', $1, 'a.csv', 'csv', $2)`, [h, cols])), 'BC403');
    await expectSqlState(asUser(db, fin, (c) => c.query(`SELECT * FROM app.import_create('invoices', $1, 'a.csv', 'csv', $2)`, [sha(), ['invoice_number']])), 'BC422');
    await expectSqlState(asUser(db, fin, (c) => c.query(`SELECT app.import_check_columns('nope', '{}')`)), 'BC422');
  });

  it('duplicates of a natural key within the file point at the first row', async () => {
    const fin = u['finance@demo.local'];
    const id = await staged(fin, 'payments', [
      { invoice_number: 'A', reference: 'R1', payment_date: '2026-01-01', amount: '1' },
      { invoice_number: 'A', reference: 'R2', payment_date: '2026-01-01', amount: '1' },
      { invoice_number: ' A ', reference: 'R1', payment_date: '2026-01-01', amount: '1' },
      { invoice_number: 'B', reference: 'R1', payment_date: '2026-01-01', amount: '1' },
      { invoice_number: 'A', reference: 'R1', payment_date: '2026-01-01', amount: '1' },
    ]);
    const { rows } = await db.admin.query(`SELECT row_number, dup_of FROM app.import_rows WHERE import_id = $1 ORDER BY 1`, [id]);
    expect(rows.map((r) => r.dup_of)).toEqual([null, null, 2, null, 2]);
    const imp = await db.admin.query(`SELECT status, total_rows, last_row_number FROM app.imports WHERE import_id = $1`, [id]);
    expect(imp.rows[0]).toEqual({ status: 'STAGED', total_rows: 5, last_row_number: 6 });
  });

  it('an import without rows is refused; rows can be staged only into your own unstaged import', async () => {
    const fin = u['finance@demo.local'];
    await expectSqlState(
      asUser(db, fin, async (c) => {
        const { rows: [imp] } = await c.query(`SELECT * FROM app.import_create('invoices', $1, 'x.csv', 'csv', $2)`, [sha(), ['invoice_number', 'customer_id', 'invoice_date', 'due_date', 'amount']]);
        await c.query('SELECT 1 FROM app.import_finish_staging($1, NULL)', [imp.import_id]);
      }),
      'BC422',
    );
    const id = await staged(fin, 'invoices', [inv('DB-STAGE-1')]);
    await expectSqlState(asUser(db, fin, (c) => c.query(`SELECT app.import_stage_rows($1, E'3\\t{}')`, [id])), 'BC404');
    await expectSqlState(asUser(db, u['admin@demo.local'], (c) => c.query(`SELECT app.import_stage_rows($1, E'3\\t{}')`, [id])), 'BC404');
  });
});

describe('row-level security and privileges', () => {
  let finId: string;
  let mktId: string;
  beforeAll(async () => {
    finId = await staged(u['admin@demo.local'], 'customers', [{ company_name: 'PT RLS' }]);
    mktId = await staged(u['mkt.staff@demo.local'], 'marketing_spend', [{ channel: 'website', spend_date: '2026-01-01', amount: '1' }]);
  });

  it('imports and their rows: own; finance all finance modules; director and super_admin all; nobody writes directly', async () => {
    const sees = async (who: string, id: string) =>
      asUser(db, u[who], async (c) => [
        (await c.query('SELECT 1 FROM app.imports WHERE import_id = $1', [id])).rowCount,
        (await c.query('SELECT 1 FROM app.import_rows WHERE import_id = $1', [id])).rowCount,
      ]);
    expect(await sees('finance@demo.local', finId)).toEqual([1, 1]);
    expect(await sees('director@demo.local', finId)).toEqual([1, 1]);
    expect(await sees('mkt.manager@demo.local', finId)).toEqual([0, 0]);
    expect(await sees('mkt.staff@demo.local', mktId)).toEqual([1, 1]);
    expect(await sees('mkt.manager@demo.local', mktId)).toEqual([0, 0]);
    expect(await sees('finance@demo.local', mktId)).toEqual([0, 0]);
    expect(await sees('admin@demo.local', mktId)).toEqual([1, 1]);
    for (const sql of [
      `INSERT INTO app.imports (module, file_sha256, file_format) VALUES ('leads', repeat('a', 64), 'csv')`,
      `UPDATE app.imports SET status = 'COMPLETED'`,
      `DELETE FROM app.import_rows`,
      `INSERT INTO app.import_rows (import_id, row_number, row_data, created_by, module) VALUES ('x', 2, '{}', gen_random_uuid(), 'leads')`,
    ]) {
      await expectSqlState(asUser(db, u['mkt.staff@demo.local'], (c) => c.query(sql)), '42501');
    }
  });

  it('internal steps are not callable by API roles; the job queue belongs to the owner and only the worker login may use it', async () => {
    const { rows } = await db.admin.query(
      `SELECT p.proname, has_function_privilege('authenticated', p.oid, 'EXECUTE') AS api FROM pg_proc p
        WHERE p.pronamespace = 'app'::regnamespace AND p.proname IN ('import_begin_batch', 'import_end_batch', 'import_settle',
              'import_validate_invoices', 'import_request_processing', 'process_import_invoices', 'import_stage_rows') ORDER BY 1`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.proname, r.api]))).toEqual({
      import_begin_batch: false, import_end_batch: false, import_settle: false, import_validate_invoices: false,
      import_request_processing: true, process_import_invoices: true, import_stage_rows: true,
    });
    const owners = await db.admin.query(
      `SELECT DISTINCT pg_get_userbyid(c.relowner) AS o FROM pg_class c WHERE c.relnamespace = 'graphile_worker'::regnamespace AND c.relkind IN ('r', 'v')`,
    );
    expect(owners.rows).toEqual([{ o: 'bcc_owner' }]);
    const priv = await db.admin.query(
      `SELECT has_schema_privilege('authenticated', 'graphile_worker', 'USAGE') AS auth, has_schema_privilege('anon', 'graphile_worker', 'USAGE') AS anon,
              has_table_privilege('bcc_api', 'graphile_worker._private_jobs', 'SELECT, UPDATE') AS api,
              (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = 'bcc_api') AS api_bypasses`,
    );
    expect(priv.rows[0]).toEqual({ auth: false, anon: false, api: true, api_bypasses: false });
  });
});
