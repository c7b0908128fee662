import { createTestApp, TestApp } from '../helpers/app.js';

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

let seq = 0;
function tag(): string {
  seq += 1;
  return `${String.fromCharCode(97 + (seq % 26))}${seq}p${Math.floor(Math.random() * 1e6)}`;
}

type Lead = { lead_id: string; customer_id: string; prospect_id: string; company_name: string };

/** A lead by marketing staff, optionally handed over (its prospect then belongs to the owner). */
async function lead(owner?: string): Promise<Lead> {
  const company_name = `PT Pipa ${tag()} Sejahtera`;
  const r = await t.http().post('/api/leads').set(await as('mkt.staff')).send({ company_name, contact_name: 'Ibu Sari', source_channel: 'cold_call' });
  if (r.status !== 201) throw new Error(`create lead: ${r.status} ${JSON.stringify(r.body)}`);
  let prospect_id = r.body.prospect_id as string;
  if (owner) {
    const a = await t.http().post(`/api/leads/${r.body.lead_id}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid[owner] });
    if (a.status !== 200) throw new Error(`assign: ${a.status} ${JSON.stringify(a.body)}`);
    prospect_id = a.body.prospect_id;
  }
  return { lead_id: r.body.lead_id, customer_id: r.body.customer_id, prospect_id, company_name };
}

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(res.text).not.toMatch(/SELECT |INSERT |UPDATE |_key\b|_pkey\b|\bconstraint\b|policy|at \w+ \(/i);
}

const fieldsOf = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();
const FORWARD_FROM_NEW = ['CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION', 'WON', 'LOST'];

/** A real (1×1, baseline-arithmetic) JPEG. */
const JPEG = Buffer.from(
  'ffd8ffe000104a46494600010101004800480000ffdb004300030202020203020202030303030406040404040408060605060908' +
    '0a0a090809090a0c0f0c0a0b0e0b09090d110d0e0f101011100a0c12131210130f101010ffc9000b080001000101011100ffcc0006' +
    '00101005ffda0008010100003f00d2cf20ffd9',
  'hex',
);

async function upload(who: string, bucket = 'prospect-evidence'): Promise<string> {
  const r = await t.http().post('/api/files').set(await as(who)).field('bucket', bucket).attach('file', JPEG, { filename: 'visit.jpg', contentType: 'image/jpeg' });
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${JSON.stringify(r.body)}`);
  expect(r.body.content_type).toBe('image/jpeg');
  return r.body.object_id;
}

describe('GET /api/prospects', () => {
  it('lists the pipeline with customer name, owner and the stages the caller may move each to', async () => {
    const l = await lead('sales1');
    const list = async (who: string) => {
      const r = await t.http().get(`/api/prospects?customer_id=${l.customer_id}`).set(await as(who));
      expect(r.status).toBe(200);
      return r.body.items as Record<string, unknown>[];
    };
    const [p] = await list('sales1');
    expect(Object.keys(p).sort()).toEqual([
      'allowed_stages', 'created_at', 'created_by', 'customer_company_name', 'customer_id', 'last_activity_at', 'lost_reason', 'owner_name',
      'owner_user_id', 'prospect_id', 'stage', 'stage_changed_at', 'updated_at',
    ]);
    expect(p).toMatchObject({
      prospect_id: l.prospect_id, customer_id: l.customer_id, customer_company_name: l.company_name, owner_user_id: uid['sales1'],
      owner_name: 'Siti Rahmawati', stage: 'NEW', allowed_stages: FORWARD_FROM_NEW, stage_changed_at: expect.stringMatching(/\+07:00$/),
    });
    expect((await list('sales.manager'))[0].allowed_stages).toEqual(FORWARD_FROM_NEW);
    expect((await list('admin'))[0].allowed_stages).toEqual(FORWARD_FROM_NEW);
    // Visible but never updatable for them: no moves offered.
    for (const who of ['finance', 'mkt.manager', 'director', 'mkt.staff']) {
      const items = await list(who);
      expect(items.map((x) => x.prospect_id)).toEqual([l.prospect_id]);
      expect(items[0].allowed_stages).toEqual([]);
    }
    // RLS: other salespeople and the other team see nothing.
    expect(await list('sales2')).toEqual([]);
    expect(await list('sales.manager2')).toEqual([]);
    expect(await list('sales3')).toEqual([]);
  });

  it('a sales manager sees the unassigned pool but is offered no moves there', async () => {
    const l = await lead();
    const r = await t.http().get(`/api/prospects?customer_id=${l.customer_id}`).set(await as('sales.manager'));
    expect(r.body.items).toEqual([expect.objectContaining({ prospect_id: l.prospect_id, owner_user_id: null, owner_name: null, allowed_stages: [] })]);
    expect((await t.http().get(`/api/prospects?customer_id=${l.customer_id}`).set(await as('sales1'))).body.items).toEqual([]);
  });

  it('filters by owner, stage, customer name and the unassigned pool, with keyset pagination', async () => {
    const k = tag();
    const mk = async (owner?: string) => {
      const r = await t.http().post('/api/leads').set(await as('mkt.manager')).send({ company_name: `CV Saring ${k} ${tag()}`, contact_name: 'A', source_channel: 'website' });
      if (owner) return (await t.http().post(`/api/leads/${r.body.lead_id}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid[owner] })).body.prospect_id as string;
      return r.body.prospect_id as string;
    };
    const a = await mk('sales1');
    const b = await mk('sales2');
    const c = await mk();
    await t.http().patch(`/api/prospects/${b}`).set(await as('sales2')).send({ stage: 'CONTACTED' }).expect(200);
    // The marketing manager sees every prospect and the customers of every lead.
    const sm = await as('mkt.manager');
    const ids = async (qs: string) => (await t.http().get(`/api/prospects?q=${k}&${qs}`).set(sm)).body.items.map((p: { prospect_id: string }) => p.prospect_id);
    expect(await ids('')).toEqual([b, c, a]);
    expect(await ids(`owner_user_id=${uid['sales1']}`)).toEqual([a]);
    expect(await ids('stage=CONTACTED')).toEqual([b]);
    expect(await ids('unassigned=true')).toEqual([c]);
    const p1 = await t.http().get(`/api/prospects?q=${k}&limit=2`).set(sm);
    expect(p1.body.items.map((p: { prospect_id: string }) => p.prospect_id)).toEqual([b, c]);
    const p2 = await t.http().get(`/api/prospects?q=${k}&limit=2&cursor=${p1.body.next_cursor}`).set(sm);
    expect(p2.body.items.map((p: { prospect_id: string }) => p.prospect_id)).toEqual([a]);
    expect(p2.body.next_cursor).toBeNull();
    expectProblem(await t.http().get('/api/prospects?stage=DONE').set(sm), 422);
    expectProblem(await t.http().get('/api/prospects?owner_user_id=x').set(sm), 422);
  });

  it('401 without a token; 403 for operations', async () => {
    expectProblem(await t.http().get('/api/prospects'), 401);
    expectProblem(await t.http().get('/api/prospects').set(await as('ops.dom')), 403);
  });
});

describe('PATCH /api/prospects/{id}', () => {
  it('the owner moves forward (skipping allowed); moving back is refused with 409 and the allowed stages; the manager may move back', async () => {
    const l = await lead('sales1');
    const s1 = await as('sales1');
    const fwd = await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'NEEDS_ANALYSIS' });
    expect(fwd.status).toBe(200);
    expect(fwd.body).toMatchObject({ prospect_id: l.prospect_id, stage: 'NEEDS_ANALYSIS', allowed_stages: ['QUOTATION', 'NEGOTIATION', 'WON', 'LOST'] });
    const back = await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'CONTACTED' });
    expectProblem(back, 409);
    expect(back.body.allowed).toEqual(['QUOTATION', 'NEGOTIATION', 'WON', 'LOST']);
    const mgr = await t.http().patch(`/api/prospects/${l.prospect_id}`).set(await as('sales.manager')).send({ stage: 'CONTACTED' });
    expect(mgr.status).toBe(200);
    expect(mgr.body.stage).toBe('CONTACTED');
    expect(mgr.body.allowed_stages).toEqual(['NEW', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION', 'WON', 'LOST']);
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'prospects' AND record_id = $1 AND action = 'UPDATE' AND after_data->>'stage' <> before_data->>'stage' ORDER BY changed_at`, [l.prospect_id]);
    expect(audit.rows).toEqual([{ changed_by: uid['sales1'] }, { changed_by: uid['sales.manager'] }]);
    const sys = await t.db.admin.query(`SELECT notes FROM app.sales_activities WHERE prospect_id = $1 AND activity_type = 'stage_change' ORDER BY occurred_at`, [l.prospect_id]);
    expect(sys.rows.map((r) => r.notes)).toEqual(['NEW → NEEDS_ANALYSIS', 'NEEDS_ANALYSIS → CONTACTED']);
  });

  it('WON converts the handed-over lead; only a manager reopens; LOST keeps its reason', async () => {
    const l = await lead('sales1');
    const s1 = await as('sales1');
    const won = await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'WON' });
    expect(won.status).toBe(200);
    expect(won.body.allowed_stages).toEqual([]);
    const ld = await t.http().get(`/api/leads/${l.lead_id}`).set(s1);
    expect(ld.body).toMatchObject({ status: 'CONVERTED', converted_at: expect.any(String), prospect_stage: 'WON' });
    const reopen = await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'CONTACTED' });
    expectProblem(reopen, 409);
    expect(reopen.body.allowed).toEqual([]);
    const sm = await t.http().patch(`/api/prospects/${l.prospect_id}`).set(await as('sales.manager')).send({ stage: 'CONTACTED' });
    expect(sm.status).toBe(200);
    const lost = await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'LOST', lost_reason: 'Chose a competitor on price' });
    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({ stage: 'LOST', lost_reason: 'Chose a competitor on price' });
  });

  it('404 when not visible, 403 when visible but not yours, 403 for roles that never move prospects, 422 for bad input', async () => {
    const l = await lead('sales1');
    const body = { stage: 'CONTACTED' };
    expectProblem(await t.http().patch(`/api/prospects/${l.prospect_id}`).set(await as('sales2')).send(body), 404);
    expectProblem(await t.http().patch(`/api/prospects/${l.prospect_id}`).set(await as('sales.manager2')).send(body), 404);
    expectProblem(await t.http().patch('/api/prospects/PR-1999-999999').set(await as('admin')).send(body), 404);
    const pool = await lead();
    const r = await t.http().patch(`/api/prospects/${pool.prospect_id}`).set(await as('sales.manager')).send(body);
    expectProblem(r, 403);
    for (const who of ['finance', 'mkt.manager', 'mkt.staff', 'director', 'ops.dom']) {
      expectProblem(await t.http().patch(`/api/prospects/${l.prospect_id}`).set(await as(who)).send(body), 403);
    }
    const s1 = await as('sales1');
    expectProblem(await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'DONE' }), 422);
    expectProblem(await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({}), 422);
    expectProblem(await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'CONTACTED', owner_user_id: uid['sales1'] }), 422);
    expectProblem(await t.http().patch(`/api/prospects/${l.prospect_id}`).send(body), 401);
    const stage = await t.db.admin.query('SELECT stage FROM app.prospects WHERE prospect_id = $1', [l.prospect_id]);
    expect(stage.rows[0].stage).toBe('NEW');
  });
});

describe('GET /api/prospects/{id}/history', () => {
  it('oldest first with who changed it; 404 when the prospect is not visible', async () => {
    const l = await lead('sales1');
    await t.http().patch(`/api/prospects/${l.prospect_id}`).set(await as('sales1')).send({ stage: 'CONTACTED' }).expect(200);
    await t.http().patch(`/api/prospects/${l.prospect_id}`).set(await as('sales1')).send({ stage: 'QUOTATION' }).expect(200);
    const r = await t.http().get(`/api/prospects/${l.prospect_id}/history`).set(await as('sales1'));
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      { from_stage: null, to_stage: 'NEW', changed_by: uid['mkt.staff'], changed_by_name: 'Rizky Staf Pemasaran', changed_at: expect.stringMatching(/\+07:00$/) },
      { from_stage: 'NEW', to_stage: 'CONTACTED', changed_by: uid['sales1'], changed_by_name: 'Siti Rahmawati', changed_at: expect.any(String) },
      { from_stage: 'CONTACTED', to_stage: 'QUOTATION', changed_by: uid['sales1'], changed_by_name: 'Siti Rahmawati', changed_at: expect.any(String) },
    ]);
    expect((await t.http().get(`/api/prospects/${l.prospect_id}/history`).set(await as('finance'))).body.items).toHaveLength(3);
    for (const who of ['sales2', 'sales.manager2', 'ops.exi']) expectProblem(await t.http().get(`/api/prospects/${l.prospect_id}/history`).set(await as(who)), 404);
    expectProblem(await t.http().get(`/api/prospects/${l.prospect_id}/history`), 401);
  });
});

describe('POST /api/activities', () => {
  it('logs a call as the caller; the customer is derived; audited', async () => {
    const l = await lead('sales1');
    const r = await t.http().post('/api/activities').set(await as('sales1')).send({ activity_type: 'call', prospect_id: l.prospect_id, notes: 'Intro call', occurred_at: '2026-01-05T09:30:00+07:00' });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      activity_id: expect.stringMatching(/^[0-9a-f-]{36}$/), activity_type: 'call', prospect_id: l.prospect_id, customer_id: l.customer_id,
      customer_company_name: l.company_name, owner_user_id: uid['sales1'], owner_name: 'Siti Rahmawati', occurred_at: '2026-01-05T09:30:00+07:00',
      notes: 'Intro call', location: null, evidence_object_id: null, is_system: false, related_lead_id: null, related_ticket_id: null, metadata: null,
      created_at: expect.stringMatching(/\+07:00$/),
    });
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'sales_activities' AND record_id = $1`, [r.body.activity_id]);
    expect(audit.rows).toEqual([{ changed_by: uid['sales1'] }]);
    const unknown = await t.http().post('/api/activities').set(await as('sales1')).send({ activity_type: 'call', prospect_id: l.prospect_id, owner_user_id: uid['sales2'], customer_id: 'CU-1' });
    expectProblem(unknown, 422);
    expect(fieldsOf(unknown.body)).toEqual(['customer_id', 'owner_user_id']);
  });

  it('a visit without photo and GPS is refused by the database (422 naming both)', async () => {
    const l = await lead('sales1');
    const s1 = await as('sales1');
    const none = await t.http().post('/api/activities').set(s1).send({ activity_type: 'visit', prospect_id: l.prospect_id });
    expectProblem(none, 422);
    expect(fieldsOf(none.body)).toEqual(['evidence_object_id', 'location']);
    const gpsOnly = await t.http().post('/api/activities').set(s1).send({ activity_type: 'visit', prospect_id: l.prospect_id, location: { lat: -6.2, lng: 106.8 } });
    expectProblem(gpsOnly, 422);
    expect(fieldsOf(gpsOnly.body)).toEqual(['evidence_object_id']);
    const photo = await upload('sales1');
    const photoOnly = await t.http().post('/api/activities').set(s1).send({ activity_type: 'visit', prospect_id: l.prospect_id, evidence_object_id: photo });
    expectProblem(photoOnly, 422);
    expect(fieldsOf(photoOnly.body)).toEqual(['location']);
    const badGps = await t.http().post('/api/activities').set(s1).send({ activity_type: 'visit', prospect_id: l.prospect_id, evidence_object_id: photo, location: { lat: 95, lng: 'x' } });
    expectProblem(badGps, 422);
    expect(fieldsOf(badGps.body)).toEqual(['location.lat', 'location.lng']);
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.sales_activities WHERE prospect_id = $1 AND activity_type = 'visit'`, [l.prospect_id]);
    expect(n.rows[0].n).toBe(0);
  });

  it('a visit with an uploaded photo succeeds; the sales manager of that salesperson can download the photo, others cannot', async () => {
    const l = await lead('sales1');
    const photo = await upload('sales1');
    const r = await t.http().post('/api/activities').set(await as('sales1')).send({
      activity_type: 'visit', prospect_id: l.prospect_id, notes: 'Site visit at the warehouse', evidence_object_id: photo,
      location: { lat: -6.2, lng: 106.816666, accuracy_m: 12.5 },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ activity_type: 'visit', evidence_object_id: photo, location: { lat: -6.2, lng: 106.816666, accuracy_m: 12.5 }, owner_user_id: uid['sales1'] });
    // Before the visit only the uploader could read it; now it follows the activity.
    const dl = await t.http().get(`/api/files/${photo}`).set(await as('sales.manager')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(dl.body as Buffer, JPEG)).toBe(0);
    for (const who of ['sales2', 'sales.manager2', 'ops.dom', 'finance']) expectProblem(await t.http().get(`/api/files/${photo}`).set(await as(who)), 404);
    const obj = await t.db.admin.query('SELECT owner_table, owner_id FROM app.storage_objects WHERE object_id = $1', [photo]);
    expect(obj.rows[0]).toEqual({ owner_table: 'sales_activities', owner_id: r.body.activity_id });
  });

  it('a visit with someone else\'s photo is refused (422)', async () => {
    const l = await lead('sales1');
    const foreign = await upload('sales2');
    const r = await t.http().post('/api/activities').set(await as('sales1')).send({ activity_type: 'visit', prospect_id: l.prospect_id, evidence_object_id: foreign, location: { lat: -6.2, lng: 106.8 } });
    expectProblem(r, 422);
    expect(fieldsOf(r.body)).toEqual(['evidence_object_id']);
  });

  it('refuses prospects the caller may not log on, roles that never log, and future times', async () => {
    const l = await lead('sales1');
    const call = { activity_type: 'call', prospect_id: l.prospect_id };
    // Not visible: the reference does not resolve.
    for (const who of ['sales2', 'sales.manager2']) {
      const r = await t.http().post('/api/activities').set(await as(who)).send(call);
      expectProblem(r, 422);
      expect(fieldsOf(r.body)).toEqual(['prospect_id']);
    }
    // The team manager logs on the team's prospect as themself.
    const sm = await t.http().post('/api/activities').set(await as('sales.manager')).send({ ...call, activity_type: 'meeting' });
    expect(sm.status).toBe(201);
    expect(sm.body.owner_user_id).toBe(uid['sales.manager']);
    // Visible (unassigned pool) but not theirs to log on.
    const pool = await lead();
    expectProblem(await t.http().post('/api/activities').set(await as('sales.manager')).send({ activity_type: 'call', prospect_id: pool.prospect_id }), 403);
    for (const who of ['mkt.staff', 'mkt.manager', 'director', 'finance', 'ops.dom']) {
      expectProblem(await t.http().post('/api/activities').set(await as(who)).send(call), 403);
    }
    const s1 = await as('sales1');
    const future = await t.http().post('/api/activities').set(s1).send({ ...call, occurred_at: new Date(Date.now() + 86400_000).toISOString() });
    expectProblem(future, 422);
    expect(fieldsOf(future.body)).toEqual(['occurred_at']);
    expectProblem(await t.http().post('/api/activities').set(s1).send({ ...call, occurred_at: 'yesterday' }), 422);
    expectProblem(await t.http().post('/api/activities').set(s1).send({ ...call, activity_type: 'handover' }), 422);
    expectProblem(await t.http().post('/api/activities').set(s1).send({ activity_type: 'call' }), 422);
    expectProblem(await t.http().post('/api/activities').send(call), 401);
  });

  it('Idempotency-Key: a retried activity is logged once', async () => {
    const l = await lead('sales2');
    const h = { ...(await as('sales2')), 'idempotency-key': `act-${tag()}` };
    const body = { activity_type: 'whatsapp', prospect_id: l.prospect_id, notes: 'Sent the brochure' };
    const a = await t.http().post('/api/activities').set(h).send(body);
    const b = await t.http().post('/api/activities').set(h).send(body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.activity_id).toBe(a.body.activity_id);
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.sales_activities WHERE prospect_id = $1 AND activity_type = 'whatsapp'`, [l.prospect_id]);
    expect(n.rows[0].n).toBe(1);
  });
});

describe('GET /api/activities', () => {
  it('newest first with filters; include_system=false leaves out derived entries; keyset pagination', async () => {
    const l = await lead('sales1');
    const s1 = await as('sales1');
    await t.http().post('/api/activities').set(s1).send({ activity_type: 'call', prospect_id: l.prospect_id, occurred_at: '2026-01-05T09:00:00+07:00' }).expect(201);
    await t.http().post('/api/activities').set(s1).send({ activity_type: 'email', prospect_id: l.prospect_id, occurred_at: '2026-01-06T23:30:00+07:00' }).expect(201);
    await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'CONTACTED' }).expect(200);
    const types = async (qs: string, who = 'sales1') => {
      const r = await t.http().get(`/api/activities?prospect_id=${l.prospect_id}&${qs}`).set(await as(who));
      expect(r.status).toBe(200);
      return r.body.items.map((a: { activity_type: string }) => a.activity_type);
    };
    expect(await types('')).toEqual(['stage_change', 'handover', 'email', 'call']);
    expect(await types('include_system=false')).toEqual(['email', 'call']);
    expect(await types('activity_type=call')).toEqual(['call']);
    // Asia/Jakarta days: 23:30 on the 6th belongs to the 6th.
    expect(await types('from=2026-01-06&to=2026-01-06')).toEqual(['email']);
    expect(await types('to=2026-01-05')).toEqual(['call']);
    expect(await types(`owner_user_id=${uid['sales1']}&include_system=false`)).toEqual(['email', 'call']);
    expect((await t.http().get(`/api/activities?customer_id=${l.customer_id}&include_system=false`).set(s1)).body.items).toHaveLength(2);
    const p1 = await t.http().get(`/api/activities?prospect_id=${l.prospect_id}&limit=3`).set(s1);
    expect(p1.body.items).toHaveLength(3);
    const p2 = await t.http().get(`/api/activities?prospect_id=${l.prospect_id}&limit=3&cursor=${p1.body.next_cursor}`).set(s1);
    expect(p2.body.items.map((a: { activity_type: string }) => a.activity_type)).toEqual(['call']);
    expect(p2.body.next_cursor).toBeNull();
    const sys = p1.body.items.find((a: { activity_type: string }) => a.activity_type === 'handover');
    expect(sys).toMatchObject({ is_system: true, related_lead_id: l.lead_id, metadata: expect.objectContaining({ to_owner: uid['sales1'] }) });
    expectProblem(await t.http().get('/api/activities?include_system=nope').set(s1), 422);
    expectProblem(await t.http().get('/api/activities?from=06-01-2026').set(s1), 422);
  });

  it('RLS: own for salespeople, the team for their manager, nothing across teams; 403 for roles without activities', async () => {
    const l = await lead('sales1');
    await t.http().post('/api/activities').set(await as('sales1')).send({ activity_type: 'call', prospect_id: l.prospect_id }).expect(201);
    const count = async (who: string) => (await t.http().get(`/api/activities?prospect_id=${l.prospect_id}&activity_type=call`).set(await as(who))).body.items.length;
    expect(await count('sales1')).toBe(1);
    expect(await count('sales.manager')).toBe(1);
    expect(await count('mkt.manager')).toBe(1);
    expect(await count('director')).toBe(1);
    expect(await count('admin')).toBe(1);
    expect(await count('sales2')).toBe(0);
    expect(await count('sales.manager2')).toBe(0);
    for (const who of ['mkt.staff', 'ops.dom', 'finance']) expectProblem(await t.http().get('/api/activities').set(await as(who)), 403);
    expectProblem(await t.http().get('/api/activities'), 401);
  });
});
