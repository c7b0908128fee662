import { parse } from 'csv-parse/sync';
import { createTestApp, TestApp } from '../helpers/app.js';
import { checkables, fetchAll, reconcile, type Summary } from '../helpers/dashboard-drill.js';

/**
 * GET /api/dashboard/summary on the demo data: the shape of every role's home,
 * reconciliation of every number with the rows of its drill-down (as the same
 * user), RLS seen from the refused side, validation.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const uid: Record<string, string> = {};

async function as(who: string): Promise<{ authorization: string }> {
  tokens[who] ??= (await t.login(`${who}@demo.local`)).access_token;
  return { authorization: `Bearer ${tokens[who]}` };
}
async function summary(who: string, asOf?: string): Promise<Summary> {
  const res = await t.http().get('/api/dashboard/summary').query(asOf ? { as_of: asOf } : {}).set(await as(who));
  expect(res.status).toBe(200);
  return res.body;
}
/** The figures of a summary without the bookkeeping (generated_at). */
function figures(s: Summary) {
  return { numbers: s.numbers, charts: s.charts, stuck: s.stuck };
}

const DEMO = ['admin', 'director', 'mkt.manager', 'mkt.staff', 'sales.manager', 'sales1', 'sales2', 'sales.manager2', 'sales3', 'ops.dom', 'ops.exi', 'finance'];

const KEYS: Record<string, { numbers: string[]; charts: string[]; stuck: string[] }> = {
  director: {
    numbers: ['revenue_mtd', 'ar_outstanding', 'overdue_pct', 'dso_30', 'leads_mtd', 'sla_compliance'],
    charts: ['dso_trend', 'leads_by_channel', 'lead_funnel', 'first_response_trend', 'kpi_by_team'],
    stuck: ['stale_leads', 'stale_prospects', 'stale_tickets', 'stale_imports'],
  },
  super_admin: {
    numbers: ['revenue_mtd', 'ar_outstanding', 'overdue_pct', 'dso_30', 'leads_mtd', 'sla_compliance', 'imports_failed', 'imports_open'],
    charts: ['dso_trend', 'leads_by_channel', 'lead_funnel', 'first_response_trend', 'kpi_by_team'],
    stuck: ['stale_leads', 'stale_prospects', 'stale_tickets', 'stale_imports'],
  },
  marketing_manager: { numbers: ['leads_mtd', 'qualified_rate', 'spend_mtd', 'cpl_mtd'], charts: ['leads_by_channel', 'spend_by_channel'], stuck: ['stale_leads'] },
  marketing_staff: { numbers: ['leads_mtd', 'qualified_rate', 'spend_mtd', 'cpl_mtd'], charts: ['leads_by_channel', 'spend_by_channel'], stuck: ['stale_leads'] },
  sales_manager: {
    numbers: ['pipeline_open', 'activities_mtd', 'revenue_mtd', 'ar_outstanding', 'ar_overdue'],
    charts: ['pipeline_by_stage', 'kpi_by_member'],
    stuck: ['stale_prospects', 'stale_leads'],
  },
  salesperson: {
    numbers: ['pipeline_open', 'activities_mtd', 'ar_outstanding', 'ar_overdue', 'kpi_achievement'],
    charts: ['pipeline_by_stage', 'kpi_progress'],
    stuck: ['stale_prospects', 'stale_tickets'],
  },
  ops: {
    numbers: ['queue_open', 'queue_at_risk', 'queue_breached', 'rfq_open', 'rfq_at_risk', 'rfq_breached', 'rfq_turnaround_hours'],
    charts: ['queue_by_status', 'first_response_trend'],
    stuck: ['stale_tickets'],
  },
  finance: {
    numbers: ['ar_outstanding', 'ar_overdue', 'overdue_pct', 'dso_30', 'collected_mtd', 'overdue_customers', 'imports_recent'],
    charts: ['aging', 'dso_trend'],
    stuck: ['stale_imports', 'stale_tickets'],
  },
};

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.admin.query<{ email: string; user_id: string }>('SELECT email, user_id FROM app.profiles');
  for (const r of rows) uid[r.email.replace('@demo.local', '')] = r.user_id;
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/dashboard/summary: shape', () => {
  it.each(DEMO)('%s gets the home of their role, every number with a drill or parts', async (who) => {
    const s = await summary(who);
    const keys = KEYS[s.role];
    expect(keys).toBeDefined();
    expect(s.numbers.map((n) => n.key)).toEqual(keys.numbers);
    expect(s.charts.map((c) => c.key)).toEqual(keys.charts);
    expect(s.stuck.map((x) => x.key)).toEqual(keys.stuck);
    expect(s.period.to).toBe(s.as_of);
    expect(s.period.from).toBe(`${s.as_of.slice(0, 8)}01`);
    for (const n of s.numbers) {
      expect(['idr', 'count', 'percent', 'days', 'hours']).toContain(n.unit);
      // NA is null with a reason, never a made-up 0; money is a decimal string; counts are integers.
      if (n.value === null) expect(n.na_reason).toEqual(expect.any(String));
      else if (n.unit === 'idr') expect(n.value).toMatch(/^-?\d+\.\d{2}$/);
      else if (n.unit === 'count') expect(Number.isInteger(n.value)).toBe(true);
      else expect(typeof n.value).toBe('number');
      expect(!!n.drill !== !!n.parts).toBe(true);
      for (const d of [n.drill, ...(n.parts ?? []).map((p) => p.drill)]) {
        if (!d) continue;
        expect(d.api).toMatch(/^\/api\//);
        expect(d.route).toMatch(/^\//);
        for (const v of Object.values(d.query)) expect(typeof v).toBe('string');
      }
    }
    for (const st of s.stuck) {
      expect(Number.isInteger(st.count)).toBe(true);
      expect(st.threshold_days).toBeGreaterThan(0);
    }
  });

  it('the stale thresholds come from app.stale_thresholds (changing one changes the home)', async () => {
    const before = (await summary('director')).stuck.find((x) => x.key === 'stale_prospects')!;
    expect(before.threshold_days).toBe(14);
    await t.db.admin.query("UPDATE app.stale_thresholds SET threshold = interval '400 days' WHERE entity = 'prospect'");
    try {
      const after = (await summary('director')).stuck.find((x) => x.key === 'stale_prospects')!;
      expect(after.threshold_days).toBe(400);
      expect(after.count).toBeLessThan(before.count);
    } finally {
      await t.db.admin.query("UPDATE app.stale_thresholds SET threshold = interval '14 days' WHERE entity = 'prospect'");
    }
  });
});

describe('reconciliation: every number equals the rows of its drill-down (demo data)', () => {
  it.each(DEMO)('%s: every number, part, chart datum and stuck item', async (who) => {
    const s = await summary(who);
    const r = await reconcile(t, await as(who), s);
    expect(r.mismatches).toEqual([]);
    expect(r.checked).toBeGreaterThan(0);
  });

  it('drill-downs are not trivially empty: the director\'s AR, revenue and leads have rows', async () => {
    const s = await summary('director');
    const byKey = Object.fromEntries(s.numbers.map((n) => [n.key, n]));
    expect(Number(byKey.ar_outstanding.value)).toBeGreaterThan(0);
    expect(Number(byKey.revenue_mtd.value)).toBeGreaterThan(0);
    expect(byKey.overdue_pct.value).toEqual(expect.any(Number));
    expect(byKey.dso_30.value).toEqual(expect.any(Number));
    expect(checkables(s).length).toBeGreaterThan(20);
  });

  it('the reconciliation is not vacuous: a tampered number, part, datum or stuck count is caught', async () => {
    const s = await summary('director');
    const tampered: Summary = JSON.parse(JSON.stringify(s));
    tampered.numbers.find((n) => n.key === 'ar_outstanding')!.value = '1.00';
    tampered.numbers.find((n) => n.key === 'dso_30')!.parts![1].value = '2.00';
    tampered.charts.find((c) => c.key === 'lead_funnel')!.data[0].value = 99999;
    tampered.stuck[0].count += 1;
    const r = await reconcile(t, await as('director'), tampered);
    expect(r.mismatches.some((m) => m.includes('numbers.ar_outstanding:'))).toBe(true);
    expect(r.mismatches.some((m) => m.includes('numbers.dso_30.parts.credit_sales_30d'))).toBe(true);
    expect(r.mismatches.some((m) => m.includes('numbers.dso_30: value'))).toBe(true); // the ratio no longer matches its parts
    expect(r.mismatches.some((m) => m.includes('charts.lead_funnel.leads'))).toBe(true);
    expect(r.mismatches.some((m) => m.includes(`stuck.${s.stuck[0].key}`))).toBe(true);
  });

  it('a past as_of reconciles too (AR and periods as of that day)', async () => {
    const past = (await t.db.admin.query<{ d: string }>("SELECT to_char(app.today_jakarta() - 45, 'YYYY-MM-DD') AS d")).rows[0].d;
    for (const who of ['director', 'finance', 'sales1', 'mkt.manager']) {
      const s = await summary(who, past);
      expect(s.as_of).toBe(past);
      const r = await reconcile(t, await as(who), s);
      expect(r.mismatches).toEqual([]);
    }
    const now = await summary('finance');
    const then = await summary('finance', past);
    expect(then.numbers.find((n) => n.key === 'ar_outstanding')!.value).not.toEqual(now.numbers.find((n) => n.key === 'ar_outstanding')!.value);
  });
});

describe('exports inherit the drill filters', () => {
  function collect(res: { on(event: string, fn: (chunk: Buffer) => void): unknown }, cb: (err: Error | null, body: Buffer) => void): void {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  }

  it.each([['finance', 'ar_overdue'], ['director', 'stale_leads'], ['director', 'sla_met'], ['sales.manager', 'pipeline_open'], ['ops.dom', 'queue_open']])(
    '%s: the CSV export of the %s drill has exactly the rows of the list',
    async (who, key) => {
      const s = await summary(who);
      const c = checkables(s).find((x) => x.path.endsWith(`.${key}`))!;
      expect(c).toBeDefined();
      const exportUrl = c.drill.api.replace(/\/?$/, '/export');
      const res = await t.http().get(exportUrl).query({ ...c.drill.query, format: 'csv' }).set(await as(who))
        .buffer(true).parse((r, cb) => collect(r, cb));
      expect(res.status).toBe(200);
      const [, ...rows] = parse(res.body as Buffer, { bom: true }) as string[][];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBe((await fetchAll(t, await as(who), c.drill)).length);
    },
  );
});

describe('RLS: a home never includes rows its user may not see', () => {
  it('sales1\'s numbers do not move when sales3 gets new invoices, payments and prospects; sales3\'s do', async () => {
    const s1Before = figures(await summary('sales1'));
    const s3Before = await summary('sales3');
    const mgrBefore = figures(await summary('sales.manager'));
    // A customer only sales3 owns a prospect of.
    const { rows } = await t.db.admin.query<{ customer_id: string }>(
      `SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = $1
          AND NOT EXISTS (SELECT 1 FROM app.prospects o WHERE o.customer_id = p.customer_id AND o.owner_user_id IS DISTINCT FROM $1 AND o.owner_user_id IS NOT NULL)
        ORDER BY 1 LIMIT 1`,
      [uid.sales3],
    );
    const cust = rows[0].customer_id;
    const today = (await t.db.admin.query<{ d: string }>("SELECT to_char(app.today_jakarta(), 'YYYY-MM-DD') AS d")).rows[0].d;
    const inv = await t.http().post('/api/invoices').set(await as('finance')).send({
      invoice_number: `DASH/RLS/${Date.now()}`, customer_id: cust, invoice_date: today, due_date: today, amount: '7777777.77',
    });
    expect(inv.status).toBe(201);
    const pay = await t.http().post('/api/payments').set(await as('finance')).send({
      invoice_id: inv.body.invoice_id, payment_date: today, amount: '1000000.00', reference: `DASH-RLS-${Date.now()}`,
    });
    expect(pay.status).toBe(201);
    // A new lead handed over to sales3 (a new prospect in sales3's pipeline), worked by sales3.
    const lead = await t.http().post('/api/leads').set(await as('mkt.manager')).send({
      company_name: `PT Dasbor Rahasia ${Date.now()}`, contact_name: 'Ibu Rahasia', source_channel: 'website',
    });
    expect(lead.status).toBe(201);
    const assigned = await t.http().post(`/api/leads/${lead.body.lead_id}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid.sales3 });
    expect(assigned.status).toBe(200);
    const moved = await t.http().patch(`/api/prospects/${assigned.body.prospect_id}`).set(await as('sales3')).send({ stage: 'CONTACTED' });
    expect(moved.status).toBe(200);

    expect(figures(await summary('sales1'))).toEqual(s1Before);
    // sales3 is in sales.manager2's team, not sales.manager's.
    expect(figures(await summary('sales.manager'))).toEqual(mgrBefore);
    const s3After = await summary('sales3');
    const v = (s: Summary, k: string) => s.numbers.find((n) => n.key === k)!.value;
    expect(Number(v(s3After, 'ar_outstanding')) - Number(v(s3Before, 'ar_outstanding'))).toBeCloseTo(6777777.77, 2);
    expect(v(s3After, 'pipeline_open')).toBe((v(s3Before, 'pipeline_open') as number) + 1);
    const r = await reconcile(t, await as('sales3'), s3After);
    expect(r.mismatches).toEqual([]);
  });

  it('ops see their department queue only: no CRM, AR or marketing figure, and not another department\'s tickets', async () => {
    const dom = await summary('ops.dom');
    const keys = [...dom.numbers.map((n) => n.key), ...dom.charts.map((c) => c.key), ...dom.stuck.map((x) => x.key)];
    for (const k of keys) expect(k).not.toMatch(/^(ar_|revenue|leads|pipeline|spend|cpl|qualified|dso|overdue|collected|kpi_by|activities)/);
    const lists = new Set(checkables(dom).map((c) => c.drill.list));
    for (const l of lists) expect(['tickets', 'ops_rfqs', 'kpi_progress']).toContain(l);

    // A new ticket to EXI moves ops.exi's queue, never ops.dom's.
    const domBefore = figures(dom);
    const exiBefore = await summary('ops.exi');
    const tk = await t.http().post('/api/tickets').set(await as('finance')).send({
      ticket_type: 'general_request', dept_target: 'EXI', subject: 'Dokumen ekspor', description: 'Mohon salinan B/L',
    });
    expect(tk.status).toBe(201);
    expect(figures(await summary('ops.dom'))).toEqual(domBefore);
    const exiAfter = await summary('ops.exi');
    const q = (s: Summary) => s.numbers.find((n) => n.key === 'queue_open')!.value as number;
    expect(q(exiAfter)).toBe(q(exiBefore) + 1);
  });

  it('marketing staff see their own leads and spend; the manager\'s new lead and spend do not show on the staff home', async () => {
    const staffBefore = figures(await summary('mkt.staff'));
    const mgrBefore = await summary('mkt.manager');
    const today = (await t.db.admin.query<{ d: string }>("SELECT to_char(app.today_jakarta(), 'YYYY-MM-DD') AS d")).rows[0].d;
    const lead = await t.http().post('/api/leads').set(await as('mkt.manager')).send({
      company_name: `PT Milik Manajer ${Date.now()}`, contact_name: 'Pak Manajer', source_channel: 'event',
    });
    expect(lead.status).toBe(201);
    const spend = await t.http().post('/api/marketing/spend').set(await as('mkt.manager')).send({ channel: 'event', spend_date: today, amount: '2500000.00' });
    expect(spend.status).toBe(201);
    expect(figures(await summary('mkt.staff'))).toEqual(staffBefore);
    const mgrAfter = await summary('mkt.manager');
    const v = (s: Summary, k: string) => s.numbers.find((n) => n.key === k)!.value;
    expect(v(mgrAfter, 'leads_mtd')).toBe((v(mgrBefore, 'leads_mtd') as number) + 1);
    expect((await reconcile(t, await as('mkt.manager'), mgrAfter)).mismatches).toEqual([]);
  });

  it('the summary is computed as the caller: the same SQL as the API login role reads nothing without claims', async () => {
    const res = await t.http().get('/api/dashboard/summary');
    expect(res.status).toBe(401);
  });
});

describe('validation', () => {
  it.each([['2026-13-01'], ['yesterday'], ['2026-02-30'], ['2999-01-01']])('as_of=%s → 422 problem', async (asOf) => {
    const res = await t.http().get('/api/dashboard/summary').query({ as_of: asOf }).set(await as('director'));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'as_of' })]);
  });

  it('unknown query parameters are refused', async () => {
    const res = await t.http().get('/api/dashboard/summary').query({ role: 'director' }).set(await as('sales1'));
    expect(res.status).toBe(422);
  });

  it('the route is documented in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/api/dashboard/summary']?.get).toBeDefined();
  });
});
