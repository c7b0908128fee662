import { asUser, createTestDatabase, demoUsers, expectSqlState, Session, TestDatabase } from '../helpers/db.js';

/**
 * Row-level security of invoices, payments and the AR views/functions
 * (rls.md): finance R/W all; salesperson R own customers (a prospect they
 * own); sales manager R team customers; director R; super_admin all;
 * marketing and ops nothing — with the refused sides. Runs on the demo seed.
 */
let db: TestDatabase;
let u: Record<string, Session & { email: string }>;

beforeAll(async () => {
  db = await createTestDatabase('demo');
  u = await demoUsers(db);
});
afterAll(async () => {
  await db.drop();
});

/** Invoice ids whose customer has a prospect owned by one of the given emails (the oracle, computed as superuser). */
async function expectedInvoices(emails: string[]): Promise<string[]> {
  const { rows } = await db.admin.query(
    `SELECT i.invoice_id FROM app.invoices i
      WHERE EXISTS (SELECT 1 FROM app.prospects p JOIN app.profiles pr ON pr.user_id = p.owner_user_id
                     WHERE p.customer_id = i.customer_id AND pr.email = ANY ($1))
      ORDER BY 1`, [emails]);
  return rows.map((r) => r.invoice_id);
}
const seen = async (email: string, sql: string, params: unknown[] = []) =>
  (await asUser(db, u[email], (c) => c.query(sql, params))).rows;

describe('reading receivables', () => {
  it('the demo has invoices for customers of every salesperson, some owned by one salesperson only', async () => {
    for (const email of ['sales1@demo.local', 'sales2@demo.local', 'sales3@demo.local']) {
      expect((await expectedInvoices([email])).length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['sales1@demo.local', ['sales1@demo.local']],
    ['sales2@demo.local', ['sales2@demo.local']],
    ['sales3@demo.local', ['sales3@demo.local']],
    ['sales.manager@demo.local', ['sales.manager@demo.local', 'sales1@demo.local', 'sales2@demo.local']],
    ['sales.manager2@demo.local', ['sales.manager2@demo.local', 'sales3@demo.local']],
  ])('%s sees exactly the invoices and payments of their (team\'s) customers', async (email, owners) => {
    const expected = await expectedInvoices(owners);
    const inv = await seen(email, 'SELECT invoice_id FROM app.invoices ORDER BY 1');
    expect(inv.map((r) => r.invoice_id)).toEqual(expected);
    const view = await seen(email, 'SELECT invoice_id FROM app.v_invoice_outstanding ORDER BY 1');
    expect(view.map((r) => r.invoice_id)).toEqual(expected);
    const pays = await seen(email, 'SELECT DISTINCT invoice_id FROM app.payments ORDER BY 1');
    const expectedPays = (await db.admin.query('SELECT DISTINCT invoice_id FROM app.payments WHERE invoice_id = ANY ($1) ORDER BY 1', [expected])).rows;
    expect(pays).toEqual(expectedPays);
    // aggregates follow the same rows: aging total = their outstanding
    const aging = await seen(email, 'SELECT coalesce(sum(total), 0)::text AS t FROM app.v_ar_aging');
    const oracle = await db.admin.query(`SELECT coalesce(sum(outstanding_amount), 0)::text AS t FROM app.v_invoice_outstanding WHERE invoice_id = ANY ($1)`, [expected]);
    expect(aging[0].t).toBe(oracle.rows[0].t);
    const balance = await seen(email, 'SELECT app.ar_balance(app.today_jakarta())::text AS t');
    expect(balance[0].t).toBe(oracle.rows[0].t);
  });

  it('sales2 never sees what only sales1 owns (and the other way round)', async () => {
    const s1 = await expectedInvoices(['sales1@demo.local']);
    const s2 = await expectedInvoices(['sales2@demo.local']);
    const onlyS1 = s1.filter((id) => !s2.includes(id));
    expect(onlyS1.length).toBeGreaterThan(0);
    expect((await seen('sales2@demo.local', 'SELECT invoice_id FROM app.invoices WHERE invoice_id = ANY ($1)', [onlyS1])).length).toBe(0);
    expect((await seen('sales2@demo.local', 'SELECT payment_id FROM app.payments WHERE invoice_id = ANY ($1)', [onlyS1])).length).toBe(0);
    expect((await seen('sales2@demo.local', 'SELECT * FROM app.ar_invoice_outstanding(app.today_jakarta()) WHERE invoice_id = ANY ($1)', [onlyS1])).length).toBe(0);
    // sales.manager2 (another team) neither
    expect((await seen('sales.manager2@demo.local', 'SELECT invoice_id FROM app.invoices WHERE invoice_id = ANY ($1)', [s1])).length).toBe(0);
  });

  it('finance, director and super_admin read every invoice and payment', async () => {
    const all = (await db.admin.query('SELECT count(*)::int AS i, (SELECT count(*)::int FROM app.payments) AS p FROM app.invoices')).rows[0];
    expect(all.i).toBeGreaterThan(20);
    for (const email of ['finance@demo.local', 'director@demo.local', 'admin@demo.local']) {
      const r = await seen(email, 'SELECT (SELECT count(*)::int FROM app.invoices) AS i, (SELECT count(*)::int FROM app.payments) AS p');
      expect(r[0]).toEqual(all);
    }
  });

  it('marketing and operations see nothing of receivables (tables, views, functions)', async () => {
    for (const email of ['mkt.manager@demo.local', 'mkt.staff@demo.local', 'ops.dom@demo.local', 'ops.exi@demo.local']) {
      const r = await seen(email, `SELECT (SELECT count(*)::int FROM app.invoices) AS i, (SELECT count(*)::int FROM app.payments) AS p,
        (SELECT count(*)::int FROM app.v_invoice_outstanding) AS o, (SELECT count(*)::int FROM app.v_ar_aging) AS a,
        (SELECT ar_balance::text FROM app.v_dso_rolling_30) AS b`);
      expect(r[0]).toEqual({ i: 0, p: 0, o: 0, a: 0, b: '0.00' });
    }
  });
});

describe('writing receivables', () => {
  const newInvoice = async (email: string) => {
    const cust = (await db.admin.query('SELECT customer_id FROM app.customers ORDER BY customer_id LIMIT 1')).rows[0].customer_id;
    return asUser(db, u[email], (c) => c.query(
      `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount)
       VALUES ('RLS/' || $1, $2, '2024-01-01', '2024-01-31', 1000) RETURNING invoice_id`, [email, cust]));
  };

  it('only finance and super_admin record invoices and payments (BC403 for every other role)', async () => {
    for (const email of ['finance@demo.local', 'admin@demo.local']) {
      expect((await newInvoice(email)).rows[0].invoice_id).toMatch(/^IV-/);
    }
    const inv = (await db.admin.query(`SELECT invoice_id FROM app.v_invoice_outstanding WHERE outstanding_amount > 10 ORDER BY invoice_id LIMIT 1`)).rows[0].invoice_id;
    for (const email of ['director@demo.local', 'sales.manager@demo.local', 'sales1@demo.local', 'mkt.manager@demo.local', 'ops.dom@demo.local']) {
      await expectSqlState(newInvoice(email), 'BC403');
      await expectSqlState(asUser(db, u[email], (c) => c.query(
        `INSERT INTO app.payments (invoice_id, payment_date, amount, reference) VALUES ($1, app.today_jakarta(), 1, 'X')`, [inv])), 'BC403');
    }
  });

  it('the visible columns are not writable except an invoice\'s notes by finance', async () => {
    const inv = (await db.admin.query(`SELECT invoice_id FROM app.invoices ORDER BY invoice_id LIMIT 1`)).rows[0].invoice_id;
    const ok = await asUser(db, u['finance@demo.local'], (c) => c.query(`UPDATE app.invoices SET notes = 'Dihubungi 2x' WHERE invoice_id = $1 RETURNING notes`, [inv]));
    expect(ok.rows).toEqual([{ notes: 'Dihubungi 2x' }]);
    const dir = await asUser(db, u['director@demo.local'], (c) => c.query(`UPDATE app.invoices SET notes = 'x' WHERE invoice_id = $1`, [inv]));
    expect(dir.rowCount).toBe(0);
    await expectSqlState(asUser(db, u['finance@demo.local'], (c) => c.query(`UPDATE app.invoices SET amount = 1 WHERE invoice_id = $1`, [inv])), '42501');
    await expectSqlState(asUser(db, u['finance@demo.local'], (c) => c.query(`DELETE FROM app.invoices WHERE invoice_id = $1`, [inv])), '42501');
  });
});
