import pg from 'pg';
import { asUser, createTestDatabase, demoUsers, expectSqlState, Session, TestDatabase } from '../helpers/db.js';

/**
 * The dashboard in the database (migrations 0500–0501): invoker rights
 * everywhere (RLS decides every figure), the guards of
 * app.dashboard_summary(), the stale views and their thresholds, and that the
 * dashboard's numbers are the existing formulas (AR/DSO, KPI rules) — not new
 * ones. Reconciliation against the list routes is in test/api/dashboard*.spec.ts.
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

type Home = {
  role: string;
  numbers: { key: string; value: unknown; na_reason: string | null; parts?: { key: string; value: unknown }[] }[];
  charts: { key: string; data: { name: string; value: unknown }[] }[];
  stuck: { key: string; count: number; threshold_days: number }[];
};
const home = (email: string, asOf: string | null = null) =>
  asUser(db, u[email], async (c) => (await c.query<{ s: Home }>('SELECT app.dashboard_summary($1::date) AS s', [asOf])).rows[0].s);
const num = (h: Home, key: string) => h.numbers.find((n) => n.key === key)!;
const one = async <T extends object>(email: string, sql: string, params: unknown[] = []) =>
  asUser(db, u[email], async (c: pg.PoolClient) => (await c.query<T>(sql, params)).rows[0]);

describe('rights', () => {
  it('every dashboard function is SECURITY INVOKER and every new view security_invoker (RLS decides every figure)', async () => {
    const { rows } = await db.admin.query<{ proname: string; prosecdef: boolean; owner: string }>(
      `SELECT p.proname, p.prosecdef, pg_get_userbyid(p.proowner) AS owner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'app' AND (p.proname LIKE 'dash\\_%' OR p.proname LIKE 'dashboard\\_%' OR p.proname IN ('stale_threshold', 'lead_reached_qualified', 'first_response_outcome'))`,
    );
    expect(rows.length).toBeGreaterThan(30);
    for (const r of rows) expect({ fn: r.proname, definer: r.prosecdef, owner: r.owner }).toEqual({ fn: r.proname, definer: false, owner: 'bcc_owner' });
    const views = await db.admin.query<{ relname: string; opts: string[] }>(
      `SELECT c.relname, c.reloptions AS opts FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'app' AND c.relname IN ('v_leads_stale', 'v_prospects_stale', 'v_imports_stale')`,
    );
    expect(views.rows).toHaveLength(3);
    for (const v of views.rows) expect(v.opts).toContain('security_invoker=true');
  });

  it('without claims (or as a deactivated user) there is no home: BC401', async () => {
    await expectSqlState(asUser(db, null, (c) => c.query('SELECT app.dashboard_summary()')), '42501'); // anon may not even call it
    await db.admin.query("UPDATE app.profiles SET is_active = false WHERE email = 'sales2@demo.local'");
    try {
      await expectSqlState(home('sales2@demo.local'), 'BC401');
    } finally {
      await db.admin.query("UPDATE app.profiles SET is_active = true WHERE email = 'sales2@demo.local'");
    }
  });

  it('as_of in the future is refused (BC422); the default is today (Asia/Jakarta)', async () => {
    await expectSqlState(home('director@demo.local', '2999-01-01'), 'BC422');
    const h = (await home('director@demo.local')) as Home & { as_of: string };
    const today = (await db.admin.query<{ d: string }>("SELECT to_char(app.today_jakarta(), 'YYYY-MM-DD') AS d")).rows[0].d;
    expect(h.as_of).toBe(today);
  });

  it('the same SQL gives each role only its own rows: a salesperson\'s AR is their customers\', the director\'s everything', async () => {
    const d = await home('director@demo.local');
    const s1 = await home('sales1@demo.local');
    const s2 = await home('sales2@demo.local');
    const s3 = await home('sales3@demo.local');
    const ar = (h: Home) => Number(num(h, 'ar_outstanding').value);
    expect(ar(s1)).toBeGreaterThan(0);
    expect(ar(s1)).toBeLessThan(ar(d));
    expect(ar(s2)).toBeLessThan(ar(d));
    expect(ar(s3)).toBeLessThan(ar(d));
    const own = await db.admin.query<{ v: string }>(
      `SELECT coalesce(sum(o.outstanding_amount), 0)::numeric(18, 2)::text AS v FROM app.ar_invoice_outstanding(app.today_jakarta()) o
        WHERE EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = o.customer_id AND p.owner_user_id = $1)`,
      [u['sales1@demo.local'].user_id],
    );
    expect(num(s1, 'ar_outstanding').value).toBe(own.rows[0].v);
  });

  it('ops get no CRM/AR figure even when the builders are called directly (RLS returns nothing to them)', async () => {
    const r = await one<{ ar: { ar_outstanding: { value: string } }; leads: { leads_mtd: { value: number } } }>(
      'ops.dom@demo.local', "SELECT app.dash_ar(app.today_jakarta()) AS ar, app.dash_leads(app.today_jakarta() - 365, app.today_jakarta()) AS leads");
    expect(r.ar.ar_outstanding.value).toBe('0.00');
    expect(r.leads.leads_mtd.value).toBe(0);
  });
});

describe('the numbers are the existing formulas', () => {
  it('AR: outstanding = app.ar_balance, overdue % and DSO agree with ar_overdue_pct and dso_rolling_series', async () => {
    const h = await home('finance@demo.local');
    const ref = await one<{ bal: string; pct: string; dso: string; collected: string }>('finance@demo.local',
      `SELECT app.ar_balance(app.today_jakarta())::text AS bal, app.ar_overdue_pct(app.today_jakarta())::text AS pct,
              (SELECT s.dso FROM app.dso_rolling_series(app.today_jakarta(), app.today_jakarta()) s)::text AS dso,
              app.ar_collected(date_trunc('month', app.today_jakarta())::date, app.today_jakarta())::text AS collected`);
    expect(num(h, 'ar_outstanding').value).toBe(ref.bal);
    expect(Math.abs((num(h, 'overdue_pct').value as number) - Number(ref.pct))).toBeLessThanOrEqual(0.05);
    expect(Math.abs((num(h, 'dso_30').value as number) - Number(ref.dso))).toBeLessThanOrEqual(0.05);
    expect(num(h, 'collected_mtd').value).toBe(ref.collected);
    // Aging buckets add up to the outstanding amount to the cent.
    const aging = h.charts.find((c) => c.key === 'aging')!;
    const cents = aging.data.reduce((acc, d) => acc + BigInt(String(d.value).replace('.', '')), 0n);
    expect(cents).toBe(BigInt(String(num(h, 'ar_outstanding').value).replace('.', '')));
  });

  it('marketing: the qualified count is the MKT_QUALIFIED_LEADS rule (same scope → same number)', async () => {
    const asOf = (await db.admin.query<{ d: string }>("SELECT to_char(app.today_jakarta(), 'YYYY-MM-DD') AS d")).rows[0].d;
    const from = `${asOf.slice(0, 8)}01`;
    // The marketing manager's KPI scope (self + team) created every demo lead; the dashboard sees all leads.
    const kpi = await one<{ q: string; n: string }>('mkt.manager@demo.local',
      `SELECT (SELECT actual_value FROM app.kpi_mkt_qualified_leads($1, $2::date, $3::date))::int::text AS q,
              (SELECT actual_value FROM app.kpi_mkt_leads($1, $2::date, $3::date))::int::text AS n`,
      [u['mkt.manager@demo.local'].user_id, from, asOf]);
    const h = await home('mkt.manager@demo.local');
    const rate = num(h, 'qualified_rate');
    expect(rate.parts!.map((p) => String(p.value))).toEqual([kpi.q, kpi.n]);
  });

  it('ops: RFQ turnaround is the KPI actual of the month', async () => {
    const h = await home('ops.dom@demo.local');
    const k = await one<{ v: string | null }>('ops.dom@demo.local',
      `SELECT a.actual_value::text AS v FROM app.dash_kpi_month(app.today_jakarta()) m,
              app.kpi_actual('OPS_RFQ_TURNAROUND_HOURS', $1, m.period_start, m.period_end) a`, [u['ops.dom@demo.local'].user_id]);
    const n = num(h, 'rfq_turnaround_hours');
    expect(n.value === null ? null : Number(n.value)).toBe(k.v === null ? null : Number(k.v));
  });

  it('the first-response trend is v_ticket_first_response_median_daily(_dept) over the window', async () => {
    for (const [email, dept] of [['director@demo.local', null], ['ops.dom@demo.local', 'DOM']] as const) {
      const h = await home(email);
      const series = (h.charts.find((c) => c.key === 'first_response_trend')!.data[0] as unknown as { series: { name: string; value: number }[] }).series;
      const view = dept ? 'app.v_ticket_first_response_median_daily_dept' : 'app.v_ticket_first_response_median_daily';
      const { rows } = await asUser(db, u[email], (c) => c.query<{ name: string; value: string }>(
        `SELECT to_char(v.day, 'YYYY-MM-DD') AS name, round(v.median_first_response_business_minutes / 60, 2)::text AS value
           FROM ${view} v WHERE v.day BETWEEN app.today_jakarta() - 29 AND app.today_jakarta() ${dept ? 'AND v.dept_target = $1' : ''}
          ORDER BY v.day`, dept ? [dept] : []));
      expect(rows.length).toBeGreaterThan(0);
      expect(series.map((p) => [p.name, Number(p.value)])).toEqual(rows.map((r) => [r.name, Number(r.value)]));
    }
  });

  it('KPI by team covers every manager the director may read, with their mean achievement', async () => {
    const h = await home('director@demo.local');
    const chart = h.charts.find((c) => c.key === 'kpi_by_team')!;
    const managers = await db.admin.query<{ full_name: string }>(
      "SELECT full_name FROM app.profiles WHERE role IN ('sales_manager', 'marketing_manager') AND is_active ORDER BY full_name");
    expect(chart.data.map((d) => d.name).sort()).toEqual(managers.rows.map((m) => m.full_name).sort());
  });
});

describe('stuck items', () => {
  it('stale views follow app.stale_thresholds and only list open items', async () => {
    const leads = await one<{ n: string; bad: string }>('director@demo.local',
      "SELECT count(*)::text AS n, count(*) FILTER (WHERE status NOT IN ('NEW', 'QUALIFIED'))::text AS bad FROM app.v_leads_stale");
    expect(Number(leads.n)).toBeGreaterThan(0);
    expect(leads.bad).toBe('0');
    const prospects = await one<{ bad: string }>('director@demo.local',
      "SELECT count(*) FILTER (WHERE stage IN ('WON', 'LOST') OR last_activity_at >= now() - interval '14 days')::text AS bad FROM app.v_prospects_stale");
    expect(prospects.bad).toBe('0');
    await db.admin.query("UPDATE app.stale_thresholds SET threshold = interval '3650 days' WHERE entity = 'lead'");
    try {
      expect((await home('director@demo.local')).stuck.find((s) => s.key === 'stale_leads')!.count).toBe(0);
    } finally {
      await db.admin.query("UPDATE app.stale_thresholds SET threshold = interval '7 days' WHERE entity = 'lead'");
    }
  });

  it('an import that stops progressing becomes stuck after the import threshold, for its importer, finance (its module) and management only', async () => {
    const ins = await db.admin.query<{ import_id: string }>(
      `INSERT INTO app.imports (module, file_name, file_format, file_sha256, status, created_by, created_at, updated_at)
       VALUES ('invoices', 'macet.csv', 'csv', repeat('a', 64), 'STAGED', $1, now() - interval '3 hours', now() - interval '3 hours')
       RETURNING import_id`, [u['finance@demo.local'].user_id]);
    const stuck = async (email: string) => (await home(email)).stuck.find((s) => s.key === 'stale_imports')?.count;
    expect(await stuck('finance@demo.local')).toBe(1);
    expect(await stuck('director@demo.local')).toBe(1);
    expect(await stuck('admin@demo.local')).toBe(1);
    // Not a stuck item of anyone else's home (and not visible to them at all).
    const other = await one<{ n: string }>('mkt.manager@demo.local', 'SELECT count(*)::text AS n FROM app.v_imports_stale');
    expect(other.n).toBe('0');
    await db.admin.query("UPDATE app.imports SET status = 'COMPLETED', updated_at = now() WHERE import_id = $1", [ins.rows[0].import_id]);
    expect(await stuck('finance@demo.local')).toBe(0);
  });
});

describe('AR counters "as of today" (0730) equal the per-invoice formulas', () => {
  const ROLES = ['director@demo.local', 'sales.manager@demo.local', 'sales1@demo.local'];
  const admin = async <T extends object>(sql: string, params: unknown[] = []) => (await db.admin.query<T>(sql, params)).rows;
  /** A statement as the superuser with the write rules off (ALWAYS triggers, like the counters', still run). */
  const raw = async (sql: string, params: unknown[] = []) => {
    const c = await db.admin.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      await c.query(sql, params);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    } finally {
      c.release();
    }
  };
  const fin = () => u['finance@demo.local'];

  /** Counters = their recomputation from the source rows; every AR figure today = the exact per-invoice formula, for every role. */
  async function reconcile(): Promise<void> {
    const diff = await admin<{ what: string; n: number }>(`
      SELECT 'due' AS what, count(*)::int AS n FROM (
        (SELECT due_date, sum(amount - paid_amount) AS v FROM app.ar_invoice_balances WHERE paid_amount < amount GROUP BY 1)
        EXCEPT (SELECT due_date, sum(outstanding) FROM app.ar_open_due_totals GROUP BY 1 HAVING sum(outstanding) <> 0)) x
      UNION ALL SELECT 'due-', count(*)::int FROM (
        (SELECT due_date, sum(outstanding) FROM app.ar_open_due_totals GROUP BY 1 HAVING sum(outstanding) <> 0)
        EXCEPT (SELECT due_date, sum(amount - paid_amount) AS v FROM app.ar_invoice_balances WHERE paid_amount < amount GROUP BY 1)) x
      UNION ALL SELECT 'customer', count(*)::int FROM (
        (SELECT customer_id, sum(amount - paid_amount) AS v, count(*)::int AS n FROM app.ar_invoice_balances WHERE paid_amount < amount GROUP BY 1)
        EXCEPT (SELECT customer_id, outstanding, open_count FROM app.ar_open_customer_totals WHERE open_count > 0)) x
      UNION ALL SELECT 'customer-', count(*)::int FROM (
        (SELECT customer_id, outstanding, open_count FROM app.ar_open_customer_totals WHERE open_count <> 0 OR outstanding <> 0)
        EXCEPT (SELECT customer_id, sum(amount - paid_amount) AS v, count(*)::int AS n FROM app.ar_invoice_balances WHERE paid_amount < amount GROUP BY 1)) x
      UNION ALL SELECT 'invoiced', count(*)::int FROM (
        (SELECT invoice_date, sum(amount) FROM app.invoices GROUP BY 1)
        EXCEPT (SELECT invoice_date, sum(amount) FROM app.ar_daily_invoiced GROUP BY 1 HAVING sum(amount) <> 0)) x
      UNION ALL SELECT 'paid', count(*)::int FROM (
        (SELECT payment_date, sum(amount) FROM app.payments GROUP BY 1)
        EXCEPT (SELECT payment_date, sum(amount) FROM app.ar_daily_paid GROUP BY 1 HAVING sum(amount) <> 0)) x`);
    expect(diff).toEqual(['due', 'due-', 'customer', 'customer-', 'invoiced', 'paid'].map((what) => ({ what, n: 0 })));
    for (const email of ROLES) {
      const r = await one<{ fast: unknown; exact: unknown; home: unknown; exact_home: unknown; pages: unknown; exact_pages: unknown }>(email, `
        WITH t AS (SELECT app.today_jakarta() AS d)
        SELECT (SELECT to_jsonb(s) FROM app.ar_open_summary(t.d) s) AS fast,
               (SELECT jsonb_build_object('outstanding', coalesce(sum(o.outstanding_amount), 0)::numeric(18, 2),
                         'overdue', coalesce(sum(o.outstanding_amount) FILTER (WHERE o.is_overdue), 0)::numeric(18, 2),
                         'current', (SELECT coalesce(sum(a."current"), 0)::numeric(18, 2) FROM app.ar_aging(t.d) a),
                         'days_1_30', (SELECT coalesce(sum(a.days_1_30), 0)::numeric(18, 2) FROM app.ar_aging(t.d) a),
                         'days_31_60', (SELECT coalesce(sum(a.days_31_60), 0)::numeric(18, 2) FROM app.ar_aging(t.d) a),
                         'days_61_90', (SELECT coalesce(sum(a.days_61_90), 0)::numeric(18, 2) FROM app.ar_aging(t.d) a),
                         'days_over_90', (SELECT coalesce(sum(a.days_over_90), 0)::numeric(18, 2) FROM app.ar_aging(t.d) a))
                  FROM app.ar_invoice_outstanding(t.d) o) AS exact,
               jsonb_build_array(app.ar_balance(t.d), app.ar_overdue_pct(t.d), app.ar_credit_sales(t.d - 29, t.d), app.ar_collected(t.d - 29, t.d),
                                 (SELECT jsonb_agg(to_jsonb(s) ORDER BY s.day) FROM app.dso_rolling_series(t.d - 2, t.d) s)) AS home,
               jsonb_build_array(
                 (SELECT coalesce(sum(o.outstanding_amount), 0)::numeric(18, 2) FROM app.ar_invoice_outstanding(t.d) o),
                 (SELECT CASE WHEN coalesce(sum(o.outstanding_amount), 0) > 0
                              THEN round(100 * coalesce(sum(o.outstanding_amount) FILTER (WHERE o.is_overdue), 0) / sum(o.outstanding_amount), 2) END
                    FROM app.ar_invoice_outstanding(t.d) o),
                 (SELECT coalesce(sum(i.amount), 0)::numeric(18, 2) FROM app.invoices i WHERE i.invoice_date BETWEEN t.d - 29 AND t.d),
                 (SELECT coalesce(sum(p.amount), 0)::numeric(18, 2) FROM app.payments p WHERE p.payment_date BETWEEN t.d - 29 AND t.d),
                 (SELECT jsonb_agg(jsonb_build_object('day', g.day, 'ar_balance', b.bal, 'credit_sales_30d', c.cs,
                                                      'dso', CASE WHEN c.cs > 0 THEN round(b.bal / c.cs * 30, 2) END) ORDER BY g.day)
                    FROM generate_series(t.d - 2, t.d, interval '1 day') g0(x)
                   CROSS JOIN LATERAL (SELECT g0.x::date AS day) g
                   CROSS JOIN LATERAL (SELECT coalesce(sum(o.outstanding_amount), 0)::numeric(18, 2) AS bal FROM app.ar_invoice_outstanding(g.day) o) b
                   CROSS JOIN LATERAL (SELECT coalesce(sum(i.amount), 0)::numeric(18, 2) AS cs FROM app.invoices i WHERE i.invoice_date BETWEEN g.day - 29 AND g.day) c)) AS exact_home,
               (SELECT jsonb_build_array(
                  (SELECT jsonb_agg(to_jsonb(x)) FROM app.ar_outstanding_customers(t.d, NULL, NULL, NULL, NULL, NULL, 1000) x),
                  (SELECT jsonb_agg(to_jsonb(x)) FROM app.ar_outstanding_customers(t.d, NULL, true, NULL, NULL, NULL, 2) x),
                  (SELECT jsonb_agg(to_jsonb(x)) FROM app.ar_aging_page(t.d, NULL, NULL, NULL, 1000) x))) AS pages,
               (SELECT jsonb_build_array(
                  (SELECT jsonb_agg(to_jsonb(x)) FROM app.ar_outstanding_customers(t.d - 1 + 1, NULL, NULL, NULL, NULL, NULL, 1000) x),
                  (SELECT jsonb_agg(to_jsonb(x) ORDER BY x.overdue_amount DESC, x.outstanding_amount DESC, x.customer_id DESC) FROM (
                     SELECT o.customer_id, c.company_name, count(*)::int AS invoice_count, (count(*) FILTER (WHERE o.is_overdue))::int AS overdue_invoice_count,
                            sum(o.outstanding_amount)::numeric(18, 2) AS outstanding_amount,
                            coalesce(sum(o.outstanding_amount) FILTER (WHERE o.is_overdue), 0)::numeric(18, 2) AS overdue_amount,
                            max(o.days_past_due)::int AS max_days_past_due, min(o.due_date) FILTER (WHERE o.is_overdue) AS oldest_due_date
                       FROM app.ar_invoice_outstanding(t.d) o LEFT JOIN app.customers c ON c.customer_id = o.customer_id
                      WHERE o.outstanding_amount > 0 GROUP BY o.customer_id, c.company_name
                      HAVING count(*) FILTER (WHERE o.is_overdue) > 0
                      ORDER BY 6 DESC, 5 DESC, 1 DESC LIMIT 2) x),
                  (SELECT jsonb_agg(to_jsonb(a) ORDER BY a.total DESC, a.customer_id DESC) FROM app.ar_aging(t.d) a))) AS exact_pages
          FROM t`);
      expect({ email, v: r.fast }).toEqual({ email, v: r.exact });
      expect({ email, v: r.home }).toEqual({ email, v: r.exact_home });
      const [all, overdue2, aging] = r.pages as unknown[][];
      const [, exactOverdue2, exactAging] = r.exact_pages as unknown[][];
      expect({ email, v: overdue2 }).toEqual({ email, v: exactOverdue2 });
      expect({ email, v: aging }).toEqual({ email, v: exactAging });
      // The outstanding list, page by page (keyset), is the whole list in the same order.
      const paged: unknown[] = await asUser(db, u[email], async (c) => {
        const out: unknown[] = [];
        let after: { overdue_amount: string; outstanding_amount: string; customer_id: string } | null = null;
        for (;;) {
          const rows: { j: unknown; overdue_amount: string; outstanding_amount: string; customer_id: string }[] = (await c.query(
            `SELECT to_jsonb(x) AS j, x.overdue_amount::text, x.outstanding_amount::text, x.customer_id
               FROM app.ar_outstanding_customers(app.today_jakarta(), NULL, NULL, $1::numeric, $2::numeric, $3, 7) x`,
            [after?.overdue_amount ?? null, after?.outstanding_amount ?? null, after?.customer_id ?? null])).rows;
          out.push(...rows.map((x) => x.j));
          if (rows.length < 7) return out;
          after = rows[rows.length - 1];
        }
      });
      expect({ email, v: paged }).toEqual({ email, v: all ?? [] });
    }
  }

  it('after the demo data, inserts, partial and full payments, changed due dates and deletes (also with the write rules off)', async () => {
    await reconcile();
    const cust = (await admin<{ customer_id: string }>(
      'SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = $1 AND p.customer_id IS NOT NULL LIMIT 1', [u['sales1@demo.local'].user_id]))[0].customer_id;
    const ids = await asUser(db, fin(), async (c) => {
      const ins = async (n: string, d: number, due: number, amt: string) => (await c.query<{ invoice_id: string }>(
        `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount)
         VALUES ($1, $2, app.today_jakarta() - $3::int, app.today_jakarta() - $4::int, $5) RETURNING invoice_id`, [n, cust, d, due, amt])).rows[0].invoice_id;
      return [await ins('CNT/1', 40, 35, '1000000.00'), await ins('CNT/2', 10, -20, '250000.50'), await ins('CNT/3', 0, -30, '99.99')];
    }, true);
    await reconcile();
    const pay = (inv: string, amount: string, ref: string, daysAgo = 1) => asUser(db, fin(), (c) => c.query(
      `INSERT INTO app.payments (invoice_id, payment_date, amount, reference) VALUES ($1, app.today_jakarta() - $2::int, $3, $4)`, [inv, daysAgo, amount, ref]), true);
    await pay(ids[0], '400000.00', 'CNT-A', 2);
    await reconcile();
    await pay(ids[0], '600000.00', 'CNT-B', 0); // fully paid: leaves the open counters
    await pay(ids[1], '0.50', 'CNT-C');
    await reconcile();
    // A due date moved and an amount corrected (maintenance with the write rules off), then a payment and an invoice deleted.
    await raw('UPDATE app.invoices SET due_date = app.today_jakarta() - 5, amount = amount + 1 WHERE invoice_id = $1', [ids[1]]);
    await reconcile();
    await raw("DELETE FROM app.payments WHERE reference = 'CNT-B'");
    await reconcile();
    await raw('DELETE FROM app.payments WHERE invoice_id = ANY($1)', [ids]);
    await raw('DELETE FROM app.invoices WHERE invoice_id = ANY($1)', [ids]);
    await reconcile();
  }, 300_000);

  it('past as_of keeps the exact per-invoice path', async () => {
    for (const email of ['director@demo.local', 'sales1@demo.local']) {
      const r = await one<{ fast: unknown; exact: unknown }>(email, `
        WITH t AS (SELECT app.today_jakarta() - 45 AS d)
        SELECT (SELECT jsonb_build_array(s.outstanding, s.overdue, s.days_over_90) FROM app.ar_open_summary(t.d) s) AS fast,
               (SELECT jsonb_build_array(coalesce(sum(o.outstanding_amount), 0)::numeric(18, 2),
                         coalesce(sum(o.outstanding_amount) FILTER (WHERE o.is_overdue), 0)::numeric(18, 2),
                         coalesce(sum(o.outstanding_amount) FILTER (WHERE o.days_past_due > 90), 0)::numeric(18, 2))
                  FROM app.ar_invoice_outstanding(t.d) o) AS exact
          FROM t`);
      expect(r.fast).toEqual(r.exact);
    }
  });

  it('the counters are refused to whoever may not read every invoice (and a salesperson sees only the totals of their customers)', async () => {
    for (const email of ['sales1@demo.local', 'sales.manager@demo.local', 'mkt.manager@demo.local', 'ops.dom@demo.local']) {
      const r = await one<{ due: number; inv: number; paid: number }>(email, `SELECT (SELECT count(*)::int FROM app.ar_open_due_totals) AS due,
        (SELECT count(*)::int FROM app.ar_daily_invoiced) AS inv, (SELECT count(*)::int FROM app.ar_daily_paid) AS paid`);
      expect({ email, ...r }).toEqual({ email, due: 0, inv: 0, paid: 0 });
    }
    expect((await one<{ n: number }>('director@demo.local', 'SELECT count(*)::int AS n FROM app.ar_open_due_totals')).n).toBeGreaterThan(0);
    const s1 = u['sales1@demo.local'].user_id;
    const leak = await one<{ n: number; mine: number }>('sales1@demo.local', `SELECT count(*) FILTER (WHERE NOT EXISTS (
        SELECT 1 FROM app.prospects p WHERE p.customer_id = t.customer_id AND p.owner_user_id = '${s1}'))::int AS n, count(*)::int AS mine
      FROM app.ar_open_customer_totals t`);
    const others = (await admin<{ n: number }>(`SELECT count(*)::int AS n FROM app.ar_open_customer_totals t WHERE NOT EXISTS (
        SELECT 1 FROM app.prospects p WHERE p.customer_id = t.customer_id AND p.owner_user_id = '${s1}')`))[0].n;
    expect(leak.n).toBe(0);
    expect(others).toBeGreaterThan(0); // there is something to leak
    // Nobody writes them directly.
    await expectSqlState(asUser(db, fin(), (c) => c.query('UPDATE app.ar_open_customer_totals SET outstanding = 0')), '42501');
    await expectSqlState(asUser(db, fin(), (c) => c.query('INSERT INTO app.ar_daily_paid (payment_date, slot, amount) VALUES (current_date, 9, 1)')), '42501');
  });
});
