import { createTestApp, TestApp } from '../helpers/app.js';

/**
 * R3 — races, over HTTP against the real application (default pool, its
 * per-request RLS transactions): many identical requests at the same moment
 * must leave exactly the state one request would have, or refuse cleanly.
 * (The SQL-level twins live in test/db/crm.spec.ts and test/db/ar.spec.ts;
 * test/api/http-conventions.spec.ts races one Idempotency-Key on users.)
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const uid: Record<string, string> = {};

async function as(who: string): Promise<{ authorization: string }> {
  tokens[who] ??= (await t.login(`${who}@demo.local`)).access_token;
  return { authorization: `Bearer ${tokens[who]}` };
}
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());

beforeAll(async () => {
  t = await createTestApp();
  for (const r of (await t.db.admin.query('SELECT email, user_id FROM app.profiles')).rows) uid[r.email.replace('@demo.local', '')] = r.user_id;
  for (const who of ['mkt.staff', 'mkt.manager', 'sales.manager', 'sales.manager2', 'finance', 'admin']) await as(who);
});
afterAll(async () => {
  await t?.close();
});

/** Invariants of the CRM spine that every race must keep. */
async function crmInvariants() {
  const q = async (sql: string) => (await t.db.admin.query(sql)).rows;
  return {
    duplicateProspects: await q(`SELECT customer_id, owner_user_id FROM app.prospects GROUP BY 1, 2 HAVING count(*) > 1`),
    orphanLeads: await q(`SELECT lead_id FROM app.leads WHERE customer_id IS NULL OR prospect_id IS NULL`),
    leadOnForeignProspect: await q(`SELECT l.lead_id FROM app.leads l JOIN app.prospects p USING (prospect_id) WHERE p.customer_id <> l.customer_id`),
    ownerMismatch: await q(`SELECT l.lead_id FROM app.leads l JOIN app.prospects p USING (prospect_id)
                             WHERE l.status IN ('HANDED_OVER', 'CONVERTED') AND p.owner_user_id IS DISTINCT FROM l.sales_owner_user_id`),
    negativeOutstanding: await q(`SELECT invoice_id FROM app.v_invoice_outstanding WHERE outstanding_amount < 0`),
  };
}
const CLEAN = { duplicateProspects: [], orphanLeads: [], leadOnForeignProspect: [], ownerMismatch: [], negativeOutstanding: [] };

describe('customer dedup under concurrency', () => {
  it('50 parallel lead creations with one new NPWP (both of its written forms, two callers) → one customer, one pool prospect, 50 linked leads', async () => {
    const npwp16 = '0998877665544433';
    const legacy = '99.887.766.5-544.433'; // the 15-digit legacy form of the same taxpayer
    const callers = [await as('mkt.staff'), await as('mkt.manager')];
    const res = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      t.http().post('/api/leads').set(callers[i % 2]).send({
        company_name: `PT Balapan ${i % 3 ? 'Sejahtera' : 'Makmur'} Abadi`, contact_name: `Kontak ${i}`, source_channel: 'website',
        npwp: i % 2 ? legacy : npwp16, phone: `0813${String(7000000 + i).padStart(8, '0')}`, email: `race${i}@balapan.co.id`,
      })));
    expect(res.map((r) => r.status)).toEqual(Array(50).fill(201));
    const customers = new Set(res.map((r) => r.body.customer_id));
    expect(customers.size).toBe(1);
    const matches = res.map((r) => r.body.customer_match).sort();
    expect(matches.filter((m) => m === 'new')).toHaveLength(1);
    expect(matches.filter((m) => m === 'npwp')).toHaveLength(49);
    expect(new Set(res.map((r) => r.body.prospect_id)).size).toBe(1);
    const [cid] = customers;
    const db = await t.db.admin.query(
      `SELECT (SELECT count(*)::int FROM app.customers WHERE npwp_norm = $1) AS customers,
              (SELECT count(*)::int FROM app.prospects WHERE customer_id = $2) AS prospects,
              (SELECT count(*)::int FROM app.leads WHERE customer_id = $2) AS leads,
              (SELECT count(*)::int FROM app.audit_logs WHERE table_name = 'customers' AND record_id = $2 AND action = 'INSERT') AS customer_audits`,
      [npwp16, cid]);
    expect(db.rows[0]).toEqual({ customers: 1, prospects: 1, leads: 50, customer_audits: 1 });
    expect(await crmInvariants()).toEqual(CLEAN);
  });
});

describe('Idempotency-Key under concurrency', () => {
  it('20 parallel POST /api/leads with one key → one lead; every success carries it; a later retry replays it', async () => {
    const h = { ...(await as('mkt.staff')), 'idempotency-key': 'race-lead-20' };
    const body = { company_name: 'PT Idempoten Balapan', contact_name: 'Bu Rina', source_channel: 'referral', npwp: '0011223344556677' };
    const res = await Promise.all(Array.from({ length: 20 }, () => t.http().post('/api/leads').set(h).send(body)));
    const statuses = res.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ok = res.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.body.lead_id)).size).toBe(1);
    for (const r of res.filter((x) => x.status === 409)) {
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.body.detail).toMatch(/still being processed/);
    }
    const again = await t.http().post('/api/leads').set(h).send(body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.lead_id).toBe(ok[0].body.lead_id);
    const n = await t.db.admin.query(
      `SELECT (SELECT count(*)::int FROM app.leads WHERE company_name = $1) AS leads,
              (SELECT count(*)::int FROM app.customers WHERE npwp_norm = '0011223344556677') AS customers,
              (SELECT count(*)::int FROM app.idempotency_keys WHERE key = 'race-lead-20') AS keys`, [body.company_name]);
    expect(n.rows[0]).toEqual({ leads: 1, customers: 1, keys: 1 });
  });

  it('the same key with two different bodies at once: one is created, the other refused (409 in flight or 422 mismatch), never both', async () => {
    const h = { ...(await as('mkt.manager')), 'idempotency-key': 'race-two-bodies' };
    const [a, b] = await Promise.all(['PT Satu Badan', 'PT Dua Badan'].map((c) => t.http().post('/api/leads').set(h).send({ company_name: c, contact_name: 'X', source_channel: 'other' })));
    expect([a.status, b.status].filter((s) => s === 201)).toHaveLength(1);
    expect([409, 422]).toContain([a.status, b.status].find((s) => s !== 201));
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.leads WHERE company_name IN ('PT Satu Badan', 'PT Dua Badan')`);
    expect(n.rows[0].n).toBe(1);
  });
});

describe('payments that together overpay', () => {
  async function invoice(amount: string): Promise<string> {
    const customer = (await t.db.admin.query('SELECT min(customer_id) AS c FROM app.customers')).rows[0].c;
    const r = await t.http().post('/api/invoices').set(await as('finance')).send({
      invoice_number: `R3/${amount}/${Math.random().toString(36).slice(2, 8)}`, customer_id: customer, invoice_date: today(), due_date: today(), amount,
    });
    expect(r.status).toBe(201);
    return r.body.invoice_id;
  }

  it('two payments of 60 % each, at once → one 201, one 422; outstanding 40 %, never negative', async () => {
    const id = await invoice('1000.00');
    const res = await Promise.all([['finance', 'R3-A'], ['admin', 'R3-B']].map(async ([who, ref]) =>
      t.http().post('/api/payments').set(await as(who)).send({ invoice_id: id, payment_date: today(), amount: '600.00', reference: ref })));
    expect(res.map((r) => r.status).sort()).toEqual([201, 422]);
    const refused = res.find((r) => r.status === 422)!;
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    const d = await t.http().get(`/api/invoices/${id}`).set(await as('finance'));
    expect(d.body).toMatchObject({ paid_amount: '600.00', outstanding_amount: '400.00' });
  });

  it('twelve payments of 30 % at once → exactly three accepted, the invoice ends at 10 %, no negative outstanding anywhere', async () => {
    const id = await invoice('1000.00');
    const res = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      t.http().post('/api/payments').set({ authorization: `Bearer ${tokens[i % 2 ? 'finance' : 'admin']}` })
        .send({ invoice_id: id, payment_date: today(), amount: '300.00', reference: `R3-P${i}` })));
    const statuses = res.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 422)).toBe(true);
    const row = (await t.db.admin.query(`SELECT paid_amount::text AS paid, outstanding_amount::text AS outstanding FROM app.v_invoice_outstanding WHERE invoice_id = $1`, [id])).rows[0];
    expect(row).toEqual({ paid: '900.00', outstanding: '100.00' });
    expect((await crmInvariants()).negativeOutstanding).toEqual([]);
  });
});

describe('two managers assign one lead at the same moment', () => {
  async function freshLead(i: number, extra: Record<string, unknown> = {}) {
    const r = await t.http().post('/api/leads').set(await as('mkt.staff')).send({
      company_name: `PT Rebutan ${i} ${Math.random().toString(36).slice(2, 7)}`, contact_name: 'Pak Joko', source_channel: 'event', ...extra,
    });
    expect(r.status).toBe(201);
    return r.body as { lead_id: string; customer_id: string; prospect_id: string };
  }

  it.each([
    ['marketing manager → sales1 vs sales manager → sales2', ['mkt.manager', 'sales1'], ['sales.manager', 'sales2']],
    ['sales manager → sales1 vs other team\'s manager → sales3', ['sales.manager', 'sales1'], ['sales.manager2', 'sales3']],
    ['marketing manager → sales3 vs admin → sales2', ['mkt.manager', 'sales3'], ['admin', 'sales2']],
  ])('%s: one consistent owner, one prospect per (customer, owner), history kept', async (_name, [m1, s1], [m2, s2]) => {
    for (let round = 0; round < 4; round++) {
      const lead = await freshLead(round);
      const res = await Promise.all([[m1, s1], [m2, s2]].map(async ([m, s]) =>
        t.http().post(`/api/leads/${lead.lead_id}/assign`).set(await as(m)).send({ sales_owner_user_id: uid[s] })));
      const ok = res.filter((r) => r.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      for (const r of res.filter((x) => x.status !== 200)) {
        expect([404, 409]).toContain(r.status);
        expect(r.headers['content-type']).toMatch(/problem\+json/);
      }
      const state = (await t.db.admin.query(
        `SELECT l.sales_owner_user_id::text AS owner, l.status::text AS status, p.owner_user_id::text AS prospect_owner, p.customer_id,
                (SELECT count(*)::int FROM app.prospects x WHERE x.customer_id = l.customer_id) AS prospects,
                (SELECT count(*)::int FROM app.prospect_stage_history h WHERE h.prospect_id = l.prospect_id) AS history
           FROM app.leads l JOIN app.prospects p ON p.prospect_id = l.prospect_id WHERE l.lead_id = $1`, [lead.lead_id])).rows[0];
      // One owner, the one a successful response named last; the lead sits on that owner's prospect of its customer.
      expect(ok.map((r) => r.body.sales_owner_user_id)).toContain(state.owner);
      expect(state).toMatchObject({ status: 'HANDED_OVER', prospect_owner: state.owner, customer_id: lead.customer_id, prospects: 1 });
      expect(state.history).toBeGreaterThanOrEqual(1);
      // What the API answers now is what the database holds.
      const got = await t.http().get(`/api/leads/${lead.lead_id}`).set(await as('admin'));
      expect(got.body).toMatchObject({ sales_owner_user_id: state.owner, status: 'HANDED_OVER' });
    }
    expect(await crmInvariants()).toEqual(CLEAN);
  });
});

describe('other one-of-a-kind records under concurrency', () => {
  it('the same invoice number twice at once → one invoice, one 409 naming the field', async () => {
    const customer = (await t.db.admin.query('SELECT min(customer_id) AS c FROM app.customers')).rows[0].c;
    const body = { invoice_number: 'R3/SAME/0001', customer_id: customer, invoice_date: today(), due_date: today(), amount: '10.00' };
    const res = await Promise.all(['finance', 'admin'].map(async (w) => t.http().post('/api/invoices').set(await as(w)).send(body)));
    expect(res.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await t.db.admin.query(`SELECT count(*)::int AS n FROM app.invoices WHERE invoice_number = 'R3/SAME/0001'`)).rows[0].n).toBe(1);
  });

  it('two overlapping KPI targets for one person at once → one target, one 409', async () => {
    const mk = (start: string, end: string) => ({ metric_key: 'SAL_REFERRALS', assignee_user_id: uid.sales1, period_start: start, period_end: end, target_value: '5' });
    const res = await Promise.all([
      t.http().post('/api/kpi/targets').set(await as('sales.manager')).send(mk('2033-03-01', '2033-03-31')),
      t.http().post('/api/kpi/targets').set(await as('admin')).send(mk('2033-03-15', '2033-04-14')),
    ]);
    expect(res.map((r) => r.status).sort()).toEqual([201, 409]);
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.kpi_targets WHERE assignee_user_id = $1 AND period_start >= '2033-01-01'`, [uid.sales1]);
    expect(n.rows[0].n).toBe(1);
  });
});
