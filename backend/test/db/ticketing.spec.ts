import pg from 'pg';
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

/** Superuser setup acting as a demo user (claims set, RLS bypassed): arrange only. */
async function arrange<T = Record<string, any>>(email: string | null, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = await db.admin.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('request.jwt.claims', $1, true)`, [email ? JSON.stringify({ sub: u[email].user_id, role: 'authenticated' }) : '']);
    const r = await c.query(sql, params);
    await c.query('COMMIT');
    return r.rows as T[];
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  } finally {
    c.release();
  }
}

const complaint = { ticket_type: 'complaint', dept_target: 'DOM', description: 'Rusak', shipment_reference: 'SHP-X' };
const rfq = { ticket_type: 'inquiry_tariff', rfq: { origin: 'Jakarta', destination: 'Tokyo', service_type: 'air' } };
const create = async (email: string, payload: Record<string, unknown>) =>
  (await arrange<{ ticket_id: string }>(email, 'SELECT ticket_id FROM app.ticket_create($1::jsonb)', [JSON.stringify(payload)]))[0].ticket_id;

/** Puts a ticket into a status without the lifecycle (bookkeeping only, triggers off). */
async function force(ticketId: string, status: string) {
  await db.admin.query(
    `BEGIN; SET LOCAL session_replication_role = replica;
     UPDATE app.tickets SET ticket_status = CASE WHEN ticket_type <> 'inquiry_tariff' THEN '${status}'::text::app.ticket_status END,
                            inquiry_status = CASE WHEN ticket_type = 'inquiry_tariff' THEN '${status}'::text::app.inquiry_status END,
                            waiting_since = CASE WHEN '${status}' = 'WAITING_CUSTOMER' THEN now() END
      WHERE ticket_id = '${ticketId}'; COMMIT;`,
  );
}

/** ticket_update as the API calls it; rolled back unless commit (the matrix leaves no trace). */
const update = (email: string, id: string, patch: Record<string, unknown>, commit = false) =>
  asUser(db, u[email], async (c) => (await c.query('SELECT * FROM app.ticket_update($1, $2::jsonb)', [id, JSON.stringify(patch)])).rows[0], commit);
const commit = (email: string, id: string, patch: Record<string, unknown>) => update(email, id, patch, true);

// The lifecycles of domain.md, written independently of app.ticket_transitions.
const TICKET: Record<string, string[]> = {
  OPEN: ['IN_PROGRESS', 'CLOSED'],
  IN_PROGRESS: ['WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'],
  WAITING_CUSTOMER: ['IN_PROGRESS'],
  RESOLVED: ['CLOSED', 'IN_PROGRESS'],
  CLOSED: [],
};
const INQUIRY: Record<string, string[]> = {
  OPEN: ['IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['QUOTED', 'CANCELLED'],
  QUOTED: ['WON', 'LOST'],
  WON: [],
  LOST: [],
  CANCELLED: [],
};
const needsReason = (from: string, to: string) => to === 'CLOSED' && (from === 'OPEN' || from === 'IN_PROGRESS');
const inDays = (n: number) => new Date(Date.now() + n * 86400_000).toISOString().slice(0, 10);

describe('transition matrix (every from × to)', () => {
  const cases: [string, string, string, boolean][] = [];
  for (const [life, map] of [['ticket', TICKET], ['inquiry', INQUIRY]] as const) {
    for (const from of Object.keys(map)) for (const to of Object.keys(map)) if (from !== to) cases.push([life, from, to, map[from].includes(to)]);
  }

  it('covers 20 ticket and 30 inquiry moves', () => {
    expect(cases.filter((c) => c[0] === 'ticket')).toHaveLength(20);
    expect(cases.filter((c) => c[0] === 'inquiry')).toHaveLength(30);
  });

  it.each(cases)('%s %s → %s allowed=%s', async (life, from, to, allowed) => {
    const id = await create('sales1@demo.local', life === 'ticket' ? complaint : rfq);
    await force(id, from);
    const worker = life === 'ticket' ? 'ops.dom@demo.local' : 'sales1@demo.local';
    const patch: Record<string, unknown> = { status: to, reason: 'alasan uji' };
    if (to === 'QUOTED') patch.quote = { amount: '1000.00', currency: 'USD', valid_until: inDays(10) };
    if (allowed) {
      const r = await update(worker, id, patch);
      expect(r.ticket_status ?? r.inquiry_status).toBe(to);
      // The special requirements hold on their own.
      if (needsReason(from, to)) {
        await expect(update(worker, id, { status: to })).rejects.toMatchObject({ code: 'BC422', detail: expect.stringContaining('"field": "reason"') });
      }
      if (to === 'QUOTED') {
        await expect(update(worker, id, { status: to })).rejects.toMatchObject({ code: 'BC422', detail: expect.stringContaining('"field": "quote"') });
      }
    } else {
      const err = await update(worker, id, patch).catch((e) => e);
      expect(err.code).toBe('BC409');
      const detail = JSON.parse(err.detail);
      expect([...detail.allowed].sort()).toEqual([...(life === 'ticket' ? TICKET : INQUIRY)[from]].sort());
      expect(err.message).toContain(`from ${from} to ${to}`);
    }
  });

  it('the same rule holds for a raw UPDATE (the trigger, not the API, enforces it)', async () => {
    const id = await create('sales1@demo.local', complaint);
    await expectSqlState(asUser(db, u['ops.dom@demo.local'], (c) => c.query(`UPDATE app.tickets SET ticket_status = 'RESOLVED' WHERE ticket_id = $1`, [id])), 'BC409');
    await expectSqlState(asUser(db, u['ops.dom@demo.local'], (c) => c.query(`UPDATE app.tickets SET ticket_status = 'CLOSED' WHERE ticket_id = $1`, [id])), 'BC422');
    const ok = await asUser(db, u['ops.dom@demo.local'], (c) => c.query(`UPDATE app.tickets SET ticket_status = 'CLOSED', status_reason = 'dobel' WHERE ticket_id = $1 RETURNING status_reason`, [id]));
    expect(ok.rows[0].status_reason).toBe('dobel');
  });

  it('the transitions are data: a reference row changes the rule (super_admin only)', async () => {
    await expectSqlState(asUser(db, u['sales1@demo.local'], (c) => c.query(`INSERT INTO app.ticket_transitions (lifecycle, from_status, to_status) VALUES ('ticket', 'OPEN', 'RESOLVED')`)), '42501');
    const r = await asUser(db, u['admin@demo.local'], async (c) => {
      await c.query(`INSERT INTO app.ticket_transitions (lifecycle, from_status, to_status) VALUES ('ticket', 'OPEN', 'RESOLVED')`);
      return (await c.query(`SELECT array_agg(to_status ORDER BY to_status) AS a FROM app.ticket_allowed_transitions('complaint', 'OPEN')`)).rows[0].a;
    });
    expect(r).toEqual(['CLOSED', 'IN_PROGRESS', 'RESOLVED']);
  });
});

describe('automatic timestamps and SLA events', () => {
  it('resolved_at once (kept on reopen), closed_at on terminal, waiting_since while waiting, last_activity_at on every change', async () => {
    const id = await create('sales1@demo.local', complaint);
    await db.admin.query(`UPDATE app.tickets SET last_activity_at = now() - interval '3 days' WHERE ticket_id = $1`, [id]);
    const ops = 'ops.dom@demo.local';
    const a = await commit(ops, id, { status: 'IN_PROGRESS' });
    expect(Date.now() - Date.parse(a.last_activity_at)).toBeLessThan(60_000);
    const w = await commit(ops, id, { status: 'WAITING_CUSTOMER' });
    expect(w.waiting_since).not.toBeNull();
    const b = await commit(ops, id, { status: 'IN_PROGRESS' });
    expect(b.waiting_since).toBeNull();
    const r1 = await commit(ops, id, { status: 'RESOLVED' });
    expect(r1.resolved_at).not.toBeNull();
    expect(r1.closed_at).toBeNull();
    await commit(ops, id, { status: 'IN_PROGRESS' });
    const r2 = await commit(ops, id, { status: 'RESOLVED' });
    expect(r2.resolved_at).toEqual(r1.resolved_at);
    const c = await commit('sales1@demo.local', id, { status: 'CLOSED' });
    expect(c.closed_at).not.toBeNull();
    const ev = (await db.admin.query(`SELECT event_type, metadata, actor_user_id FROM app.sla_events WHERE ticket_id = $1 ORDER BY event_id`, [id])).rows;
    expect(ev.map((e) => e.event_type)).toEqual(['STATUS_CHANGE', 'STATUS_CHANGE', 'STATUS_CHANGE', 'STATUS_CHANGE', 'RESOLVED', 'STATUS_CHANGE', 'STATUS_CHANGE', 'STATUS_CHANGE']);
    expect(ev.filter((e) => e.event_type === 'RESOLVED')[0].metadata).toMatchObject({ status: 'RESOLVED' });
    expect(ev[0]).toMatchObject({ metadata: { from: 'OPEN', to: 'IN_PROGRESS' }, actor_user_id: u[ops].user_id });
  });

  it('an inquiry is resolved (ops done) at QUOTED or CANCELLED, closed at WON/LOST/CANCELLED', async () => {
    const id = await create('sales1@demo.local', rfq);
    await commit('sales1@demo.local', id, { status: 'IN_PROGRESS' });
    const q = await commit('sales1@demo.local', id, { status: 'QUOTED', quote: { amount: '5', currency: 'IDR', valid_until: inDays(3) } });
    expect(q.resolved_at).not.toBeNull();
    expect(q.closed_at).toBeNull();
    const l = await commit('sales1@demo.local', id, { status: 'LOST' });
    expect(l.closed_at).not.toBeNull();
    const id2 = await create('sales1@demo.local', rfq);
    const x = await commit('sales1@demo.local', id2, { status: 'CANCELLED' });
    expect(x.resolved_at).not.toBeNull();
    expect(x.closed_at).not.toBeNull();
  });

  it('users never write SLA events, lifecycle timestamps or SLA columns', async () => {
    const id = await create('sales1@demo.local', complaint);
    for (const sql of [
      `INSERT INTO app.sla_events (ticket_id, event_type) VALUES ('${id}', 'FIRST_RESPONSE')`,
      `UPDATE app.tickets SET first_response_at = now() WHERE ticket_id = '${id}'`,
      `UPDATE app.tickets SET resolution_due_at = now() + interval '1 year' WHERE ticket_id = '${id}'`,
      `UPDATE app.tickets SET ticket_type = 'general_request' WHERE ticket_id = '${id}'`,
      `UPDATE app.ticket_messages SET body = 'x'`,
      `DELETE FROM app.ticket_messages`,
      `DELETE FROM app.sla_events`,
    ]) {
      await expectSqlState(asUser(db, u['admin@demo.local'], (c) => c.query(sql)), '42501');
    }
  });
});

describe('first response', () => {
  const msg = (email: string, id: string, body: string, internal = false) =>
    asUser(db, u[email], async (c) => (await c.query(`INSERT INTO app.ticket_messages (ticket_id, body, is_internal) VALUES ($1, $2, $3) RETURNING message_id, created_at`, [id, body, internal])).rows[0], true);
  const state = async (id: string) => ({
    t: (await db.admin.query('SELECT first_response_at, first_response_business_minutes FROM app.tickets WHERE ticket_id = $1', [id])).rows[0],
    ev: (await db.admin.query(`SELECT metadata FROM app.sla_events WHERE ticket_id = $1 AND event_type = 'FIRST_RESPONSE'`, [id])).rows,
  });

  it('no reply → none; the creator\'s own messages and internal notes never count; the first other reply does', async () => {
    const id = await create('sales1@demo.local', complaint);
    expect((await state(id)).t.first_response_at).toBeNull();
    await msg('sales1@demo.local', id, 'info tambahan dari pembuat');
    await msg('ops.dom@demo.local', id, 'catatan internal', true);
    expect(await state(id)).toEqual({ t: { first_response_at: null, first_response_business_minutes: null }, ev: [] });
    const m = await msg('ops.dom@demo.local', id, 'balasan pertama');
    await msg('admin@demo.local', id, 'balasan kedua');
    const s = await state(id);
    expect(s.t.first_response_at).toEqual(m.created_at);
    expect(s.ev).toHaveLength(1);
    expect(s.ev[0].metadata).toMatchObject({ message_id: Number(m.message_id), by: u['ops.dom@demo.local'].user_id });
  });

  it('a reply by a colleague of the creator counts (anyone other than the creator)', async () => {
    const id = await create('sales1@demo.local', { ...complaint, dept_target: 'SAL' });
    await msg('sales2@demo.local', id, 'saya bantu cek').catch(() => undefined); // sales2 may not see it: nothing happens
    await msg('admin@demo.local', id, 'admin menjawab');
    expect((await state(id)).ev).toHaveLength(1);
  });

  it('exactly one FIRST_RESPONSE even with concurrent replies', async () => {
    const id = await create('sales1@demo.local', complaint);
    const pools = Array.from({ length: 8 }, () => new pg.Pool({ connectionString: db.apiUrl, max: 1 }));
    try {
      const clients = await Promise.all(pools.map((p) => p.connect()));
      const who = ['ops.dom@demo.local', 'admin@demo.local'];
      // Open all transactions first so they really overlap, then insert and commit together.
      await Promise.all(clients.map((c, i) => c.query(`BEGIN; SELECT set_config('role', 'authenticated', true), set_config('request.jwt.claims', '${JSON.stringify({ sub: u[who[i % 2]].user_id, role: 'authenticated' })}', true)`)));
      await Promise.all(clients.map((c, i) => c.query(`INSERT INTO app.ticket_messages (ticket_id, body) VALUES ($1, $2)`, [id, `balasan ${i}`]).then(() => c.query('COMMIT'))));
      clients.forEach((c) => c.release());
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    const s = await state(id);
    expect(s.ev).toHaveLength(1);
    expect((await db.admin.query('SELECT count(*)::int AS n FROM app.ticket_messages WHERE ticket_id = $1', [id])).rows[0].n).toBe(8);
    const first = (await db.admin.query('SELECT created_at FROM app.ticket_messages WHERE message_id = $1', [s.ev[0].metadata.message_id])).rows[0].created_at;
    expect(s.t.first_response_at).toEqual(first);
  });
});

describe('row-level security per role', () => {
  const visible = async (email: string) =>
    new Set((await asUser(db, u[email], (c) => c.query('SELECT ticket_id FROM app.tickets'))).rows.map((r) => r.ticket_id as string));
  let all: { ticket_id: string; created_by: string; dept_target: string; need_customer_masking: boolean; related_lead_id: string | null }[];
  beforeAll(async () => {
    all = (await db.admin.query('SELECT ticket_id, created_by, dept_target, need_customer_masking, related_lead_id FROM app.tickets')).rows;
  });

  it('director and super_admin read every ticket', async () => {
    expect((await visible('director@demo.local')).size).toBe(all.length);
    expect((await visible('admin@demo.local')).size).toBe(all.length);
  });

  it('ops: their department except masked RFQs, plus their own', async () => {
    for (const [email, dept] of [['ops.dom@demo.local', 'DOM'], ['ops.exi@demo.local', 'EXI']]) {
      const me = u[email].user_id;
      const expected = all.filter((t) => t.created_by === me || (t.dept_target === dept && !t.need_customer_masking)).map((t) => t.ticket_id).sort();
      expect([...(await visible(email))].sort()).toEqual(expected);
    }
  });

  it('finance: the FIN queue plus their own', async () => {
    const me = u['finance@demo.local'].user_id;
    expect([...(await visible('finance@demo.local'))].sort()).toEqual(all.filter((t) => t.created_by === me || t.dept_target === 'FIN').map((t) => t.ticket_id).sort());
  });

  it('sales: their own plus those of their prospects\' customers; a colleague\'s are invisible', async () => {
    const s1 = await visible('sales1@demo.local');
    const s2only = all.filter((t) => t.created_by === u['sales2@demo.local'].user_id && !t.related_lead_id);
    for (const t of all.filter((x) => x.created_by === u['sales1@demo.local'].user_id)) expect(s1.has(t.ticket_id)).toBe(true);
    const expected = (await db.admin.query(
      `SELECT t.ticket_id FROM app.tickets t WHERE t.created_by = $1 OR EXISTS (SELECT 1 FROM app.prospects p WHERE (p.prospect_id = t.related_prospect_id OR p.customer_id = t.related_customer_id) AND p.owner_user_id = $1)`,
      [u['sales1@demo.local'].user_id],
    )).rows.map((r) => r.ticket_id).sort();
    expect([...s1].sort()).toEqual(expected);
    expect(s2only.some((t) => s1.has(t.ticket_id) && !expected.includes(t.ticket_id))).toBe(false);
    // A sales manager: own + everything related to the team's prospects (so all of sales1's customer tickets).
    const team = [u['sales.manager@demo.local'].user_id, u['sales1@demo.local'].user_id, u['sales2@demo.local'].user_id];
    const mgrExpected = (await db.admin.query(
      `SELECT t.ticket_id FROM app.tickets t WHERE t.created_by = $1 OR EXISTS (SELECT 1 FROM app.prospects p WHERE (p.prospect_id = t.related_prospect_id OR p.customer_id = t.related_customer_id) AND p.owner_user_id = ANY ($2::uuid[]))`,
      [team[0], team],
    )).rows.map((r) => r.ticket_id).sort();
    expect([...(await visible('sales.manager@demo.local'))].sort()).toEqual(mgrExpected);
    const own1 = all.filter((t) => t.created_by === u['sales1@demo.local'].user_id && !t.related_lead_id).map((t) => t.ticket_id);
    const mgr2 = await visible('sales.manager2@demo.local');
    expect(own1.filter((id) => mgr2.has(id) && !mgrExpected.includes(id))).toEqual([]);
  });

  it('marketing: created by self or related to a lead they can see', async () => {
    const staff = await visible('mkt.staff@demo.local');
    const me = u['mkt.staff@demo.local'].user_id;
    for (const t of all.filter((x) => x.created_by === me)) expect(staff.has(t.ticket_id)).toBe(true);
    expect([...staff].every((id) => {
      const t = all.find((x) => x.ticket_id === id)!;
      return t.created_by === me || t.related_lead_id !== null;
    })).toBe(true);
  });

  it('refused sides: writes outside one\'s scope touch nothing; the director never writes', async () => {
    const id = await create('sales1@demo.local', complaint);
    for (const email of ['ops.exi@demo.local', 'sales2@demo.local', 'finance@demo.local', 'director@demo.local']) {
      const r = await asUser(db, u[email], (c) => c.query(`UPDATE app.tickets SET priority = 'urgent' WHERE ticket_id = $1`, [id]));
      expect({ email, n: r.rowCount }).toEqual({ email, n: 0 });
    }
    await expectSqlState(update('director@demo.local', id, { priority: 'low' }), 'BC403');
    await expectSqlState(update('ops.exi@demo.local', id, { priority: 'low' }), 'BC404');
    await expectSqlState(asUser(db, u['director@demo.local'], (c) => c.query(`SELECT app.ticket_create($1::jsonb)`, [JSON.stringify(complaint)])), 'BC403');
    await expectSqlState(asUser(db, u['director@demo.local'], (c) => c.query(`INSERT INTO app.ticket_messages (ticket_id, body) VALUES ($1, 'x')`, [id])), '42501');
    await expectSqlState(asUser(db, u['sales2@demo.local'], (c) => c.query(`INSERT INTO app.ticket_messages (ticket_id, body) VALUES ($1, 'x')`, [id])), 'BC404');
    const ok = await asUser(db, u['ops.dom@demo.local'], (c) => c.query(`UPDATE app.tickets SET priority = 'urgent' WHERE ticket_id = $1`, [id]));
    expect(ok.rowCount).toBe(1);
  });

  it('messages, quotes and SLA events follow their ticket; internal notes stay in the department', async () => {
    const id = await create('sales1@demo.local', complaint);
    await arrange('ops.dom@demo.local', `INSERT INTO app.ticket_messages (ticket_id, body, is_internal) VALUES ($1, 'internal', true), ($1, 'public', false)`, [id]);
    await commit('ops.dom@demo.local', id, { status: 'IN_PROGRESS' });
    const read = async (email: string) => ({
      messages: (await asUser(db, u[email], (c) => c.query('SELECT body FROM app.ticket_messages WHERE ticket_id = $1 ORDER BY message_id', [id]))).rows.map((r) => r.body),
      events: (await asUser(db, u[email], (c) => c.query('SELECT count(*)::int AS n FROM app.sla_events WHERE ticket_id = $1', [id]))).rows[0].n,
    });
    expect(await read('sales1@demo.local')).toEqual({ messages: ['public'], events: 2 });
    expect(await read('ops.dom@demo.local')).toEqual({ messages: ['internal', 'public'], events: 2 });
    expect(await read('director@demo.local')).toEqual({ messages: ['internal', 'public'], events: 2 });
    expect(await read('admin@demo.local')).toEqual({ messages: ['internal', 'public'], events: 2 });
    expect(await read('sales.manager2@demo.local')).toEqual({ messages: [], events: 0 });
    expect(await read('ops.exi@demo.local')).toEqual({ messages: [], events: 0 });
    await expectSqlState(asUser(db, u['sales1@demo.local'], (c) => c.query(`INSERT INTO app.ticket_messages (ticket_id, body, is_internal) VALUES ($1, 'x', true)`, [id])), 'BC403');
  });

  it('reference data: everyone reads, only super_admin writes', async () => {
    for (const table of ['holidays', 'sla_policies', 'stale_thresholds', 'ticket_transitions']) {
      const n = (await asUser(db, u['ops.dom@demo.local'], (c) => c.query(`SELECT count(*)::int AS n FROM app.${table}`))).rows[0].n;
      expect({ table, n: n > 0 }).toEqual({ table, n: true });
    }
    await expectSqlState(asUser(db, u['sales1@demo.local'], (c) => c.query(`INSERT INTO app.holidays (holiday_date, name) VALUES ('2026-12-31', 'x')`)), '42501');
    const r = await asUser(db, u['director@demo.local'], (c) => c.query(`UPDATE app.sla_policies SET first_response_minutes = 1`));
    expect(r.rowCount).toBe(0);
    const ok = await asUser(db, u['admin@demo.local'], (c) => c.query(`UPDATE app.stale_thresholds SET threshold = interval '3 days' WHERE entity = 'ticket'`));
    expect(ok.rowCount).toBe(1);
  });

  it('masked view: ops of the department (and super_admin) only; no identity columns', async () => {
    const rows = async (email: string) => (await asUser(db, u[email], (c) => c.query('SELECT * FROM app.v_ops_rfqs_masked'))).rows;
    const exi = await rows('ops.exi@demo.local');
    expect(exi.length).toBeGreaterThan(0);
    expect(exi.every((r) => r.dept_target === 'EXI' && r.company_name === 'MASKED' && r.contact_name === null && r.email === null && r.phone === null && r.npwp === null)).toBe(true);
    expect(Object.keys(exi[0]).filter((k) => /customer_id|lead_id|prospect_id/.test(k))).toEqual([]);
    expect((await rows('ops.dom@demo.local')).every((r) => r.dept_target === 'DOM')).toBe(true);
    for (const email of ['sales1@demo.local', 'mkt.manager@demo.local', 'director@demo.local', 'finance@demo.local']) expect(await rows(email)).toEqual([]);
    const masked = (await db.admin.query(`SELECT count(*)::int AS n FROM app.tickets WHERE ticket_type = 'inquiry_tariff' AND need_customer_masking`)).rows[0].n;
    expect((await rows('admin@demo.local')).length).toBe(masked);
    const v = (await db.admin.query(`SELECT c.relowner::regrole::text AS owner, c.reloptions FROM pg_class c WHERE c.oid = 'app.v_ops_rfqs_masked'::regclass`)).rows[0];
    expect(v).toEqual({ owner: 'bcc_definer', reloptions: ['security_barrier=true'] });
    const inv = (await db.admin.query(`SELECT relname FROM pg_class WHERE relnamespace = 'app'::regnamespace AND relkind = 'v' AND relname ~ '^v_ticket' AND NOT coalesce('security_invoker=true' = ANY (reloptions), false)`)).rows;
    expect(inv).toEqual([]);
  });

  it('ops functions re-check the caller: anyone but ops of the department (or super_admin) gets 404', async () => {
    const id = (await db.admin.query(`SELECT ticket_id FROM app.tickets WHERE ticket_type = 'inquiry_tariff' AND need_customer_masking AND dept_target = 'EXI' LIMIT 1`)).rows[0].ticket_id;
    for (const email of ['ops.dom@demo.local', 'sales1@demo.local', 'director@demo.local', 'finance@demo.local']) {
      for (const sql of ['SELECT * FROM app.ops_rfq_messages($1)', 'SELECT * FROM app.ops_rfq_attachments($1)', 'SELECT * FROM app.ops_rfq_quotes($1)',
        `SELECT app.ops_rfq_post_message($1, 'x')`, `SELECT app.ops_rfq_update($1, '{"status":"IN_PROGRESS"}')`]) {
        await expectSqlState(asUser(db, u[email], (c) => c.query(sql, [id])), 'BC404');
      }
    }
    expect((await asUser(db, u['ops.exi@demo.local'], (c) => c.query('SELECT * FROM app.ops_rfq_messages($1)', [id]))).rowCount).toBeGreaterThanOrEqual(0);
  });

  it('the pickup contact function answers only ops of the department on unmasked tickets', async () => {
    const cust = (await db.admin.query(`SELECT customer_id FROM app.prospects WHERE owner_user_id = $1 LIMIT 1`, [u['sales1@demo.local'].user_id])).rows[0].customer_id;
    const p = await create('sales1@demo.local', { ticket_type: 'request_pickup', dept_target: 'DOM', pickup_address: 'A', pickup_date: inDays(1), cargo_description: 'B', related_customer_id: cust });
    const ask = async (email: string, id: string) => (await asUser(db, u[email], (c) => c.query('SELECT * FROM app.ticket_pickup_contact($1)', [id]))).rows;
    expect(await ask('ops.dom@demo.local', p)).toHaveLength(1);
    expect(await ask('ops.exi@demo.local', p)).toEqual([]);
    expect(await ask('sales1@demo.local', p)).toEqual([]);
    const masked = (await db.admin.query(`SELECT ticket_id FROM app.tickets WHERE need_customer_masking AND dept_target = 'DOM' AND related_customer_id IS NOT NULL LIMIT 1`)).rows[0].ticket_id;
    expect(await ask('ops.dom@demo.local', masked)).toEqual([]);
  });

  it('every SECURITY DEFINER function of ticketing is owned by bcc_definer, pins search_path and is documented', async () => {
    const { rows } = await db.admin.query(
      `SELECT p.oid::regprocedure::text AS f, pg_get_userbyid(p.proowner) AS owner, p.proconfig, obj_description(p.oid, 'pg_proc') AS doc
         FROM pg_proc p WHERE p.pronamespace = 'app'::regnamespace AND p.prosecdef
          AND (p.proname LIKE 'ticket%' OR p.proname LIKE 'ops_rfq%')`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const r of rows) {
      expect({ f: r.f, owner: r.owner, pinned: (r.proconfig ?? []).includes('search_path=pg_catalog, pg_temp'), doc: (r.doc ?? '').length > 40 })
        .toEqual({ f: r.f, owner: 'bcc_definer', pinned: true, doc: true });
    }
  });

  it('audit rows for tickets, messages, quotes and attachments carry the author', async () => {
    const id = await create('sales1@demo.local', rfq);
    await arrange('sales1@demo.local', `SELECT app.ticket_update($1, $2::jsonb)`, [id, JSON.stringify({ status: 'IN_PROGRESS' })]);
    await arrange('sales1@demo.local', `SELECT app.ticket_update($1, $2::jsonb)`, [id, JSON.stringify({ status: 'QUOTED', quote: { amount: '9', currency: 'IDR', valid_until: inDays(2) } })]);
    const m = await arrange('sales1@demo.local', `INSERT INTO app.ticket_messages (ticket_id, body) VALUES ($1, 'x') RETURNING message_id`, [id]);
    const audit = (await db.admin.query(
      `SELECT table_name, action, changed_by FROM app.audit_logs WHERE (table_name = 'tickets' AND record_id = $1) OR (table_name = 'ticket_messages' AND record_id = $2)
          OR (table_name = 'ticket_quotes' AND after_data ->> 'ticket_id' = $1) ORDER BY id`, [id, String(m[0].message_id)],
    )).rows;
    expect(audit.map((a) => `${a.table_name}:${a.action}`)).toEqual(expect.arrayContaining(['tickets:INSERT', 'tickets:UPDATE', 'ticket_quotes:INSERT', 'ticket_messages:INSERT']));
    expect(new Set(audit.map((a) => a.changed_by))).toEqual(new Set([u['sales1@demo.local'].user_id]));
  });
});
