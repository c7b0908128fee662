import pg from 'pg';
import { createTestApp, TestApp } from '../helpers/app.js';
import { reconcile, type Summary } from '../helpers/dashboard-drill.js';
import { demoPasswordHash, generateDataset, generatedEmail } from '../helpers/generate.js';

/**
 * Reconciliation of every role's home on randomised data, two ways.
 *
 * 1. The large-data generator (database/generator) at a small scale on an
 *    empty database: its own users, volumes and distributions.
 * 2. On top of the demo
 * users, a seeded PRNG creates leads (with duplicates and RFQs), handovers,
 * stage moves, activities, tickets with replies and transitions, invoices
 * with partial payments, marketing spend and imports — every row through the
 * product's own SQL functions and triggers, as the user who would create it —
 * then spreads the timestamps over the last months (so periods, stale items,
 * SLA states and aging buckets all get rows). Every number of every home,
 * today and at a past as_of, must equal the rows of its drill-down.
 */
const SEEDS = [20261126, 7];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const CHANNELS = ['website', 'referral', 'event', 'social_media', 'email_campaign', 'cold_call', 'whatsapp', 'other'];
const NAMES = ['Sinar Abadi', 'Maju Jaya', 'Bintang Timur', 'Laut Biru', 'Kopi Nusantara', 'Baja Prima', 'Tekstil Mulia', 'Garam Samudra',
  'Kayu Lestari', 'Rempah Wangi', 'Mebel Indah', 'Sawit Raya', 'Ikan Segar', 'Kertas Putih', 'Semen Kokoh', 'Elektronik Cerdas',
  'Farmasi Sehat', 'Otomotif Handal', 'Buah Segar', 'Energi Surya', 'Plastik Kuat', 'Karet Alam', 'Kaca Bening', 'Batu Bara Hitam'];
const DEPTS = ['DOM', 'EXI', 'FIN', 'DTD'];
const HANDLER: Record<string, string | null> = { DOM: 'ops.dom', EXI: 'ops.exi', FIN: 'finance', DTD: null };
const STAGES = ['CONTACTED', 'NEEDS_ANALYSIS', 'QUOTATION', 'NEGOTIATION'];

interface World {
  r: () => number;
  pick: <T>(xs: T[]) => T;
  uid: Record<string, string>;
  c: pg.Client;
  as: (who: string) => Promise<void>;
}

async function randomise(t: TestApp, seed: number): Promise<Record<string, number>> {
  const r = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const c = new pg.Client({ connectionString: t.db.adminUrl });
  await c.connect();
  const uid: Record<string, string> = Object.fromEntries(
    (await c.query<{ email: string; user_id: string }>('SELECT email, user_id FROM app.profiles')).rows.map((x) => [x.email.replace('@demo.local', ''), x.user_id]),
  );
  const as = async (who: string) => {
    await c.query("SELECT set_config('request.jwt.claims', $1, false)", [JSON.stringify({ sub: uid[who], role: 'authenticated' })]);
  };
  const w: World = { r, pick, uid, c, as };
  const made = { leads: 0, assigned: 0, tickets: 0, invoices: 0, payments: 0, activities: 0, spend: 0, imports: 0 };
  try {
    const today = (await c.query<{ d: string }>("SELECT to_char(app.today_jakarta(), 'YYYY-MM-DD') AS d")).rows[0].d;
    const day = (back: number) => (c.query<{ d: string }>("SELECT to_char(app.today_jakarta() - $1::int, 'YYYY-MM-DD') AS d", [back])).then((x) => x.rows[0].d);

    // ------------------------------------------------------------ leads ---
    const leadIds: string[] = [];
    for (let i = 0; i < 45; i++) {
      const creator = r() < 0.6 ? 'mkt.staff' : 'mkt.manager';
      await as(creator);
      const name = `PT ${pick(NAMES)} ${seed % 100}`;
      const rfq = r() < 0.3 ? { origin: 'Jakarta', destination: pick(['Surabaya', 'Singapore', 'Medan']), service_type: pick(['air', 'sea_fcl', 'land', 'express']) } : undefined;
      const res = await c.query<{ r: { lead_id: string } }>('SELECT app.crm_create_lead_bundle($1::jsonb) AS r', [
        JSON.stringify({ company_name: name, contact_name: `Kontak ${i}`, source_channel: pick(CHANNELS), ...(rfq ? { rfq } : {}) }),
      ]);
      leadIds.push(res.rows[0].r.lead_id);
      made.leads++;
      const roll = r();
      if (roll < 0.15) {
        await c.query("UPDATE app.leads SET status = 'DISQUALIFIED', disqualified_reason = 'Acak' WHERE lead_id = $1", [res.rows[0].r.lead_id]);
        continue;
      }
      if (roll < 0.45) await c.query("UPDATE app.leads SET status = 'QUALIFIED' WHERE lead_id = $1", [res.rows[0].r.lead_id]);
      if (r() < 0.5) {
        const owner = pick(['sales1', 'sales2', 'sales3', 'sales.manager']);
        await as('mkt.manager');
        const a = await c.query<{ r: { prospect_id: string } }>('SELECT app.crm_assign_lead($1, $2::uuid) AS r', [res.rows[0].r.lead_id, uid[owner]]);
        made.assigned++;
        await as(owner);
        const target = Math.floor(r() * 6); // 0 = stays NEW … 4 = NEGOTIATION, 5 = closed
        for (let s = 0; s < Math.min(target, 4); s++) {
          await c.query('UPDATE app.prospects SET stage = $2::app.prospect_stage WHERE prospect_id = $1 AND stage < $2::app.prospect_stage', [a.rows[0].r.prospect_id, STAGES[s]]);
        }
        if (target === 5) {
          const out = r() < 0.5 ? 'WON' : 'LOST';
          await c.query("UPDATE app.prospects SET stage = $2::app.prospect_stage, lost_reason = CASE WHEN $2 = 'LOST' THEN 'Acak' END WHERE prospect_id = $1 AND stage NOT IN ('WON', 'LOST')",
            [a.rows[0].r.prospect_id, out]);
        }
        for (let k = Math.floor(r() * 3); k > 0; k--) {
          await c.query(
            `INSERT INTO app.sales_activities (activity_type, prospect_id, owner_user_id, occurred_at, notes)
             VALUES ($1::app.activity_type, $2, $3, now() - make_interval(days => $4::int), 'Acak')`,
            [pick(['call', 'meeting', 'email', 'whatsapp']), a.rows[0].r.prospect_id, uid[owner], Math.floor(r() * 70)],
          );
          made.activities++;
        }
      }
    }

    // ---------------------------------------------------------- tickets ---
    const ticketIds: string[] = [];
    const customers = (await c.query<{ customer_id: string }>('SELECT customer_id FROM app.customers ORDER BY customer_id')).rows.map((x) => x.customer_id);
    for (let i = 0; i < 35; i++) {
      const creator = pick(['sales1', 'sales2', 'sales3', 'finance', 'mkt.staff', 'ops.dom', 'sales.manager']);
      const dept = pick(DEPTS);
      const type = pick(['general_request', 'complaint', 'request_pickup']);
      await as(creator);
      const payload: Record<string, unknown> = {
        ticket_type: type, dept_target: dept, subject: `Acak ${i}`, description: 'Tiket acak untuk dasbor', priority: pick(['low', 'normal', 'high', 'urgent']),
      };
      if (type === 'complaint') payload.shipment_reference = `SHP-${seed}-${i}`;
      if (type === 'request_pickup') Object.assign(payload, { pickup_address: 'Jl. Acak 1', pickup_date: today, cargo_description: 'Karton' });
      if (creator.startsWith('sales')) {
        const own = (await c.query<{ customer_id: string }>('SELECT customer_id FROM app.prospects WHERE owner_user_id = $1 ORDER BY customer_id', [uid[creator]])).rows;
        if (own.length && r() < 0.7) payload.related_customer_id = pick(own).customer_id;
      }
      const tk = await c.query<{ ticket_id: string }>('SELECT (app.ticket_create($1::jsonb)).ticket_id AS ticket_id', [JSON.stringify(payload)]);
      const id = tk.rows[0].ticket_id;
      ticketIds.push(id);
      made.tickets++;
      const handler = HANDLER[dept];
      if (handler && handler !== creator && r() < 0.65) {
        await as(handler);
        await c.query('INSERT INTO app.ticket_messages (ticket_id, body) VALUES ($1, $2)', [id, 'Baik, kami proses']);
        if (r() < 0.6) {
          await c.query('SELECT 1 FROM app.ticket_update($1, $2::jsonb)', [id, JSON.stringify({ status: 'IN_PROGRESS' })]);
          const next = r();
          if (next < 0.3) await c.query('SELECT 1 FROM app.ticket_update($1, $2::jsonb)', [id, JSON.stringify({ status: 'RESOLVED' })]);
          else if (next < 0.45) await c.query('SELECT 1 FROM app.ticket_update($1, $2::jsonb)', [id, JSON.stringify({ status: 'WAITING_CUSTOMER' })]);
          else if (next < 0.55) await c.query('SELECT 1 FROM app.ticket_update($1, $2::jsonb)', [id, JSON.stringify({ status: 'CLOSED', reason: 'Selesai' })]);
        }
      }
    }
    // RFQs of the new leads: some get worked and quoted by ops.
    const rfqs = (await c.query<{ ticket_id: string; dept_target: string }>(
      'SELECT ticket_id, dept_target FROM app.tickets WHERE related_lead_id = ANY ($1) ORDER BY ticket_id', [leadIds])).rows;
    for (const q of rfqs) {
      const handler = HANDLER[q.dept_target];
      if (!handler || r() < 0.4) continue;
      await as(handler);
      await c.query('SELECT app.ops_rfq_post_message($1, $2, false)', [q.ticket_id, 'Sedang dihitung']);
      await c.query('SELECT app.ops_rfq_update($1, $2::jsonb)', [q.ticket_id, JSON.stringify({ status: 'IN_PROGRESS' })]);
      if (r() < 0.6) {
        await c.query('SELECT app.ops_rfq_update($1, $2::jsonb)', [q.ticket_id,
          JSON.stringify({ status: 'QUOTED', quote: { amount: String(1000000 + Math.floor(r() * 9e7)), currency: 'IDR', valid_until: today } })]);
      }
    }

    // ---------------------------------------------------------- AR ---
    await as('finance');
    for (let i = 0; i < 40; i++) {
      const back = Math.floor(r() * 150);
      const invDate = await day(back);
      const dueIn = pick([0, 14, 30, 45, 60]);
      const cents = BigInt(Math.floor(r() * 9e9) + 1e8);
      const amount = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
      const inv = await c.query<{ invoice_id: string }>(
        `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount)
         VALUES ($1, $2, $3::date, $3::date + $4::int, $5::numeric) RETURNING invoice_id`,
        [`RND/${seed}/${i}`, pick(customers), invDate, dueIn, amount],
      );
      made.invoices++;
      let left = cents;
      for (let k = 0; k < 2 && left > 0n && r() < 0.55; k++) {
        const part = k === 1 || r() < 0.4 ? left : (left * BigInt(1 + Math.floor(r() * 9))) / 10n;
        if (part <= 0n) break;
        const payDate = await day(Math.floor(r() * (back + 1)));
        await c.query(
          `INSERT INTO app.payments (invoice_id, payment_date, amount, reference)
           VALUES ($1, greatest($2::date, (SELECT invoice_date FROM app.invoices WHERE invoice_id = $1)), $3::numeric, $4)`,
          [inv.rows[0].invoice_id, payDate, `${part / 100n}.${String(part % 100n).padStart(2, '0')}`, `RND-${seed}-${i}-${k}`],
        );
        left -= part;
        made.payments++;
      }
    }

    // ------------------------------------------------- marketing spend ---
    for (let i = 0; i < 14; i++) {
      const who = r() < 0.5 ? 'mkt.staff' : 'mkt.manager';
      await as(who);
      await c.query(
        `INSERT INTO app.marketing_spend (channel, spend_date, amount, created_by) VALUES ($1::app.source_channel, $2::date, $3::numeric, auth.uid())`,
        [pick(CHANNELS), await day(Math.floor(r() * 70)), `${500000 + Math.floor(r() * 5e6)}.${String(Math.floor(r() * 100)).padStart(2, '0')}`],
      );
      made.spend++;
    }

    // ------------------------------------------------------------ imports ---
    // Bookkeeping rows of past uploads in every state (the processors are tested elsewhere).
    for (let i = 0; i < 8; i++) {
      const who = pick(['finance', 'mkt.staff', 'admin', 'sales1']);
      const module = who === 'finance' ? pick(['invoices', 'payments']) : who === 'mkt.staff' ? 'leads' : 'kpi_entries';
      const status = pick(['UPLOADED', 'STAGED', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED']);
      await c.query(
        `INSERT INTO app.imports (module, file_name, file_format, file_sha256, status, created_by, created_at)
         VALUES ($1, $2::text, 'csv', encode(sha256(convert_to($2::text, 'UTF8')), 'hex'), $3, $4, now() - make_interval(hours => $5::int))`,
        [module, `acak-${seed}-${i}.csv`, status, uid[who], Math.floor(r() * 24 * 50)],
      );
      made.imports++;
    }

    // ----------------------------------------- spread over the last months ---
    await c.query('SET session_replication_role = replica');
    for (const id of leadIds) {
      await c.query(
        `UPDATE app.leads SET created_at = created_at - make_interval(days => $2::int, hours => $3::int),
                last_activity_at = last_activity_at - make_interval(days => $4::int) WHERE lead_id = $1`,
        [id, Math.floor(r() * 80), Math.floor(r() * 12), Math.floor(r() * 20)],
      );
    }
    await c.query(
      `UPDATE app.prospects p SET last_activity_at = p.last_activity_at - make_interval(days => (abs(hashtext(p.prospect_id || $2)) % 30)::int)
        WHERE EXISTS (SELECT 1 FROM app.leads l WHERE l.prospect_id = p.prospect_id AND l.lead_id = ANY ($1))`,
      [leadIds, String(seed)],
    );
    for (const id of [...ticketIds, ...rfqs.map((q) => q.ticket_id)]) {
      const back = `${Math.floor(r() * 60)} days ${Math.floor(r() * 20)} hours`;
      await c.query(
        `UPDATE app.tickets SET created_at = created_at - $2::interval, updated_at = updated_at - $2::interval,
                last_activity_at = last_activity_at - $2::interval, first_response_at = first_response_at - $2::interval,
                resolved_at = resolved_at - $2::interval, closed_at = closed_at - $2::interval, waiting_since = waiting_since - $2::interval,
                first_response_due_at = first_response_due_at - $2::interval, first_response_risk_at = first_response_risk_at - $2::interval,
                resolution_due_at = resolution_due_at - $2::interval, resolution_risk_at = resolution_risk_at - $2::interval
          WHERE ticket_id = $1`,
        [id, back],
      );
      await c.query('UPDATE app.sla_events SET occurred_at = occurred_at - $2::interval WHERE ticket_id = $1', [id, back]);
    }
    await c.query('UPDATE app.imports SET updated_at = created_at WHERE file_name LIKE $1', [`acak-${seed}-%`]);
    await c.query('SET session_replication_role = origin');
    return made;
  } finally {
    await c.end();
  }
}

const USERS = ['admin', 'director', 'mkt.manager', 'mkt.staff', 'sales.manager', 'sales1', 'sales2', 'sales.manager2', 'sales3', 'ops.dom', 'ops.exi', 'finance'];

describe.each(SEEDS)('randomised dataset, seed %i', (seed) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = async (who: string) => {
    tokens[who] ??= (await t.login(`${who}@demo.local`)).access_token;
    return { authorization: `Bearer ${tokens[who]}` };
  };
  let pastAsOf: string;

  beforeAll(async () => {
    t = await createTestApp();
    const made = await randomise(t, seed);
    expect(made.leads).toBeGreaterThan(0);
    expect(made.invoices).toBeGreaterThan(0);
    pastAsOf = (await t.db.admin.query<{ d: string }>("SELECT to_char(app.today_jakarta() - 33, 'YYYY-MM-DD') AS d")).rows[0].d;
  }, 180_000);

  it('the randomised data gives the homes something to count (not a vacuous reconciliation)', async () => {
    const d: Summary = (await t.http().get('/api/dashboard/summary').set(await as('director'))).body;
    const v = (k: string) => d.numbers.find((n) => n.key === k)!.value;
    expect(Number(v('ar_outstanding'))).toBeGreaterThan(0);
    expect(d.stuck.find((x) => x.key === 'stale_tickets')!.count).toBeGreaterThan(0);
    expect(d.stuck.find((x) => x.key === 'stale_leads')!.count).toBeGreaterThan(0);
    const f: Summary = (await t.http().get('/api/dashboard/summary').set(await as('finance'))).body;
    const aging = f.charts.find((c) => c.key === 'aging')!.data.filter((x) => Number(x.value) > 0);
    expect(aging.length).toBeGreaterThanOrEqual(3);
    const s: Summary = (await t.http().get('/api/dashboard/summary').set(await as('sales.manager'))).body;
    expect(s.numbers.find((n) => n.key === 'pipeline_open')!.value).toBeGreaterThan(0);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(USERS)('%s: every number of the home equals its drill-down rows (today and a past as_of)', async (who) => {
    for (const asOf of [undefined, pastAsOf]) {
      const res = await t.http().get('/api/dashboard/summary').query(asOf ? { as_of: asOf } : {}).set(await as(who));
      expect(res.status).toBe(200);
      const s: Summary = res.body;
      const r = await reconcile(t, await as(who), s);
      expect(r.mismatches).toEqual([]);
      expect(r.checked).toBeGreaterThan(0);
    }
  });
});

describe('generated dataset (database/generator, scale 0.001, seed 42)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = async (email: string) => {
    tokens[email] ??= (await t.login(email)).access_token;
    return { authorization: `Bearer ${tokens[email]}` };
  };
  const users = [
    generatedEmail('admin'), generatedEmail('director'), generatedEmail('mkt.manager'), generatedEmail('mkt.staff'),
    generatedEmail('sales.manager'), generatedEmail('sales'), generatedEmail('sales', 2), generatedEmail('ops.dom'), generatedEmail('ops.exi'),
    generatedEmail('finance'),
  ];
  let pastAsOf: string;

  beforeAll(async () => {
    t = await createTestApp({ template: 'empty' });
    const client = await t.db.admin.connect();
    try {
      await generateDataset(client, { scale: 0.001, seed: 42, passwordHash: await demoPasswordHash() });
    } finally {
      client.release();
    }
    pastAsOf = (await t.db.admin.query<{ d: string }>("SELECT to_char(app.today_jakarta() - 40, 'YYYY-MM-DD') AS d")).rows[0].d;
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it.each(users)('%s: every number of the home equals its drill-down rows (today and a past as_of)', async (email) => {
    for (const asOf of [undefined, pastAsOf]) {
      const res = await t.http().get('/api/dashboard/summary').query(asOf ? { as_of: asOf } : {}).set(await as(email));
      expect(res.status).toBe(200);
      const all = await reconcile(t, await as(email), res.body as Summary);
      expect(all.mismatches).toEqual([]);
      expect(all.checked).toBeGreaterThan(0);
    }
  });

  it('KPI drill-downs of generated users reconcile too (their ids are v4 uuids the KPI routes accept)', async () => {
    const email = generatedEmail('sales');
    const s: Summary = (await t.http().get('/api/dashboard/summary').set(await as(email))).body;
    const r = await reconcile(t, await as(email), s, { only: (c) => c.drill.list === 'kpi_progress' });
    expect(r.checked).toBeGreaterThan(0);
    expect(r.mismatches).toEqual([]);
  });

  it('the generated homes are not empty', async () => {
    const d: Summary = (await t.http().get('/api/dashboard/summary').set(await as(generatedEmail('director')))).body;
    expect(Number(d.numbers.find((n) => n.key === 'ar_outstanding')!.value)).toBeGreaterThan(0);
    const s: Summary = (await t.http().get('/api/dashboard/summary').set(await as(generatedEmail('sales')))).body;
    expect(s.numbers.find((n) => n.key === 'pipeline_open')!.value).toBeGreaterThan(0);
    const o: Summary = (await t.http().get('/api/dashboard/summary').set(await as(generatedEmail('ops.dom')))).body;
    expect(o.numbers.find((n) => n.key === 'queue_open')!.value).toBeGreaterThan(0);
  });
});
