import { createTestApp, TestApp } from '../helpers/app.js';
import { asUser, demoUsers, expectSqlState } from '../helpers/db.js';

type Auth = { authorization: string };
let t: TestApp;
const as: Record<string, Auth> = {};
const ids: Record<string, string> = {};

const EMAILS = [
  'admin@demo.local', 'director@demo.local', 'mkt.manager@demo.local', 'mkt.staff@demo.local', 'sales.manager@demo.local',
  'sales1@demo.local', 'ops.dom@demo.local', 'finance@demo.local',
];
const NON_ADMINS = ['director', 'mkt.manager', 'mkt.staff', 'sales.manager', 'sales1', 'ops.dom', 'finance'];

beforeAll(async () => {
  t = await createTestApp();
  for (const email of EMAILS) {
    const r = await t.login(email);
    const k = email.split('@')[0];
    as[k] = { authorization: `Bearer ${r.access_token}` };
    ids[k] = r.user.user_id;
  }
});
afterAll(async () => {
  await t.close();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.text).not.toMatch(/SELECT |INSERT |UPDATE |constraint|_pkey|PL\/pgSQL|reference_/i);
}

/** The distinct fields named by a 422's errors[]. */
const fieldsOf = (body: { errors?: Array<{ field: string }> }) => [...new Set((body.errors ?? []).map((e) => e.field))];

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await t.db.admin.query(sql, params)).rows as T[];

/** Everything a reference write could touch, plus the audit log size. */
async function snapshot() {
  const [r] = await q(`SELECT
    (SELECT jsonb_agg(to_jsonb(d) ORDER BY d.dept_code) FROM app.departments d) AS departments,
    (SELECT jsonb_agg(to_jsonb(h) ORDER BY h.holiday_date) FROM app.holidays h) AS holidays,
    (SELECT jsonb_agg(to_jsonb(p) ORDER BY p.ticket_type, p.priority) FROM app.sla_policies p) AS sla,
    (SELECT jsonb_agg(to_jsonb(s) ORDER BY s.entity) FROM app.stale_thresholds s) AS stale,
    (SELECT count(*)::int FROM app.audit_logs) AS audit_rows`);
  return r;
}

async function lastAudit(table: string, recordId: string) {
  const rows = await q<{ action: string; changed_by: string; before_data: Record<string, unknown> | null; after_data: Record<string, unknown> | null }>(
    `SELECT action, changed_by, before_data, after_data FROM app.audit_logs
      WHERE table_name = $1 AND record_id = $2 ORDER BY changed_at DESC, id DESC LIMIT 1`,
    [table, recordId],
  );
  return rows[0];
}

describe('reads: every signed-in role', () => {
  it.each(['admin', 'director', 'mkt.staff', 'sales1', 'ops.dom', 'finance'])('%s reads departments, holidays, SLA policies and stale thresholds', async (who) => {
    const dep = await t.http().get('/api/reference/departments').set(as[who]);
    expect(dep.status).toBe(200);
    expect(dep.body.next_cursor).toBeNull();
    expect(dep.body.items.map((d: { dept_code: string }) => d.dept_code)).toEqual(['DIR', 'MKT', 'SAL', 'FIN', 'DOM', 'EXI', 'DTD', 'WHS']);
    expect(dep.body.items[4]).toEqual({ dept_code: 'DOM', name: expect.any(String), name_en: 'Domestic', is_ops: true, sort_order: 50 });

    const hol = await t.http().get('/api/reference/holidays').set(as[who]);
    expect(hol.status).toBe(200);
    const [{ n }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM app.holidays');
    expect(hol.body.items).toHaveLength(n);
    expect(hol.body.items.find((h: { holiday_date: string }) => h.holiday_date === '2026-08-17')).toEqual({
      holiday_date: '2026-08-17', name: 'Hari Kemerdekaan Republik Indonesia', name_en: 'Independence Day',
      iso_weekday: 1, is_weekend: false, created_at: expect.stringMatching(/\+07:00$/),
    });

    const sla = await t.http().get('/api/reference/sla-policies').set(as[who]);
    expect(sla.status).toBe(200);
    expect(sla.body.items).toHaveLength(16);
    expect(sla.body.items[0]).toMatchObject({ ticket_type: 'inquiry_tariff', priority: 'low' });
    const normal = sla.body.items.find((p: { ticket_type: string; priority: string }) => p.ticket_type === 'complaint' && p.priority === 'normal');
    expect(normal).toMatchObject({ first_response_minutes: 120, resolution_minutes: 1620, first_response_hours: 2, resolution_hours: 27 });

    const stale = await t.http().get('/api/reference/stale-thresholds').set(as[who]);
    expect(stale.status).toBe(200);
    const [{ s }] = await q<{ s: number }>('SELECT count(*)::int AS s FROM app.stale_thresholds');
    expect(stale.body.items).toHaveLength(s);
    expect(stale.body.items.map((x: { entity: string }) => x.entity)).toEqual(expect.arrayContaining(['import', 'lead', 'prospect', 'ticket']));
    expect(stale.body.items.find((x: { entity: string }) => x.entity === 'ticket')).toMatchObject({ threshold: '2 days', threshold_minutes: 2880, threshold_hours: 48, threshold_days: 2 });
  });

  it('filters holidays by year and refuses a bad year with 422', async () => {
    const r = await t.http().get('/api/reference/holidays?year=2027').set(as.sales1);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(5);
    expect(r.body.items.every((h: { holiday_date: string }) => h.holiday_date.startsWith('2027-'))).toBe(true);
    const dates = r.body.items.map((h: { holiday_date: string }) => h.holiday_date);
    expect([...dates].sort()).toEqual(dates);
    for (const bad of ['1990', 'abc', '2026.5']) {
      const res = await t.http().get(`/api/reference/holidays?year=${bad}`).set(as.sales1);
      expectProblem(res, 422);
      expect(res.body.errors[0].field).toBe('year');
    }
  });

  it('needs a token', async () => {
    expect((await t.http().get('/api/reference/departments')).status).toBe(401);
  });
});

describe('holidays: super_admin writes', () => {
  it('adds, renames and deletes a holiday; each write is audited with changed_by', async () => {
    const add = await t.http().post('/api/reference/holidays').set(as.admin).send({ holiday_date: '2026-12-24', name: '  Cuti Bersama Natal ', name_en: 'Christmas Eve' });
    expect(add.status).toBe(201);
    expect(add.body).toEqual({ holiday_date: '2026-12-24', name: 'Cuti Bersama Natal', name_en: 'Christmas Eve', iso_weekday: 4, is_weekend: false, created_at: expect.any(String) });
    const list = await t.http().get('/api/reference/holidays?year=2026').set(as['ops.dom']);
    expect(list.body.items.map((h: { holiday_date: string }) => h.holiday_date)).toContain('2026-12-24');
    expect(await lastAudit('holidays', '2026-12-24')).toMatchObject({ action: 'INSERT', changed_by: ids.admin, after_data: { name: 'Cuti Bersama Natal' } });
    // Business time skips the new day at once (Thu 24 Dec: 08:00–17:00 is no longer business time).
    const [bm] = await q<{ m: string }>(`SELECT app.business_minutes('2026-12-24 08:00+07', '2026-12-24 17:00+07')::text AS m`);
    expect(Number(bm.m)).toBe(0);

    const ren = await t.http().patch('/api/reference/holidays/2026-12-24').set(as.admin).send({ name: 'Cuti Bersama Hari Raya Natal', name_en: null });
    expect(ren.status).toBe(200);
    expect(ren.body).toMatchObject({ holiday_date: '2026-12-24', name: 'Cuti Bersama Hari Raya Natal', name_en: null });
    expect(await lastAudit('holidays', '2026-12-24')).toMatchObject({
      action: 'UPDATE', changed_by: ids.admin, before_data: { name_en: 'Christmas Eve' }, after_data: { name: 'Cuti Bersama Hari Raya Natal', name_en: null },
    });

    const del = await t.http().delete('/api/reference/holidays/2026-12-24').set(as.admin);
    expect(del.status).toBe(204);
    expect(await lastAudit('holidays', '2026-12-24')).toMatchObject({ action: 'DELETE', changed_by: ids.admin, after_data: null });
    expect(await q('SELECT 1 FROM app.holidays WHERE holiday_date = $1', ['2026-12-24'])).toEqual([]);
    expectProblem(await t.http().delete('/api/reference/holidays/2026-12-24').set(as.admin), 404);
  });

  it('validates with 422 field errors and writes nothing', async () => {
    const before = await snapshot();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ holiday_date: '24-12-2026', name: 'X' }, 'holiday_date'],
      [{ holiday_date: '2026-02-30', name: 'X' }, 'holiday_date'],
      [{ holiday_date: '1999-12-31', name: 'X' }, 'holiday_date'],
      [{ name: 'X' }, 'holiday_date'],
      [{ holiday_date: '2026-12-28' }, 'name'],
      [{ holiday_date: '2026-12-28', name: '   ' }, 'name'],
      [{ holiday_date: '2026-12-28', name: 'x'.repeat(201) }, 'name'],
      [{ holiday_date: '2026-12-28', name: 'X', name_en: 7 }, 'name_en'],
      [{ holiday_date: '2026-12-28', name: 'X', created_at: '2026-01-01' }, 'created_at'],
    ];
    for (const [body, field] of cases) {
      const r = await t.http().post('/api/reference/holidays').set(as.admin).send(body);
      expectProblem(r, 422);
      expect({ body, fields: fieldsOf(r.body) }).toEqual({ body, fields: expect.arrayContaining([field]) });
    }
    const blank = await t.http().patch('/api/reference/holidays/2026-08-17').set(as.admin).send({ name: ' ' });
    expectProblem(blank, 422);
    expect(blank.body.errors).toEqual([{ field: 'name', message: 'is required' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a second holiday on the same day (409), unknown or malformed days (404)', async () => {
    const dup = await t.http().post('/api/reference/holidays').set(as.admin).send({ holiday_date: '2026-08-17', name: 'Lagi' });
    expectProblem(dup, 409);
    expect(dup.body.errors).toEqual([{ field: 'holiday_date', message: 'is already a holiday' }]);
    expectProblem(await t.http().patch('/api/reference/holidays/2026-08-18').set(as.admin).send({ name: 'X' }), 404);
    expectProblem(await t.http().patch('/api/reference/holidays/2026-02-30').set(as.admin).send({ name: 'X' }), 404);
    expectProblem(await t.http().delete('/api/reference/holidays/not-a-date').set(as.admin), 404);
  });

  it('honours Idempotency-Key: a retry replays, another body with the same key is 422', async () => {
    const body = { holiday_date: '2026-12-31', name: 'Cuti Bersama Tahun Baru' };
    const a = await t.http().post('/api/reference/holidays').set(as.admin).set('Idempotency-Key', 'hol-2026-12-31').send(body);
    expect(a.status).toBe(201);
    const b = await t.http().post('/api/reference/holidays').set(as.admin).set('Idempotency-Key', 'hol-2026-12-31').send(body);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toEqual(a.body);
    const c = await t.http().post('/api/reference/holidays').set(as.admin).set('Idempotency-Key', 'hol-2026-12-31').send({ ...body, name: 'Lain' });
    expectProblem(c, 422);
    expect(await q(`SELECT action FROM app.audit_logs WHERE table_name = 'holidays' AND record_id = '2026-12-31'`)).toEqual([{ action: 'INSERT' }]);
  });
});

describe('SLA policies: super_admin writes', () => {
  it('changes targets (audited); only tickets created afterwards get the new due times', async () => {
    const body = { ticket_type: 'general_request', dept_target: 'FIN', priority: 'high', subject: 'Permintaan salinan faktur', description: 'Mohon kirim ulang faktur Januari.' };
    const old = await t.http().post('/api/tickets').set(as.sales1).send(body);
    expect(old.status).toBe(201);
    const dueOld = (await q<{ d: string }>('SELECT first_response_due_at::text AS d FROM app.tickets WHERE ticket_id = $1', [old.body.ticket_id]))[0].d;

    const r = await t.http().patch('/api/reference/sla-policies/general_request/high').set(as.admin).send({ first_response_minutes: 90, resolution_minutes: 1620 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ticket_type: 'general_request', priority: 'high', first_response_minutes: 90, resolution_minutes: 1620, first_response_hours: 1.5, resolution_hours: 27 });
    expect(await lastAudit('sla_policies', 'general_request')).toMatchObject({
      action: 'UPDATE', changed_by: ids.admin,
      before_data: { priority: 'high', first_response_minutes: 120, resolution_minutes: 1080 },
      after_data: { priority: 'high', first_response_minutes: 90, resolution_minutes: 1620 },
    });

    const fresh = await t.http().post('/api/tickets').set(as.sales1).send(body);
    expect(fresh.status).toBe(201);
    const rows = await q<{ ticket_id: string; due: string; fr: string; res: string }>(
      `SELECT ticket_id, first_response_due_at::text AS due,
              app.business_minutes(created_at, first_response_due_at)::text AS fr,
              app.business_minutes(created_at, resolution_due_at)::text AS res
         FROM app.tickets WHERE ticket_id = ANY($1) ORDER BY ticket_id`,
      [[old.body.ticket_id, fresh.body.ticket_id]],
    );
    const byId = Object.fromEntries(rows.map((x) => [x.ticket_id, x]));
    expect(byId[old.body.ticket_id].due).toBe(dueOld);
    expect(Number(byId[old.body.ticket_id].fr)).toBe(120);
    expect(Number(byId[fresh.body.ticket_id].fr)).toBe(90);
    expect(Number(byId[fresh.body.ticket_id].res)).toBe(1620);
  });

  it('refuses zero, negative, fractional and inconsistent targets with 422 and writes nothing', async () => {
    const before = await snapshot();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ first_response_minutes: 0 }, 'first_response_minutes'],
      [{ first_response_minutes: -30 }, 'first_response_minutes'],
      [{ first_response_minutes: 1.5 }, 'first_response_minutes'],
      [{ first_response_minutes: '60' }, 'first_response_minutes'],
      [{ resolution_minutes: 0 }, 'resolution_minutes'],
      [{ resolution_minutes: 2_000_000 }, 'resolution_minutes'],
      [{ first_response_minutes: 600, resolution_minutes: 300 }, 'resolution_minutes'],
      [{ priority: 'low' }, 'priority'],
    ];
    for (const [body, field] of cases) {
      const r = await t.http().patch('/api/reference/sla-policies/complaint/normal').set(as.admin).send(body);
      expectProblem(r, 422);
      expect({ body, fields: fieldsOf(r.body) }).toEqual({ body, fields: [field] });
    }
    // Only the first-response target sent, above the stored resolution target (1620): the error names the field that changed.
    const fr = await t.http().patch('/api/reference/sla-policies/complaint/normal').set(as.admin).send({ first_response_minutes: 2000 });
    expectProblem(fr, 422);
    expect(fr.body.errors).toEqual([{ field: 'first_response_minutes', message: 'must be at most the resolution target (1620 business minutes)' }]);
    const res = await t.http().patch('/api/reference/sla-policies/complaint/normal').set(as.admin).send({ resolution_minutes: 60 });
    expect(res.body.errors).toEqual([{ field: 'resolution_minutes', message: 'must be at least the first-response target (120 business minutes)' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('a PATCH that changes nothing writes nothing (no audit row)', async () => {
    const before = await snapshot();
    const same = await t.http().patch('/api/reference/sla-policies/request_pickup/low').set(as.admin).send({ first_response_minutes: 240 });
    expect(same.status).toBe(200);
    expect((await t.http().patch('/api/reference/departments/FIN').set(as.admin).send({})).status).toBe(200);
    expect((await t.http().patch('/api/reference/stale-thresholds/prospect').set(as.admin).send({ threshold_hours: 336 })).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('404 for an unknown ticket type or priority', async () => {
    expectProblem(await t.http().patch('/api/reference/sla-policies/shipment/normal').set(as.admin).send({ first_response_minutes: 60 }), 404);
    expectProblem(await t.http().patch('/api/reference/sla-policies/complaint/critical').set(as.admin).send({ first_response_minutes: 60 }), 404);
  });
});

describe('stale thresholds: super_admin writes', () => {
  it('changes a threshold in hours (stored as an interval) and its description, audited', async () => {
    const r = await t.http().patch('/api/reference/stale-thresholds/ticket').set(as.admin).send({ threshold_hours: 72 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ entity: 'ticket', threshold: '3 days', threshold_hours: 72, threshold_days: 3 });
    expect((await q<{ th: string }>(`SELECT threshold::text AS th FROM app.stale_thresholds WHERE entity = 'ticket'`))[0].th).toBe('3 days');
    const half = await t.http().patch('/api/reference/stale-thresholds/import').set(as.admin).send({ threshold_hours: 0.5, description: 'Impor macet selama ini' });
    expect(half.body).toMatchObject({ entity: 'import', threshold: '00:30:00', threshold_minutes: 30, threshold_hours: 0.5, description: 'Impor macet selama ini' });
    const mixed = await t.http().patch('/api/reference/stale-thresholds/lead').set(as.admin).send({ threshold_hours: 26 });
    expect(mixed.body).toMatchObject({ threshold: '1 day 02:00:00', threshold_minutes: 1560, threshold_hours: 26, threshold_days: 1.08 });
    // 25 minutes as the console sends it (25 / 60 in binary floating point) is whole minutes.
    const odd = await t.http().patch('/api/reference/stale-thresholds/lead').set(as.admin).send({ threshold_hours: 25 / 60 });
    expect(odd.body).toMatchObject({ threshold: '00:25:00', threshold_minutes: 25, threshold_hours: 0.42 });
    expect(await lastAudit('stale_thresholds', 'ticket')).toMatchObject({ action: 'UPDATE', changed_by: ids.admin, before_data: { threshold: '2 days' }, after_data: { threshold: '3 days' } });
    // The stuck-ticket view reads it live.
    const [v] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM app.stale_thresholds WHERE entity = 'ticket' AND threshold = interval '72 hours'`);
    expect(v.n).toBe(1);
  });

  it('refuses zero, negative, too long, fractional-minute and non-numeric thresholds and empty descriptions (422)', async () => {
    const before = await snapshot();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ threshold_hours: 0 }, 'threshold_hours'],
      [{ threshold_hours: -5 }, 'threshold_hours'],
      [{ threshold_hours: 9000 }, 'threshold_hours'],
      [{ threshold_hours: 0.001 }, 'threshold_hours'],
      [{ threshold_hours: '48' }, 'threshold_hours'],
      [{ description: '' }, 'description'],
      [{ description: '   ' }, 'description'],
      [{ entity: 'x' }, 'entity'],
    ];
    for (const [body, field] of cases) {
      const r = await t.http().patch('/api/reference/stale-thresholds/prospect').set(as.admin).send(body);
      expectProblem(r, 422);
      expect({ body, fields: fieldsOf(r.body) }).toEqual({ body, fields: [field] });
    }
    expect(await snapshot()).toEqual(before);
    expectProblem(await t.http().patch('/api/reference/stale-thresholds/invoice').set(as.admin).send({ threshold_hours: 5 }), 404);
  });
});

describe('departments: super_admin writes', () => {
  it('renames and reorders (audited); code and is_ops are not editable; 404 for unknown codes', async () => {
    const r = await t.http().patch('/api/reference/departments/WHS').set(as.admin).send({ name: 'Gudang', name_en: 'Warehousing', sort_order: 85 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ dept_code: 'WHS', name: 'Gudang', name_en: 'Warehousing', is_ops: true, sort_order: 85 });
    expect(await lastAudit('departments', 'WHS')).toMatchObject({
      action: 'UPDATE', changed_by: ids.admin, before_data: { name: 'Pergudangan' }, after_data: { name: 'Gudang', sort_order: 85 },
    });
    const before = await snapshot();
    for (const [body, field] of [
      [{ is_ops: false }, 'is_ops'],
      [{ dept_code: 'WH' }, 'dept_code'],
      [{ name: '' }, 'name'],
      [{ name: ' ' }, 'name'],
      [{ name_en: 'x'.repeat(101) }, 'name_en'],
      [{ sort_order: -1 }, 'sort_order'],
      [{ sort_order: 2.5 }, 'sort_order'],
    ] as Array<[Record<string, unknown>, string]>) {
      const res = await t.http().patch('/api/reference/departments/WHS').set(as.admin).send(body);
      expectProblem(res, 422);
      expect({ body, fields: fieldsOf(res.body) }).toEqual({ body, fields: [field] });
    }
    expectProblem(await t.http().patch('/api/reference/departments/XYZ').set(as.admin).send({ name: 'X' }), 404);
    expect(await snapshot()).toEqual(before);
  });

  it('has no delete route', async () => {
    const r = await t.http().delete('/api/reference/departments/WHS').set(as.admin);
    expect(r.status).toBe(404);
    expect((await q(`SELECT 1 FROM app.departments WHERE dept_code = 'WHS'`)).length).toBe(1);
  });
});

describe('refused writes', () => {
  it.each(NON_ADMINS)('%s gets 403 on every write and nothing changes', async (who) => {
    const before = await snapshot();
    const writes = [
      t.http().post('/api/reference/holidays').set(as[who]).send({ holiday_date: '2026-12-30', name: 'X' }),
      t.http().patch('/api/reference/holidays/2026-08-17').set(as[who]).send({ name: 'X' }),
      t.http().delete('/api/reference/holidays/2026-08-17').set(as[who]),
      t.http().patch('/api/reference/sla-policies/complaint/urgent').set(as[who]).send({ first_response_minutes: 1 }),
      t.http().patch('/api/reference/stale-thresholds/ticket').set(as[who]).send({ threshold_hours: 1 }),
      t.http().patch('/api/reference/departments/DOM').set(as[who]).send({ name: 'X' }),
    ];
    for (const res of await Promise.all(writes)) expectProblem(res, 403);
    expect(await snapshot()).toEqual(before);
  });

  it('SQL refuses too, whatever the API layer does: BC403 from the write functions, 0 rows for direct writes', async () => {
    const u = await demoUsers(t.db);
    for (const email of ['director@demo.local', 'finance@demo.local', 'ops.dom@demo.local']) {
      const who = u[email];
      await expectSqlState(asUser(t.db, who, (c) => c.query(`SELECT app.reference_add_holiday('2026-12-30', 'X')`)), 'BC403');
      await expectSqlState(asUser(t.db, who, (c) => c.query(`SELECT app.reference_update_sla_policy('complaint', 'urgent', '{"first_response_minutes": 1}')`)), 'BC403');
      await expectSqlState(asUser(t.db, who, (c) => c.query(`SELECT app.reference_update_stale_threshold('ticket', '{"threshold_hours": 1}')`)), 'BC403');
      await expectSqlState(asUser(t.db, who, (c) => c.query(`SELECT app.reference_update_department('DOM', '{"name": "X"}')`)), 'BC403');
      await expectSqlState(asUser(t.db, who, (c) => c.query(`SELECT app.reference_delete_holiday('2026-08-17')`)), 'BC403');
      const direct = await asUser(t.db, who, async (c) => [
        (await c.query(`UPDATE app.sla_policies SET first_response_minutes = 1`)).rowCount,
        (await c.query(`UPDATE app.stale_thresholds SET threshold = interval '1 hour'`)).rowCount,
        (await c.query(`DELETE FROM app.holidays`)).rowCount,
        (await c.query(`UPDATE app.departments SET name = 'X'`)).rowCount,
      ], true);
      expect(direct).toEqual([0, 0, 0, 0]);
    }
  });
});

describe('OpenAPI', () => {
  it('documents every reference route', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    expect(doc.paths['/api/reference/departments'].get).toBeDefined();
    expect(doc.paths['/api/reference/departments/{dept_code}'].patch).toBeDefined();
    expect(doc.paths['/api/reference/holidays'].get).toBeDefined();
    expect(doc.paths['/api/reference/holidays'].post.responses).toHaveProperty('409');
    expect(doc.paths['/api/reference/holidays/{date}'].patch).toBeDefined();
    expect(doc.paths['/api/reference/holidays/{date}'].delete.responses).toHaveProperty('204');
    expect(doc.paths['/api/reference/sla-policies'].get.description).toMatch(/created \(or re-prioritised\) afterwards only/);
    expect(doc.paths['/api/reference/sla-policies/{ticket_type}/{priority}'].patch.responses).toHaveProperty('422');
    expect(doc.paths['/api/reference/stale-thresholds/{entity}'].patch).toBeDefined();
  });
});
