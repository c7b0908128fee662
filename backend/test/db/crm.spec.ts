import { asUser, createTestDatabase, demoUsers, expectSqlState, Session, TestDatabase } from '../helpers/db.js';

let db: TestDatabase;
let u: Record<string, Session & { email: string }>;
beforeAll(async () => {
  db = await createTestDatabase('demo');
  u = await demoUsers(db);
});
afterAll(async () => {
  await db.drop();
});

const bundle = (who: Session, payload: Record<string, unknown>) =>
  asUser(db, who, async (c) => (await c.query('SELECT app.crm_create_lead_bundle($1::jsonb) AS r', [JSON.stringify(payload)])).rows[0].r, true);
const assign = (who: Session, leadId: string, owner: string) =>
  asUser(db, who, async (c) => (await c.query('SELECT app.crm_assign_lead($1, $2) AS r', [leadId, owner])).rows[0].r, true);
let seq = 0;
const lead = (extra: Record<string, unknown> = {}) => ({ company_name: `Company ${++seq}`, contact_name: 'Budi', source_channel: 'website', ...extra });

describe('normalisation', () => {
  it.each([
    ['npwp', '01.234.567.8-901.000', '0012345678901000'],
    ['npwp', '0123456789012345', '0123456789012345'],
    ['npwp', ' 012345678901000 ', '0012345678901000'],
    ['npwp', '', null],
    ['phone', '+62 812-3456-7890', '+6281234567890'],
    ['phone', '0812 3456 7890', '+6281234567890'],
    ['phone', '62-812-3456-7890', '+6281234567890'],
    ['phone', '(021) 555-1234', '+62215551234'],
    ['phone', '+65 6123 4567', '+6561234567'],
    ['email', '  Budi.Santoso@Example.CO.ID ', 'budi.santoso@example.co.id'],
    ['company_name', 'PT. Sinar Jaya Tbk', 'sinar jaya'],
    ['company_name', 'sinar jaya', 'sinar jaya'],
    ['company_name', 'PT. Bank Central Asia Tbk', 'bank central asia'],
    ['company_name', 'CV  Maju-Mundur', 'maju mundur'],
    ['company_name', 'Koperasi Karyawan Sejahtera', 'karyawan sejahtera'],
    ['company_name', 'PT Perusahaan Listrik Negara (Persero)', 'perusahaan listrik negara'],
    ['company_name', 'Café Señor Jaya', 'cafe senor jaya'],
    ['company_name', 'Ptolemy Logistics', 'ptolemy logistics'],
  ])('%s %j → %j', async (kind, input, expected) => {
    const { rows } = await db.admin.query(`SELECT app.normalize_${kind}($1) AS v`, [input]);
    expect(rows[0].v).toBe(expected);
  });

  it.each([
    ['npwp', '12345'],
    ['npwp', '1234567890123456789'],
    ['phone', '12'],
    ['email', 'not-an-email'],
  ])('rejects %s %j with BC422 naming the field', async (kind, input) => {
    await expect(db.admin.query(`SELECT app.normalize_${kind}($1)`, [input])).rejects.toMatchObject({ code: 'BC422', detail: expect.stringContaining(`"field":"${kind}"`) });
  });
});

describe('lead bundle and dedup', () => {
  const staff = () => u['mkt.staff@demo.local'];

  it('creates lead + customer + unassigned prospect, always linked, with generated ids', async () => {
    const r = await bundle(staff(), lead({ npwp: '01.111.111.1-111.000' }));
    expect(r).toMatchObject({ lead_id: expect.stringMatching(/^LD-\d{4}-\d{6}$/), customer_id: expect.stringMatching(/^CU-/), prospect_id: expect.stringMatching(/^PR-/), ticket_id: null, customer_match: 'new' });
    const { rows } = await db.admin.query('SELECT l.customer_id, l.prospect_id, p.owner_user_id, p.stage FROM app.leads l JOIN app.prospects p USING (prospect_id) WHERE lead_id = $1', [r.lead_id]);
    expect(rows[0]).toEqual({ customer_id: r.customer_id, prospect_id: r.prospect_id, owner_user_id: null, stage: 'NEW' });
    const orphans = await db.admin.query('SELECT count(*)::int AS n FROM app.leads WHERE customer_id IS NULL OR prospect_id IS NULL');
    expect(orphans.rows[0].n).toBe(0);
  });

  it('matches by NPWP (both forms), email, phone, then company name — and says how', async () => {
    const base = await bundle(staff(), { company_name: 'PT. Surya Kencana Tbk', contact_name: 'A', source_channel: 'event', npwp: '01.234.567.8-901.999', email: 'Info@SuryaKencana.co.id', phone: '+62 812-9876-5432' });
    expect(base.customer_match).toBe('new');
    const byNpwp = await bundle(staff(), lead({ npwp: '0012345678901999' }));
    const byEmail = await bundle(staff(), lead({ email: ' info@suryakencana.CO.ID' }));
    const byPhone = await bundle(staff(), lead({ phone: '0812 9876 5432' }));
    const byName = await bundle(staff(), { company_name: 'surya kencana', contact_name: 'B', source_channel: 'referral' });
    for (const [r, m] of [[byNpwp, 'npwp'], [byEmail, 'email'], [byPhone, 'phone'], [byName, 'company_name']] as const) {
      expect(r.customer_id).toBe(base.customer_id);
      expect(r.customer_match).toBe(m);
      expect(r.prospect_id).toBe(base.prospect_id); // one unassigned prospect per customer
    }
  });

  it('a name match never overrides a different NPWP', async () => {
    const a = await bundle(staff(), { company_name: 'CV Berkah Abadi', contact_name: 'A', source_channel: 'other', npwp: '0200000000000001' });
    const b = await bundle(staff(), { company_name: 'Berkah Abadi', contact_name: 'B', source_channel: 'other', npwp: '0200000000000002' });
    expect(b.customer_id).not.toBe(a.customer_id);
    expect(b.customer_match).toBe('new');
  });

  it('higher priority wins when identifiers point at different customers; the conflict is recorded', async () => {
    const x = await bundle(staff(), lead({ npwp: '0300000000000001' }));
    const y = await bundle(staff(), lead({ email: 'ops@yco.id' }));
    const r = await bundle(staff(), lead({ npwp: '0300000000000001', email: 'ops@yco.id' }));
    expect(r).toMatchObject({ customer_id: x.customer_id, customer_match: 'npwp' });
    const { rows } = await db.admin.query('SELECT match_field FROM app.customer_duplicate_candidates WHERE customer_id = $1 AND other_customer_id = $2', [x.customer_id, y.customer_id]);
    expect(rows).toEqual([{ match_field: 'email' }]);
  });

  it('fills identifiers the matched customer lacks, and flags near-identical names', async () => {
    const first = await bundle(staff(), { company_name: 'PT Samudra Biru Logistik', contact_name: 'A', source_channel: 'website', npwp: '0400000000000001' });
    await bundle(staff(), { company_name: 'Samudra Biru Logistik', contact_name: 'B', source_channel: 'website', npwp: '0400000000000001', email: 'hello@samudra.id' });
    const { rows } = await db.admin.query('SELECT email_norm FROM app.customers WHERE customer_id = $1', [first.customer_id]);
    expect(rows[0].email_norm).toBe('hello@samudra.id');
    const near = await bundle(staff(), { company_name: 'Samudra Biru Logistic', contact_name: 'C', source_channel: 'website', npwp: '0400000000000009' });
    const c = await db.admin.query(`SELECT other_customer_id FROM app.customer_duplicate_candidates WHERE customer_id = $1 AND match_field = 'similar_name'`, [near.customer_id]);
    expect(c.rows.map((x) => x.other_customer_id)).toContain(first.customer_id);
  });

  it('refuses the whole request with every field error, writing nothing', async () => {
    const before = (await db.admin.query('SELECT count(*)::int AS n FROM app.leads')).rows[0].n;
    const err = await bundle(staff(), { company_name: ' ', source_channel: 'tv', npwp: '123', email: 'x@', phone: '1', rfq: { origin: 'Jakarta' } }).catch((e) => e);
    expect(err.code).toBe('BC422');
    const fields = JSON.parse(err.detail).errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['company_name', 'contact_name', 'email', 'npwp', 'phone', 'rfq.destination', 'rfq.service_type', 'source_channel'].sort());
    expect((await db.admin.query('SELECT count(*)::int AS n FROM app.leads')).rows[0].n).toBe(before);
  });

  it('an RFQ becomes a masked inquiry ticket routed by service, with a derived activity', async () => {
    const r = await bundle(staff(), lead({ rfq: { origin: 'Jakarta', destination: 'Singapore', service_type: 'sea_fcl', weight_kg: 1200 } }));
    const t = await db.admin.query('SELECT subject, dept_target, need_customer_masking, inquiry_status, ticket_status, created_by, related_lead_id, related_customer_id, related_prospect_id FROM app.tickets WHERE ticket_id = $1', [r.ticket_id]);
    expect(t.rows[0]).toEqual({ subject: 'RFQ Jakarta → Singapore, sea_fcl', dept_target: 'EXI', need_customer_masking: true, inquiry_status: 'OPEN', ticket_status: null, created_by: staff().user_id, related_lead_id: r.lead_id, related_customer_id: r.customer_id, related_prospect_id: r.prospect_id });
    const land = await bundle(staff(), lead({ rfq: { origin: 'Bandung', destination: 'Surabaya', service_type: 'land' } }));
    const express = await bundle(staff(), lead({ rfq: { origin: 'Medan', destination: 'Batam', service_type: 'express' } }));
    const chosen = await bundle(staff(), lead({ rfq: { origin: 'Medan', destination: 'Batam', service_type: 'air', dept_target: 'WHS' } }));
    const depts = await db.admin.query('SELECT ticket_id, dept_target FROM app.tickets WHERE ticket_id = ANY($1) ORDER BY ticket_id', [[land.ticket_id, express.ticket_id, chosen.ticket_id]]);
    expect(Object.fromEntries(depts.rows.map((x) => [x.ticket_id, x.dept_target]))).toEqual({ [land.ticket_id]: 'DOM', [express.ticket_id]: 'DTD', [chosen.ticket_id]: 'WHS' });
    const a = await db.admin.query(`SELECT activity_type, is_system FROM app.sales_activities WHERE related_ticket_id = $1`, [r.ticket_id]);
    expect(a.rows).toEqual([{ activity_type: 'rfq_created', is_system: true }]);
  });

  it('50 parallel bundles with one new NPWP make one customer and one unassigned prospect', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => bundle(staff(), lead({ npwp: i % 2 ? '05.555.555.5-555.000' : '0055555555555000', phone: `0811000${String(i).padStart(4, '0')}` }))));
    expect(new Set(results.map((r) => r.customer_id)).size).toBe(1);
    expect(new Set(results.map((r) => r.prospect_id)).size).toBe(1);
    expect(results.filter((r) => r.customer_match === 'new')).toHaveLength(1);
    const n = await db.admin.query(`SELECT count(*)::int AS n FROM app.customers WHERE npwp_norm = '0055555555555000'`);
    expect(n.rows[0].n).toBe(1);
  });

  it('only marketing, sales managers and admins create leads', async () => {
    for (const email of ['sales1@demo.local', 'ops.dom@demo.local', 'finance@demo.local', 'director@demo.local']) {
      await expectSqlState(bundle(u[email], lead()), 'BC403');
    }
    for (const email of ['admin@demo.local', 'mkt.manager@demo.local', 'sales.manager@demo.local']) {
      expect((await bundle(u[email], lead())).lead_id).toMatch(/^LD-/);
    }
    await expectSqlState(asUser(db, u['mkt.manager@demo.local'], (c) => c.query(`INSERT INTO app.leads (company_name, contact_name, source_channel, customer_id, prospect_id) VALUES ('x','y','other','CU-x','PR-x')`)), '42501');
  });
});

describe('handover', () => {
  const mgr = () => u['mkt.manager@demo.local'];

  it('transfers the prospect when no other lead uses it (history kept), and the salesperson then sees it all', async () => {
    const r = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '0600000000000001' }));
    const out = await assign(mgr(), r.lead_id, u['sales1@demo.local'].user_id);
    expect(out).toEqual({ lead_id: r.lead_id, sales_owner_user_id: u['sales1@demo.local'].user_id, prospect_id: r.prospect_id, status: 'HANDED_OVER' });
    const p = await db.admin.query('SELECT owner_user_id FROM app.prospects WHERE prospect_id = $1', [r.prospect_id]);
    expect(p.rows[0].owner_user_id).toBe(u['sales1@demo.local'].user_id);
    const h = await db.admin.query('SELECT count(*)::int AS n FROM app.prospect_stage_history WHERE prospect_id = $1', [r.prospect_id]);
    expect(h.rows[0].n).toBe(1);
    const seen = await asUser(db, u['sales1@demo.local'], async (c) => ({
      lead: (await c.query('SELECT status FROM app.leads WHERE lead_id = $1', [r.lead_id])).rows,
      customer: (await c.query('SELECT customer_id FROM app.customers WHERE customer_id = $1', [r.customer_id])).rowCount,
      prospect: (await c.query('SELECT prospect_id FROM app.prospects WHERE prospect_id = $1', [r.prospect_id])).rowCount,
      handover: (await c.query(`SELECT count(*)::int AS n FROM app.sales_activities WHERE prospect_id = $1 AND activity_type = 'handover'`, [r.prospect_id])).rows[0].n,
    }));
    expect(seen).toEqual({ lead: [{ status: 'HANDED_OVER' }], customer: 1, prospect: 1, handover: 1 });
    const other = await asUser(db, u['sales2@demo.local'], (c) => c.query('SELECT 1 FROM app.leads WHERE lead_id = $1', [r.lead_id]));
    expect(other.rowCount).toBe(0);
  });

  it('re-links to the owner\'s existing prospect and merges an orphaned pool prospect (history moved)', async () => {
    const a = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '0700000000000001' }));
    await assign(mgr(), a.lead_id, u['sales1@demo.local'].user_id); // pool prospect transferred to sales1
    const b = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '0700000000000001' })); // new pool prospect
    expect(b.prospect_id).not.toBe(a.prospect_id);
    const out = await assign(mgr(), b.lead_id, u['sales1@demo.local'].user_id);
    expect(out.prospect_id).toBe(a.prospect_id);
    const gone = await db.admin.query('SELECT count(*)::int AS n FROM app.prospects WHERE prospect_id = $1', [b.prospect_id]);
    expect(gone.rows[0].n).toBe(0);
    const moved = await db.admin.query('SELECT count(*)::int AS n FROM app.prospect_stage_history WHERE prospect_id = $1', [a.prospect_id]);
    expect(moved.rows[0].n).toBe(2);
    const inv = await db.admin.query(`SELECT count(*)::int AS n FROM (SELECT customer_id, owner_user_id FROM app.prospects GROUP BY 1, 2 HAVING count(*) > 1) x`);
    expect(inv.rows[0].n).toBe(0);
  });

  it('creates a new prospect when another lead still uses the current one; re-assign works the same way', async () => {
    const a = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '0800000000000001' }));
    const b = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '0800000000000001' }));
    expect(b.prospect_id).toBe(a.prospect_id);
    const out = await assign(mgr(), a.lead_id, u['sales2@demo.local'].user_id);
    expect(out.prospect_id).not.toBe(a.prospect_id);
    const pool = await db.admin.query('SELECT owner_user_id FROM app.prospects WHERE prospect_id = $1', [a.prospect_id]);
    expect(pool.rows[0].owner_user_id).toBeNull(); // still used by lead b
    const again = await assign(mgr(), a.lead_id, u['sales1@demo.local'].user_id);
    expect(again.sales_owner_user_id).toBe(u['sales1@demo.local'].user_id);
    const leads = await db.admin.query('SELECT count(*)::int AS n FROM app.leads l JOIN app.prospects p USING (prospect_id) WHERE l.lead_id = ANY($1) AND p.customer_id = l.customer_id', [[a.lead_id, b.lead_id]]);
    expect(leads.rows[0].n).toBe(2);
  });

  it('enforces who may assign to whom, and from which states', async () => {
    const r = await bundle(u['mkt.staff@demo.local'], lead());
    await expectSqlState(assign(u['sales.manager@demo.local'], r.lead_id, u['sales3@demo.local'].user_id), 'BC422'); // outside team
    await expectSqlState(assign(u['mkt.manager@demo.local'], r.lead_id, u['finance@demo.local'].user_id), 'BC422'); // not sales
    await expectSqlState(assign(u['sales1@demo.local'], r.lead_id, u['sales1@demo.local'].user_id), 'BC403');
    await expectSqlState(assign(u['mkt.staff@demo.local'], r.lead_id, u['sales1@demo.local'].user_id), 'BC403');
    expect((await assign(u['sales.manager@demo.local'], r.lead_id, u['sales2@demo.local'].user_id)).status).toBe('HANDED_OVER');
    // sales.manager2 cannot see (or touch) a lead owned by another team
    await expectSqlState(assign(u['sales.manager2@demo.local'], r.lead_id, u['sales3@demo.local'].user_id), 'BC404');
    await asUser(db, u['mkt.manager@demo.local'], (c) => c.query(`UPDATE app.leads SET status = 'DISQUALIFIED', disqualified_reason = 'no budget' WHERE lead_id = $1`, [r.lead_id]), true);
    const err = await assign(u['mkt.manager@demo.local'], r.lead_id, u['sales1@demo.local'].user_id).catch((e) => e);
    expect(err.code).toBe('BC409');
    expect(JSON.parse(err.detail).allowed).toEqual(['NEW', 'QUALIFIED', 'HANDED_OVER']);
  });

  it('two managers assigning one lead at once end with one consistent owner', async () => {
    const r = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '0900000000000001' }));
    const outs = await Promise.allSettled([
      assign(u['mkt.manager@demo.local'], r.lead_id, u['sales1@demo.local'].user_id),
      assign(u['sales.manager@demo.local'], r.lead_id, u['sales2@demo.local'].user_id),
    ]);
    expect(outs.every((o) => o.status === 'fulfilled')).toBe(true);
    const { rows } = await db.admin.query(`SELECT l.sales_owner_user_id AS lead_owner, p.owner_user_id AS prospect_owner FROM app.leads l JOIN app.prospects p USING (prospect_id) WHERE lead_id = $1`, [r.lead_id]);
    expect(rows[0].lead_owner).toBe(rows[0].prospect_owner);
    const dup = await db.admin.query(`SELECT count(*)::int AS n FROM app.prospects WHERE customer_id = $1 GROUP BY owner_user_id HAVING count(*) > 1`, [r.customer_id]);
    expect(dup.rowCount).toBe(0);
  });
});

describe('lifecycles', () => {
  it('lead: NEW → QUALIFIED by PATCH; HANDED_OVER only by assign; CONVERTED when the prospect is WON', async () => {
    const r = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '1000000000000001' }));
    const staff = u['mkt.staff@demo.local'];
    await expectSqlState(asUser(db, staff, (c) => c.query(`UPDATE app.leads SET status = 'HANDED_OVER' WHERE lead_id = $1`, [r.lead_id])), 'BC409');
    await expectSqlState(asUser(db, staff, (c) => c.query(`UPDATE app.leads SET status = 'DISQUALIFIED' WHERE lead_id = $1`, [r.lead_id])), 'BC422');
    await asUser(db, staff, (c) => c.query(`UPDATE app.leads SET status = 'QUALIFIED' WHERE lead_id = $1`, [r.lead_id]), true);
    await assign(u['mkt.manager@demo.local'], r.lead_id, u['sales1@demo.local'].user_id);
    const s1 = u['sales1@demo.local'];
    await expectSqlState(asUser(db, s1, (c) => c.query(`UPDATE app.leads SET company_name = 'x' WHERE lead_id = $1`, [r.lead_id])), 'BC403');
    const ok = await asUser(db, s1, (c) => c.query(`UPDATE app.leads SET notes = 'called twice' WHERE lead_id = $1 RETURNING notes`, [r.lead_id]), true);
    expect(ok.rows[0].notes).toBe('called twice');
    await asUser(db, s1, (c) => c.query(`UPDATE app.prospects SET stage = 'QUOTATION' WHERE prospect_id = $1`, [r.prospect_id]), true);
    await asUser(db, s1, (c) => c.query(`UPDATE app.prospects SET stage = 'WON' WHERE prospect_id = $1`, [r.prospect_id]), true);
    const l = await db.admin.query('SELECT status, converted_at IS NOT NULL AS c, qualified_at IS NOT NULL AS q FROM app.leads WHERE lead_id = $1', [r.lead_id]);
    expect(l.rows[0]).toEqual({ status: 'CONVERTED', c: true, q: true });
    const hist = await db.admin.query('SELECT from_stage, to_stage, changed_by FROM app.prospect_stage_history WHERE prospect_id = $1 ORDER BY history_id', [r.prospect_id]);
    expect(hist.rows.map((h) => `${h.from_stage}>${h.to_stage}`)).toEqual(['null>NEW', 'NEW>QUOTATION', 'QUOTATION>WON']);
    expect(hist.rows[2].changed_by).toBe(s1.user_id);
    const acts = await db.admin.query(`SELECT count(*)::int AS n FROM app.sales_activities WHERE prospect_id = $1 AND activity_type = 'stage_change' AND is_system`, [r.prospect_id]);
    expect(acts.rows[0].n).toBe(2);
  });

  it('prospect: forward skips allowed, LOST from open stages, back and reopen for managers only (409 lists allowed)', async () => {
    const r = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '1100000000000001' }));
    await assign(u['mkt.manager@demo.local'], r.lead_id, u['sales1@demo.local'].user_id);
    const s1 = u['sales1@demo.local'];
    const move = (who: Session, stage: string) => asUser(db, who, (c) => c.query('UPDATE app.prospects SET stage = $2 WHERE prospect_id = $1 RETURNING stage', [r.prospect_id, stage]), true);
    await move(s1, 'NEGOTIATION');
    const back = await move(s1, 'CONTACTED').catch((e) => e);
    expect(back.code).toBe('BC409');
    expect(JSON.parse(back.detail).allowed).toEqual(['WON', 'LOST']);
    await move(u['sales.manager@demo.local'], 'CONTACTED');
    await move(s1, 'LOST');
    await expectSqlState(move(s1, 'CONTACTED'), 'BC409');
    const reopened = await move(u['sales.manager@demo.local'], 'CONTACTED');
    expect(reopened.rows[0].stage).toBe('CONTACTED');
    // Other roles cannot move it at all (0 rows under RLS) and sales2 does not even see it.
    for (const email of ['sales2@demo.local', 'mkt.manager@demo.local', 'finance@demo.local', 'director@demo.local']) {
      const r2 = await asUser(db, u[email], (c) => c.query(`UPDATE app.prospects SET stage = 'WON' WHERE prospect_id = $1`, [r.prospect_id]));
      expect(r2.rowCount).toBe(0);
    }
  });
});

describe('activities', () => {
  it('a visit needs the salesperson\'s own photo and GPS; customer is derived; system types are not for users', async () => {
    const r = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '1200000000000001' }));
    await assign(u['mkt.manager@demo.local'], r.lead_id, u['sales1@demo.local'].user_id);
    const s1 = u['sales1@demo.local'];
    const ins = (who: Session, cols: Record<string, unknown>) => {
      const keys = Object.keys(cols);
      return asUser(db, who, (c) => c.query(`INSERT INTO app.sales_activities (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING customer_id`, Object.values(cols)), true);
    };
    const call = await ins(s1, { activity_type: 'call', prospect_id: r.prospect_id, owner_user_id: s1.user_id, notes: 'intro' });
    expect(call.rows[0].customer_id).toBe(r.customer_id);
    await expectSqlState(ins(s1, { activity_type: 'visit', prospect_id: r.prospect_id, owner_user_id: s1.user_id }), 'BC422');
    const photo = await asUser(db, s1, async (c) => (await c.query(
      `SELECT (app.register_storage_object(gen_random_uuid(), 'prospect-evidence', 'prospect-evidence/2026/11/' || gen_random_uuid(), 100, 'image/jpeg', $1, 'v.jpg')).object_id AS id`, ['c'.repeat(64)])).rows[0].id, true);
    const visit = await ins(s1, { activity_type: 'visit', prospect_id: r.prospect_id, owner_user_id: s1.user_id, evidence_object_id: photo, location_lat: -6.2, location_lng: 106.8 });
    expect(visit.rowCount).toBe(1);
    // someone else's photo, another user's prospect, system types, forging the owner: refused
    await expectSqlState(ins(u['sales2@demo.local'], { activity_type: 'call', prospect_id: r.prospect_id, owner_user_id: u['sales2@demo.local'].user_id }), '42501');
    await expectSqlState(ins(s1, { activity_type: 'call', prospect_id: r.prospect_id, owner_user_id: u['sales2@demo.local'].user_id }), '42501');
    await expect(ins(s1, { activity_type: 'handover', prospect_id: r.prospect_id, owner_user_id: s1.user_id })).rejects.toBeTruthy();
    const mgrSees = await asUser(db, u['sales.manager@demo.local'], (c) => c.query(`SELECT count(*)::int AS n FROM app.storage_objects WHERE object_id = $1`, [photo]));
    expect(mgrSees.rows[0].n).toBe(1);
    const otherSees = await asUser(db, u['sales3@demo.local'], (c) => c.query(`SELECT count(*)::int AS n FROM app.storage_objects WHERE object_id = $1`, [photo]));
    expect(otherSees.rows[0].n).toBe(0);
  });
});

describe('RLS by role', () => {
  let r: { lead_id: string; customer_id: string; prospect_id: string; ticket_id: string };
  beforeAll(async () => {
    r = await bundle(u['mkt.staff@demo.local'], lead({ npwp: '1300000000000001', rfq: { origin: 'Jakarta', destination: 'Tokyo', service_type: 'air' } }));
    await assign(u['mkt.manager@demo.local'], r.lead_id, u['sales1@demo.local'].user_id);
  });

  const visible = async (email: string) =>
    asUser(db, u[email], async (c) => ({
      lead: (await c.query('SELECT 1 FROM app.leads WHERE lead_id = $1', [r.lead_id])).rowCount,
      customer: (await c.query('SELECT 1 FROM app.customers WHERE customer_id = $1', [r.customer_id])).rowCount,
      prospect: (await c.query('SELECT 1 FROM app.prospects WHERE prospect_id = $1', [r.prospect_id])).rowCount,
      activities: (await c.query('SELECT 1 FROM app.sales_activities WHERE prospect_id = $1 LIMIT 1', [r.prospect_id])).rowCount,
      ticket: (await c.query('SELECT 1 FROM app.tickets WHERE ticket_id = $1', [r.ticket_id])).rowCount,
    }));

  it.each([
    ['admin@demo.local', { lead: 1, customer: 1, prospect: 1, activities: 1, ticket: 1 }],
    ['director@demo.local', { lead: 1, customer: 1, prospect: 1, activities: 1, ticket: 1 }],
    ['mkt.manager@demo.local', { lead: 1, customer: 1, prospect: 1, activities: 1, ticket: 1 }],
    ['mkt.staff@demo.local', { lead: 1, customer: 1, prospect: 1, activities: 0, ticket: 1 }],
    ['sales.manager@demo.local', { lead: 1, customer: 1, prospect: 1, activities: 1, ticket: 1 }],
    ['sales1@demo.local', { lead: 1, customer: 1, prospect: 1, activities: 1, ticket: 1 }],
    ['sales2@demo.local', { lead: 0, customer: 0, prospect: 0, activities: 0, ticket: 0 }],
    ['sales.manager2@demo.local', { lead: 0, customer: 0, prospect: 0, activities: 0, ticket: 0 }],
    ['sales3@demo.local', { lead: 0, customer: 0, prospect: 0, activities: 0, ticket: 0 }],
    ['ops.exi@demo.local', { lead: 0, customer: 0, prospect: 0, activities: 0, ticket: 0 }],
    ['ops.dom@demo.local', { lead: 0, customer: 0, prospect: 0, activities: 0, ticket: 0 }],
    ['finance@demo.local', { lead: 0, customer: 1, prospect: 1, activities: 0, ticket: 0 }],
  ])('%s sees %j', async (email, expected) => {
    expect(await visible(email)).toEqual(expected);
  });

  it('writes outside one\'s scope touch nothing', async () => {
    for (const email of ['sales2@demo.local', 'ops.exi@demo.local', 'finance@demo.local', 'director@demo.local', 'sales.manager2@demo.local']) {
      const x = await asUser(db, u[email], (c) => c.query(`UPDATE app.leads SET notes = 'hijack' WHERE lead_id = $1`, [r.lead_id]));
      expect(x.rowCount).toBe(0);
    }
    for (const email of ['mkt.manager@demo.local', 'sales1@demo.local', 'director@demo.local']) {
      const y = await asUser(db, u[email], (c) => c.query(`UPDATE app.customers SET city = 'X' WHERE customer_id = $1`, [r.customer_id]));
      expect(y.rowCount).toBe(0);
    }
    const fin = await asUser(db, u['finance@demo.local'], (c) => c.query(`UPDATE app.customers SET city = 'Jakarta Utara' WHERE customer_id = $1`, [r.customer_id]));
    expect(fin.rowCount).toBe(1);
  });

  it('marketing events and spend: staff see their own, sales manager and finance read, salespeople and ops nothing', async () => {
    await asUser(db, u['mkt.staff@demo.local'], (c) => c.query(`INSERT INTO app.marketing_spend (channel, spend_date, amount, created_by) VALUES ('social_media', '2026-11-01', 1500000, auth.uid())`), true);
    await asUser(db, u['mkt.manager@demo.local'], (c) => c.query(`INSERT INTO app.marketing_spend (channel, spend_date, amount, created_by) VALUES ('event', '2026-11-02', 500000, auth.uid())`), true);
    const count = (email: string) => asUser(db, u[email], async (c) => (await c.query('SELECT count(*)::int AS n FROM app.marketing_spend')).rows[0].n);
    const total = (await db.admin.query('SELECT count(*)::int AS n FROM app.marketing_spend')).rows[0].n;
    const staffOwn = (await db.admin.query('SELECT count(*)::int AS n FROM app.marketing_spend WHERE created_by = $1', [u['mkt.staff@demo.local'].user_id])).rows[0].n;
    expect(await count('mkt.manager@demo.local')).toBe(total);
    expect(await count('mkt.staff@demo.local')).toBe(staffOwn);
    expect(staffOwn).toBeLessThan(total);
    expect(await count('finance@demo.local')).toBe(total);
    expect(await count('sales1@demo.local')).toBe(0);
    expect(await count('ops.dom@demo.local')).toBe(0);
    await expectSqlState(asUser(db, u['sales.manager@demo.local'], (c) => c.query(`INSERT INTO app.marketing_spend (channel, spend_date, amount, created_by) VALUES ('event', '2026-11-02', 1, auth.uid())`)), '42501');
    await expectSqlState(asUser(db, u['mkt.staff@demo.local'], (c) => c.query(`INSERT INTO app.marketing_spend (channel, spend_date, amount, created_by) VALUES ('event', '2026-11-02', -5, auth.uid())`)), '23514');
  });

  it('every CRM mutation is audited with the acting user', async () => {
    const rows = await db.admin.query(`SELECT table_name, action, changed_by FROM app.audit_logs WHERE record_id IN ($1, $2, $3) ORDER BY id`, [r.lead_id, r.customer_id, r.prospect_id]);
    const staff = u['mkt.staff@demo.local'].user_id;
    const mgr = u['mkt.manager@demo.local'].user_id;
    expect(rows.rows).toEqual(expect.arrayContaining([
      { table_name: 'customers', action: 'INSERT', changed_by: staff },
      { table_name: 'prospects', action: 'INSERT', changed_by: staff },
      { table_name: 'leads', action: 'INSERT', changed_by: staff },
      { table_name: 'leads', action: 'UPDATE', changed_by: mgr },
      { table_name: 'prospects', action: 'UPDATE', changed_by: mgr },
    ]));
  });
});
