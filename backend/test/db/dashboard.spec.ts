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
