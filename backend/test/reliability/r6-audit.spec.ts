import pg from 'pg';
import { createTestApp, TestApp } from '../helpers/app.js';
import { attempt, loadDemoUsers, SqlSession } from './support.js';

/**
 * R6 — audit completeness. Each step below is one API request by one demo
 * user (plus one import processed by the background worker under the
 * importer's claims). Around every step the test diffs every audited table
 * row by row (as superuser): each row the step inserted, changed or deleted
 * must have its audit row — same table, record and action — written during
 * the step with changed_by = the acting user, and the step writes no audit
 * row for anyone else. Together the steps touch every table domain.md lists
 * as audited. Then: nobody can alter the audit log — no API role, not the
 * login role itself, not definer code, not even the table's owner.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const uid: Record<string, string> = {};
const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date(Date.now() - 86400_000));

/** domain.md "Audit": the tables whose every mutation is recorded. */
const AUDITED = ['leads', 'customers', 'prospects', 'prospect_stage_history', 'sales_activities', 'marketing_activity_events', 'marketing_spend',
  'tickets', 'invoices', 'payments', 'kpi_targets', 'kpi_entries', 'profiles'];

interface AuditedTable {
  table: string;
  /** The column audit_row_change() records as record_id (its trigger argument). */
  idColumn: string;
}
let audited: AuditedTable[];

async function as(who: string): Promise<{ authorization: string }> {
  tokens[who] ??= (await t.login(`${who}@demo.local`)).access_token;
  return { authorization: `Bearer ${tokens[who]}` };
}

type Snapshot = Map<string, Map<string, string>>;
async function snapshot(): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const a of audited) {
    const { rows } = await t.db.admin.query(`SELECT (to_jsonb(x) ->> $1) AS id, md5(x::text) AS h FROM app.${a.table} x`, [a.idColumn]);
    const m = new Map<string, string>();
    // Several rows may share a record id (sla_policies is keyed by ticket_type): fold them.
    for (const r of rows) m.set(r.id, (m.get(r.id) ?? '') + r.h);
    out.set(a.table, m);
  }
  return out;
}
async function maxAuditId(): Promise<string> {
  return String((await t.db.admin.query('SELECT coalesce(max(id), 0)::text AS m FROM app.audit_logs')).rows[0].m);
}

const covered = new Map<string, Set<string>>(); // table → actions seen with the right author

/** Runs one step and checks its audit trail against the row diff. */
async function step(actor: string, name: string, fn: () => Promise<{ status: number; body?: unknown }>, expectStatus: number[] = [200, 201, 202, 204]): Promise<unknown> {
  const before = await snapshot();
  const fromId = await maxAuditId();
  const res = await fn();
  expect({ step: name, status: expectStatus.includes(res.status) ? 'ok' : `${res.status} ${JSON.stringify(res.body)}` }).toEqual({ step: name, status: 'ok' });
  const after = await snapshot();
  const changes: { table: string; id: string; action: string }[] = [];
  for (const a of audited) {
    const b = before.get(a.table)!;
    const n = after.get(a.table)!;
    for (const [id, h] of n) if (!b.has(id)) changes.push({ table: a.table, id, action: 'INSERT' });
    else if (b.get(id) !== h) changes.push({ table: a.table, id, action: 'UPDATE' });
    for (const id of b.keys()) if (!n.has(id)) changes.push({ table: a.table, id, action: 'DELETE' });
  }
  const { rows: logs } = await t.db.admin.query<{ table_name: string; record_id: string; action: string; changed_by: string | null }>(
    'SELECT table_name, record_id, action, changed_by::text FROM app.audit_logs WHERE id > $1 ORDER BY id', [fromId]);
  const missing = changes.filter((c) => !logs.some((l) => l.table_name === c.table && l.record_id === c.id && l.action === c.action
    || (c.action === 'UPDATE' && l.table_name === c.table && l.record_id === c.id && l.action === 'INSERT'))); // inserted then updated in one step
  const wrongAuthor = logs.filter((l) => l.changed_by !== uid[actor]);
  const unexplained = logs.filter((l) => !changes.some((c) => c.table === l.table_name && c.id === l.record_id)
    && !(l.action === 'DELETE' || l.action === 'INSERT')); // a row inserted and deleted in one step leaves both rows, no diff
  expect({ step: name, changes: changes.length > 0, missing, wrongAuthor, unexplained }).toEqual({ step: name, changes: true, missing: [], wrongAuthor: [], unexplained: [] });
  for (const l of logs) {
    if (!covered.has(l.table_name)) covered.set(l.table_name, new Set());
    covered.get(l.table_name)!.add(l.action);
  }
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const r of (await t.db.admin.query('SELECT email, user_id FROM app.profiles')).rows) uid[r.email.replace('@demo.local', '')] = r.user_id;
  const { rows } = await t.db.admin.query<{ table: string; args: string }>(
    `SELECT c.relname AS table, encode(tg.tgargs, 'escape') AS args FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
      WHERE c.relnamespace = 'app'::regnamespace AND tg.tgfoid = 'app.audit_row_change()'::regprocedure AND NOT tg.tgisinternal`);
  // Row triggers (one per table) or statement triggers over transition tables (one per event, bulk-written tables).
  audited = [...new Map(rows.map((r) => [r.table, { table: r.table, idColumn: r.args.split('\\000')[0] || 'id' }])).values()];
});
afterAll(async () => {
  await t?.close();
});

describe('the audit trigger', () => {
  it('is on every table domain.md lists, for INSERT, UPDATE and DELETE (per row or per statement), enabled, and records the primary key', async () => {
    const { rows } = await t.db.admin.query(
      `SELECT c.relname AS t, bool_or((tg.tgtype & 4) > 0) AS ins, bool_or((tg.tgtype & 16) > 0) AS upd, bool_or((tg.tgtype & 8) > 0) AS del,
              bool_and(tg.tgenabled = 'O') AS enabled, bool_and((tg.tgtype & 2) = 0) AS after
         FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
        WHERE c.relnamespace = 'app'::regnamespace AND tg.tgfoid = 'app.audit_row_change()'::regprocedure GROUP BY 1`);
    for (const table of AUDITED) {
      expect({ table, trigger: rows.find((r) => r.t === table) }).toEqual({ table, trigger: { t: table, ins: true, upd: true, del: true, enabled: true, after: true } });
    }
    for (const a of audited.filter((x) => AUDITED.includes(x.table))) {
      const pk = await t.db.admin.query(
        `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary`, [`app.${a.table}`]);
      expect({ table: a.table, recorded: a.idColumn, pk: pk.rows.map((r) => r.attname) }).toEqual({ table: a.table, recorded: a.idColumn, pk: [a.idColumn] });
    }
  });
});

describe('every API mutation leaves its audit row, authored by the caller', () => {
  const ctx: Record<string, string> = {};

  it('CRM: lead bundle with RFQ, handover, stage change, activity, marketing event and spend', async () => {
    const lead = await step('mkt.staff', 'create lead + RFQ', async () => t.http().post('/api/leads').set(await as('mkt.staff')).send({
      company_name: 'PT Jejak Audit', contact_name: 'Bu Ani', source_channel: 'website', npwp: '0123987456321000',
      rfq: { origin: 'Jakarta', destination: 'Tokyo', service_type: 'air' },
    })) as { lead_id: string; prospect_id: string; customer_id: string; ticket_id: string };
    Object.assign(ctx, { lead: lead.lead_id, customer: lead.customer_id, rfq: lead.ticket_id });
    await step('mkt.manager', 'qualify lead', async () => t.http().patch(`/api/leads/${lead.lead_id}`).set(await as('mkt.manager')).send({ status: 'QUALIFIED' }));
    const assigned = await step('sales.manager', 'assign lead', async () => t.http().post(`/api/leads/${lead.lead_id}/assign`).set(await as('sales.manager')).send({ sales_owner_user_id: uid.sales1 })) as { prospect_id: string };
    ctx.prospect = assigned.prospect_id;
    await step('sales1', 'move stage', async () => t.http().patch(`/api/prospects/${assigned.prospect_id}`).set(await as('sales1')).send({ stage: 'CONTACTED' }));
    await step('sales1', 'log a call', async () => t.http().post('/api/activities').set(await as('sales1')).send({ activity_type: 'call', prospect_id: assigned.prospect_id, notes: 'Telepon pertama' }));
    await step('sales1', 'edit contact fields', async () => t.http().patch(`/api/leads/${lead.lead_id}`).set(await as('sales1')).send({ phone: '081299990000' }));
    await step('mkt.staff', 'marketing event', async () => t.http().post('/api/marketing/events').set(await as('mkt.staff')).send({ event_type: 'event', channel: 'event', occurred_at: yesterday, title: 'Expo audit' }));
    await step('mkt.staff', 'marketing spend', async () => t.http().post('/api/marketing/spend').set(await as('mkt.staff')).send({ channel: 'event', spend_date: yesterday, amount: '2500000.00' }));
  });

  it('ticketing: open, work, reply, attach; ops quote a masked RFQ', async () => {
    const ticket = await step('sales1', 'open ticket', async () => t.http().post('/api/tickets').set(await as('sales1')).send({
      ticket_type: 'complaint', dept_target: 'DOM', description: 'Barang rusak', shipment_reference: 'SHP-AUD-1', related_customer_id: ctx.customer,
    })) as { ticket_id: string };
    await step('ops.dom', 'take ticket', async () => t.http().patch(`/api/tickets/${ticket.ticket_id}`).set(await as('ops.dom')).send({ status: 'IN_PROGRESS', assigned_to_user_id: uid['ops.dom'] }));
    await step('ops.dom', 'first reply', async () => t.http().post(`/api/tickets/${ticket.ticket_id}/messages`).set(await as('ops.dom')).send({ body: 'Sedang kami cek' }));
    await step('sales1', 'attach a photo', async () => t.http().post(`/api/tickets/${ticket.ticket_id}/attachments`).set(await as('sales1'))
      .attach('file', Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'bukti.pdf'));
    await step('ops.exi', 'start the masked RFQ', async () => t.http().patch(`/api/ops/rfqs/${ctx.rfq}`).set(await as('ops.exi')).send({ status: 'IN_PROGRESS' }));
    await step('ops.exi', 'quote the masked RFQ', async () => t.http().patch(`/api/ops/rfqs/${ctx.rfq}`).set(await as('ops.exi')).send({
      status: 'QUOTED', quote: { amount: '12500000.00', currency: 'IDR', valid_until: '2099-01-31' },
    }));
  });

  it('AR: invoice and payment by finance', async () => {
    const inv = await step('finance', 'invoice', async () => t.http().post('/api/invoices').set(await as('finance')).send({
      invoice_number: 'AUD/2026/0001', customer_id: ctx.customer, invoice_date: yesterday, due_date: yesterday, amount: '1000000.00',
    })) as { invoice_id: string };
    await step('finance', 'collection ticket', async () => t.http().post('/api/dso/collection-tickets').set(await as('finance')).send({ customer_id: ctx.customer }));
    await step('finance', 'payment', async () => t.http().post('/api/payments').set(await as('finance')).send({ invoice_id: inv.invoice_id, payment_date: yesterday, amount: '400000.00', reference: 'TRF-AUD-1' }));
  });

  it('KPI: a target set, changed and withdrawn by the manager; an entry by the salesperson', async () => {
    const target = await step('sales.manager', 'set target', async () => t.http().post('/api/kpi/targets').set(await as('sales.manager')).send({
      metric_key: 'SAL_REFERRALS', assignee_user_id: uid.sales2, period_start: '2031-05-01', period_end: '2031-05-31', target_value: '4',
    })) as { target_id: string };
    await step('sales.manager', 'change target', async () => t.http().patch(`/api/kpi/targets/${target.target_id}`).set(await as('sales.manager')).send({ target_value: '6' }));
    await step('sales.manager', 'withdraw target', async () => t.http().delete(`/api/kpi/targets/${target.target_id}`).set(await as('sales.manager')));
    await step('sales1', 'KPI entry', async () => t.http().post('/api/kpi/entries').set(await as('sales1')).send({ metric_key: 'SAL_REFERRALS', entry_date: yesterday, value: '2' }));
  });

  it('profiles: a user renames themselves; the admin creates and changes a user', async () => {
    await step('sales2', 'rename self', async () => t.http().patch('/api/me').set(await as('sales2')).send({ full_name: 'Agus P.' }));
    const u = await step('admin', 'create user', async () => t.http().post('/api/users').set(await as('admin')).send({
      email: 'audit.new@demo.local', full_name: 'Audit Baru', role: 'salesperson', dept_code: 'SAL', manager_user_id: uid['sales.manager2'], password: 'Welcome#2026a',
    })) as { user_id: string };
    await step('admin', 'change user', async () => t.http().patch(`/api/users/${u.user_id}`).set(await as('admin')).send({ is_active: false }));
  });

  it('imports: rows written by the background worker are authored by the importer', async () => {
    const csv = 'company_name,npwp,email,city\nPT Impor Jejak,0555666777888999,impor@jejak.co.id,Bandung\nPT Jejak Audit,0123987456321000,,Surabaya\n';
    await step('finance', 'import customers (upload, process, wait)', async () => {
      const auth = await as('finance');
      const up = await t.http().post('/api/imports').set(auth).field('module', 'customers').attach('file', Buffer.from(csv), 'customers.csv');
      expect(up.status).toBe(201);
      expect((await t.http().post(`/api/imports/${up.body.import_id}/process`).set(auth)).status).toBe(202);
      const until = Date.now() + 60_000;
      for (;;) {
        const s = await t.http().get(`/api/imports/${up.body.import_id}`).set(auth);
        if (!['STAGED', 'PROCESSING'].includes(s.body.status)) return s;
        if (Date.now() > until) throw new Error('import did not finish');
        await new Promise((r) => setTimeout(r, 150));
      }
    });
  });

  it('together the steps covered every audited table with the right author', () => {
    const missing = AUDITED.filter((table) => !covered.has(table));
    expect(missing).toEqual([]);
    for (const table of ['leads', 'prospects', 'tickets', 'kpi_targets', 'profiles']) expect([table, [...covered.get(table)!].sort()]).toEqual([table, expect.arrayContaining(['INSERT', 'UPDATE'])]);
    expect(covered.get('kpi_targets')!.has('DELETE')).toBe(true);
  });
});

describe('nobody can alter the audit log', () => {
  it.each(['UPDATE app.audit_logs SET action = action', 'DELETE FROM app.audit_logs', 'TRUNCATE app.audit_logs',
    `INSERT INTO app.audit_logs (table_name, record_id, action, changed_by) VALUES ('leads', 'LD-X', 'DELETE', gen_random_uuid())`,
    'ALTER TABLE app.audit_logs DISABLE TRIGGER audit_logs_no_update', `SET session_replication_role = replica`])
  ('%s: refused for every demo user (role authenticated) and for the login role itself', async (sql) => {
    const users = await loadDemoUsers(t.db);
    const before = (await t.db.admin.query('SELECT count(*)::int AS n, md5(string_agg(md5(a::text), \'\' ORDER BY id)) AS h FROM app.audit_logs a')).rows[0];
    for (const who of [...users, null]) {
      const s = await SqlSession.open(t.db, who);
      try {
        const r = await attempt(s.query(`${sql}`, [], true));
        expect({ who: who?.email ?? 'anon', ok: r.ok, code: r.ok ? null : r.code }).toEqual({ who: who?.email ?? 'anon', ok: false, code: '42501' });
        // The login role outside any request transaction, too.
        const raw = await attempt(s.raw.query(sql));
        expect({ who: 'bcc_api', ok: raw.ok, code: raw.ok ? null : raw.code }).toEqual({ who: 'bcc_api', ok: false, code: '42501' });
      } finally {
        await s.close();
      }
    }
    const after = (await t.db.admin.query('SELECT count(*)::int AS n, md5(string_agg(md5(a::text), \'\' ORDER BY id)) AS h FROM app.audit_logs a')).rows[0];
    expect(after).toEqual(before);
  });

  it('definer code cannot either: no SECURITY DEFINER function writes audit_logs other than by INSERT, and the definer and owner roles are stopped by the append-only trigger', async () => {
    const { rows } = await t.db.admin.query(
      `SELECT p.oid::regprocedure::text AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname IN ('app', 'auth') AND p.prosecdef
          AND p.prosrc ~* '(update\\s+(only\\s+)?(app\\.)?audit_logs|delete\\s+from\\s+(only\\s+)?(app\\.)?audit_logs|truncate\\s+(table\\s+)?(app\\.)?audit_logs)'`);
    expect(rows).toEqual([]);
    const c = new pg.Client({ connectionString: t.db.adminUrl });
    await c.connect();
    try {
      for (const role of ['bcc_definer', 'bcc_owner']) {
        for (const sql of ['UPDATE app.audit_logs SET action = action', 'DELETE FROM app.audit_logs', 'TRUNCATE app.audit_logs']) {
          await c.query('BEGIN');
          await c.query(`SET LOCAL ROLE ${role}`);
          // The owner is bound by the forced RLS (it sees no audit row, so it changes none); the definer sees them all and meets the trigger.
          const r = await c.query(sql).then((x) => `${x.rowCount ?? 0} rows`, (e: { code: string }) => e.code);
          await c.query('ROLLBACK');
          expect({ role, sql, outcome: r }).toEqual({ role, sql, outcome: expect.stringMatching(role === 'bcc_definer' ? /^(BC403|42501)$/ : /^(BC403|42501|0 rows)$/) });
        }
      }
      // Neither role can log in, and no login role can become them (so only a superuser could disable the trigger).
      const login = await c.query(`SELECT rolname FROM pg_roles WHERE rolname IN ('bcc_definer', 'bcc_owner') AND rolcanlogin`);
      expect(login.rows).toEqual([]);
      const members = await c.query(
        `SELECT m.rolname FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member JOIN pg_roles r ON r.oid = am.roleid
          WHERE r.rolname IN ('bcc_definer', 'bcc_owner') AND m.rolcanlogin AND NOT m.rolsuper`);
      expect(members.rows).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('changed_by cannot be chosen by a client: a request names its author only through the server-issued claims', async () => {
    // An API call with a forged body field changed_by is refused as an unknown field; the audit row names the caller.
    const r = await t.http().post('/api/marketing/events').set(await as('mkt.manager'))
      .send({ event_type: 'other', channel: 'other', occurred_at: yesterday, title: 'Forged', changed_by: uid.admin, created_by: uid.admin });
    expect(r.status).toBe(422);
    const ok = await t.http().post('/api/marketing/events').set(await as('mkt.manager')).send({ event_type: 'other', channel: 'other', occurred_at: yesterday, title: 'Real' });
    const row = await t.db.admin.query(`SELECT changed_by::text FROM app.audit_logs WHERE table_name = 'marketing_activity_events' AND record_id = $1`, [ok.body.event_id]);
    expect(row.rows).toEqual([{ changed_by: uid['mkt.manager'] }]);
  });
});
