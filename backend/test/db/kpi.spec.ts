import pg from 'pg';
import { KPI_METRIC_QUERIES, METRIC_KEYS } from '../../src/modules/kpi/kpi-metric-queries.js';
import { asUser, createTestDatabase, demoUsers, expectSqlState, Session, TestDatabase } from '../helpers/db.js';
import { generateDataset } from '../helpers/generate.js';

/**
 * KPI in the database: the catalogue, who may set targets/entries for whom
 * (with the refused sides), and hand-computed actuals for every AUTO metric
 * family. The fixtures live in January 2024 (and its neighbours), far from the
 * demo data (which is dated in the last months), so every number below is
 * computed from the rows made here. Rows are created through the same
 * functions the API uses, then moved back in time as superuser.
 */
let db: TestDatabase;
let u: Record<string, Session & { email: string }>;
const JAN: [string, string] = ['2024-01-01', '2024-01-31'];
const FEB: [string, string] = ['2024-02-01', '2024-02-29'];

beforeAll(async () => {
  db = await createTestDatabase('demo');
  u = await demoUsers(db);
});
afterAll(async () => {
  await db.drop();
});

const id = (email: string) => u[email].user_id;
const as = <T>(email: string, fn: (c: pg.PoolClient) => Promise<T>) => asUser(db, u[email], fn, true);
const q1 = async (email: string, sql: string, params: unknown[] = []) => (await as(email, (c) => c.query(sql, params))).rows[0];

let npwp = 910000000000000; // 15 digits, well inside Number.MAX_SAFE_INTEGER
async function bundle(email: string, extra: Record<string, unknown> = {}): Promise<{ lead_id: string; customer_id: string; prospect_id: string; ticket_id: string | null }> {
  const payload = { company_name: `PT KPI ${++npwp}`, contact_name: 'Budi', source_channel: 'website', npwp: String(npwp), ...extra };
  return (await q1(email, 'SELECT app.crm_create_lead_bundle($1::jsonb) AS r', [JSON.stringify(payload)])).r;
}
async function handOver(leadId: string, owner: string): Promise<string> {
  return (await q1('mkt.manager@demo.local', 'SELECT app.crm_assign_lead($1, $2) AS r', [leadId, id(owner)])).r.prospect_id;
}
async function setStage(email: string, prospectId: string, stage: string) {
  await as(email, (c) => c.query(`UPDATE app.prospects SET stage = $2::app.prospect_stage, lost_reason = CASE WHEN $2::text = 'LOST' THEN 'Harga' END WHERE prospect_id = $1`, [prospectId, stage]));
}
/** Superuser bookkeeping without triggers: moves fixture timestamps back in time. */
async function backdate(statements: [string, unknown[]][]) {
  const c = await db.admin.connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL session_replication_role = replica');
    for (const [sql, params] of statements) await c.query(sql, params);
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}
async function invoice(customerId: string, date: string, due: string, amount: string): Promise<string> {
  return (await q1('finance@demo.local', `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount) VALUES ($1, $2, $3, $4, $5) RETURNING invoice_id`,
    [`KPI/${++npwp}`, customerId, date, due, amount])).invoice_id;
}
async function pay(invoiceId: string, date: string, amount: string) {
  await q1('finance@demo.local', `INSERT INTO app.payments (invoice_id, payment_date, amount, reference) VALUES ($1, $2, $3, $4) RETURNING payment_id`, [invoiceId, date, amount, `R${++npwp}`]);
}
type Progress = Record<string, { target_value: string | null; actual_value: string | null; achievement_pct: string | null; status: string; na_code: string | null }>;
async function progress(caller: string, assignee: string, [from, to]: [string, string]): Promise<Progress> {
  const rows = (await as(caller, (c) => c.query(
    `SELECT metric_key, target_value, actual_value, achievement_pct, status, na_code FROM app.kpi_progress($1, $2, $3)`, [id(assignee), from, to]))).rows;
  return Object.fromEntries(rows.map((r) => [r.metric_key, { target_value: r.target_value, actual_value: r.actual_value, achievement_pct: r.achievement_pct, status: r.status, na_code: r.na_code }]));
}
const actual = (p: Progress, key: string) => p[key].actual_value;

describe('catalogue', () => {
  it('holds exactly the 21 metrics of metrics.md, and each AUTO metric has its SQL function', async () => {
    const { rows } = await db.admin.query(`SELECT metric_key, source, department, unit, direction, aggregation FROM app.kpi_metric_definitions ORDER BY sort_order`);
    expect(rows.map((r) => r.metric_key).sort()).toEqual([...METRIC_KEYS].sort());
    expect(Object.keys(KPI_METRIC_QUERIES).sort()).toEqual([...METRIC_KEYS].sort());
    const manual = rows.filter((r) => r.source !== 'AUTO').map((r) => `${r.metric_key}:${r.source}`).sort();
    expect(manual).toEqual(['MKT_CONTENT_PUBLISHED:MANUAL', 'MKT_WEBSITE_VISITS:IMPORTED', 'OPS_SHIPMENTS_HANDLED:IMPORTED', 'SAL_REFERRALS:MANUAL']);
    const lower = rows.filter((r) => r.direction === 'lower_is_better').map((r) => r.metric_key).sort();
    expect(lower).toEqual(['FIN_DSO_30', 'FIN_OVERDUE_PCT', 'MKT_CPL', 'MKT_SPEND', 'OPS_FIRST_RESPONSE_MEDIAN_HOURS', 'OPS_RFQ_TURNAROUND_HOURS', 'SAL_CYCLE_DAYS']);
    for (const r of rows.filter((x) => x.source === 'AUTO')) {
      const f = await db.admin.query(`SELECT to_regprocedure($1) IS NOT NULL AS ok`, [`app.kpi_${r.metric_key.toLowerCase()}(uuid, date, date, text)`]);
      expect({ key: r.metric_key, ok: f.rows[0].ok }).toEqual({ key: r.metric_key, ok: true });
      expect(KPI_METRIC_QUERIES[r.metric_key as keyof typeof KPI_METRIC_QUERIES].sql).toContain(`app.kpi_${r.metric_key.toLowerCase()}(`);
    }
    // every active user reads it; only super_admin changes it
    expect((await q1('ops.dom@demo.local', 'SELECT count(*)::int AS n FROM app.kpi_metric_definitions')).n).toBe(21);
    const upd = await as('director@demo.local', (c) => c.query(`UPDATE app.kpi_metric_definitions SET name = 'x'`));
    expect(upd.rowCount).toBe(0);
  });

  it('achievement: higher is better actual ÷ target, lower is better target ÷ actual, NA when the divisor is 0', async () => {
    const r = await db.admin.query(`SELECT
      app.kpi_achievement('higher_is_better', 20, 22) AS a, app.kpi_achievement('lower_is_better', 12, 15) AS b,
      app.kpi_achievement('lower_is_better', 45, 86.22) AS c, app.kpi_achievement('higher_is_better', 0, 5) AS d,
      app.kpi_achievement('lower_is_better', 5, 0) AS e, app.kpi_achievement('higher_is_better', NULL, 5) AS f,
      app.kpi_achievement('lower_is_better', 5, NULL) AS g, app.kpi_achievement('lower_is_better', 0, 3) AS h`);
    expect(r.rows[0]).toEqual({ a: '110.00', b: '80.00', c: '52.19', d: null, e: null, f: null, g: null, h: '0.00' });
  });
});

describe('targets: who may set what for whom', () => {
  const ins = (email: string, metric: string, assignee: string, start: string, end: string, value = '10') =>
    as(email, (c) => c.query(`INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value)
      VALUES ($1, $2, $3, $4, $5) RETURNING target_id`, [metric, id(assignee), start, end, value]));

  it('a sales manager sets sales targets for the team and self; duplicates and overlaps are 409 naming the period', async () => {
    const t = await ins('sales.manager@demo.local', 'SAL_VISITS', 'sales1@demo.local', '2023-01-01', '2023-01-31');
    expect(t.rows[0].target_id).toMatch(/^[0-9a-f-]{36}$/);
    await ins('sales.manager@demo.local', 'SAL_VISITS', 'sales.manager@demo.local', '2023-01-01', '2023-01-31');
    const dup = await ins('sales.manager@demo.local', 'SAL_VISITS', 'sales1@demo.local', '2023-01-01', '2023-01-31').catch((e) => e);
    expect(dup.code).toBe('BC409');
    expect(JSON.parse(dup.detail).errors[0]).toEqual({ field: 'period_start', message: 'a target for this period already exists' });
    const overlap = await ins('sales.manager@demo.local', 'SAL_VISITS', 'sales1@demo.local', '2023-01-31', '2023-03-31').catch((e) => e);
    expect(overlap.code).toBe('BC409');
    expect(JSON.parse(overlap.detail).errors[0]).toEqual({ field: 'period_start', message: 'overlaps the target of 2023-01-01 – 2023-01-31' });
    // adjacent periods and other metrics are fine
    await ins('sales.manager@demo.local', 'SAL_VISITS', 'sales1@demo.local', '2023-02-01', '2023-03-31');
    await ins('sales.manager@demo.local', 'SAL_ACTIVITIES', 'sales1@demo.local', '2023-01-01', '2023-01-31');
  });

  it('the unique key and the exclusion constraint hold even without the trigger (and under concurrency)', async () => {
    const c = await db.admin.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL session_replication_role = replica');
      const base = [id('sales2@demo.local'), id('sales.manager@demo.local')];
      await c.query(`INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value, created_by) VALUES ('SAL_VISITS', $1, '2022-01-01', '2022-01-31', 1, $2)`, base);
      await expectSqlState(c.query(`INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value, created_by) VALUES ('SAL_VISITS', $1, '2022-01-15', '2022-02-15', 1, $2)`, base), '23P01');
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
    const results = await Promise.all([0, 1, 2, 3].map((i) =>
      ins('sales.manager@demo.local', 'SAL_REVENUE', 'sales2@demo.local', '2022-06-01', `2022-06-${String(20 + i)}`).then(() => 'ok', (e) => e.code)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r !== 'ok').every((r) => ['BC409', '23P01', '23505'].includes(r))).toBe(true);
  });

  it.each([
    ['sales.manager@demo.local', 'SAL_VISITS', 'sales3@demo.local', 'BC403'],      // another manager's team
    ['sales.manager@demo.local', 'MKT_LEADS', 'sales1@demo.local', 'BC403'],       // not a sales metric
    ['sales.manager2@demo.local', 'SAL_VISITS', 'sales1@demo.local', 'BC403'],
    ['mkt.manager@demo.local', 'SAL_REVENUE', 'mkt.staff@demo.local', 'BC403'],    // not a marketing metric
    ['mkt.manager@demo.local', 'MKT_LEADS', 'sales1@demo.local', 'BC403'],         // not the team
    ['director@demo.local', 'SAL_VISITS', 'sales1@demo.local', 'BC403'],           // read-only
    ['sales1@demo.local', 'SAL_VISITS', 'sales1@demo.local', 'BC403'],
    ['finance@demo.local', 'FIN_COLLECTED', 'finance@demo.local', 'BC403'],
    ['ops.dom@demo.local', 'OPS_SHIPMENTS_HANDLED', 'ops.dom@demo.local', 'BC403'],
    ['admin@demo.local', 'SAL_REVENUE', 'finance@demo.local', 'BC422'],            // metric of another department
    ['admin@demo.local', 'SAL_WIN_RATE', 'sales1@demo.local', 'BC422'],            // a percentage above 100 (value 101)
  ])('%s setting %s for %s is refused (%s)', async (caller, metric, assignee, code) => {
    await expectSqlState(ins(caller, metric, assignee, '2021-01-01', '2021-01-31', metric === 'SAL_WIN_RATE' ? '101' : '10'), code);
  });

  it('refuses a period that ends before it starts or is longer than a year', async () => {
    const back = await ins('admin@demo.local', 'FIN_COLLECTED', 'finance@demo.local', '2021-02-01', '2021-01-31').catch((e) => e);
    expect(back.code).toBe('BC422');
    expect(JSON.parse(back.detail).errors).toEqual([{ field: 'period_end', message: 'must be on or after period_start' }]);
    await expectSqlState(ins('admin@demo.local', 'FIN_COLLECTED', 'finance@demo.local', '2021-01-01', '2022-01-02'), 'BC422');
    // super_admin may set any department's metric for its people
    expect((await ins('admin@demo.local', 'FIN_COLLECTED', 'finance@demo.local', '2021-01-01', '2021-12-31')).rowCount).toBe(1);
    expect((await ins('admin@demo.local', 'OPS_SLA_COMPLIANCE_PCT', 'ops.exi@demo.local', '2021-01-01', '2021-12-31', '95')).rowCount).toBe(1);
    expect((await ins('mkt.manager@demo.local', 'MKT_LEADS', 'mkt.staff@demo.local', '2021-01-01', '2021-12-31')).rowCount).toBe(1);
  });

  it('reading: own for everyone, the team for managers, all for director and super_admin; edits by the team manager only', async () => {
    const t = (await ins('sales.manager@demo.local', 'SAL_REFERRALS', 'sales1@demo.local', '2020-01-01', '2020-01-31')).rows[0].target_id;
    const sees = async (email: string) => (await as(email, (c) => c.query('SELECT 1 FROM app.kpi_targets WHERE target_id = $1', [t]))).rowCount;
    expect(await sees('sales1@demo.local')).toBe(1);
    expect(await sees('sales.manager@demo.local')).toBe(1);
    expect(await sees('director@demo.local')).toBe(1);
    expect(await sees('admin@demo.local')).toBe(1);
    for (const email of ['sales2@demo.local', 'sales.manager2@demo.local', 'sales3@demo.local', 'mkt.manager@demo.local', 'finance@demo.local', 'ops.dom@demo.local']) {
      expect({ email, n: await sees(email) }).toEqual({ email, n: 0 });
    }
    const edit = (email: string) => as(email, (c) => c.query('UPDATE app.kpi_targets SET target_value = 7 WHERE target_id = $1', [t]));
    expect((await edit('sales.manager2@demo.local')).rowCount).toBe(0);
    expect((await edit('director@demo.local')).rowCount).toBe(0);
    expect((await edit('sales1@demo.local')).rowCount).toBe(0);
    expect((await edit('sales.manager@demo.local')).rowCount).toBe(1);
    await expectSqlState(as('sales.manager@demo.local', (c) => c.query(`UPDATE app.kpi_targets SET period_end = '2020-02-01' WHERE target_id = $1`, [t])), '42501');
    expect((await as('sales.manager2@demo.local', (c) => c.query('DELETE FROM app.kpi_targets WHERE target_id = $1', [t]))).rowCount).toBe(0);
    const audit = await db.admin.query(`SELECT action, changed_by FROM app.audit_logs WHERE table_name = 'kpi_targets' AND record_id = $1 ORDER BY id`, [t]);
    expect(audit.rows).toEqual([
      { action: 'INSERT', changed_by: id('sales.manager@demo.local') },
      { action: 'UPDATE', changed_by: id('sales.manager@demo.local') },
    ]);
  });
});

describe('entries: MANUAL/IMPORTED only', () => {
  const entry = (email: string, metric: string, date: string, value: string, assignee?: string) => as(email, (c) => c.query(
    `INSERT INTO app.kpi_entries (metric_key, entry_date, value, assignee_user_id) VALUES ($1, $2, $3, coalesce($4::uuid, auth.uid())) RETURNING entry_id, source, created_by, assignee_user_id`,
    [metric, date, value, assignee ? id(assignee) : null]));

  it('an AUTO metric refuses entries (BC422 naming metric_key)', async () => {
    const e = await entry('sales1@demo.local', 'SAL_REVENUE', '2024-01-05', '1000').catch((x) => x);
    expect(e.code).toBe('BC422');
    expect(JSON.parse(e.detail).errors[0].field).toBe('metric_key');
    expect(e.message).toContain('computed automatically');
  });

  it('self, a manager for the team and super_admin may enter; others not; the director never', async () => {
    const own = await entry('sales1@demo.local', 'SAL_REFERRALS', '2019-01-05', '2');
    expect(own.rows[0]).toMatchObject({ source: 'MANUAL', created_by: id('sales1@demo.local'), assignee_user_id: id('sales1@demo.local') });
    const team = await entry('sales.manager@demo.local', 'SAL_REFERRALS', '2019-01-06', '1', 'sales2@demo.local');
    expect(team.rows[0]).toMatchObject({ created_by: id('sales.manager@demo.local'), assignee_user_id: id('sales2@demo.local') });
    expect((await entry('admin@demo.local', 'OPS_SHIPMENTS_HANDLED', '2019-01-06', '3', 'ops.dom@demo.local')).rowCount).toBe(1);
    expect((await entry('ops.dom@demo.local', 'OPS_SHIPMENTS_HANDLED', '2019-01-07', '4')).rowCount).toBe(1);
    await expectSqlState(entry('sales1@demo.local', 'SAL_REFERRALS', '2019-01-05', '2', 'sales2@demo.local'), 'BC403');
    await expectSqlState(entry('sales.manager2@demo.local', 'SAL_REFERRALS', '2019-01-05', '2', 'sales1@demo.local'), 'BC403');
    await expectSqlState(entry('director@demo.local', 'SAL_REFERRALS', '2019-01-05', '2', 'sales1@demo.local'), 'BC403');
    await expectSqlState(entry('mkt.staff@demo.local', 'SAL_REFERRALS', '2019-01-05', '2'), 'BC422');   // not their department's metric
    await expectSqlState(entry('sales1@demo.local', 'SAL_REFERRALS', '2999-01-01', '2'), 'BC422');      // future
    await expectSqlState(entry('sales1@demo.local', 'SAL_REFERRALS', '2019-01-05', '-1'), '23514');     // negative
    const audit = await db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'kpi_entries' AND record_id = $1`, [team.rows[0].entry_id]);
    expect(audit.rows).toEqual([{ changed_by: id('sales.manager@demo.local') }]);
  });

  it('entries are read by the assignee, the author, the team manager, director and super_admin only', async () => {
    const e = (await entry('sales.manager@demo.local', 'SAL_REFERRALS', '2019-02-01', '1', 'sales1@demo.local')).rows[0].entry_id;
    const sees = async (email: string) => (await as(email, (c) => c.query('SELECT 1 FROM app.kpi_entries WHERE entry_id = $1', [e]))).rowCount;
    for (const email of ['sales1@demo.local', 'sales.manager@demo.local', 'director@demo.local', 'admin@demo.local']) expect({ email, n: await sees(email) }).toEqual({ email, n: 1 });
    for (const email of ['sales2@demo.local', 'sales.manager2@demo.local', 'finance@demo.local', 'mkt.manager@demo.local']) expect({ email, n: await sees(email) }).toEqual({ email, n: 0 });
  });

  it('evidence: only the caller\'s own kpi-evidence upload, readable with its entry', async () => {
    const e = (await entry('sales1@demo.local', 'SAL_REFERRALS', '2019-03-01', '1')).rows[0].entry_id;
    const obj = async (email: string, bucket: string) => (await q1(email,
      `SELECT object_id FROM app.register_storage_object(gen_random_uuid(), $1, $1 || '/2019/03/' || gen_random_uuid(), 10, 'application/pdf', repeat('a', 64), 'bukti.pdf')`,
      [bucket])).object_id;
    const mine = await obj('sales1@demo.local', 'kpi-evidence');
    const other = await obj('sales2@demo.local', 'kpi-evidence');
    await expectSqlState(as('sales1@demo.local', (c) => c.query('SELECT app.kpi_attach_evidence($1, $2)', [e, other])), 'BC422');
    await expectSqlState(as('sales2@demo.local', (c) => c.query('SELECT app.kpi_attach_evidence($1, $2)', [e, other])), 'BC404');
    await as('sales1@demo.local', (c) => c.query('SELECT app.kpi_attach_evidence($1, $2)', [e, mine]));
    const row = await db.admin.query('SELECT e.evidence_object_id, o.owner_table, o.owner_id FROM app.kpi_entries e JOIN app.storage_objects o ON o.object_id = e.evidence_object_id WHERE e.entry_id = $1', [e]);
    expect(row.rows[0]).toEqual({ evidence_object_id: mine, owner_table: 'kpi_entries', owner_id: e });
    const read = async (email: string) => (await as(email, (c) => c.query('SELECT 1 FROM app.storage_objects WHERE object_id = $1', [mine]))).rowCount;
    expect(await read('sales.manager@demo.local')).toBe(1);
    expect(await read('sales2@demo.local')).toBe(0);
  });
});

describe('actuals and progress (January 2024 fixtures)', () => {
  beforeAll(async () => {
    // ------------------------------------------------------------ marketing ---
    const staff = 'mkt.staff@demo.local';
    const L1 = await bundle(staff);
    const L2 = await bundle(staff);
    const L3 = await bundle(staff);
    const L4 = await bundle(staff, { source_channel: 'event' });
    const L5 = await bundle('mkt.manager@demo.local');
    const L6 = await bundle(staff);
    await as(staff, (c) => c.query(`UPDATE app.leads SET status = 'QUALIFIED' WHERE lead_id = ANY ($1)`, [[L2.lead_id, L3.lead_id]]));
    await as(staff, (c) => c.query(`UPDATE app.leads SET status = 'DISQUALIFIED', disqualified_reason = 'Salah sasaran' WHERE lead_id = $1`, [L3.lead_id]));
    await handOver(L4.lead_id, 'sales1@demo.local');
    const spend = (email: string, channel: string, date: string, amount: string) =>
      as(email, (c) => c.query(`INSERT INTO app.marketing_spend (channel, spend_date, amount) VALUES ($1, $2, $3)`, [channel, date, amount]));
    await spend(staff, 'website', '2024-01-05', '1000000');
    await spend(staff, 'event', '2024-01-20', '600000');
    await spend('mkt.manager@demo.local', 'website', '2024-01-25', '400000');
    await spend(staff, 'website', '2024-02-03', '999000');

    // ---------------------------------------------------------------- sales ---
    const A = await bundle(staff);
    const B = await bundle(staff);
    const C = await bundle(staff);
    const D = await bundle(staff);
    const E = await bundle(staff);
    const S1 = await bundle(staff);
    const PA = await handOver(A.lead_id, 'sales1@demo.local');
    const PB = await handOver(B.lead_id, 'sales1@demo.local');
    const PC = await handOver(C.lead_id, 'sales1@demo.local');
    const PD = await handOver(D.lead_id, 'sales2@demo.local');
    const PE = await handOver(E.lead_id, 'sales2@demo.local');
    await handOver(S1.lead_id, 'sales1@demo.local');
    // a second lead of the same company (same NPWP) goes to sales2: both own a prospect of the shared customer
    const S1npwp = (await db.admin.query('SELECT npwp FROM app.customers WHERE customer_id = $1', [S1.customer_id])).rows[0].npwp;
    const S3 = await bundle(staff, { npwp: S1npwp });
    expect(S3.customer_id).toBe(S1.customer_id);
    await handOver(S3.lead_id, 'sales2@demo.local');
    await setStage('sales1@demo.local', PA, 'WON');
    await setStage('sales1@demo.local', PB, 'WON');
    await setStage('sales1@demo.local', PC, 'LOST');
    await setStage('sales2@demo.local', PD, 'WON');
    await setStage('sales2@demo.local', PE, 'LOST');
    // RFQs: one to sales1's prospect, one to sales2's, both land → DOM
    const Q1 = await bundle(staff, { rfq: { origin: 'Jakarta', destination: 'Bandung', service_type: 'land' } });
    const Q2 = await bundle(staff, { rfq: { origin: 'Surabaya', destination: 'Malang', service_type: 'land' } });
    await handOver(Q1.lead_id, 'sales1@demo.local');
    await handOver(Q2.lead_id, 'sales2@demo.local');
    // activities (occurred in the past is allowed; system stage changes never count)
    const photo = (await q1('sales1@demo.local',
      `SELECT object_id FROM app.register_storage_object(gen_random_uuid(), 'prospect-evidence', 'prospect-evidence/2024/01/' || gen_random_uuid(), 10, 'image/jpeg', repeat('b', 64), 'foto.jpg')`)).object_id;
    const act = (email: string, type: string, prospect: string, at: string, evidence: string | null = null) => as(email, (c) => c.query(
      `INSERT INTO app.sales_activities (activity_type, prospect_id, owner_user_id, occurred_at, location_lat, location_lng, evidence_object_id)
       VALUES ($1, $2, auth.uid(), $3, $4, $5, $6)`, [type, prospect, at, evidence ? -6.2 : null, evidence ? 106.8 : null, evidence]));
    await act('sales1@demo.local', 'call', PA, '2024-01-10T10:00:00+07:00');
    await act('sales1@demo.local', 'meeting', PB, '2024-01-11T10:00:00+07:00');
    await act('sales1@demo.local', 'visit', PA, '2024-01-12T10:00:00+07:00', photo);
    await act('sales1@demo.local', 'call', PA, '2024-02-01T00:30:00+07:00'); // February in Jakarta
    await act('sales2@demo.local', 'call', PD, '2024-01-15T10:00:00+07:00');
    // ---------------------------------------------------------- operations ---
    const tk = async (subject: string) => (await q1('sales1@demo.local',
      `INSERT INTO app.tickets (ticket_type, subject, description, dept_target) VALUES ('general_request', $1, 'Mohon dibantu', 'DOM') RETURNING ticket_id`, [subject])).ticket_id;
    const T = [await tk('T1'), await tk('T2'), await tk('T3'), await tk('T4'), await tk('T5')];
    // ------------------------------------------------------------ receivables ---
    const ia = await invoice(A.customer_id, '2024-01-15', '2024-01-29', '10000000');
    await pay(ia, '2024-01-25', '4000000');
    const icOld = await invoice(C.customer_id, '2023-11-10', '2023-12-10', '3000000');
    await pay(icOld, '2023-12-01', '3000000');
    await invoice(C.customer_id, '2024-01-20', '2024-02-19', '5000000');
    await invoice(S1.customer_id, '2024-01-22', '2024-02-21', '7000000');
    await invoice(D.customer_id, '2024-02-05', '2024-03-05', '2000000');
    // -------------------------------------------------------------- manual ---
    const ref = (email: string, date: string, value: string) => as(email, (c) => c.query(`INSERT INTO app.kpi_entries (metric_key, entry_date, value) VALUES ('SAL_REFERRALS', $1, $2)`, [date, value]));
    await ref('sales1@demo.local', '2024-01-05', '2');
    await ref('sales1@demo.local', '2024-01-28', '1');
    await ref('sales2@demo.local', '2024-01-10', '0');
    // -------------------------------------------------------------- targets ---
    const tgt = (email: string, metric: string, assignee: string, value: string) => as(email, (c) => c.query(
      `INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value) VALUES ($1, $2, '2024-01-01', '2024-01-31', $3)`, [metric, id(assignee), value]));
    await tgt('sales.manager@demo.local', 'SAL_REVENUE', 'sales1@demo.local', '20000000');
    await tgt('sales.manager@demo.local', 'SAL_CYCLE_DAYS', 'sales1@demo.local', '12');
    await tgt('sales.manager@demo.local', 'SAL_WIN_RATE', 'sales1@demo.local', '0');
    await tgt('sales.manager@demo.local', 'SAL_REFERRALS', 'sales1@demo.local', '4');
    await tgt('admin@demo.local', 'FIN_DSO_30', 'finance@demo.local', '30');
    await tgt('admin@demo.local', 'OPS_FIRST_RESPONSE_MEDIAN_HOURS', 'ops.dom@demo.local', '3');

    // ----------------------------------------------------- back in time ---
    const leadAt: [string, string][] = [
      [L1.lead_id, '2024-01-03T10:00:00+07:00'], [L2.lead_id, '2024-01-04T10:00:00+07:00'], [L3.lead_id, '2024-01-05T10:00:00+07:00'],
      [L4.lead_id, '2024-01-06T10:00:00+07:00'], [L5.lead_id, '2024-01-31T23:30:00+07:00'], [L6.lead_id, '2024-02-01T00:15:00+07:00'],
    ];
    const closed: [string, string, string, string][] = [
      [PA, '2024-01-02T09:00:00+07:00', 'WON', '2024-01-12T09:00:00+07:00'],
      [PB, '2024-01-05T09:00:00+07:00', 'WON', '2024-01-25T09:00:00+07:00'],
      [PC, '2024-01-03T09:00:00+07:00', 'LOST', '2024-01-20T10:00:00+07:00'],
      [PD, '2023-12-01T23:00:00+07:00', 'WON', '2024-01-31T23:00:00+07:00'],
      [PE, '2024-01-10T09:00:00+07:00', 'LOST', '2024-02-01T00:30:00+07:00'],
    ];
    const tix: [string, string, string | null, number | null, string | null][] = [
      [T[0], '2024-01-15T09:00:00+07:00', '2024-01-15T10:00:00+07:00', 60, '2024-01-15T13:00:00+07:00'],  // met
      [T[1], '2024-01-16T09:00:00+07:00', '2024-01-16T14:00:00+07:00', 300, '2024-01-16T13:00:00+07:00'], // late
      [T[2], '2024-01-17T09:00:00+07:00', null, null, '2024-01-17T13:00:00+07:00'],                        // unanswered, past due
      [T[3], '2024-01-18T09:00:00+07:00', null, null, '2999-01-01T00:00:00+07:00'],                        // still inside its target
      [T[4], '2024-01-19T09:00:00+07:00', '2024-01-19T11:00:00+07:00', 120, '2024-01-19T13:00:00+07:00'], // met
    ];
    await backdate([
      ...leadAt.map(([l, at]) => [`UPDATE app.leads SET created_at = $2 WHERE lead_id = $1`, [l, at]] as [string, unknown[]]),
      ...closed.flatMap(([p, created, stage, at]) => [
        [`UPDATE app.prospects SET created_at = $2 WHERE prospect_id = $1`, [p, created]],
        [`UPDATE app.prospect_stage_history SET changed_at = $3 WHERE prospect_id = $1 AND to_stage = $2`, [p, stage, at]],
      ] as [string, unknown[]][]),
      ...tix.map(([t, created, fr, frm, due]) => [
        `UPDATE app.tickets SET created_at = $2, first_response_at = $3, first_response_business_minutes = $4, first_response_due_at = $5 WHERE ticket_id = $1`,
        [t, created, fr, frm, due]] as [string, unknown[]]),
      [`UPDATE app.tickets SET created_at = '2024-01-08T09:00:00+07:00', first_response_due_at = NULL WHERE ticket_id = $1`, [Q1.ticket_id]],
      [`UPDATE app.tickets SET created_at = '2024-01-09T16:00:00+07:00', first_response_due_at = NULL WHERE ticket_id = $1`, [Q2.ticket_id]],
      [`INSERT INTO app.sla_events (ticket_id, event_type, metadata, occurred_at) VALUES ($1, 'STATUS_CHANGE', '{"from":"IN_PROGRESS","to":"QUOTED"}', '2024-01-08T13:00:00+07:00')`, [Q1.ticket_id]],
      [`INSERT INTO app.sla_events (ticket_id, event_type, metadata, occurred_at) VALUES ($1, 'STATUS_CHANGE', '{"from":"IN_PROGRESS","to":"QUOTED"}', '2024-01-10T10:00:00+07:00')`, [Q2.ticket_id]],
      [`INSERT INTO app.sla_events (ticket_id, event_type, metadata, occurred_at) VALUES ($1, 'STATUS_CHANGE', '{"from":"OPEN","to":"IN_PROGRESS"}', '2024-01-09T10:00:00+07:00')`, [Q1.ticket_id]],
    ]);
  });

  it('marketing: leads, qualified, spend and CPL per person, per channel and for the manager\'s team', async () => {
    const staff = await progress('mkt.staff@demo.local', 'mkt.staff@demo.local', JAN);
    expect([actual(staff, 'MKT_LEADS'), actual(staff, 'MKT_QUALIFIED_LEADS'), actual(staff, 'MKT_SPEND'), actual(staff, 'MKT_CPL')])
      .toEqual(['4', '3', '1600000.00', '400000.00']);
    expect(staff.MKT_CONTENT_PUBLISHED).toMatchObject({ status: 'NA', na_code: 'no_entries', actual_value: null });
    const mgr = await progress('mkt.manager@demo.local', 'mkt.manager@demo.local', JAN);
    // self + team: L1–L5 (L5 at 23:30 WIB on the 31st is still January), spend 1,600,000 + 400,000
    expect([actual(mgr, 'MKT_LEADS'), actual(mgr, 'MKT_SPEND'), actual(mgr, 'MKT_CPL')]).toEqual(['5', '2000000.00', '400000.00']);
    const feb = await progress('mkt.staff@demo.local', 'mkt.staff@demo.local', FEB);
    expect([actual(feb, 'MKT_LEADS'), actual(feb, 'MKT_CPL')]).toEqual(['1', '999000.00']); // L6 at 00:15 WIB on 1 Feb
    const mar = await progress('mkt.staff@demo.local', 'mkt.staff@demo.local', ['2024-03-01', '2024-03-31']);
    expect(mar.MKT_LEADS).toMatchObject({ actual_value: '0', status: 'OK' });
    expect(mar.MKT_CPL).toMatchObject({ actual_value: null, status: 'NA', na_code: 'no_leads' });
    const ch = async (metric: string, channel: string) => (await q1('mkt.staff@demo.local',
      `SELECT actual_value, na_code FROM app.kpi_actual($1, $2, '2024-01-01', '2024-01-31', $3)`, [metric, id('mkt.staff@demo.local'), channel]));
    expect(await ch('MKT_LEADS', 'website')).toEqual({ actual_value: '3', na_code: null });
    expect(await ch('MKT_QUALIFIED_LEADS', 'website')).toEqual({ actual_value: '2', na_code: null });
    expect(await ch('MKT_CPL', 'website')).toEqual({ actual_value: '333333.33', na_code: null });
    expect(await ch('MKT_CPL', 'event')).toEqual({ actual_value: '600000.00', na_code: null });
    expect(await ch('MKT_CPL', 'referral')).toEqual({ actual_value: null, na_code: 'no_leads' });
    await expectSqlState(as('mkt.staff@demo.local', (c) => c.query(`SELECT * FROM app.kpi_actual('SAL_REVENUE', $1, '2024-01-01', '2024-01-31', 'website')`, [id('mkt.staff@demo.local')])), 'BC422');
  });

  it('sales: revenue, new logos, activities, visits, win rate, cycle days, quotations, referrals', async () => {
    const s1 = await progress('sales1@demo.local', 'sales1@demo.local', JAN);
    expect(Object.fromEntries(Object.entries(s1).map(([k, v]) => [k, v.actual_value ?? v.na_code]))).toEqual({
      SAL_REVENUE: '22000000.00',   // A 10M + C 5M + shared 7M
      SAL_NEW_LOGOS: '2',           // A and the shared customer (C invoiced first in 2023)
      SAL_ACTIVITIES: '3',          // call, meeting, visit (the 00:30 WIB call of 1 Feb is February)
      SAL_VISITS: '1',
      SAL_WIN_RATE: '66.67',        // 2 won of 3 closed
      SAL_CYCLE_DAYS: '15.00',      // (10 + 20) / 2
      SAL_QUOTATIONS: '1',
      SAL_REFERRALS: '3.00',
    });
    const s2 = await progress('sales2@demo.local', 'sales2@demo.local', JAN);
    expect(Object.fromEntries(Object.entries(s2).map(([k, v]) => [k, v.actual_value ?? v.na_code]))).toEqual({
      SAL_REVENUE: '7000000.00', SAL_NEW_LOGOS: '1', SAL_ACTIVITIES: '1', SAL_VISITS: '0', SAL_WIN_RATE: '100.00',
      SAL_CYCLE_DAYS: '61.00', SAL_QUOTATIONS: '1', SAL_REFERRALS: '0.00', // an entry of 0 is a real 0
    });
    const s2feb = await progress('sales2@demo.local', 'sales2@demo.local', FEB);
    expect([actual(s2feb, 'SAL_REVENUE'), actual(s2feb, 'SAL_NEW_LOGOS'), actual(s2feb, 'SAL_WIN_RATE')]).toEqual(['2000000.00', '1', '0.00']);
    expect(s2feb.SAL_CYCLE_DAYS).toMatchObject({ status: 'NA', na_code: 'none_won' });
    expect(s2feb.SAL_REFERRALS).toMatchObject({ status: 'NA', na_code: 'no_entries' });
  });

  it('a manager\'s actuals cover self + team, each source row counted once', async () => {
    const m = await progress('sales.manager@demo.local', 'sales.manager@demo.local', JAN);
    expect(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.actual_value ?? v.na_code]))).toEqual({
      SAL_REVENUE: '22000000.00',  // the shared customer's 7M invoice once, not twice
      SAL_NEW_LOGOS: '2',          // the shared customer once
      SAL_ACTIVITIES: '4',
      SAL_VISITS: '1',
      SAL_WIN_RATE: '75.00',       // 3 won of 4 closed
      SAL_CYCLE_DAYS: '30.33',     // (10 + 20 + 61) / 3
      SAL_QUOTATIONS: '2',
      SAL_REFERRALS: '3.00',
    });
    const other = await progress('sales.manager2@demo.local', 'sales3@demo.local', JAN);
    expect(other.SAL_REVENUE.actual_value).toBe('0.00');
    expect(other.SAL_WIN_RATE).toMatchObject({ actual_value: null, status: 'NA', na_code: 'none_closed' });
    expect(other.SAL_CYCLE_DAYS).toMatchObject({ actual_value: null, status: 'NA', na_code: 'none_won' });
  });

  it('operations: median business-hours first response, RFQ turnaround, first-response SLA compliance', async () => {
    const dom = await progress('ops.dom@demo.local', 'ops.dom@demo.local', JAN);
    expect(dom.OPS_FIRST_RESPONSE_MEDIAN_HOURS).toMatchObject({ actual_value: '2.00', target_value: '3.00', achievement_pct: '150.00' }); // median(60, 300, 120) min
    expect(dom.OPS_RFQ_TURNAROUND_HOURS.actual_value).toBe('3.50');      // median(240, 180) business minutes
    expect(dom.OPS_SLA_COMPLIANCE_PCT.actual_value).toBe('50.00');       // 2 met of 4 decided (T4 still inside its target)
    expect(dom.OPS_SHIPMENTS_HANDLED).toMatchObject({ status: 'NA', na_code: 'no_entries' });
    const exi = await progress('ops.exi@demo.local', 'ops.exi@demo.local', JAN);
    expect(Object.fromEntries(Object.entries(exi).map(([k, v]) => [k, `${v.status}:${v.na_code}`]))).toEqual({
      OPS_FIRST_RESPONSE_MEDIAN_HOURS: 'NA:no_first_responses', OPS_RFQ_TURNAROUND_HOURS: 'NA:no_quoted_rfqs',
      OPS_SLA_COMPLIANCE_PCT: 'NA:no_sla_targets', OPS_SHIPMENTS_HANDLED: 'NA:no_entries',
    });
  });

  it('finance: collected, rolling DSO and overdue % at period end; NA without sales or balance', async () => {
    const f = await progress('finance@demo.local', 'finance@demo.local', JAN);
    expect(f.FIN_COLLECTED.actual_value).toBe('4000000.00');
    // AR 31 Jan = 6M + 5M + 7M = 18M; credit sales 2 … 31 Jan = 22M → 18/22 × 30
    expect(f.FIN_DSO_30).toMatchObject({ actual_value: '24.55', target_value: '30.00', achievement_pct: '122.20' });
    expect(f.FIN_OVERDUE_PCT.actual_value).toBe('33.33'); // A's 6M is past its 29 Jan due date
    const old = await progress('finance@demo.local', 'finance@demo.local', ['2023-01-01', '2023-01-31']);
    expect(old.FIN_COLLECTED).toMatchObject({ actual_value: '0.00', status: 'OK' });
    expect(old.FIN_DSO_30).toMatchObject({ actual_value: null, status: 'NA', na_code: 'no_credit_sales' });
    expect(old.FIN_OVERDUE_PCT).toMatchObject({ actual_value: null, status: 'NA', na_code: 'nothing_outstanding' });
  });

  it('targets and achievement in the progress, lower-is-better included; no target → null achievement', async () => {
    const s1 = await progress('sales1@demo.local', 'sales1@demo.local', JAN);
    expect(s1.SAL_REVENUE).toMatchObject({ target_value: '20000000.00', achievement_pct: '110.00' });
    expect(s1.SAL_CYCLE_DAYS).toMatchObject({ target_value: '12.00', achievement_pct: '80.00' }); // 12 / 15
    expect(s1.SAL_WIN_RATE).toMatchObject({ target_value: '0.00', achievement_pct: null, status: 'OK' }); // divisor 0
    expect(s1.SAL_REFERRALS).toMatchObject({ target_value: '4.00', achievement_pct: '75.00' });
    expect(s1.SAL_ACTIVITIES).toMatchObject({ target_value: null, achievement_pct: null, status: 'OK' });
    // a target for another period does not apply
    const other = await progress('sales1@demo.local', 'sales1@demo.local', ['2024-01-01', '2024-01-30']);
    expect(other.SAL_REVENUE.target_value).toBeNull();
  });

  it('reflects a committed write at once (no refresh)', async () => {
    const before = (await progress('sales1@demo.local', 'sales1@demo.local', JAN)).SAL_REFERRALS.actual_value;
    await as('sales1@demo.local', (c) => c.query(`INSERT INTO app.kpi_entries (metric_key, entry_date, value) VALUES ('SAL_REFERRALS', '2024-01-30', 5)`));
    const after = (await progress('sales1@demo.local', 'sales1@demo.local', JAN)).SAL_REFERRALS.actual_value;
    expect([before, after]).toEqual(['3.00', '8.00']);
  });

  it('each entry of the backend map (metric_key → SQL) answers what the progress says', async () => {
    for (const [caller, assignee] of [['sales1@demo.local', 'sales1@demo.local'], ['mkt.manager@demo.local', 'mkt.staff@demo.local'],
      ['ops.dom@demo.local', 'ops.dom@demo.local'], ['director@demo.local', 'finance@demo.local']]) {
      const p = await progress(caller, assignee, JAN);
      for (const key of Object.keys(p)) {
        const m = KPI_METRIC_QUERIES[key as keyof typeof KPI_METRIC_QUERIES];
        const params: unknown[] = [id(assignee), ...JAN];
        if (m.channel) params.push(null);
        const r = await q1(caller, m.sql, params);
        expect({ key, actual: r.actual_value, status: r.status, na: r.na_code }).toEqual({ key, actual: p[key].actual_value, status: p[key].status, na: p[key].na_code });
      }
    }
  });

  it('who may read whose progress: self, the team manager, director and super_admin (404 for everyone else)', async () => {
    for (const caller of ['sales1@demo.local', 'sales.manager@demo.local', 'director@demo.local', 'admin@demo.local']) {
      expect(Object.keys(await progress(caller, 'sales1@demo.local', JAN))).toHaveLength(8);
    }
    for (const caller of ['sales2@demo.local', 'sales.manager2@demo.local', 'mkt.manager@demo.local', 'finance@demo.local', 'ops.dom@demo.local']) {
      await expectSqlState(progress(caller, 'sales1@demo.local', JAN), 'BC404');
      await expectSqlState(as(caller, (c) => c.query(`SELECT * FROM app.kpi_sal_revenue($1, '2024-01-01', '2024-01-31')`, [id('sales1@demo.local')])), 'BC404');
      await expectSqlState(as(caller, (c) => c.query(`SELECT * FROM app.kpi_entries_sum('SAL_REFERRALS', $1, '2024-01-01', '2024-01-31')`, [id('sales1@demo.local')])), 'BC404');
    }
    await expectSqlState(progress('sales1@demo.local', 'sales1@demo.local', ['2024-02-01', '2024-01-01']), 'BC422');
    // the director (DIR) has no metrics of their own
    expect(await progress('director@demo.local', 'director@demo.local', JAN)).toEqual({});
  });

  it('assignee pickers: whom I may set targets for, whose progress I may read', async () => {
    const names = async (email: string, purpose: string) => (await as(email, (c) => c.query(`SELECT u.user_id FROM app.kpi_assignees($1) u`, [purpose]))).rows.map((r) => r.user_id).sort();
    expect(await names('sales.manager@demo.local', 'targets')).toEqual([id('sales.manager@demo.local'), id('sales1@demo.local'), id('sales2@demo.local')].sort());
    expect(await names('mkt.manager@demo.local', 'targets')).toEqual([id('mkt.manager@demo.local'), id('mkt.staff@demo.local')].sort());
    expect(await names('director@demo.local', 'targets')).toEqual([]);
    expect(await names('sales1@demo.local', 'targets')).toEqual([]);
    expect((await names('admin@demo.local', 'targets')).length).toBe(10); // everyone outside DIR
    expect(await names('sales1@demo.local', 'progress')).toEqual([id('sales1@demo.local')]);
    expect(await names('sales.manager2@demo.local', 'progress')).toEqual([id('sales.manager2@demo.local'), id('sales3@demo.local')].sort());
    expect((await names('director@demo.local', 'progress')).length).toBe(12);
  });
});

/**
 * 0750 replaced app.kpi_sal_quotations (query shape for the large dataset:
 * the period's quoted tickets first, the scope's prospects read once). The
 * reference below is the formula it replaced (0701), run as superuser with
 * the scope (self + team) written out; the function runs as the director,
 * as the dashboard's "KPI by team" does. Every salesperson and sales manager,
 * every month of the last year, January 2024 (the fixtures above) and a
 * 300-day window, on the demo data and on a generated dataset.
 */
const QUOTATIONS_0701 = `
  SELECT count(DISTINCT t.ticket_id)::numeric AS v
    FROM app.sla_events e
    JOIN app.tickets t ON t.ticket_id = e.ticket_id
   WHERE e.event_type = 'STATUS_CHANGE' AND e.metadata ->> 'to' = 'QUOTED'
     AND e.occurred_at >= app.jakarta_day_start($2::date) AND e.occurred_at < app.jakarta_day_start($3::date + 1)
     AND t.ticket_type = 'inquiry_tariff'
     AND (t.related_prospect_id IN (SELECT p.prospect_id FROM app.prospects p WHERE p.owner_user_id = ANY ($1::uuid[]))
          OR t.related_customer_id IN (SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = ANY ($1::uuid[])))`;

async function compareQuotations(target: TestDatabase, director: Session): Promise<{ compared: number; nonZero: number; rows: string[] }> {
  const people = (await target.admin.query<{ user_id: string; ids: string[] }>(
    `SELECT p.user_id, ARRAY(SELECT p.user_id UNION SELECT t.user_id FROM app.profiles t WHERE t.manager_user_id = p.user_id) AS ids
       FROM app.profiles p WHERE p.role IN ('salesperson', 'sales_manager') ORDER BY p.user_id`)).rows;
  const periods = (await target.admin.query<{ f: string; t: string }>(
    `SELECT to_char(f, 'YYYY-MM-DD') AS f, to_char(t, 'YYYY-MM-DD') AS t FROM (
       SELECT date_trunc('month', app.today_jakarta() - make_interval(months => k))::date AS f,
              (date_trunc('month', app.today_jakarta() - make_interval(months => k)) + interval '1 month - 1 day')::date AS t
         FROM generate_series(0, 12) k
       UNION ALL SELECT DATE '2024-01-01', DATE '2024-01-31'
       UNION ALL SELECT app.today_jakarta() - 300, app.today_jakarta()) x ORDER BY f, t`)).rows;
  const expected: string[] = [];
  for (const p of people) {
    for (const d of periods) {
      const v = (await target.admin.query(QUOTATIONS_0701, [p.ids, d.f, d.t])).rows[0].v;
      expected.push(`${p.user_id} ${d.f}..${d.t} ${v}`);
    }
  }
  const got = await asUser(target, director, async (c) => {
    const out: string[] = [];
    for (const p of people) {
      for (const d of periods) {
        const r = (await c.query('SELECT actual_value, na_code FROM app.kpi_sal_quotations($1, $2, $3)', [p.user_id, d.f, d.t])).rows[0];
        expect(r.na_code).toBeNull();
        out.push(`${p.user_id} ${d.f}..${d.t} ${r.actual_value}`);
      }
    }
    return out;
  });
  expect(got).toEqual(expected);
  return { compared: expected.length, nonZero: expected.filter((s) => !s.endsWith(' 0')).length, rows: expected };
}

describe('SAL_QUOTATIONS (0750 query shape) equals the 0701 formula', () => {
  it('demo data (with the January 2024 fixtures): every sales person and manager, every period', async () => {
    const r = await compareQuotations(db, u['director@demo.local']);
    expect(r.compared).toBeGreaterThan(50);
    expect(r.nonZero).toBeGreaterThan(0);
    // the fixtures above: sales1 1, the sales manager's team 2 in January 2024
    expect(r.rows).toContain(`${id('sales.manager@demo.local')} 2024-01-01..2024-01-31 2`);
  });

  describe('generated dataset (scale 0.001, seed 11)', () => {
    let gen: TestDatabase;
    beforeAll(async () => {
      gen = await createTestDatabase('empty');
      const client = await gen.admin.connect();
      try {
        await generateDataset(client, { scale: 0.001, seed: 11 });
      } finally {
        client.release();
      }
    }, 180_000);
    afterAll(async () => {
      await gen?.drop();
    });

    it('every generated sales person and manager, every period', async () => {
      const dir = (await gen.admin.query<Session>(
        `SELECT user_id, role::text AS role, dept_code FROM app.profiles WHERE role = 'director' ORDER BY user_id LIMIT 1`)).rows[0];
      const r = await compareQuotations(gen, dir);
      expect(r.compared).toBeGreaterThan(50);
      expect(r.nonZero).toBeGreaterThan(10);
    }, 120_000);
  });
});

describe('kpi_progress_rows (0762): the homes read only the metrics with a target', () => {
  const month = (): [string, string] => {
    const d = new Date(Date.now() + 7 * 3600_000);
    const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
    return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
  };
  it('with targets only = the rows of kpi_progress that have a target, column for column, for every person and period', async () => {
    let withTarget = 0;
    for (const email of Object.keys(u).sort()) {
      for (const [from, to] of [JAN, FEB, month()]) {
        const [all, targeted] = await as('director@demo.local', async (c) => [
          (await c.query('SELECT * FROM app.kpi_progress($1, $2, $3)', [id(email), from, to])).rows,
          (await c.query('SELECT * FROM app.kpi_progress_rows($1, $2, $3, true)', [id(email), from, to])).rows,
        ]);
        expect(targeted).toEqual(all.filter((r) => r.target_id !== null));
        withTarget += targeted.length;
        // and false is kpi_progress itself
        const full = await as('director@demo.local', async (c) => (await c.query('SELECT * FROM app.kpi_progress_rows($1, $2, $3, false)', [id(email), from, to])).rows);
        expect(full).toEqual(all);
      }
    }
    expect(withTarget).toBeGreaterThan(5);
  });

  it('keeps the scope check: a salesperson may not read another salesperson\'s rows', async () => {
    for (const only of [true, false]) {
      await expectSqlState(as('sales1@demo.local', (c) => c.query('SELECT * FROM app.kpi_progress_rows($1, $2, $3, $4)', [id('sales2@demo.local'), ...JAN, only])), 'BC404');
    }
    await expectSqlState(asUser(db, null, (c) => c.query('SELECT * FROM app.kpi_progress_rows($1, $2, $3, true)', [id('sales2@demo.local'), ...JAN])), '42501');
  });
});
