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
  return `${String.fromCharCode(97 + (seq % 26))}${seq}c${Math.floor(Math.random() * 1e6)}`;
}

type Created = { lead_id: string; customer_id: string; prospect_id: string; ticket_id: string | null; customer_match: string };

async function newLead(who: string, body: Record<string, unknown> = {}): Promise<Created> {
  const r = await t.http().post('/api/leads').set(await as(who)).send({ company_name: `PT Pelanggan ${tag()}`, contact_name: 'Bapak Joko', source_channel: 'website', ...body });
  if (r.status !== 201) throw new Error(`create lead: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function assign(leadId: string, owner: string): Promise<void> {
  const r = await t.http().post(`/api/leads/${leadId}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid[owner] });
  if (r.status !== 200) throw new Error(`assign: ${r.status} ${JSON.stringify(r.body)}`);
}

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(res.text).not.toMatch(/SELECT |INSERT |UPDATE |_key\b|_pkey\b|\bconstraint\b|policy|at \w+ \(/i);
}

/** Query string limited to early 2025 (older than anything the demo seed writes) unless qs says otherwise. */
function inRange(qs: string): string {
  const p = new URLSearchParams(qs);
  if (!p.has('from')) p.set('from', '2025-01-01');
  if (!p.has('to')) p.set('to', '2025-03-31');
  return p.toString();
}

const fieldsOf = (body: { errors?: { field: string }[] }) => [...new Set((body.errors ?? []).map((e) => e.field))].sort();

describe('GET /api/customers', () => {
  it('lists by company name with every column, filters and keyset pagination', async () => {
    const k = tag();
    const a = await newLead('mkt.manager', { company_name: `PT Alfa ${k}`, npwp: '02.111.222.3-444.000' });
    const b = await newLead('mkt.manager', { company_name: `PT Beta ${k}`, email: `info.${k}@beta.co.id` });
    const c = await newLead('mkt.manager', { company_name: `PT Gama ${k}` });
    await t.db.admin.query(`UPDATE app.customers SET city = 'Surabaya', industry = 'Manufacturing' WHERE customer_id = $1`, [b.customer_id]);
    const admin = await as('admin');
    const p1 = await t.http().get(`/api/customers?q=${k}&limit=2`).set(admin);
    expect(p1.status).toBe(200);
    expect(p1.body.items.map((x: { customer_id: string }) => x.customer_id)).toEqual([a.customer_id, b.customer_id]);
    const p2 = await t.http().get(`/api/customers?q=${k}&limit=2&cursor=${p1.body.next_cursor}`).set(admin);
    expect(p2.body.items.map((x: { customer_id: string }) => x.customer_id)).toEqual([c.customer_id]);
    expect(p2.body.next_cursor).toBeNull();
    expect(Object.keys(p1.body.items[1]).sort()).toEqual(['address', 'city', 'company_name', 'created_at', 'customer_id', 'email', 'industry', 'npwp', 'phone', 'updated_at']);
    expect(p1.body.items[1]).toMatchObject({ company_name: `PT Beta ${k}`, email: `info.${k}@beta.co.id`, city: 'Surabaya', industry: 'Manufacturing' });
    const ids = async (qs: string) => (await t.http().get(`/api/customers?${qs}`).set(admin)).body.items.map((x: { customer_id: string }) => x.customer_id);
    expect(await ids(`q=${k}&city=surabaya`)).toEqual([b.customer_id]);
    expect(await ids(`q=${k}&industry=Manufacturing`)).toEqual([b.customer_id]);
    // Name search ignores case, punctuation and legal forms; NPWP and email match exactly, in any written form.
    expect(await ids(`q=${encodeURIComponent(`pt. beta ${k.toUpperCase()}`)}`)).toEqual([b.customer_id]);
    expect(await ids(`q=${encodeURIComponent(`INFO.${k}@Beta.co.id`.toUpperCase())}`)).toEqual([b.customer_id]);
    expect(await ids('q=021112223444000')).toEqual([a.customer_id]);
    expect(await ids(`q=${encodeURIComponent('02.111.222.3-444.000')}`)).toEqual([a.customer_id]);
    expect(await ids('q=0021112223444000')).toEqual([a.customer_id]);
    expectProblem(await t.http().get('/api/customers?limit=0').set(admin), 422);
    expectProblem(await t.http().get('/api/customers?cursor=bogus').set(admin), 422);
  });

  it('RLS: salespeople see their own customers, marketing staff those of their leads, finance all; ops get 403', async () => {
    const k = tag();
    const l = await newLead('mkt.manager', { company_name: `PT Milik ${k}` });
    await assign(l.lead_id, 'sales1');
    const list = async (who: string) => (await t.http().get(`/api/customers?q=${k}`).set(await as(who))).body.items.map((x: { customer_id: string }) => x.customer_id);
    for (const who of ['sales1', 'sales.manager', 'mkt.manager', 'finance', 'director', 'admin']) expect(await list(who)).toEqual([l.customer_id]);
    for (const who of ['sales2', 'sales3', 'sales.manager2', 'mkt.staff']) expect(await list(who)).toEqual([]);
    const own = await newLead('mkt.staff', { company_name: `PT Staf ${k}` });
    expect(await list('mkt.staff')).toEqual([own.customer_id]);
    expectProblem(await t.http().get('/api/customers').set(await as('ops.dom')), 403);
    expectProblem(await t.http().get('/api/customers').set(await as('ops.exi')), 403);
    expectProblem(await t.http().get('/api/customers'), 401);
  });
});

describe('GET /api/customers/{id} (customer 360)', () => {
  it('gives the owner prospects, leads, tickets, recent activities and an invoices_summary placeholder', async () => {
    const l = await newLead('mkt.staff', { rfq: { origin: 'Batam', destination: 'Singapore', service_type: 'sea_lcl' } });
    await assign(l.lead_id, 'sales1');
    await t.http().post('/api/activities').set(await as('sales1')).send({ activity_type: 'call', prospect_id: l.prospect_id, notes: 'Follow-up' }).expect(201);
    const r = await t.http().get(`/api/customers/${l.customer_id}`).set(await as('sales1'));
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['customer', 'duplicate_candidates', 'invoices_summary', 'leads', 'prospects', 'recent_activities', 'tickets']);
    expect(r.body.customer).toMatchObject({ customer_id: l.customer_id, company_name: expect.stringMatching(/^PT Pelanggan/), created_at: expect.stringMatching(/\+07:00$/) });
    expect(r.body.prospects).toEqual([
      { prospect_id: l.prospect_id, stage: 'NEW', owner_user_id: uid['sales1'], owner_name: 'Siti Rahmawati', stage_changed_at: expect.stringMatching(/\+07:00$/) },
    ]);
    expect(r.body.leads).toEqual([expect.objectContaining({ lead_id: l.lead_id, status: 'HANDED_OVER', sales_owner_user_id: uid['sales1'], sales_owner_name: 'Siti Rahmawati' })]);
    expect(r.body.tickets).toEqual([expect.objectContaining({ ticket_id: l.ticket_id, ticket_type: 'inquiry_tariff', subject: 'RFQ Batam → Singapore, sea_lcl', dept_target: 'EXI', inquiry_status: 'OPEN' })]);
    expect(r.body.recent_activities.map((a: { activity_type: string }) => a.activity_type)).toEqual(expect.arrayContaining(['call', 'handover']));
    expect(r.body.recent_activities[0]).toMatchObject({ activity_type: 'call', owner_name: 'Siti Rahmawati', customer_company_name: r.body.customer.company_name });
    expect(r.body.invoices_summary).toBeNull();
    expect(r.body.duplicate_candidates).toEqual([]);
    // The marketing manager reads every activity, the derived RFQ entry included.
    const mm = await t.http().get(`/api/customers/${l.customer_id}`).set(await as('mkt.manager'));
    expect(mm.body.recent_activities.map((a: { activity_type: string }) => a.activity_type).sort()).toEqual(['call', 'handover', 'rfq_created']);
  });

  it('404 when not visible: operations, another salesperson, the other team, an unknown id; finance reads it', async () => {
    const l = await newLead('mkt.manager');
    await assign(l.lead_id, 'sales1');
    for (const who of ['ops.dom', 'ops.exi', 'sales2', 'sales.manager2', 'mkt.staff']) expectProblem(await t.http().get(`/api/customers/${l.customer_id}`).set(await as(who)), 404);
    expectProblem(await t.http().get('/api/customers/CU-1999-999999').set(await as('admin')), 404);
    expectProblem(await t.http().get(`/api/customers/${l.customer_id}`), 401);
    const fin = await t.http().get(`/api/customers/${l.customer_id}`).set(await as('finance'));
    expect(fin.status).toBe(200);
    // Finance reads customers and prospects but no leads or activities.
    expect(fin.body.prospects).toHaveLength(1);
    expect(fin.body.leads).toEqual([]);
    expect(fin.body.recent_activities).toEqual([]);
  });

  it('shows duplicate candidates to reviewers only', async () => {
    const k = tag();
    const npwp = `03.${String(100 + (seq % 800)).padStart(3, '0')}.555.6-777.000`;
    const email = `kontak.${k}@kembar.co.id`;
    const a = await newLead('mkt.staff', { company_name: `PT Kembar ${k}`, npwp });
    const b = await newLead('mkt.staff', { company_name: `CV Lain ${tag()}`, email });
    // NPWP points at A, email at B: A wins, the conflict is recorded.
    const c = await newLead('mkt.staff', { company_name: `PT Ketiga ${tag()}`, npwp, email });
    expect(c).toMatchObject({ customer_id: a.customer_id, customer_match: 'npwp' });
    const dupOf = async (who: string, id: string) => (await t.http().get(`/api/customers/${id}`).set(await as(who))).body.duplicate_candidates;
    for (const who of ['mkt.manager', 'finance', 'admin', 'director']) {
      expect(await dupOf(who, a.customer_id)).toEqual([{ other_customer_id: b.customer_id, match_field: 'email', similarity: null, status: 'open' }]);
      expect(await dupOf(who, b.customer_id)).toEqual([{ other_customer_id: a.customer_id, match_field: 'email', similarity: null, status: 'open' }]);
    }
    // Marketing staff see both customers (their leads) but do not review duplicates.
    expect(await dupOf('mkt.staff', a.customer_id)).toEqual([]);
    // Near-identical names are flagged with their similarity.
    const base = `Samudra Logistik Indonesia Raya ${k}`;
    const d = await newLead('mkt.manager', { company_name: `PT ${base}` });
    const e = await newLead('mkt.manager', { company_name: `PT ${base}s` });
    expect(e.customer_match).toBe('new');
    const sim = await dupOf('mkt.manager', e.customer_id);
    expect(sim).toEqual([{ other_customer_id: d.customer_id, match_field: 'similar_name', similarity: expect.any(Number), status: 'open' }]);
    expect(sim[0].similarity).toBeGreaterThanOrEqual(0.75);
  });
});

describe('/api/marketing/events', () => {
  it('marketing logs events; staff see their own, the other reader roles all; filters and pagination', async () => {
    const k = tag();
    const ms = await as('mkt.staff');
    const a = await t.http().post('/api/marketing/events').set(ms).send({ event_type: 'event', channel: 'event', occurred_at: '2025-02-10', title: `JIExpo ${k}`, leads_generated: 14, notes: 'Booth B12' });
    expect(a.status).toBe(201);
    expect(a.body).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/), event_type: 'event', channel: 'event', occurred_at: '2025-02-10', title: `JIExpo ${k}`,
      leads_generated: 14, notes: 'Booth B12', created_by: uid['mkt.staff'], created_by_name: 'Rizky Staf Pemasaran', created_at: expect.stringMatching(/\+07:00$/),
    });
    const b = await t.http().post('/api/marketing/events').set(await as('mkt.manager')).send({ event_type: 'ads', channel: 'social_media', occurred_at: '2025-02-12', title: `IG ads ${k}` });
    expect(b.status).toBe(201);
    expect(b.body.leads_generated).toBe(0);
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'marketing_activity_events' AND record_id = $1`, [a.body.event_id]);
    expect(audit.rows).toEqual([{ changed_by: uid['mkt.staff'] }]);

    const ids = async (who: string, qs = '') => {
      const r = await t.http().get(`/api/marketing/events?${inRange(qs)}`).set(await as(who));
      expect(r.status).toBe(200);
      return r.body.items.map((x: { event_id: string }) => x.event_id).filter((id: string) => [a.body.event_id, b.body.event_id].includes(id));
    };
    expect(await ids('mkt.staff')).toEqual([a.body.event_id]);
    for (const who of ['mkt.manager', 'admin', 'director', 'sales.manager', 'finance']) expect(await ids(who)).toEqual([b.body.event_id, a.body.event_id]);
    expect(await ids('mkt.manager', 'channel=event')).toEqual([a.body.event_id]);
    expect(await ids('mkt.manager', 'from=2025-02-11')).toEqual([b.body.event_id]);
    expect(await ids('mkt.manager', 'to=2025-02-10')).toEqual([a.body.event_id]);
    const p1 = await t.http().get('/api/marketing/events?from=2025-02-10&to=2025-02-12&limit=1').set(await as('mkt.manager'));
    expect(p1.body.items).toHaveLength(1);
    const p2 = await t.http().get(`/api/marketing/events?from=2025-02-10&to=2025-02-12&limit=1&cursor=${p1.body.next_cursor}`).set(await as('mkt.manager'));
    expect(p2.body.items.map((x: { event_id: string }) => x.event_id)).not.toContain(p1.body.items[0].event_id);
  });

  it('403 for roles that never write or read events, 422 for bad input, 401 without a token', async () => {
    const body = { event_type: 'campaign', channel: 'email_campaign', occurred_at: '2025-02-01', title: 'Newsletter' };
    for (const who of ['director', 'sales.manager', 'finance', 'sales1', 'ops.dom']) expectProblem(await t.http().post('/api/marketing/events').set(await as(who)).send(body), 403);
    for (const who of ['sales1', 'ops.dom']) expectProblem(await t.http().get('/api/marketing/events').set(await as(who)), 403);
    expectProblem(await t.http().post('/api/marketing/events').send(body), 401);
    expectProblem(await t.http().get('/api/marketing/events'), 401);
    const ms = await as('mkt.staff');
    const empty = await t.http().post('/api/marketing/events').set(ms).send({});
    expectProblem(empty, 422);
    expect(fieldsOf(empty.body)).toEqual(['channel', 'event_type', 'occurred_at', 'title']);
    for (const bad of [{ occurred_at: '2025-02-30' }, { leads_generated: -1 }, { leads_generated: 1.5 }, { event_type: 'party' }, { channel: 'tv' }, { title: '  ' }, { created_by: uid['admin'] }]) {
      expectProblem(await t.http().post('/api/marketing/events').set(ms).send({ ...body, ...bad }), 422);
    }
    expectProblem(await t.http().get('/api/marketing/events?from=yesterday').set(ms), 422);
  });
});

describe('/api/marketing/spend', () => {
  it('records money as a decimal string (numbers accepted) and lists by day; staff see their own', async () => {
    const ms = await as('mkt.staff');
    const a = await t.http().post('/api/marketing/spend').set(ms).send({ channel: 'social_media', spend_date: '2025-02-01', amount: 1500000, notes: 'Instagram ads' });
    expect(a.status).toBe(201);
    expect(a.body).toEqual({
      spend_id: expect.stringMatching(/^[0-9a-f-]{36}$/), channel: 'social_media', spend_date: '2025-02-01', amount: '1500000.00', currency: 'IDR',
      notes: 'Instagram ads', created_by: uid['mkt.staff'], created_by_name: 'Rizky Staf Pemasaran', created_at: expect.stringMatching(/\+07:00$/),
    });
    const b = await t.http().post('/api/marketing/spend').set(await as('mkt.manager')).send({ channel: 'event', spend_date: '2025-02-03', amount: '2500.5' });
    expect(b.status).toBe(201);
    expect(b.body.amount).toBe('2500.50');
    const c = await t.http().post('/api/marketing/spend').set(await as('admin')).send({ channel: 'event', spend_date: '2025-02-02', amount: '9999999999999999.99' });
    expect(c.body.amount).toBe('9999999999999999.99');
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'marketing_spend' AND record_id = $1`, [a.body.spend_id]);
    expect(audit.rows).toEqual([{ changed_by: uid['mkt.staff'] }]);

    const mine = [a.body.spend_id, b.body.spend_id, c.body.spend_id];
    const ids = async (who: string, qs = '') => {
      const r = await t.http().get(`/api/marketing/spend?${inRange(qs)}`).set(await as(who));
      expect(r.status).toBe(200);
      return r.body.items.map((x: { spend_id: string }) => x.spend_id).filter((id: string) => mine.includes(id));
    };
    expect(await ids('mkt.staff')).toEqual([a.body.spend_id]);
    for (const who of ['mkt.manager', 'director', 'sales.manager', 'finance']) expect(await ids(who)).toEqual([b.body.spend_id, c.body.spend_id, a.body.spend_id]);
    expect(await ids('finance', 'channel=event')).toEqual([b.body.spend_id, c.body.spend_id]);
    expect(await ids('finance', 'from=2025-02-02&to=2025-02-02')).toEqual([c.body.spend_id]);
    const p1 = await t.http().get('/api/marketing/spend?channel=event&from=2025-02-01&to=2025-02-03&limit=1').set(await as('finance'));
    const p2 = await t.http().get(`/api/marketing/spend?channel=event&from=2025-02-01&to=2025-02-03&limit=1&cursor=${p1.body.next_cursor}`).set(await as('finance'));
    expect(p2.body.next_cursor).toBeNull();
    expect([...p1.body.items, ...p2.body.items].map((x: { spend_id: string }) => x.spend_id)).toEqual([b.body.spend_id, c.body.spend_id]);
  });

  it('refuses zero, negative, over-precise and non-numeric amounts (422), non-marketing writers (403), non-readers (403)', async () => {
    const ms = await as('mkt.staff');
    const base = { channel: 'website', spend_date: '2025-02-05' };
    for (const amount of [0, '0.00', -1, '-5', '1.234', 'abc', 1e21, '', '1,500', '99999999999999999', null]) {
      const r = await t.http().post('/api/marketing/spend').set(ms).send({ ...base, amount });
      expectProblem(r, 422);
      expect(fieldsOf(r.body)).toEqual(['amount']);
    }
    expectProblem(await t.http().post('/api/marketing/spend').set(ms).send({ ...base, amount: '10', spend_date: '2025-02-31' }), 422);
    expectProblem(await t.http().post('/api/marketing/spend').set(ms).send({ ...base, amount: '10', currency: 'USD' }), 422);
    for (const who of ['director', 'finance', 'sales.manager', 'sales1', 'ops.dom']) expectProblem(await t.http().post('/api/marketing/spend').set(await as(who)).send({ ...base, amount: '10' }), 403);
    for (const who of ['sales1', 'ops.exi']) expectProblem(await t.http().get('/api/marketing/spend').set(await as(who)), 403);
    expectProblem(await t.http().get('/api/marketing/spend'), 401);
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.marketing_spend WHERE spend_date = '2025-02-05'`);
    expect(n.rows[0].n).toBe(0);
  });

  it('Idempotency-Key: a retried spend is recorded once', async () => {
    const h = { ...(await as('mkt.manager')), 'idempotency-key': `spend-${tag()}` };
    const body = { channel: 'referral', spend_date: '2025-02-07', amount: '750000' };
    const a = await t.http().post('/api/marketing/spend').set(h).send(body);
    const b = await t.http().post('/api/marketing/spend').set(h).send(body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toEqual(a.body);
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.marketing_spend WHERE spend_date = '2025-02-07'`);
    expect(n.rows[0].n).toBe(1);
  });
});
