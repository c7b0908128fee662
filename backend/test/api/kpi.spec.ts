import { createTestApp, TestApp } from '../helpers/app.js';

/** KPI over HTTP: catalogue, targets (refused sides), entries, evidence, progress, actuals, pickers. */
let t: TestApp;
const tokens: Record<string, string> = {};
const uid: Record<string, string> = {};

async function as(who: string): Promise<{ authorization: string }> {
  tokens[who] ??= (await t.login(`${who}@demo.local`)).access_token;
  return { authorization: `Bearer ${tokens[who]}` };
}

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.admin.query<{ email: string; user_id: string }>('SELECT email, user_id FROM app.profiles');
  for (const r of rows) uid[r.email.replace('@demo.local', '')] = r.user_id;
});
afterAll(async () => {
  await t.close();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status, title: expect.any(String), detail: expect.any(String) } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.text).not.toMatch(/SELECT |INSERT |_pkey\b|\bconstraint\b|at \w+ \(|kpi_targets_(key|no_overlap)|invoices_number_key|payments_reference_per_invoice_key/i);
}
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
const target = async (who: string, body: Record<string, unknown>) =>
  t.http().post('/api/kpi/targets').set(await as(who)).send({ period_start: '2025-01-01', period_end: '2025-01-31', target_value: '10', ...body });

describe('GET /api/kpi/metrics', () => {
  it('lists the 21 metrics of metrics.md, filterable by department and source', async () => {
    const r = await t.http().get('/api/kpi/metrics').set(await as('ops.exi'));
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(21);
    expect(r.body.next_cursor).toBeNull();
    expect(r.body.items[0]).toMatchObject({ metric_key: 'MKT_LEADS', name: 'Lead baru', name_en: 'New leads', department: 'MKT', unit: 'count', source: 'AUTO', direction: 'higher_is_better', supports_channel: true });
    const sal = await t.http().get('/api/kpi/metrics?department=SAL').set(await as('ops.exi'));
    expect(sal.body.items.map((m: { metric_key: string }) => m.metric_key)).toEqual(['SAL_REVENUE', 'SAL_NEW_LOGOS', 'SAL_ACTIVITIES', 'SAL_VISITS', 'SAL_WIN_RATE', 'SAL_CYCLE_DAYS', 'SAL_QUOTATIONS', 'SAL_REFERRALS']);
    const manual = await t.http().get('/api/kpi/metrics?source=MANUAL').set(await as('ops.exi'));
    expect(manual.body.items.map((m: { metric_key: string }) => m.metric_key)).toEqual(['MKT_CONTENT_PUBLISHED', 'SAL_REFERRALS']);
    expectProblem(await t.http().get('/api/kpi/metrics?department=XYZ').set(await as('ops.exi')), 422);
  });
});

describe('targets', () => {
  it('a sales manager sets a team target (201, audited); duplicate and overlap answer 409 on period_start', async () => {
    const r = await target('sales.manager', { metric_key: 'SAL_REVENUE', assignee_user_id: uid.sales1, target_value: 150000000 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ metric_key: 'SAL_REVENUE', metric_name: 'Pendapatan', unit: 'idr', assignee_user_id: uid.sales1, assignee_name: 'Siti Rahmawati', target_value: '150000000.00', created_by: uid['sales.manager'] });
    const dup = await target('sales.manager', { metric_key: 'SAL_REVENUE', assignee_user_id: uid.sales1 });
    expectProblem(dup, 409);
    expect(dup.body.errors).toEqual([{ field: 'period_start', message: 'a target for this period already exists' }]);
    const overlap = await target('sales.manager', { metric_key: 'SAL_REVENUE', assignee_user_id: uid.sales1, period_start: '2024-12-15', period_end: '2025-01-15' });
    expectProblem(overlap, 409);
    expect(overlap.body.errors[0].message).toBe('overlaps the target of 2025-01-01 – 2025-01-31');
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'kpi_targets' AND record_id = $1`, [r.body.target_id]);
    expect(audit.rows).toEqual([{ changed_by: uid['sales.manager'] }]);
  });

  it('refused sides: other team 403, other department\'s metric 403, director and staff 403, bad input 422', async () => {
    expectProblem(await target('sales.manager', { metric_key: 'SAL_REVENUE', assignee_user_id: uid.sales3 }), 403);
    expectProblem(await target('sales.manager', { metric_key: 'MKT_LEADS', assignee_user_id: uid.sales1 }), 403);
    expectProblem(await target('mkt.manager', { metric_key: 'SAL_REVENUE', assignee_user_id: uid['mkt.staff'] }), 403);
    for (const who of ['director', 'sales1', 'finance', 'ops.dom', 'mkt.staff']) {
      expectProblem(await target(who, { metric_key: 'SAL_REVENUE', assignee_user_id: uid.sales1 }), 403);
    }
    const bad = await target('sales.manager', { metric_key: 'sal revenue', assignee_user_id: 'x', period_start: '2025-13-01', target_value: '-1' });
    expectProblem(bad, 422);
    expect(fieldsOf(bad.body)).toEqual(['assignee_user_id', 'metric_key', 'period_start', 'target_value']);
    const dept = await target('admin', { metric_key: 'SAL_REVENUE', assignee_user_id: uid.finance });
    expectProblem(dept, 422);
    expect(fieldsOf(dept.body)).toEqual(['metric_key']);
    expectProblem(await target('admin', { metric_key: 'SAL_WIN_RATE', assignee_user_id: uid.sales1, target_value: '120' }), 422);
  });

  it('lists by scope, changes and withdraws a target (manager of the team only)', async () => {
    const r = await target('sales.manager', { metric_key: 'SAL_VISITS', assignee_user_id: uid.sales2, period_start: '2025-02-01', period_end: '2025-02-28' });
    const s2 = await t.http().get('/api/kpi/targets?metric_key=SAL_VISITS').set(await as('sales2'));
    expect(s2.body.items.map((x: { target_id: string }) => x.target_id)).toContain(r.body.target_id);
    const s1 = await t.http().get('/api/kpi/targets?limit=200').set(await as('sales1'));
    expect(s1.body.items.every((x: { assignee_user_id: string }) => x.assignee_user_id === uid.sales1)).toBe(true);
    const m2 = await t.http().get(`/api/kpi/targets?assignee_user_id=${uid.sales2}`).set(await as('sales.manager2'));
    expect(m2.body.items).toEqual([]);
    const overlapping = await t.http().get('/api/kpi/targets?from=2025-02-10&to=2025-02-10').set(await as('director'));
    expect(overlapping.body.items.map((x: { target_id: string }) => x.target_id)).toContain(r.body.target_id);
    expectProblem(await t.http().patch(`/api/kpi/targets/${r.body.target_id}`).set(await as('sales.manager2')).send({ target_value: '1' }), 404);
    expectProblem(await t.http().patch(`/api/kpi/targets/${r.body.target_id}`).set(await as('director')).send({ target_value: '1' }), 403);
    const p = await t.http().patch(`/api/kpi/targets/${r.body.target_id}`).set(await as('sales.manager')).send({ target_value: 8, notes: 'Naik' });
    expect(p.body).toMatchObject({ target_value: '8.00', notes: 'Naik' });
    expect((await t.http().delete(`/api/kpi/targets/${r.body.target_id}`).set(await as('sales.manager'))).status).toBe(204);
    expectProblem(await t.http().delete(`/api/kpi/targets/${r.body.target_id}`).set(await as('sales.manager')), 404);
    const audit = await t.db.admin.query(`SELECT action FROM app.audit_logs WHERE table_name = 'kpi_targets' AND record_id = $1 ORDER BY id`, [r.body.target_id]);
    expect(audit.rows.map((x) => x.action)).toEqual(['INSERT', 'UPDATE', 'DELETE']);
  });
});

describe('entries and evidence', () => {
  it('an AUTO metric refuses entries (422 on metric_key); MANUAL entries default to the caller', async () => {
    const auto = await t.http().post('/api/kpi/entries').set(await as('sales1')).send({ metric_key: 'SAL_REVENUE', entry_date: '2025-01-05', value: 1 });
    expectProblem(auto, 422);
    expect(fieldsOf(auto.body)).toEqual(['metric_key']);
    const ok = await t.http().post('/api/kpi/entries').set(await as('sales1')).send({ metric_key: 'SAL_REFERRALS', entry_date: '2025-01-05', value: 2, notes: 'Dari asosiasi' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ metric_key: 'SAL_REFERRALS', assignee_user_id: uid.sales1, value: '2.00', source: 'MANUAL', evidence_object_id: null, created_by: uid.sales1 });
    const team = await t.http().post('/api/kpi/entries').set(await as('sales.manager')).send({ metric_key: 'SAL_REFERRALS', entry_date: '2025-01-06', value: '1', assignee_user_id: uid.sales2 });
    expect(team.status).toBe(201);
    expectProblem(await t.http().post('/api/kpi/entries').set(await as('sales.manager2')).send({ metric_key: 'SAL_REFERRALS', entry_date: '2025-01-06', value: '1', assignee_user_id: uid.sales2 }), 403);
    expectProblem(await t.http().post('/api/kpi/entries').set(await as('director')).send({ metric_key: 'SAL_REFERRALS', entry_date: '2025-01-06', value: '1' }), 403);
    expectProblem(await t.http().post('/api/kpi/entries').set(await as('sales1')).send({ metric_key: 'SAL_REFERRALS', entry_date: '2999-01-01', value: '1' }), 422);
    const list = await t.http().get('/api/kpi/entries?metric_key=SAL_REFERRALS&from=2025-01-01&to=2025-01-31').set(await as('sales.manager'));
    expect(list.body.items.map((e: { entry_id: string }) => e.entry_id).sort()).toEqual([ok.body.entry_id, team.body.entry_id].sort());
  });

  it('an Idempotency-Key retry records one entry', async () => {
    const h = { ...(await as('mkt.staff')), 'idempotency-key': 'kpi-entry-1' };
    const body = { metric_key: 'MKT_CONTENT_PUBLISHED', entry_date: '2025-01-07', value: 1 };
    const a = await t.http().post('/api/kpi/entries').set(h).send(body);
    const b = await t.http().post('/api/kpi/entries').set(h).send(body);
    expect([a.status, b.status, b.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
    expect(b.body.entry_id).toBe(a.body.entry_id);
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.kpi_entries WHERE metric_key = 'MKT_CONTENT_PUBLISHED' AND entry_date = '2025-01-07'`);
    expect(n.rows[0].n).toBe(1);
  });

  it('evidence: multipart upload attached to the entry, readable with it, refused for others\' entries', async () => {
    const e = (await t.http().post('/api/kpi/entries').set(await as('sales1')).send({ metric_key: 'SAL_REFERRALS', entry_date: '2025-01-08', value: 1 })).body;
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const up = await t.http().post('/api/kpi/evidence').set(await as('sales1')).field('kpi_entry_id', e.entry_id).attach('file', pdf, { filename: 'surat referensi.pdf' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ kpi_entry_id: e.entry_id, bucket: 'kpi-evidence', content_type: 'application/pdf', size: pdf.length, original_name: 'surat referensi.pdf' });
    const entry = await t.http().get(`/api/kpi/entries?from=2025-01-08&to=2025-01-08`).set(await as('sales1'));
    expect(entry.body.items[0].evidence_object_id).toBe(up.body.object_id);
    expect((await t.http().get(`/api/files/${up.body.object_id}`).set(await as('sales.manager'))).status).toBe(200);
    expectProblem(await t.http().get(`/api/files/${up.body.object_id}`).set(await as('sales2')), 404);
    expectProblem(await t.http().post('/api/kpi/evidence').set(await as('sales2')).field('kpi_entry_id', e.entry_id).attach('file', pdf, { filename: 'x.pdf' }), 404);
    expectProblem(await t.http().post('/api/kpi/evidence').set(await as('sales1')).field('kpi_entry_id', e.entry_id).attach('file', Buffer.from('just text'), { filename: 'x.pdf' }), 415);
    expectProblem(await t.http().post('/api/kpi/evidence').set(await as('sales1')).field('kpi_entry_id', e.entry_id), 422);
    expectProblem(await t.http().post('/api/kpi/evidence').set(await as('sales1')).field('kpi_entry_id', 'nope').attach('file', pdf, { filename: 'x.pdf' }), 422);
    expectProblem(await t.http().post('/api/kpi/evidence').set(await as('director')).field('kpi_entry_id', e.entry_id).attach('file', pdf, { filename: 'x.pdf' }), 403);
  });
});

describe('progress', () => {
  it('defaults to me and this month; every metric of my department with target, actual, achievement and status', async () => {
    const r = await t.http().get('/api/kpi/progress').set(await as('sales1'));
    expect(r.status).toBe(200);
    expect(r.body.map((m: { metric_key: string }) => m.metric_key)).toEqual(['SAL_REVENUE', 'SAL_NEW_LOGOS', 'SAL_ACTIVITIES', 'SAL_VISITS', 'SAL_WIN_RATE', 'SAL_CYCLE_DAYS', 'SAL_QUOTATIONS', 'SAL_REFERRALS']);
    for (const m of r.body) {
      expect(Object.keys(m).sort()).toEqual(['achievement_pct', 'actual_value', 'aggregation', 'department', 'direction', 'metric_key', 'na_code', 'na_reason', 'name', 'name_en', 'source', 'status', 'target_id', 'target_value', 'unit'].sort());
      expect(m.status === 'NA' ? m.actual_value === null && !!m.na_reason : m.actual_value !== null).toBe(true);
    }
    const revenue = r.body[0];
    expect(revenue.target_value).toBe('150000000.00'); // the demo seed's monthly target
    expect(typeof revenue.achievement_pct).toBe('number');
  });

  it('NA with a reason, never 0; a new entry shows at once', async () => {
    const jan = '?period_start=2025-01-01&period_end=2025-01-31';
    const before = await t.http().get(`/api/kpi/progress${jan}&assignee_user_id=${uid.sales3}`).set(await as('sales.manager2'));
    const byKey = Object.fromEntries(before.body.map((m: { metric_key: string }) => [m.metric_key, m]));
    expect(byKey.SAL_WIN_RATE).toMatchObject({ status: 'NA', actual_value: null, na_code: 'none_closed' });
    expect(byKey.SAL_REFERRALS).toMatchObject({ status: 'NA', na_code: 'no_entries' });
    await t.http().post('/api/kpi/entries').set(await as('sales3')).send({ metric_key: 'SAL_REFERRALS', entry_date: '2025-01-09', value: 0 }).expect(201);
    const after = await t.http().get(`/api/kpi/progress${jan}`).set(await as('sales3'));
    expect(after.body.find((m: { metric_key: string }) => m.metric_key === 'SAL_REFERRALS')).toMatchObject({ status: 'OK', actual_value: '0.00' });
  });

  it('who may read whose progress: self, the team manager, director, super_admin; 404 otherwise; 422 for bad periods', async () => {
    for (const who of ['sales.manager', 'director', 'admin']) {
      expect((await t.http().get(`/api/kpi/progress?assignee_user_id=${uid.sales1}`).set(await as(who))).status).toBe(200);
    }
    for (const who of ['sales2', 'sales.manager2', 'mkt.manager', 'finance']) {
      expectProblem(await t.http().get(`/api/kpi/progress?assignee_user_id=${uid.sales1}`).set(await as(who)), 404);
    }
    expectProblem(await t.http().get('/api/kpi/progress?period_start=2025-02-01&period_end=2025-01-01').set(await as('sales1')), 422);
    expectProblem(await t.http().get('/api/kpi/progress?period_start=2025-02-30').set(await as('sales1')), 422);
    expectProblem(await t.http().get('/api/kpi/progress?assignee_user_id=not-a-uuid').set(await as('sales1')), 422);
  });

  it('actuals of one metric through the metric map, with a channel filter where supported', async () => {
    const r = await t.http().get('/api/kpi/actuals/MKT_LEADS?channel=website').set(await as('mkt.manager'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ metric_key: 'MKT_LEADS', assignee_user_id: uid['mkt.manager'], channel: 'website', status: 'OK' });
    expect(r.body.period_start).toMatch(/-01$/);
    const all = await t.http().get('/api/kpi/actuals/MKT_LEADS').set(await as('mkt.manager'));
    const progress = await t.http().get('/api/kpi/progress').set(await as('mkt.manager'));
    expect(all.body.actual_value).toBe(progress.body.find((m: { metric_key: string }) => m.metric_key === 'MKT_LEADS').actual_value);
    expectProblem(await t.http().get('/api/kpi/actuals/SAL_REVENUE?channel=website').set(await as('sales1')), 422);
    expectProblem(await t.http().get('/api/kpi/actuals/NOPE').set(await as('sales1')), 404);
    expectProblem(await t.http().get(`/api/kpi/actuals/SAL_REVENUE?assignee_user_id=${uid.sales1}`).set(await as('sales2')), 404);
  });

  it('pickers: whom I may set targets for / whose progress I may read', async () => {
    const tg = await t.http().get('/api/kpi/assignees?purpose=targets').set(await as('sales.manager'));
    expect(tg.body.items.map((a: { user_id: string }) => a.user_id).sort()).toEqual([uid['sales.manager'], uid.sales1, uid.sales2].sort());
    expect(tg.body.items[0]).toMatchObject({ user_id: uid['sales.manager'], is_self: true, department: 'SAL' });
    expect((await t.http().get('/api/kpi/assignees?purpose=targets').set(await as('director'))).body.items).toEqual([]);
    const pr = await t.http().get('/api/kpi/assignees').set(await as('sales1'));
    expect(pr.body.items.map((a: { user_id: string }) => a.user_id)).toEqual([uid.sales1]);
    expectProblem(await t.http().get('/api/kpi/assignees?purpose=all').set(await as('sales1')), 422);
  });
});

describe('OpenAPI', () => {
  it('documents every KPI route', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    for (const p of ['/api/kpi/metrics', '/api/kpi/targets', '/api/kpi/targets/{target_id}', '/api/kpi/entries', '/api/kpi/evidence', '/api/kpi/progress', '/api/kpi/actuals/{metric_key}', '/api/kpi/assignees']) {
      expect(doc.paths[p]).toBeDefined();
    }
    expect(doc.paths['/api/kpi/progress'].get.responses['200']).toBeDefined();
  });
});
