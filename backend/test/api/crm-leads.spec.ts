import ExcelJS from 'exceljs';
import { createTestApp, TestApp } from '../helpers/app.js';

let t: TestApp;
const tokens: Record<string, string> = {};
/** Demo user ids by the part of the email before @demo.local. */
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
/** A tag unique within this file, so dedup never joins unrelated test data. */
function tag(): string {
  seq += 1;
  return `${String.fromCharCode(97 + (seq % 26))}${seq}q${Math.floor(Math.random() * 1e6)}`;
}

type Created = { lead_id: string; customer_id: string; prospect_id: string; ticket_id: string | null; customer_match: string };

async function newLead(who: string, body: Record<string, unknown> = {}): Promise<Created> {
  const r = await t.http().post('/api/leads').set(await as(who)).send({
    company_name: `PT Uji ${tag()} Nusantara`, contact_name: 'Ibu Sari', source_channel: 'website', ...body,
  });
  if (r.status !== 201) throw new Error(`create lead: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Created;
}

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(res.text).not.toMatch(/SELECT |INSERT |UPDATE |_key\b|_pkey\b|\bconstraint\b|at \w+ \(/i);
}

function fieldsOf(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((e) => e.field).sort();
}

async function countLeads(): Promise<number> {
  return (await t.db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM app.leads')).rows[0].n;
}

/** Collects a response body as raw bytes (supertest parser). */
function collect(res: { on(event: string, fn: (chunk: Buffer) => void): unknown }, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

function jakartaDay(offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(Date.now() + offsetDays * 86400_000));
}

describe('POST /api/leads', () => {
  it('creates lead, customer and unassigned prospect in one call; the audit row names the creator', async () => {
    const before = await countLeads();
    const r = await t.http().post('/api/leads').set(await as('mkt.staff')).send({
      company_name: `PT Maju Bersama ${tag()}`, contact_name: 'Bapak Hendra', email: `hendra.${tag()}@majubersama.co.id`,
      phone: '0813 1111 2222', source_channel: 'referral', notes: 'Met at the fair',
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      lead_id: expect.stringMatching(/^LD-\d{4}-\d{6}$/), customer_id: expect.stringMatching(/^CU-\d{4}-\d{6}$/),
      prospect_id: expect.stringMatching(/^PR-\d{4}-\d{6}$/), ticket_id: null, customer_match: 'new',
    });
    expect(await countLeads()).toBe(before + 1);
    const lead = (await t.db.admin.query('SELECT status, created_by, sales_owner_user_id, customer_id, prospect_id FROM app.leads WHERE lead_id = $1', [r.body.lead_id])).rows[0];
    expect(lead).toEqual({ status: 'NEW', created_by: uid['mkt.staff'], sales_owner_user_id: null, customer_id: r.body.customer_id, prospect_id: r.body.prospect_id });
    const prospect = (await t.db.admin.query('SELECT owner_user_id, stage FROM app.prospects WHERE prospect_id = $1', [r.body.prospect_id])).rows[0];
    expect(prospect).toEqual({ owner_user_id: null, stage: 'NEW' });
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'leads' AND record_id = $1 AND action = 'INSERT'`, [r.body.lead_id]);
    expect(audit.rows).toEqual([{ changed_by: uid['mkt.staff'] }]);
  });

  it('every creator role may create; a sales manager too', async () => {
    for (const who of ['admin', 'mkt.manager', 'sales.manager']) {
      const c = await newLead(who);
      expect(c.customer_match).toBe('new');
    }
  });

  it('401 without a token on every lead route', async () => {
    const anon = t.http;
    expectProblem(await anon().post('/api/leads').send({}), 401);
    expectProblem(await anon().get('/api/leads'), 401);
    expectProblem(await anon().get('/api/leads/export'), 401);
    expectProblem(await anon().get('/api/leads/LD-2026-000001'), 401);
    expectProblem(await anon().get('/api/leads/LD-2026-000001/timeline'), 401);
    expectProblem(await anon().patch('/api/leads/LD-2026-000001').send({ notes: 'x' }), 401);
    expectProblem(await anon().post('/api/leads/LD-2026-000001/assign').send({ sales_owner_user_id: uid['sales1'] }), 401);
    expectProblem(await anon().get('/api/crm/assignees'), 401);
  });

  it('403 for roles that never create leads, and nothing is written', async () => {
    const before = await countLeads();
    for (const who of ['sales1', 'ops.dom', 'finance', 'director']) {
      expectProblem(await t.http().post('/api/leads').set(await as(who)).send({ company_name: 'PT X', contact_name: 'Y', source_channel: 'website' }), 403);
    }
    expect(await countLeads()).toBe(before);
  });

  it('422 with field errors for missing fields, unknown fields and a bad channel; nothing is written', async () => {
    const before = await countLeads();
    const missing = await t.http().post('/api/leads').set(await as('mkt.staff')).send({});
    expectProblem(missing, 422);
    expect(fieldsOf(missing.body)).toEqual(expect.arrayContaining(['company_name', 'contact_name', 'source_channel']));
    const blank = await t.http().post('/api/leads').set(await as('mkt.staff')).send({ company_name: '   ', contact_name: 'A', source_channel: 'website' });
    expectProblem(blank, 422);
    expect(fieldsOf(blank.body)).toEqual(['company_name']);
    const unknown = await t.http().post('/api/leads').set(await as('mkt.staff')).send({ company_name: 'PT A', contact_name: 'B', source_channel: 'website', lead_id: 'LD-1', import_id: 'x' });
    expectProblem(unknown, 422);
    expect(unknown.body.errors).toEqual(expect.arrayContaining([{ field: 'lead_id', message: 'is not an allowed field' }, { field: 'import_id', message: 'is not an allowed field' }]));
    const channel = await t.http().post('/api/leads').set(await as('mkt.staff')).send({ company_name: 'PT A', contact_name: 'B', source_channel: 'tv' });
    expectProblem(channel, 422);
    expect(fieldsOf(channel.body)).toEqual(['source_channel']);
    expect(await countLeads()).toBe(before);
  });

  it('422 for an incomplete RFQ, naming rfq.* fields; the lead is not saved without it', async () => {
    const before = await countLeads();
    const r = await t.http().post('/api/leads').set(await as('mkt.staff')).send({
      company_name: `PT Rfq ${tag()}`, contact_name: 'A', source_channel: 'website', rfq: { commodity: 'Coffee', weight_kg: -5, ready_date: '2026-02-30' },
    });
    expectProblem(r, 422);
    expect(fieldsOf(r.body)).toEqual(expect.arrayContaining(['rfq.origin', 'rfq.destination', 'rfq.service_type', 'rfq.weight_kg', 'rfq.ready_date']));
    const service = await t.http().post('/api/leads').set(await as('mkt.staff')).send({
      company_name: `PT Rfq ${tag()}`, contact_name: 'A', source_channel: 'website', rfq: { origin: 'Jakarta', destination: ' ', service_type: 'rocket' },
    });
    expectProblem(service, 422);
    expect(fieldsOf(service.body)).toEqual(['rfq.destination', 'rfq.service_type']);
    expect(await countLeads()).toBe(before);
  });

  it('422 for a bad NPWP, email and phone, checked by the database, all at once', async () => {
    const before = await countLeads();
    const r = await t.http().post('/api/leads').set(await as('mkt.staff')).send({
      company_name: `PT Format ${tag()}`, contact_name: 'A', source_channel: 'website', npwp: '123', email: 'not-an-email', phone: '12',
    });
    expectProblem(r, 422);
    expect(fieldsOf(r.body)).toEqual(['email', 'npwp', 'phone']);
    expect(r.body.errors).toEqual(expect.arrayContaining([{ field: 'npwp', message: 'must have 15 or 16 digits' }]));
    expect(await countLeads()).toBe(before);
  });

  it('Idempotency-Key: the same request twice creates one lead and replays the response', async () => {
    const h = { ...(await as('mkt.staff')), 'idempotency-key': `lead-${tag()}` };
    const body = { company_name: `PT Idem ${tag()}`, contact_name: 'A', source_channel: 'event' };
    const a = await t.http().post('/api/leads').set(h).send(body);
    const b = await t.http().post('/api/leads').set(h).send(body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.headers['idempotent-replayed']).toBeUndefined();
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toEqual(a.body);
    const n = await t.db.admin.query('SELECT count(*)::int AS n FROM app.leads WHERE company_name = $1', [body.company_name]);
    expect(n.rows[0].n).toBe(1);
    const other = await t.http().post('/api/leads').set(h).send({ ...body, contact_name: 'B' });
    expectProblem(other, 422);
  });

  describe('dedup through the API', () => {
    it('NPWP in both the 15-digit and the 16-digit form → one customer, match npwp; the pool prospect is shared', async () => {
      const a = await newLead('mkt.staff', { npwp: '01.234.567.8-901.000' });
      const b = await newLead('mkt.staff', { npwp: '0012345678901000' });
      expect(b).toMatchObject({ customer_id: a.customer_id, customer_match: 'npwp', prospect_id: a.prospect_id });
      expect(a.customer_match).toBe('new');
    });

    it('the same email in another case → match email', async () => {
      const mail = `Budi.Hartono.${tag()}@Contoh.co.id`;
      const a = await newLead('mkt.staff', { email: mail });
      const b = await newLead('mkt.manager', { email: mail.toLowerCase() });
      expect(b).toMatchObject({ customer_id: a.customer_id, customer_match: 'email' });
    });

    it('a phone written 0812… and +62 812-… → match phone', async () => {
      const a = await newLead('mkt.staff', { phone: '0812 3456 7890' });
      const b = await newLead('mkt.staff', { phone: '+62 812-3456-7890' });
      expect(b).toMatchObject({ customer_id: a.customer_id, customer_match: 'phone' });
    });

    it('"PT. Sinar Jaya Tbk" and "sinar jaya" → match company_name', async () => {
      const a = await newLead('mkt.staff', { company_name: 'PT. Sinar Jaya Tbk' });
      const b = await newLead('mkt.staff', { company_name: 'sinar jaya' });
      expect(b).toMatchObject({ customer_id: a.customer_id, customer_match: 'company_name' });
    });
  });

  describe('RFQ bundle', () => {
    it('creates a masked inquiry ticket for EXI with a subject from route and service, visible to its creator', async () => {
      const company = `PT Eksportir ${tag()}`;
      const r = await t.http().post('/api/leads').set(await as('mkt.staff')).send({
        company_name: company, contact_name: 'A', source_channel: 'website',
        rfq: { origin: 'Jakarta', destination: 'Singapore', service_type: 'sea_fcl', commodity: 'Coffee beans', weight_kg: 1200.5, volume_cbm: 12.345, ready_date: '2026-03-15', priority: 'high' },
      });
      expect(r.status).toBe(201);
      expect(r.body.ticket_id).toMatch(/^TK-\d{4}-\d{6}$/);
      const tk = (await t.db.admin.query('SELECT * FROM app.tickets WHERE ticket_id = $1', [r.body.ticket_id])).rows[0];
      expect(tk).toMatchObject({
        ticket_type: 'inquiry_tariff', subject: 'RFQ Jakarta → Singapore, sea_fcl', dept_target: 'EXI', need_customer_masking: true,
        inquiry_status: 'OPEN', ticket_status: null, priority: 'high', created_by: uid['mkt.staff'], related_lead_id: r.body.lead_id,
        related_customer_id: r.body.customer_id, related_prospect_id: r.body.prospect_id, origin: 'Jakarta', destination: 'Singapore',
        commodity: 'Coffee beans', weight_kg: '1200.50', volume_cbm: '12.345', ready_date: '2026-03-15',
      });
      expect(tk.subject).not.toContain(company);
      const detail = await t.http().get(`/api/leads/${r.body.lead_id}`).set(await as('mkt.staff'));
      expect(detail.status).toBe(200);
      expect(detail.body.tickets).toEqual([
        expect.objectContaining({ ticket_id: r.body.ticket_id, ticket_type: 'inquiry_tariff', subject: 'RFQ Jakarta → Singapore, sea_fcl', inquiry_status: 'OPEN', ticket_status: null }),
      ]);
      const act = await t.db.admin.query(`SELECT activity_type, is_system FROM app.sales_activities WHERE related_ticket_id = $1`, [r.body.ticket_id]);
      expect(act.rows).toEqual([{ activity_type: 'rfq_created', is_system: true }]);
      // Operations never reach the lead behind a masked RFQ.
      expectProblem(await t.http().get(`/api/leads/${r.body.lead_id}`).set(await as('ops.exi')), 404);
    });

    it('routes land to DOM and express to DTD, honours an explicit operations department and refuses a non-ops one', async () => {
      const dept = async (rfq: Record<string, unknown>) => {
        const c = await newLead('mkt.manager', { rfq: { origin: 'Surabaya', destination: 'Medan', ...rfq } });
        return (await t.db.admin.query('SELECT dept_target, subject FROM app.tickets WHERE ticket_id = $1', [c.ticket_id])).rows[0];
      };
      expect(await dept({ service_type: 'land' })).toEqual({ dept_target: 'DOM', subject: 'RFQ Surabaya → Medan, land' });
      expect(await dept({ service_type: 'express' })).toEqual({ dept_target: 'DTD', subject: 'RFQ Surabaya → Medan, express' });
      expect(await dept({ service_type: 'air' })).toMatchObject({ dept_target: 'EXI' });
      expect(await dept({ service_type: 'land', dept_target: 'WHS' })).toMatchObject({ dept_target: 'WHS' });
      const fin = await t.http().post('/api/leads').set(await as('mkt.manager')).send({
        company_name: `PT ${tag()}`, contact_name: 'A', source_channel: 'website', rfq: { origin: 'A', destination: 'B', service_type: 'land', dept_target: 'FIN' },
      });
      expectProblem(fin, 422);
      expect(fieldsOf(fin.body)).toEqual(['rfq.dept_target']);
    });
  });
});

describe('GET /api/leads', () => {
  it('lists newest first with every field, keyset pagination and filters', async () => {
    const k = tag();
    const a = await newLead('mkt.staff', { company_name: `PT Filter ${k} Satu`, source_channel: 'referral', email: `satu.${k}@x.co.id` });
    const b = await newLead('mkt.staff', { company_name: `PT Filter ${k} Dua`, source_channel: 'event' });
    const c = await newLead('mkt.staff', { company_name: `PT Filter ${k} Tiga`, source_channel: 'event', phone: '0857 7000 1234' });
    const mgr = await as('mkt.manager');
    const p1 = await t.http().get(`/api/leads?q=${k}&limit=2`).set(mgr);
    expect(p1.status).toBe(200);
    expect(p1.body.items.map((l: { lead_id: string }) => l.lead_id)).toEqual([c.lead_id, b.lead_id]);
    expect(p1.body.next_cursor).toEqual(expect.any(String));
    const p2 = await t.http().get(`/api/leads?q=${k}&limit=2&cursor=${p1.body.next_cursor}`).set(mgr);
    expect(p2.body.items.map((l: { lead_id: string }) => l.lead_id)).toEqual([a.lead_id]);
    expect(p2.body.next_cursor).toBeNull();
    const item = p1.body.items[0];
    expect(Object.keys(item).sort()).toEqual([
      'company_name', 'contact_name', 'converted_at', 'created_at', 'created_by', 'created_by_name', 'customer_id', 'customer_match',
      'disqualified_at', 'disqualified_reason', 'email', 'handed_over_at', 'last_activity_at', 'lead_id', 'notes', 'npwp', 'phone',
      'prospect_id', 'prospect_stage', 'qualified_at', 'sales_owner_name', 'sales_owner_user_id', 'source_channel', 'status', 'updated_at',
    ]);
    expect(item).toMatchObject({ status: 'NEW', created_by: uid['mkt.staff'], created_by_name: 'Rizky Staf Pemasaran', prospect_stage: 'NEW', sales_owner_name: null });
    expect(item.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+07:00$/);

    const ids = async (qs: string) => (await t.http().get(`/api/leads?q=${k}&${qs}`).set(mgr)).body.items.map((l: { lead_id: string }) => l.lead_id);
    expect(await ids('source_channel=event')).toEqual([c.lead_id, b.lead_id]);
    expect(await ids('status=NEW')).toHaveLength(3);
    expect(await ids('status=QUALIFIED')).toEqual([]);
    expect(await ids('unassigned=true')).toHaveLength(3);
    expect(await ids(`created_from=${jakartaDay()}&created_to=${jakartaDay()}`)).toHaveLength(3);
    expect(await ids(`created_to=${jakartaDay(-1)}`)).toEqual([]);
    expect(await ids(`created_from=${jakartaDay(1)}`)).toEqual([]);
    // q searches contact, email and phone too
    expect((await t.http().get(`/api/leads?q=satu.${k}@`).set(mgr)).body.items.map((l: { lead_id: string }) => l.lead_id)).toEqual([a.lead_id]);
    expect((await t.http().get(`/api/leads?q=${encodeURIComponent('0857 7000 1234')}`).set(mgr)).body.items.map((l: { lead_id: string }) => l.lead_id)).toEqual([c.lead_id]);

    await t.http().post(`/api/leads/${b.lead_id}/assign`).set(mgr).send({ sales_owner_user_id: uid['sales2'] }).expect(200);
    expect(await ids(`sales_owner_user_id=${uid['sales2']}`)).toEqual([b.lead_id]);
    expect(await ids('unassigned=true')).toEqual([c.lead_id, a.lead_id]);
    expect(await ids('status=HANDED_OVER')).toEqual([b.lead_id]);

    expectProblem(await t.http().get('/api/leads?limit=201').set(mgr), 422);
    expectProblem(await t.http().get('/api/leads?cursor=bogus').set(mgr), 422);
    expectProblem(await t.http().get('/api/leads?unassigned=maybe').set(mgr), 422);
    expectProblem(await t.http().get('/api/leads?created_from=2026-13-01').set(mgr), 422);
    expectProblem(await t.http().get('/api/leads?status=WON').set(mgr), 422);
  });

  it('RLS: marketing staff see their own, salespeople nothing before handover, sales managers the unassigned, ops/finance never', async () => {
    const k = tag();
    const m = await newLead('mkt.manager', { company_name: `PT Scope ${k}` });
    const list = async (who: string) => (await t.http().get(`/api/leads?q=${k}`).set(await as(who))).body.items?.map((l: { lead_id: string }) => l.lead_id);
    expect(await list('mkt.manager')).toEqual([m.lead_id]);
    expect(await list('director')).toEqual([m.lead_id]);
    expect(await list('admin')).toEqual([m.lead_id]);
    expect(await list('sales.manager')).toEqual([m.lead_id]);
    expect(await list('mkt.staff')).toEqual([]);
    expect(await list('sales1')).toEqual([]);
    expectProblem(await t.http().get(`/api/leads/${m.lead_id}`).set(await as('mkt.staff')), 404);
    expectProblem(await t.http().get(`/api/leads/${m.lead_id}`).set(await as('sales1')), 404);
    for (const who of ['ops.dom', 'finance']) {
      expectProblem(await t.http().get('/api/leads').set(await as(who)), 403);
      expectProblem(await t.http().get(`/api/leads/${m.lead_id}`).set(await as(who)), 404);
    }
    expectProblem(await t.http().get('/api/leads/LD-1999-999999').set(await as('admin')), 404);
  });
});

describe('handover: POST /api/leads/{id}/assign', () => {
  it('the marketing manager hands over; the salesperson then sees the lead, its prospect, customer and RFQ', async () => {
    const l = await newLead('mkt.staff', { rfq: { origin: 'Jakarta', destination: 'Tokyo', service_type: 'air' } });
    expectProblem(await t.http().get(`/api/leads/${l.lead_id}`).set(await as('sales1')), 404);
    expectProblem(await t.http().get(`/api/customers/${l.customer_id}`).set(await as('sales1')), 404);
    const r = await t.http().post(`/api/leads/${l.lead_id}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid['sales1'] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ lead_id: l.lead_id, sales_owner_user_id: uid['sales1'], prospect_id: l.prospect_id, status: 'HANDED_OVER' });

    const s1 = await as('sales1');
    const d = await t.http().get(`/api/leads/${l.lead_id}`).set(s1);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({
      status: 'HANDED_OVER', sales_owner_user_id: uid['sales1'], sales_owner_name: 'Siti Rahmawati', handed_over_at: expect.stringMatching(/\+07:00$/),
      prospect: { prospect_id: r.body.prospect_id, stage: 'NEW', owner_user_id: uid['sales1'], owner_name: 'Siti Rahmawati' },
      customer: { customer_id: l.customer_id, company_name: expect.any(String), city: null, industry: null },
    });
    expect(d.body.tickets.map((x: { ticket_id: string }) => x.ticket_id)).toEqual([l.ticket_id]);
    const pr = await t.http().get(`/api/prospects?customer_id=${l.customer_id}`).set(s1);
    expect(pr.body.items.map((p: { prospect_id: string }) => p.prospect_id)).toEqual([r.body.prospect_id]);
    expect((await t.http().get(`/api/customers/${l.customer_id}`).set(s1)).status).toBe(200);
    expect((await t.http().get(`/api/leads?q=${encodeURIComponent(d.body.company_name)}`).set(s1)).body.items).toHaveLength(1);
    // Nobody else in sales outside the owner and their manager.
    expectProblem(await t.http().get(`/api/leads/${l.lead_id}`).set(await as('sales2')), 404);
    expectProblem(await t.http().get(`/api/customers/${l.customer_id}`).set(await as('sales2')), 404);
    expectProblem(await t.http().get(`/api/leads/${l.lead_id}`).set(await as('sales.manager2')), 404);
    expect((await t.http().get(`/api/leads/${l.lead_id}`).set(await as('sales.manager'))).status).toBe(200);
    // The creator keeps seeing it.
    expect((await t.http().get(`/api/leads/${l.lead_id}`).set(await as('mkt.staff'))).status).toBe(200);

    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'leads' AND record_id = $1 AND action = 'UPDATE'`, [l.lead_id]);
    expect(audit.rows.length).toBeGreaterThan(0);
    expect(new Set(audit.rows.map((x) => x.changed_by))).toEqual(new Set([uid['mkt.manager']]));
    const handover = await t.db.admin.query(`SELECT owner_user_id FROM app.sales_activities WHERE related_lead_id = $1 AND activity_type = 'handover'`, [l.lead_id]);
    expect(handover.rows).toEqual([{ owner_user_id: uid['sales1'] }]);
  });

  it('a sales manager assigns within the team only (422 outside it) and never reaches another team\'s lead (404)', async () => {
    const l = await newLead('mkt.staff');
    const sm = await as('sales.manager');
    const out = await t.http().post(`/api/leads/${l.lead_id}/assign`).set(sm).send({ sales_owner_user_id: uid['sales3'] });
    expectProblem(out, 422);
    expect(fieldsOf(out.body)).toEqual(['sales_owner_user_id']);
    const notSales = await t.http().post(`/api/leads/${l.lead_id}/assign`).set(sm).send({ sales_owner_user_id: uid['finance'] });
    expectProblem(notSales, 422);
    expectProblem(await t.http().post(`/api/leads/${l.lead_id}/assign`).set(sm).send({ sales_owner_user_id: 'sales1' }), 422);
    expect((await t.http().post(`/api/leads/${l.lead_id}/assign`).set(sm).send({ sales_owner_user_id: uid['sales1'] })).status).toBe(200);
    // Now owned by sales.manager's team: sales.manager2 neither sees nor assigns it.
    const sm2 = await as('sales.manager2');
    expectProblem(await t.http().get(`/api/leads/${l.lead_id}`).set(sm2), 404);
    expectProblem(await t.http().post(`/api/leads/${l.lead_id}/assign`).set(sm2).send({ sales_owner_user_id: uid['sales3'] }), 404);
    expectProblem(await t.http().post('/api/leads/LD-1999-999999/assign').set(sm).send({ sales_owner_user_id: uid['sales1'] }), 404);
  });

  it('re-assigns to another salesperson: the lead and its prospect move, the previous owner loses them', async () => {
    const l = await newLead('mkt.staff');
    const sm = await as('sales.manager');
    await t.http().post(`/api/leads/${l.lead_id}/assign`).set(sm).send({ sales_owner_user_id: uid['sales1'] }).expect(200);
    expect((await t.http().get(`/api/leads/${l.lead_id}`).set(await as('sales1'))).status).toBe(200);
    const r = await t.http().post(`/api/leads/${l.lead_id}/assign`).set(sm).send({ sales_owner_user_id: uid['sales2'] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sales_owner_user_id: uid['sales2'], status: 'HANDED_OVER' });
    expectProblem(await t.http().get(`/api/leads/${l.lead_id}`).set(await as('sales1')), 404);
    expectProblem(await t.http().get(`/api/customers/${l.customer_id}`).set(await as('sales1')), 404);
    const d = await t.http().get(`/api/leads/${l.lead_id}`).set(await as('sales2'));
    expect(d.body).toMatchObject({ sales_owner_user_id: uid['sales2'], prospect: { owner_user_id: uid['sales2'] } });
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'leads' AND record_id = $1 AND action = 'UPDATE'`, [l.lead_id]);
    expect(audit.rows.filter((x) => x.changed_by === uid['sales.manager']).length).toBeGreaterThanOrEqual(2);
  });

  it('roles that never assign get 403; a disqualified lead cannot be assigned (409 with allowed)', async () => {
    const l = await newLead('mkt.staff');
    for (const who of ['mkt.staff', 'sales1', 'director', 'ops.dom', 'finance']) {
      expectProblem(await t.http().post(`/api/leads/${l.lead_id}/assign`).set(await as(who)).send({ sales_owner_user_id: uid['sales1'] }), 403);
    }
    await t.http().patch(`/api/leads/${l.lead_id}`).set(await as('mkt.staff')).send({ status: 'DISQUALIFIED', disqualified_reason: 'Duplicate contact' }).expect(200);
    const r = await t.http().post(`/api/leads/${l.lead_id}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid['sales1'] });
    expectProblem(r, 409);
    expect(r.body.allowed).toEqual(['NEW', 'QUALIFIED', 'HANDED_OVER']);
  });
});

describe('GET /api/crm/assignees', () => {
  it('marketing manager and admin: every active salesperson and sales manager; a sales manager: own team incl. self', async () => {
    const names = async (who: string) => {
      const r = await t.http().get('/api/crm/assignees').set(await as(who));
      expect(r.status).toBe(200);
      return r.body.items.map((u: { user_id: string }) => u.user_id).sort();
    };
    const all = [uid['sales.manager'], uid['sales1'], uid['sales2'], uid['sales.manager2'], uid['sales3']].sort();
    expect(await names('mkt.manager')).toEqual(all);
    expect(await names('admin')).toEqual(all);
    expect(await names('sales.manager')).toEqual([uid['sales.manager'], uid['sales1'], uid['sales2']].sort());
    expect(await names('sales.manager2')).toEqual([uid['sales.manager2'], uid['sales3']].sort());
    const one = (await t.http().get('/api/crm/assignees').set(await as('sales.manager'))).body.items.find((u: { user_id: string }) => u.user_id === uid['sales1']);
    expect(one).toEqual({ user_id: uid['sales1'], full_name: 'Siti Rahmawati', role: 'salesperson', manager_user_id: uid['sales.manager'] });
    for (const who of ['mkt.staff', 'sales1', 'director', 'ops.dom']) expectProblem(await t.http().get('/api/crm/assignees').set(await as(who)), 403);
  });
});

describe('PATCH /api/leads/{id}', () => {
  it('qualifies, refuses disqualifying without a reason, disqualifies, then refuses reopening (409 with allowed); audited by the editor', async () => {
    const l = await newLead('mkt.staff');
    const ms = await as('mkt.staff');
    const q = await t.http().patch(`/api/leads/${l.lead_id}`).set(ms).send({ status: 'QUALIFIED', notes: 'Budget confirmed' });
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ lead_id: l.lead_id, status: 'QUALIFIED', notes: 'Budget confirmed', qualified_at: expect.stringMatching(/\+07:00$/), created_by_name: 'Rizky Staf Pemasaran' });
    const noReason = await t.http().patch(`/api/leads/${l.lead_id}`).set(ms).send({ status: 'DISQUALIFIED' });
    expectProblem(noReason, 422);
    expect(fieldsOf(noReason.body)).toEqual(['disqualified_reason']);
    const dq = await t.http().patch(`/api/leads/${l.lead_id}`).set(ms).send({ status: 'DISQUALIFIED', disqualified_reason: 'No budget this year' });
    expect(dq.status).toBe(200);
    expect(dq.body).toMatchObject({ status: 'DISQUALIFIED', disqualified_reason: 'No budget this year', disqualified_at: expect.any(String) });
    const back = await t.http().patch(`/api/leads/${l.lead_id}`).set(ms).send({ status: 'QUALIFIED' });
    expectProblem(back, 409);
    expect(back.body.allowed).toEqual([]);
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'leads' AND record_id = $1 AND action = 'UPDATE'`, [l.lead_id]);
    expect(audit.rows).toEqual([{ changed_by: uid['mkt.staff'] }, { changed_by: uid['mkt.staff'] }]);
  });

  it('a handed-over lead cannot be re-qualified: 409 allowing only DISQUALIFIED', async () => {
    const l = await newLead('mkt.manager');
    await t.http().post(`/api/leads/${l.lead_id}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid['sales1'] }).expect(200);
    const r = await t.http().patch(`/api/leads/${l.lead_id}`).set(await as('mkt.manager')).send({ status: 'QUALIFIED' });
    expectProblem(r, 409);
    expect(r.body.allowed).toEqual(['DISQUALIFIED']);
  });

  it('a salesperson edits contact fields of an own lead only (other fields 403); another salesperson gets 404', async () => {
    const l = await newLead('mkt.manager');
    await t.http().post(`/api/leads/${l.lead_id}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid['sales1'] }).expect(200);
    const s1 = await as('sales1');
    const ok = await t.http().patch(`/api/leads/${l.lead_id}`).set(s1).send({ contact_name: 'Ibu Ratna', phone: '0812-9999-0000', notes: 'Call after 2pm' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ contact_name: 'Ibu Ratna', phone: '0812-9999-0000', notes: 'Call after 2pm' });
    expectProblem(await t.http().patch(`/api/leads/${l.lead_id}`).set(s1).send({ company_name: 'PT Lain' }), 403);
    expectProblem(await t.http().patch(`/api/leads/${l.lead_id}`).set(s1).send({ status: 'DISQUALIFIED', disqualified_reason: 'x' }), 403);
    expectProblem(await t.http().patch(`/api/leads/${l.lead_id}`).set(await as('sales2')).send({ notes: 'x' }), 404);
    const audit = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.audit_logs WHERE table_name = 'leads' AND record_id = $1 AND changed_by = $2`, [l.lead_id, uid['sales1']]);
    expect(audit.rows[0].n).toBe(1);
  });

  it('403 for roles that never edit leads, 404 for invisible ones, 422 for unknown fields and bad identifiers', async () => {
    const l = await newLead('mkt.manager');
    for (const who of ['director', 'ops.dom', 'finance']) expectProblem(await t.http().patch(`/api/leads/${l.lead_id}`).set(await as(who)).send({ notes: 'x' }), 403);
    expectProblem(await t.http().patch(`/api/leads/${l.lead_id}`).set(await as('mkt.staff')).send({ notes: 'x' }), 404);
    expectProblem(await t.http().patch('/api/leads/LD-1999-999999').set(await as('mkt.manager')).send({ notes: 'x' }), 404);
    const mm = await as('mkt.manager');
    const unknown = await t.http().patch(`/api/leads/${l.lead_id}`).set(mm).send({ sales_owner_user_id: uid['sales1'], customer_id: 'CU-1' });
    expectProblem(unknown, 422);
    expect(fieldsOf(unknown.body)).toEqual(['customer_id', 'sales_owner_user_id']);
    expectProblem(await t.http().patch(`/api/leads/${l.lead_id}`).set(mm).send({ status: 'CONVERTED' }), 422);
    expectProblem(await t.http().patch(`/api/leads/${l.lead_id}`).set(mm).send({ company_name: null }), 422);
    const npwp = await t.http().patch(`/api/leads/${l.lead_id}`).set(mm).send({ npwp: '123' });
    expectProblem(npwp, 422);
    expect(fieldsOf(npwp.body)).toEqual(['npwp']);
    const email = await t.http().patch(`/api/leads/${l.lead_id}`).set(mm).send({ email: 'nope' });
    expectProblem(email, 422);
    expect(fieldsOf(email.body)).toEqual(['email']);
    const ok = await t.http().patch(`/api/leads/${l.lead_id}`).set(mm).send({ npwp: '01.234.567.8-999.000', email: null, source_channel: 'whatsapp' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ npwp: '01.234.567.8-999.000', email: null, source_channel: 'whatsapp' });
  });
});

describe('GET /api/leads/{id}/timeline', () => {
  it('merges lead events, activities and stage changes newest first; audit rows only for super_admin and director', async () => {
    const l = await newLead('mkt.staff');
    await t.http().post(`/api/leads/${l.lead_id}/assign`).set(await as('mkt.manager')).send({ sales_owner_user_id: uid['sales1'] }).expect(200);
    const s1 = await as('sales1');
    await t.http().post('/api/activities').set(s1).send({ activity_type: 'call', prospect_id: l.prospect_id, notes: 'Intro call' }).expect(201);
    await t.http().patch(`/api/prospects/${l.prospect_id}`).set(s1).send({ stage: 'CONTACTED' }).expect(200);

    const admin = await t.http().get(`/api/leads/${l.lead_id}/timeline`).set(await as('admin'));
    expect(admin.status).toBe(200);
    const items = admin.body.items as { at: string; kind: string; title: string; detail: string | null; actor_user_id: string | null; actor_name: string | null }[];
    const ats = items.map((i) => Date.parse(i.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    expect(items).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'lead_event', title: 'created', actor_user_id: uid['mkt.staff'], actor_name: 'Rizky Staf Pemasaran' }),
      expect.objectContaining({ kind: 'lead_event', title: 'handed_over', detail: 'to Siti Rahmawati' }),
      expect.objectContaining({ kind: 'activity', title: 'call', detail: 'Intro call', actor_user_id: uid['sales1'] }),
      expect.objectContaining({ kind: 'activity', title: 'handover' }),
      expect.objectContaining({ kind: 'stage_change', title: 'NEW → CONTACTED', actor_user_id: uid['sales1'], actor_name: 'Siti Rahmawati' }),
      expect.objectContaining({ kind: 'stage_change', title: 'NEW' }),
      expect.objectContaining({ kind: 'audit', title: 'INSERT', actor_user_id: uid['mkt.staff'] }),
      expect.objectContaining({ kind: 'audit', title: 'UPDATE', actor_user_id: uid['mkt.manager'], detail: expect.stringContaining('sales_owner_user_id') }),
    ]));
    expect(items.filter((i) => i.kind === 'activity' && i.title === 'stage_change')).toEqual([]);
    expect((await t.http().get(`/api/leads/${l.lead_id}/timeline`).set(await as('director'))).body.items.some((i: { kind: string }) => i.kind === 'audit')).toBe(true);

    for (const who of ['mkt.manager', 'mkt.staff', 'sales1']) {
      const r = await t.http().get(`/api/leads/${l.lead_id}/timeline`).set(await as(who));
      expect(r.status).toBe(200);
      expect(r.body.items.some((i: { kind: string }) => i.kind === 'audit')).toBe(false);
      expect(r.body.items.some((i: { title: string }) => i.title === 'created')).toBe(true);
    }
    for (const who of ['sales2', 'ops.dom', 'finance']) expectProblem(await t.http().get(`/api/leads/${l.lead_id}/timeline`).set(await as(who)), 404);
  });
});

describe('GET /api/leads/export', () => {
  it('CSV: UTF-8 with BOM, snake_case headers, the visible leads, formula injection neutralised', async () => {
    const k = tag();
    const l = await newLead('mkt.staff', { company_name: '=HYPERLINK("x")', contact_name: `@Budi ${k}`, notes: `+ignore ${k}` });
    const hidden = await newLead('mkt.manager', { contact_name: `Hidden ${k}` });
    const r = await t.http().get(`/api/leads/export?format=csv&q=${k}`).set(await as('mkt.staff')).buffer(true).parse((res, cb) => collect(res, cb));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const buf = r.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.subarray(3).toString('utf8');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0].split(',').slice(0, 8)).toEqual(['lead_id', 'company_name', 'contact_name', 'email', 'phone', 'npwp', 'source_channel', 'status']);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(l.lead_id);
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[1]).toContain(`'@Budi ${k}`);
    expect(lines[1]).toContain(`'+ignore ${k}`);
    expect(text).not.toContain(hidden.lead_id);
    // The manager sees both; CSV is the default format.
    const all = await t.http().get(`/api/leads/export?q=${k}`).set(await as('mkt.manager')).buffer(true).parse((res, cb) => collect(res, cb));
    expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((all.body as Buffer).toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('XLSX: a workbook with the same columns, cells neutralised as text', async () => {
    const k = tag();
    const l = await newLead('mkt.staff', { company_name: `-cmd|' /C calc'!A0 ${k}`, contact_name: '=1+1' });
    const r = await t.http().get(`/api/leads/export?format=xlsx&q=${k}`).set(await as('mkt.staff')).buffer(true).parse((res, cb) => collect(res, cb));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers['content-disposition']).toMatch(/filename="leads-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('leads')!;
    expect(ws.rowCount).toBe(2);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['lead_id', 'company_name', 'contact_name']);
    const row = (ws.getRow(2).values as unknown[]).slice(1);
    expect(row[0]).toBe(l.lead_id);
    expect(row[1]).toBe(`'-cmd|' /C calc'!A0 ${k}`);
    expect(row[2]).toBe(`'=1+1`);
  });

  it('403 for ops and finance, 422 for an unknown format', async () => {
    expectProblem(await t.http().get('/api/leads/export').set(await as('ops.dom')), 403);
    expectProblem(await t.http().get('/api/leads/export').set(await as('finance')), 403);
    expectProblem(await t.http().get('/api/leads/export?format=pdf').set(await as('mkt.manager')), 422);
    expectProblem(await t.http().get('/api/leads/export?limit=10').set(await as('mkt.manager')), 422);
  });
});

describe('OpenAPI', () => {
  it('documents every CRM route', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    for (const p of [
      '/api/leads', '/api/leads/export', '/api/leads/{lead_id}', '/api/leads/{lead_id}/timeline', '/api/leads/{lead_id}/assign', '/api/crm/assignees',
      '/api/customers', '/api/customers/{customer_id}', '/api/prospects', '/api/prospects/{prospect_id}', '/api/prospects/{prospect_id}/history',
      '/api/activities', '/api/marketing/events', '/api/marketing/spend',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.components.schemas.CreateLeadDto.required).toEqual(expect.arrayContaining(['company_name', 'contact_name', 'source_channel']));
    expect(doc.components.schemas.RfqDto.required).toEqual(expect.arrayContaining(['origin', 'destination', 'service_type']));
  });
});
