import pg from 'pg';
import { asUser, createTestDatabase, demoUsers, expectSqlState, Session, TestDatabase } from '../helpers/db.js';

/**
 * AR/DSO formulas of metrics.md with hand-computed fixtures, against a real
 * PostgreSQL. The demo receivables are wiped first so every figure below is
 * computed from the rows of this file only (dates in 2024, always in the past).
 */
let db: TestDatabase;
let u: Record<string, Session & { email: string }>;
let fin: Session;

beforeAll(async () => {
  db = await createTestDatabase('demo');
  u = await demoUsers(db);
  fin = u['finance@demo.local'];
  const c = await db.admin.connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL session_replication_role = replica'); // payments are append-only for every role: bypass the trigger to wipe
    await c.query('DELETE FROM app.payments');
    await c.query('DELETE FROM app.invoices');
    await c.query('COMMIT');
  } finally {
    c.release();
  }
});
afterAll(async () => {
  await db.drop();
});

let seq = 0;
async function customer(name = `PT Uji ${++seq}`): Promise<string> {
  const { rows } = await db.admin.query(`INSERT INTO app.customers (company_name) VALUES ($1) RETURNING customer_id`, [name]);
  return rows[0].customer_id;
}
async function invoice(customerId: string, invoiceDate: string, dueDate: string, amount: string, who: Session = fin): Promise<string> {
  return asUser(db, who, async (c) => (await c.query(
    `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount) VALUES ($1, $2, $3, $4, $5) RETURNING invoice_id`,
    [`T/${++seq}`, customerId, invoiceDate, dueDate, amount])).rows[0].invoice_id, true);
}
async function pay(invoiceId: string, date: string, amount: string, ref = `REF-${++seq}`, who: Session = fin): Promise<string> {
  return asUser(db, who, async (c) => (await c.query(
    `INSERT INTO app.payments (invoice_id, payment_date, amount, reference) VALUES ($1, $2, $3, $4) RETURNING payment_id`,
    [invoiceId, date, amount, ref])).rows[0].payment_id, true);
}
const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> => (await db.admin.query(sql, params)).rows[0] as T;

/** An open transaction as a user, for interleaving two sessions by hand. */
async function session(who: Session): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: db.apiUrl });
  await c.connect();
  await c.query('BEGIN');
  await c.query("SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)", [
    JSON.stringify({ sub: who.user_id, role: 'authenticated', app_role: who.role, dept_code: who.dept_code, via: 'jwt' }),
  ]);
  return c;
}

describe('outstanding and aging buckets', () => {
  const asOf = '2024-06-30';
  let cust: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    cust = await customer('PT Aging Batas');
    // due date relative to as_of → expected bucket; amounts unique to the cent
    const plan: [string, string, string][] = [
      ['due_in_10', '2024-07-10', '100.01'],  // current (not yet due)
      ['due_today', '2024-06-30', '200.02'],  // current: due today is not overdue
      ['dpd_1', '2024-06-29', '300.03'],      // 1–30
      ['dpd_30', '2024-05-31', '400.04'],     // 1–30
      ['dpd_31', '2024-05-30', '500.05'],     // 31–60
      ['dpd_60', '2024-05-01', '600.06'],     // 31–60
      ['dpd_61', '2024-04-30', '700.07'],     // 61–90
      ['dpd_90', '2024-04-01', '800.08'],     // 61–90
      ['dpd_91', '2024-03-31', '900.09'],     // over 90
      ['paid', '2024-03-01', '1000.10'],      // fully paid: not outstanding
    ];
    for (const [k, due, amt] of plan) ids[k] = await invoice(cust, '2024-01-15', due, amt);
    await pay(ids.dpd_31, '2024-06-01', '100.01');       // partial, before as_of: outstanding 400.04
    await pay(ids.dpd_91, '2024-06-30', '0.09');         // on as_of itself: counts → 900.00
    await pay(ids.dpd_61, '2024-07-01', '700.07');       // after as_of: not yet at as_of
    await pay(ids.paid, '2024-02-01', '600.00');
    await pay(ids.paid, '2024-02-15', '400.10');
  });

  it('outstanding, overdue, days past due and status per invoice at the as-of date', async () => {
    const { rows } = await db.admin.query(
      `SELECT invoice_id, paid_amount, outstanding_amount, is_overdue, days_past_due, status FROM app.ar_invoice_outstanding($1) WHERE customer_id = $2`,
      [asOf, cust]);
    const by = Object.fromEntries(rows.map((r) => [Object.keys(ids).find((k) => ids[k] === r.invoice_id), r]));
    expect(by.due_in_10).toEqual(expect.objectContaining({ outstanding_amount: '100.01', is_overdue: false, days_past_due: 0, status: 'OPEN' }));
    expect(by.due_today).toEqual(expect.objectContaining({ is_overdue: false, days_past_due: 0, status: 'OPEN' }));
    expect(by.dpd_1).toEqual(expect.objectContaining({ is_overdue: true, days_past_due: 1, status: 'OVERDUE' }));
    expect(by.dpd_30.days_past_due).toBe(30);
    expect(by.dpd_31).toEqual(expect.objectContaining({ paid_amount: '100.01', outstanding_amount: '400.04', days_past_due: 31, status: 'OVERDUE' }));
    expect(by.dpd_60.days_past_due).toBe(60);
    expect(by.dpd_61).toEqual(expect.objectContaining({ paid_amount: '0.00', outstanding_amount: '700.07', days_past_due: 61 }));
    expect(by.dpd_90.days_past_due).toBe(90);
    expect(by.dpd_91).toEqual(expect.objectContaining({ outstanding_amount: '900.00', days_past_due: 91 }));
    expect(by.paid).toEqual(expect.objectContaining({ paid_amount: '1000.10', outstanding_amount: '0.00', is_overdue: false, days_past_due: 0, status: 'PAID' }));
    // the July payment counts once July is reached
    const later = await one(`SELECT outstanding_amount, status FROM app.ar_invoice_outstanding('2024-07-01') WHERE invoice_id = $1`, [ids.dpd_61]);
    expect(later).toEqual({ outstanding_amount: '0.00', status: 'PAID' });
    // before its invoice date an invoice is not in the books at all
    expect((await db.admin.query(`SELECT 1 FROM app.ar_invoice_outstanding('2024-01-14') WHERE customer_id = $1`, [cust])).rowCount).toBe(0);
  });

  it('puts every boundary day in its bucket, and the buckets add up to the outstanding to the cent', async () => {
    const aging = await one(`SELECT * FROM app.ar_aging($1, $2)`, [asOf, cust]);
    expect(aging).toEqual({
      customer_id: cust,
      company_name: 'PT Aging Batas',
      current: '300.03',        // 100.01 + 200.02
      days_1_30: '700.07',      // 300.03 + 400.04
      days_31_60: '1000.10',    // 400.04 + 600.06
      days_61_90: '1500.15',    // 700.07 + 800.08
      days_over_90: '900.00',
      total: '4400.35',
    });
    const sum = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'].reduce((s, k) => s + Math.round(Number(aging[k as keyof typeof aging]) * 100), 0);
    expect(sum).toBe(440035);
    const out = await one<{ s: string }>(`SELECT sum(outstanding_amount)::text AS s FROM app.ar_invoice_outstanding($1) WHERE customer_id = $2`, [asOf, cust]);
    expect(out.s).toBe('4400.35');
  });

  it('overdue % and collected', async () => {
    // overdue at as_of = 4400.35 − 300.03 current = 4100.32 → 4100.32 / 4400.35 = 93.18 %
    const pct = await one<{ p: string }>(`SELECT app.ar_overdue_pct($1) AS p`, [asOf]);
    expect(pct.p).toBe('93.18');
    const collected = await one<{ c: string }>(`SELECT app.ar_collected('2024-06-01', '2024-06-30') AS c`);
    expect(collected.c).toBe('100.10'); // 100.01 + 0.09; the July payment is outside
  });
});

describe('rolling 30-day DSO', () => {
  beforeAll(async () => {
    const cust = await customer('PT DSO Jendela');
    const i1 = await invoice(cust, '2023-03-01', '2023-03-31', '30000.00');
    const i2 = await invoice(cust, '2023-03-20', '2023-04-19', '60000.00');
    await pay(i1, '2023-03-15', '10000.00');
    // settled after the days under test, so later fixtures start from a zero balance
    await pay(i1, '2023-06-01', '20000.00');
    await pay(i2, '2023-06-01', '60000.00');
  });

  it.each([
    // day,         AR,         window sales, DSO
    ['2023-02-15', '0.00', '0.00', null],        // before anything: NA, never 0
    ['2023-03-30', '80000.00', '90000.00', '26.67'], // window 03-01 … 03-30 holds both invoices
    ['2023-03-31', '80000.00', '60000.00', '40.00'], // 03-01 drops out of the window on day 31
    ['2023-04-18', '80000.00', '60000.00', '40.00'], // last day that still sees 03-20
    ['2023-04-19', '80000.00', '0.00', null],        // window 03-21 … 04-19 has no credit sales: NA
  ])('at %s: AR %s, credit sales %s → DSO %s', async (day, ar, sales, dso) => {
    const r = await one(`SELECT ar_balance, credit_sales_30d, dso FROM app.dso_rolling_series($1, $1)`, [day]);
    expect(r).toEqual({ ar_balance: ar, credit_sales_30d: sales, dso });
  });

  it('has one row for every day, and its AR balance equals Σ outstanding at each day', async () => {
    const { rows } = await db.admin.query(
      `SELECT s.day::text AS day, s.ar_balance, app.ar_balance(s.day) AS direct, app.ar_credit_sales(s.day - 29, s.day) AS sales, s.credit_sales_30d
         FROM app.dso_rolling_series('2023-02-25', '2023-04-25') s`);
    expect(rows).toHaveLength(60);
    expect(rows[0].day).toBe('2023-02-25');
    expect(rows[59].day).toBe('2023-04-25');
    for (const r of rows) {
      expect(r.ar_balance).toBe(r.direct);
      expect(r.credit_sales_30d).toBe(r.sales);
    }
  });

  it('the view for today holds today\'s row', async () => {
    const r = await one(`SELECT day = app.today_jakarta() AS today, dso IS NULL OR dso >= 0 AS sane FROM app.v_dso_rolling_30`);
    expect(r).toEqual({ today: true, sane: true });
  });
});

describe('countback DSO', () => {
  it('the fixture of metrics.md: AR 212,000 over sales 100,000 / 80,000 / 70,000 in 30-day months → 73.7 days', async () => {
    const r = await one<{ d: string }>(`SELECT app.dso_countback_calc(212000, ARRAY[100000, 80000, 70000]::numeric[], ARRAY[30, 30, 30]) AS d`);
    expect(r.d).toBe('73.71'); // 30 + 30 + 32/70 × 30
    expect(Number(r.d).toFixed(1)).toBe('73.7');
  });

  it('edges: nothing outstanding is 0 days; a balance the months cannot cover is NA', async () => {
    expect((await one(`SELECT app.dso_countback_calc(0, ARRAY[100]::numeric[], ARRAY[30]) AS d`)).d).toBe('0');
    expect((await one(`SELECT app.dso_countback_calc(100, ARRAY[100]::numeric[], ARRAY[31]) AS d`)).d).toBe('31.00');
    expect((await one(`SELECT app.dso_countback_calc(500, ARRAY[100, 100]::numeric[], ARRAY[30, 30]) AS d`)).d).toBeNull();
    expect((await one(`SELECT app.dso_countback_calc(50, ARRAY[0, 100]::numeric[], ARRAY[30, 31]) AS d`)).d).toBe('45.50');
  });

  it('walks calendar months back from the as-of date', async () => {
    const cust = await customer('PT Countback');
    const jun = await invoice(cust, '2022-06-10', '2022-07-10', '100000.00'); // June (30 days)
    const may = await invoice(cust, '2022-05-10', '2022-06-09', '80000.00');  // May (31 days)
    const apr = await invoice(cust, '2022-04-10', '2022-05-10', '70000.00'); // April (30 days)
    const mar = await invoice(cust, '2022-03-10', '2022-04-09', '50000.00');
    await pay(mar, '2022-04-01', '50000.00');
    await pay(apr, '2022-06-15', '38000.00');
    await pay(apr, '2022-07-01', '32000.00'); // after the as-of date: does not count there
    expect((await one(`SELECT app.ar_balance('2022-06-30') AS b`)).b).toBe('212000.00');
    // 30 (June) + 31 (May) + 32,000 / 70,000 × 30 (April) = 74.71
    expect((await one(`SELECT app.dso_countback('2022-06-30') AS d`)).d).toBe('74.71');
    await pay(jun, '2022-07-01', '100000.00');
    await pay(may, '2022-07-01', '80000.00');
    expect((await one(`SELECT app.ar_balance('2022-07-01') AS b`)).b).toBe('0.00');
    expect((await one(`SELECT app.dso_countback('2022-07-01') AS d`)).d).toBe('0');
  });
});

describe('payments: overpayment is refused, also under concurrency', () => {
  let cust: string;
  beforeAll(async () => {
    cust = await customer('PT Bayar');
  });

  it('refuses a payment above the outstanding amount (BC422 naming the field); the exact rest is fine', async () => {
    const inv = await invoice(cust, '2024-02-01', '2024-03-01', '1000.00');
    await pay(inv, '2024-02-10', '400.00');
    const err = await pay(inv, '2024-02-11', '600.01').catch((e) => e);
    expect(err.code).toBe('BC422');
    expect(JSON.parse(err.detail).errors[0].field).toBe('amount');
    expect(err.message).toContain('Rp 600');
    await pay(inv, '2024-02-12', '600.00');
    expect(await one(`SELECT outstanding_amount, status FROM app.v_invoice_outstanding WHERE invoice_id = $1`, [inv])).toEqual({ outstanding_amount: '0.00', status: 'PAID' });
    await expectSqlState(pay(inv, '2024-02-13', '0.01'), 'BC422');
  });

  it('two concurrent payments that together overpay: exactly one is refused, outstanding never negative', async () => {
    const inv = await invoice(cust, '2024-02-01', '2024-03-01', '1000.00');
    const a = await session(fin);
    const b = await session(fin);
    try {
      await a.query(`INSERT INTO app.payments (invoice_id, payment_date, amount, reference) VALUES ($1, '2024-02-20', 600, 'A')`, [inv]);
      // b waits for a's lock on the invoice row …
      const bInsert = b.query(`INSERT INTO app.payments (invoice_id, payment_date, amount, reference) VALUES ($1, '2024-02-20', 600, 'B')`, [inv]).then(
        () => 'ok', (e: { code: string }) => e.code);
      await new Promise((r) => setTimeout(r, 200));
      await a.query('COMMIT');
      // … and then sees a's payment.
      expect(await bInsert).toBe('BC422');
      await b.query('ROLLBACK');
    } finally {
      await a.end();
      await b.end();
    }
    expect(await one(`SELECT paid_amount, outstanding_amount FROM app.v_invoice_outstanding WHERE invoice_id = $1`, [inv])).toEqual({ paid_amount: '600.00', outstanding_amount: '400.00' });
  });

  it('ten parallel payments of 20 % each: five succeed, the rest are refused, the invoice ends at exactly 0', async () => {
    const inv = await invoice(cust, '2024-02-01', '2024-03-01', '500.00');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pay(inv, '2024-02-21', '100.00', `P${i}`).then(() => 'ok', (e) => e.code)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(5);
    expect(results.filter((r) => r !== 'ok').every((r) => r === 'BC422')).toBe(true);
    expect(await one(`SELECT outstanding_amount FROM app.v_invoice_outstanding WHERE invoice_id = $1`, [inv])).toEqual({ outstanding_amount: '0.00' });
    const neg = await one<{ n: number }>(`SELECT count(*)::int AS n FROM app.ar_invoice_outstanding(app.today_jakarta()) WHERE outstanding_amount < 0`);
    expect(neg.n).toBe(0);
  });

  it('a reference is unique per invoice (409) but may repeat on another invoice; payments are never changed', async () => {
    const i1 = await invoice(cust, '2024-02-01', '2024-03-01', '1000.00');
    const i2 = await invoice(cust, '2024-02-01', '2024-03-01', '1000.00');
    const p = await pay(i1, '2024-02-10', '100.00', 'BCA-1');
    const dup = await pay(i1, '2024-02-11', '100.00', 'BCA-1').catch((e) => e);
    expect(dup.code).toBe('BC409');
    expect(JSON.parse(dup.detail).errors[0].field).toBe('reference');
    await pay(i2, '2024-02-10', '100.00', 'BCA-1');
    await expectSqlState(asUser(db, fin, (c) => c.query(`UPDATE app.payments SET amount = 1 WHERE payment_id = $1`, [p])), '42501');
    await expectSqlState(db.admin.query(`DELETE FROM app.payments WHERE payment_id = $1`, [p]), 'BC409');
  });

  it('refuses payments before the invoice date, in the future, on unknown invoices', async () => {
    const inv = await invoice(cust, '2024-02-01', '2024-03-01', '1000.00');
    const before = await pay(inv, '2024-01-31', '1.00').catch((e) => e);
    expect(before.code).toBe('BC422');
    expect(JSON.parse(before.detail).errors).toEqual([{ field: 'payment_date', message: 'is before the invoice date' }]);
    const future = await pay(inv, '2999-01-01', '1.00').catch((e) => e);
    expect(JSON.parse(future.detail).errors).toEqual([{ field: 'payment_date', message: 'cannot be in the future' }]);
    const unknown = await pay('IV-1999-000001', '2024-02-01', '1.00').catch((e) => e);
    expect(JSON.parse(unknown.detail).errors).toEqual([{ field: 'invoice_id', message: 'unknown invoice' }]);
  });
});

describe('invoice rules', () => {
  it('unique accounting number (409 naming the field), due date not before invoice date, amount > 0, IDR, no future dates', async () => {
    const cust = await customer();
    const ins = (n: string, d: string, due: string, amt: string, cur = 'IDR') => asUser(db, fin, (c) => c.query(
      `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount, currency) VALUES ($1, $2, $3, $4, $5, $6) RETURNING invoice_id`,
      [n, cust, d, due, amt, cur]), true);
    const ok = await ins('  ACC/001  ', '2024-01-01', '2024-01-01', '1');
    expect(ok.rows[0].invoice_id).toMatch(/^IV-\d{4}-\d{6}$/);
    expect((await one(`SELECT invoice_number FROM app.invoices WHERE invoice_id = $1`, [ok.rows[0].invoice_id])).invoice_number).toBe('ACC/001');
    const dup = await ins('ACC/001', '2024-01-01', '2024-01-01', '1').catch((e) => e);
    expect(dup.code).toBe('BC409');
    expect(JSON.parse(dup.detail).errors[0].field).toBe('invoice_number');
    const bad = await ins('ACC/002', '2024-01-10', '2024-01-09', '0', 'USD').catch((e) => e);
    expect(bad.code).toBe('BC422');
    expect(JSON.parse(bad.detail).errors.map((e: { field: string }) => e.field).sort()).toEqual(['amount', 'currency', 'due_date']);
    const fut = await ins('ACC/003', '2999-01-01', '2999-01-01', '1').catch((e) => e);
    expect(JSON.parse(fut.detail).errors[0].field).toBe('invoice_date');
    const unknown = await asUser(db, fin, (c) => c.query(
      `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount) VALUES ('ACC/004', 'CU-1999-000001', '2024-01-01', '2024-01-01', 1)`)).catch((e) => e);
    expect(JSON.parse(unknown.detail).errors).toEqual([{ field: 'customer_id', message: 'unknown customer' }]);
    await expectSqlState(asUser(db, fin, (c) => c.query(
      `INSERT INTO app.invoices (invoice_id, invoice_number, customer_id, invoice_date, due_date, amount) VALUES ('IV-X', 'ACC/005', $1, '2024-01-01', '2024-01-01', 1)`, [cust])), '42501');
  });

  it('every invoice and payment leaves an audit row by its author', async () => {
    const cust = await customer();
    const inv = await invoice(cust, '2024-03-01', '2024-03-31', '10.00');
    const p = await pay(inv, '2024-03-02', '5.00');
    const { rows } = await db.admin.query(
      `SELECT table_name, action, changed_by FROM app.audit_logs WHERE (table_name, record_id) IN (('invoices', $1), ('payments', $2)) ORDER BY table_name`, [inv, p]);
    expect(rows).toEqual([
      { table_name: 'invoices', action: 'INSERT', changed_by: fin.user_id },
      { table_name: 'payments', action: 'INSERT', changed_by: fin.user_id },
    ]);
  });
});

describe('collection ticket', () => {
  it('finance opens a general_request to FIN generated from the overdue invoices', async () => {
    const cust = await customer('PT Tagih Segera');
    const today = (await one<{ d: string }>(`SELECT app.today_jakarta()::text AS d`)).d;
    const old = await invoice(cust, '2024-01-01', '2024-01-31', '1500000.00');
    await pay(old, '2024-02-01', '500000.00');
    await invoice(cust, today, today, '999.00'); // due today: not overdue, not listed
    const id = await asUser(db, fin, async (c) => (await c.query(`SELECT app.dso_create_collection_ticket($1) AS id`, [cust])).rows[0].id, true);
    const t = await one(`SELECT ticket_type, dept_target, related_customer_id, created_by, subject, description, priority, ticket_status FROM app.tickets WHERE ticket_id = $1`, [id]);
    expect(t).toMatchObject({ ticket_type: 'general_request', dept_target: 'FIN', related_customer_id: cust, created_by: fin.user_id, priority: 'urgent', ticket_status: 'OPEN' });
    expect(t.subject).toBe('Penagihan PT Tagih Segera: 1 faktur lewat jatuh tempo (Rp 1.000.000)');
    expect(t.description).toContain('T/');
    expect(t.description).toContain('sisa Rp 1.000.000 dari Rp 1.500.000');
    expect(t.description).not.toContain('Rp 999');
  });

  it('refuses customers without overdue invoices (422), invisible customers (404) and roles without receivables (403)', async () => {
    const cust = await customer('PT Lancar');
    await expectSqlState(asUser(db, fin, (c) => c.query(`SELECT app.dso_create_collection_ticket($1)`, [cust])), 'BC422');
    await expectSqlState(asUser(db, fin, (c) => c.query(`SELECT app.dso_create_collection_ticket('CU-1999-000001')`)), 'BC404');
    await expectSqlState(asUser(db, u['sales1@demo.local'], (c) => c.query(`SELECT app.dso_create_collection_ticket($1)`, [cust])), 'BC404');
    for (const email of ['director@demo.local', 'ops.dom@demo.local', 'mkt.manager@demo.local']) {
      await expectSqlState(asUser(db, u[email], (c) => c.query(`SELECT app.dso_create_collection_ticket($1)`, [cust])), 'BC403');
    }
  });
});
