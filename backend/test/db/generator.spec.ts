import { asUser, createTestDatabase, Session, TestDatabase } from '../helpers/db.js';
import { generateDataset, generatedEmail } from '../helpers/generate.js';

/**
 * The large-data generator (database/generator) at a small scale: volumes
 * proportional to the scale, every invariant the product's functions and
 * triggers maintain (checked against those functions themselves), RLS on the
 * generated rows, and determinism (same seed → same data).
 */
const SCALE = 0.001;
const SEED = 42;
const END = '2026-11-20T15:00:00+07:00';
let db: TestDatabase;

async function generate(target: TestDatabase, seed: number): Promise<void> {
  const c = await target.admin.connect();
  try {
    await generateDataset(c, { scale: SCALE, seed, end: END });
  } finally {
    c.release();
  }
}
const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> => (await db.admin.query(sql, params)).rows[0] as T;
const n = async (sql: string, params: unknown[] = []): Promise<number> => Number(Object.values(await one(sql, params))[0]);
async function session(email: string): Promise<Session> {
  return one<Session>('SELECT user_id, role::text AS role, dept_code FROM app.profiles WHERE email = $1', [email]);
}

beforeAll(async () => {
  db = await createTestDatabase('empty');
  await generate(db, SEED);
}, 300_000);
afterAll(async () => {
  await db?.drop();
});

describe('volumes', () => {
  it('are proportional to the scale', async () => {
    const c = await one<Record<string, string>>(`SELECT
      (SELECT count(*) FROM app.customers) AS customers, (SELECT count(*) FROM app.leads) AS leads,
      (SELECT count(*) FROM app.tickets) AS tickets, (SELECT count(*) FROM app.ticket_messages) AS messages,
      (SELECT count(*) FROM app.invoices) AS invoices, (SELECT count(*) FROM app.payments) AS payments,
      (SELECT count(*) FROM app.profiles WHERE role = 'salesperson') AS salespeople,
      (SELECT count(*) FROM app.profiles WHERE role = 'sales_manager') AS sales_managers`);
    expect(Number(c.customers)).toBe(200);
    expect(Number(c.leads)).toBe(1000);
    expect(Number(c.tickets)).toBe(1000);
    expect(Number(c.invoices)).toBe(500);
    expect(Number(c.messages)).toBeGreaterThan(3000);
    expect(Number(c.messages)).toBeLessThan(5000);
    expect(Number(c.payments)).toBeGreaterThan(500);
    expect(Number(c.payments)).toBeLessThan(1100);
    expect(Number(c.salespeople)).toBe(4);
    // Ids look like the product's own (random, version 4) uuids — DTOs validate them as such.
    expect(await n(`SELECT count(*) FROM app.profiles WHERE user_id::text !~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'`)).toBe(0);
    expect(Number(c.sales_managers)).toBe(2);
    // Every salesperson is in a sales manager's team; RFQs are a part of the tickets.
    expect(await n(`SELECT count(*) FROM app.profiles p WHERE p.role = 'salesperson'
                      AND NOT EXISTS (SELECT 1 FROM app.profiles m WHERE m.user_id = p.manager_user_id AND m.role = 'sales_manager')`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.tickets WHERE ticket_type = 'inquiry_tariff'`)).toBeGreaterThan(100);
  });
});

describe('invariants', () => {
  it('leaves no foreign key dangling (the load ran with triggers off)', async () => {
    const fks = (await db.admin.query<{ conname: string; q: string }>(`
      SELECT c.conname, format('SELECT count(*) FROM %s t WHERE (%s) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s r WHERE (%s) = (%s))',
               c.conrelid::regclass, cols.l, c.confrelid::regclass, cols.r, cols.l) AS q
        FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace
        CROSS JOIN LATERAL (SELECT string_agg(format('t.%I', a.attname), ',' ORDER BY k.ord) AS l,
                                   string_agg(format('r.%I', b.attname), ',' ORDER BY k.ord) AS r
                              FROM unnest(c.conkey, c.confkey) WITH ORDINALITY k(att, ratt, ord)
                              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att
                              JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = k.ratt) cols
       WHERE c.contype = 'f' AND ns.nspname IN ('app', 'auth')`)).rows;
    expect(fks.length).toBeGreaterThan(30);
    const orphans: string[] = [];
    for (const fk of fks) if ((await n(fk.q)) > 0) orphans.push(fk.conname);
    expect(orphans).toEqual([]);
  });

  it('links every lead to its customer and to the prospect of its owner (one per customer and owner)', async () => {
    expect(await n(`SELECT count(*) FROM app.leads l LEFT JOIN app.prospects p ON p.prospect_id = l.prospect_id
                     WHERE p.prospect_id IS NULL OR p.customer_id <> l.customer_id OR p.owner_user_id IS DISTINCT FROM l.sales_owner_user_id`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.leads WHERE (status IN ('HANDED_OVER', 'CONVERTED')) <> (sales_owner_user_id IS NOT NULL)
                        OR (status = 'CONVERTED') <> (converted_at IS NOT NULL) OR (handed_over_at IS NOT NULL) <> (sales_owner_user_id IS NOT NULL)`)).toBe(0);
    // CONVERTED exactly when the prospect was WON after the handover.
    expect(await n(`SELECT count(*) FROM app.leads l JOIN app.prospects p ON p.prospect_id = l.prospect_id
                     WHERE l.status = 'CONVERTED' AND (p.stage <> 'WON' OR l.converted_at <> p.stage_changed_at OR l.handed_over_at >= l.converted_at)`)).toBe(0);
    // First lead of a customer is 'new', later ones matched by an identifier they carry.
    expect(await n(`SELECT count(*) FROM app.leads l JOIN app.customers c ON c.customer_id = l.customer_id
                     WHERE CASE l.customer_match WHEN 'new' THEN l.created_at <> c.created_at
                                WHEN 'npwp' THEN app.normalize_npwp(l.npwp) IS DISTINCT FROM c.npwp_norm
                                WHEN 'email' THEN l.npwp IS NOT NULL OR app.normalize_email(l.email) IS DISTINCT FROM c.email_norm
                                WHEN 'phone' THEN l.npwp IS NOT NULL OR l.email IS NOT NULL OR app.normalize_phone(l.phone) IS DISTINCT FROM c.phone_norm
                                ELSE l.npwp IS NOT NULL OR l.email IS NOT NULL OR l.phone IS NOT NULL OR app.normalize_company_name(l.company_name) <> c.name_norm END`)).toBe(0);
    // Names are far apart: dedup's near-identical-name check would have found nothing.
    expect(await n(`SELECT count(*) FROM app.customers a JOIN app.customers b ON a.customer_id < b.customer_id AND similarity(a.name_norm, b.name_norm) >= 0.75`)).toBe(0);
  });

  it('keeps the stage history, derived activities and RFQ links the triggers write', async () => {
    // Every prospect's history starts NULL → NEW and its last move ends in its current stage (handover
    // merges move the NULL → NEW row of each later lead's short-lived prospect in as well).
    expect(await n(`SELECT count(*) FROM app.prospects p
                     WHERE coalesce((SELECT h.to_stage FROM app.prospect_stage_history h WHERE h.prospect_id = p.prospect_id AND h.from_stage IS NOT NULL
                                      ORDER BY h.changed_at DESC, h.history_id DESC LIMIT 1), 'NEW') <> p.stage
                        OR NOT EXISTS (SELECT 1 FROM app.prospect_stage_history h WHERE h.prospect_id = p.prospect_id AND h.from_stage IS NULL AND h.changed_at = p.created_at)`)).toBe(0);
    // One stage_change activity per move, one handover per handed-over lead, one rfq_created per RFQ.
    expect(await n(`SELECT (SELECT count(*) FROM app.prospect_stage_history WHERE from_stage IS NOT NULL)
                         - (SELECT count(*) FROM app.sales_activities WHERE activity_type = 'stage_change')`)).toBe(0);
    expect(await n(`SELECT (SELECT count(*) FROM app.leads WHERE handed_over_at IS NOT NULL)
                         - (SELECT count(*) FROM app.sales_activities WHERE activity_type = 'handover')`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.tickets t WHERE t.ticket_type = 'inquiry_tariff'
                       AND NOT EXISTS (SELECT 1 FROM app.sales_activities a WHERE a.activity_type = 'rfq_created' AND a.related_ticket_id = t.ticket_id
                                          AND a.prospect_id = t.related_prospect_id)`)).toBe(0);
    // RFQs: created with their lead, masked, linked to its customer and (current) prospect.
    expect(await n(`SELECT count(*) FROM app.tickets t JOIN app.leads l ON l.lead_id = t.related_lead_id
                     WHERE t.ticket_type = 'inquiry_tariff' AND (NOT t.need_customer_masking OR t.created_at <> l.created_at
                        OR t.related_customer_id <> l.customer_id OR t.related_prospect_id <> l.prospect_id)`)).toBe(0);
    // Visits carry their own photo and GPS.
    expect(await n(`SELECT count(*) FROM app.sales_activities a LEFT JOIN app.storage_objects o ON o.object_id = a.evidence_object_id
                     WHERE a.activity_type = 'visit' AND (o.uploaded_by IS DISTINCT FROM a.owner_user_id OR o.owner_id IS DISTINCT FROM a.activity_id::text)`)).toBe(0);
  });

  it('never lets payments exceed an invoice (no negative outstanding) nor precede it', async () => {
    expect(await n(`SELECT count(*) FROM app.v_invoice_outstanding WHERE outstanding_amount < 0`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.payments p JOIN app.invoices i USING (invoice_id)
                     WHERE p.payment_date < i.invoice_date OR p.payment_date > app.today_jakarta() OR p.created_at < i.created_at`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.v_invoice_outstanding WHERE is_overdue`)).toBeGreaterThan(0);
    // The derived per-invoice balances (0702) are what the triggers would have kept.
    expect(await n(`SELECT count(*) FROM app.invoices i FULL JOIN app.ar_invoice_balances b USING (invoice_id)
                     WHERE b.invoice_id IS NULL OR i.invoice_id IS NULL
                        OR (b.customer_id, b.invoice_date, b.due_date, b.amount) IS DISTINCT FROM (i.customer_id, i.invoice_date, i.due_date, i.amount)
                        OR b.paid_amount <> coalesce((SELECT sum(p.amount) FROM app.payments p WHERE p.invoice_id = i.invoice_id), 0)`)).toBe(0);
  });

  it('stores SLA due times and durations exactly as business_minutes / add_business_minutes give them', async () => {
    expect(await n(`SELECT count(*) FROM app.tickets WHERE first_response_at IS NOT NULL
                       AND first_response_business_minutes <> app.business_minutes(created_at, first_response_at)`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.tickets t JOIN app.sla_policies p USING (ticket_type, priority)
                     WHERE t.first_response_due_at <> app.add_business_minutes(t.created_at, p.first_response_minutes)
                        OR t.first_response_risk_at <> app.add_business_minutes(t.created_at, p.first_response_minutes * 0.8)
                        OR (t.paused_business_minutes = 0 AND t.resolution_due_at <> app.add_business_minutes(t.created_at, p.resolution_minutes))`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.tickets WHERE resolved_at IS NOT NULL
                       AND resolution_business_minutes <> greatest(0, app.business_minutes(created_at, resolved_at) - paused_business_minutes)`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.tickets WHERE paused_business_minutes > 0`)).toBeGreaterThan(0);
    // The first response is the first non-internal message by someone other than the creator, with its one event.
    expect(await n(`SELECT count(*) FROM app.tickets t
                     WHERE t.first_response_at IS DISTINCT FROM (SELECT min(m.created_at) FROM app.ticket_messages m
                                                                 WHERE m.ticket_id = t.ticket_id AND NOT m.is_internal AND m.sender_user_id <> t.created_by)
                        OR (t.first_response_at IS NOT NULL) <> EXISTS (SELECT 1 FROM app.sla_events e WHERE e.ticket_id = t.ticket_id AND e.event_type = 'FIRST_RESPONSE')`)).toBe(0);
    // The product's own recomputation from the SLA event history changes nothing.
    const c = await db.admin.connect();
    try {
      await c.query('BEGIN');
      await c.query(`CREATE TEMP TABLE snap AS SELECT ticket_id, first_response_at, first_response_business_minutes, resolved_at, resolution_business_minutes,
                       resolution_minutes, closed_at, waiting_since, paused_business_minutes, paused_minutes, first_response_due_at, first_response_risk_at,
                       resolution_due_at, resolution_risk_at FROM app.tickets`);
      await c.query('SELECT app.ticket_recompute_sla(ticket_id) FROM snap');
      const diff = await c.query(`SELECT count(*)::int AS n FROM snap s JOIN app.tickets t USING (ticket_id)
        WHERE (s.first_response_at, s.first_response_business_minutes, s.resolved_at, s.resolution_business_minutes, s.resolution_minutes, s.closed_at,
               s.waiting_since, s.paused_business_minutes, s.paused_minutes, s.first_response_due_at, s.first_response_risk_at, s.resolution_due_at, s.resolution_risk_at)
          IS DISTINCT FROM (t.first_response_at, t.first_response_business_minutes, t.resolved_at, t.resolution_business_minutes, t.resolution_minutes, t.closed_at,
               t.waiting_since, t.paused_business_minutes, t.paused_minutes, t.first_response_due_at, t.first_response_risk_at, t.resolution_due_at, t.resolution_risk_at)`);
      expect(diff.rows[0].n).toBe(0);
    } finally {
      await c.query('ROLLBACK');
      c.release();
    }
  });

  it('numbers ids like next_prefixed_id and lets the product continue after them', async () => {
    expect(await n(`SELECT count(*) FROM app.leads WHERE lead_id !~ '^LD-20[0-9]{2}-[0-9]{6,}$'`)).toBe(0);
    expect(await n(`SELECT count(*) FROM app.tickets WHERE ticket_id !~ '^TK-20[0-9]{2}-[0-9]{6,}$'`)).toBe(0);
    // A lead bundle by a generated marketing user gets fresh ids.
    const r = await asUser(db, await session(generatedEmail('mkt.staff')), async (c) =>
      (await c.query(`SELECT app.crm_create_lead_bundle('{"company_name":"PT Setelah Generator","contact_name":"Budi","source_channel":"website",
                       "rfq":{"origin":"Jakarta","destination":"Medan","service_type":"land"}}'::jsonb) AS r`)).rows[0].r, true);
    expect(r.lead_id).toMatch(/^LD-\d{4}-\d{6,}$/);
    expect(await n('SELECT count(*) FROM app.leads WHERE lead_id = $1', [r.lead_id])).toBe(1);
    expect(await n('SELECT count(*) FROM app.tickets WHERE ticket_id = $1', [r.ticket_id])).toBe(1);
  });

  it('sets KPI targets of the assignee\'s department, by their manager or the administrator', async () => {
    expect(await n(`SELECT count(*) FROM app.kpi_targets t JOIN app.profiles p ON p.user_id = t.assignee_user_id
                     JOIN app.kpi_metric_definitions d USING (metric_key)
                     WHERE app.kpi_department_of(p.dept_code) <> d.department
                        OR NOT (t.created_by = p.manager_user_id OR t.created_by = p.user_id
                                OR t.created_by = (SELECT user_id FROM app.profiles WHERE role = 'super_admin' AND email LIKE 'gen.%'))`)).toBe(0);
    expect(await n('SELECT count(*) FROM app.kpi_targets')).toBeGreaterThan(50);
  });
});

describe('RLS on generated rows', () => {
  it('shows a generated salesperson only their own leads, customers and invoices — and no one else\'s', async () => {
    const me = await session(generatedEmail('sales', 1));
    const other = await session(generatedEmail('sales', 2));
    const mine = await n('SELECT count(*) FROM app.leads WHERE sales_owner_user_id = $1', [me.user_id]);
    expect(mine).toBeGreaterThan(0);
    const seen = await asUser(db, me, async (c) => (await c.query(`SELECT
        (SELECT count(*) FROM app.leads)::int AS leads,
        (SELECT count(*) FROM app.leads WHERE sales_owner_user_id <> $1)::int AS others,
        (SELECT count(*) FROM app.customers)::int AS customers,
        (SELECT count(*) FROM app.invoices)::int AS invoices`, [me.user_id])).rows[0]);
    expect(seen.leads).toBe(mine);
    expect(seen.others).toBe(0);
    expect(seen.customers).toBe(await n('SELECT count(DISTINCT customer_id) FROM app.prospects WHERE owner_user_id = $1', [me.user_id]));
    expect(seen.invoices).toBe(await n(`SELECT count(*) FROM app.invoices i WHERE EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = i.customer_id AND p.owner_user_id = $1)`, [me.user_id]));
    // The refused side: another salesperson's lead by id is invisible.
    const theirs = await one<{ lead_id: string }>('SELECT lead_id FROM app.leads WHERE sales_owner_user_id = $1 LIMIT 1', [other.user_id]);
    const got = await asUser(db, me, async (c) => (await c.query('SELECT lead_id FROM app.leads WHERE lead_id = $1', [theirs.lead_id])).rowCount);
    expect(got).toBe(0);
    // The director reads them all.
    const all = await asUser(db, await session(generatedEmail('director')), async (c) => (await c.query('SELECT count(*)::int AS n FROM app.leads')).rows[0].n);
    expect(all).toBe(await n('SELECT count(*) FROM app.leads'));
  });
});

describe('determinism', () => {
  const digest = async (d: TestDatabase) =>
    (await d.admin.query<{ t: string; h: string }>(`
      SELECT 'leads' AS t, md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.lead_id)) AS h FROM app.leads x
      UNION ALL SELECT 'customers', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.customer_id)) FROM app.customers x
      UNION ALL SELECT 'prospects', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.prospect_id)) FROM app.prospects x
      UNION ALL SELECT 'activities', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.activity_id)) FROM app.sales_activities x
      UNION ALL SELECT 'tickets', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.ticket_id)) FROM app.tickets x
      UNION ALL SELECT 'messages', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.message_id)) FROM app.ticket_messages x
      UNION ALL SELECT 'sla_events', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.event_id)) FROM app.sla_events x
      UNION ALL SELECT 'invoices', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.invoice_id)) FROM app.invoices x
      UNION ALL SELECT 'payments', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.payment_id)) FROM app.payments x
      UNION ALL SELECT 'history', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.history_id)) FROM app.prospect_stage_history x
      UNION ALL SELECT 'targets', md5(string_agg(to_jsonb(x)::text, '|' ORDER BY x.target_id)) FROM app.kpi_targets x`)).rows;

  it('gives the same data for the same seed, and other data for another seed', async () => {
    const a = await createTestDatabase('empty');
    const b = await createTestDatabase('empty');
    const other = await createTestDatabase('empty');
    try {
      await generate(a, SEED);
      await generate(b, SEED);
      await generate(other, SEED + 1);
      const [da, db_, dother] = [await digest(a), await digest(b), await digest(other)];
      expect(da.every((x) => x.h !== null)).toBe(true);
      expect(db_).toEqual(da);
      for (const t of ['leads', 'customers', 'tickets', 'payments']) {
        expect(dother.find((x) => x.t === t)!.h).not.toBe(da.find((x) => x.t === t)!.h);
      }
    } finally {
      await a.drop();
      await b.drop();
      await other.drop();
    }
  }, 300_000);
});
