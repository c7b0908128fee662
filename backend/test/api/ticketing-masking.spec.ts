import { asUser, demoUsers } from '../helpers/db.js';
import { createTestApp, TestApp } from '../helpers/app.js';

/**
 * "Ops never reach a masked customer's identity" (rls.md): as each ops user,
 * call every route and view they can call, collect the JSON text of every
 * response, and search it for the identity of every customer behind a masked
 * RFQ of their department (company, contacts, emails, phones, NPWPs of the
 * customer and of its leads). Customers that the department legitimately
 * meets on an unmasked ticket (pickup contact, rls.md) are left out.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function identityTerms(dept: string): Promise<string[]> {
  const { rows } = await t.db.admin.query(
    `WITH masked AS (
       SELECT DISTINCT t.related_customer_id AS cid FROM app.tickets t
        WHERE t.ticket_type = 'inquiry_tariff' AND t.need_customer_masking AND t.dept_target = $1 AND t.related_customer_id IS NOT NULL
       EXCEPT
       SELECT t.related_customer_id FROM app.tickets t
        WHERE NOT t.need_customer_masking AND t.dept_target = $1 AND t.related_customer_id IS NOT NULL)
     SELECT DISTINCT v FROM (
       SELECT unnest(ARRAY[c.company_name, c.email, c.phone, c.phone_norm, c.npwp, c.npwp_norm]) AS v FROM app.customers c JOIN masked m ON m.cid = c.customer_id
       UNION ALL
       SELECT unnest(ARRAY[l.company_name, l.contact_name, l.email, l.phone, l.npwp]) FROM app.leads l JOIN masked m ON m.cid = l.customer_id) x
     WHERE v IS NOT NULL AND length(v) >= 4`,
    [dept],
  );
  return rows.map((r) => r.v as string);
}

function leaks(text: string, terms: string[]): string[] {
  const hay = text.toLowerCase();
  return terms.filter((term) => hay.includes(term.toLowerCase()));
}

describe.each([['ops.exi@demo.local', 'EXI'], ['ops.dom@demo.local', 'DOM']])('%s never sees a masked customer', (email, dept) => {
  let auth: { authorization: string };
  let terms: string[];
  const seen: string[] = [];
  const get = async (path: string) => {
    const r = await t.http().get(path).set(auth);
    seen.push(`${path} ${r.status} ${r.text}`);
    return r;
  };

  beforeAll(async () => {
    auth = { authorization: `Bearer ${(await t.login(email)).access_token}` };
    terms = await identityTerms(dept);
  });

  it('has something to protect (the demo data has masked RFQs with known customers in this department)', () => {
    expect(terms.length).toBeGreaterThan(5);
  });

  it('every ticketing route, every page, every masked RFQ, and what the other modules answer', async () => {
    const maskedIds = (await t.db.admin.query(
      `SELECT ticket_id FROM app.tickets WHERE ticket_type = 'inquiry_tariff' AND need_customer_masking AND dept_target = $1 ORDER BY ticket_id`, [dept],
    )).rows.map((r) => r.ticket_id as string);
    expect(maskedIds.length).toBeGreaterThan(0);

    // The masked queue, all pages and filters.
    let cursor: string | null = null;
    const queue: string[] = [];
    do {
      const r = await get(`/api/ops/rfqs?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      queue.push(...r.body.items.map((x: { ticket_id: string }) => x.ticket_id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(queue.sort()).toEqual(maskedIds);
    for (const f of ['status=QUOTED', 'open=true', 'sla_state=breached', 'service_type=sea_fcl', 'q=a']) await get(`/api/ops/rfqs?${f}`);

    // Each masked RFQ: the ops detail (and its files), but never the raw ticket.
    for (const id of maskedIds) {
      const d = await get(`/api/ops/rfqs/${id}`);
      expect(d.status).toBe(200);
      expect(d.body.company_name).toBe('MASKED');
      for (const a of d.body.attachments) await get(`/api/ops/rfqs/${id}/attachments/${a.attachment_id}`);
      for (const sub of ['', '/messages', '/attachments', '/sla-events']) {
        expect((await get(`/api/tickets/${id}${sub}`)).status).toBe(404);
      }
    }

    // Writing on a masked RFQ returns only masked data too.
    const target = maskedIds[0];
    const post = await t.http().post(`/api/ops/rfqs/${target}/messages`).set(auth).send({ body: 'Kami proses hari ini.' });
    seen.push(post.text);
    expect(post.status).toBe(201);
    const patch = await t.http().patch(`/api/ops/rfqs/${target}`).set(auth).send({ priority: 'high' });
    seen.push(patch.text);
    expect(patch.status).toBe(200);

    // Every ticket route over everything the department can see.
    const list: string[] = [];
    cursor = null;
    do {
      const r = await get(`/api/tickets?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      list.push(...r.body.items.map((x: { ticket_id: string }) => x.ticket_id));
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(list.filter((id) => maskedIds.includes(id))).toEqual([]);
    for (const id of list) {
      for (const sub of ['', '/messages', '/attachments', '/sla-events']) await get(`/api/tickets/${id}${sub}`);
    }
    for (const path of ['/api/tickets?queue=true', '/api/tickets?mine=true', '/api/tickets?q=RFQ', '/api/tickets/stale?limit=200',
      '/api/tickets/sla/summary', '/api/tickets/sla/first-response?from=2025-12-01', `/api/tickets/assignees?dept_target=${dept}`]) {
      expect((await get(path)).status).toBe(200);
    }

    // Other modules: whatever they answer (403/404/empty), it must not leak either.
    const customerIds = (await t.db.admin.query('SELECT customer_id FROM app.customers ORDER BY customer_id LIMIT 5')).rows.map((r) => r.customer_id);
    const leadIds = (await t.db.admin.query('SELECT lead_id FROM app.leads ORDER BY lead_id LIMIT 5')).rows.map((r) => r.lead_id);
    for (const path of ['/api/customers', '/api/leads', '/api/prospects', '/api/activities', '/api/audit', '/api/invoices', '/api/dso/aging',
      '/api/dso/outstanding', '/api/kpi/progress', '/api/me', '/api/dashboard/summary',
      ...customerIds.map((c) => `/api/customers/${c}`), ...leadIds.map((l) => `/api/leads/${l}`), ...leadIds.map((l) => `/api/leads/${l}/timeline`)]) {
      await get(path);
    }

    const found = leaks(seen.join('\n'), terms);
    expect(found).toEqual([]);
  });

  it('every view and function an ops user can query in SQL', async () => {
    const u = (await demoUsers(t.db))[email];
    const text = await asUser(t.db, u, async (c) => {
      const out: string[] = [];
      for (const view of ['v_ops_rfqs_masked', 'v_ticket_sla', 'v_ticket_first_response', 'v_ticket_first_response_median_daily',
        'v_ticket_first_response_median_daily_dept', 'v_tickets_stale', 'tickets', 'ticket_messages', 'ticket_attachments', 'ticket_quotes',
        'sla_events', 'customers', 'leads', 'prospects', 'storage_objects', 'audit_logs']) {
        out.push(JSON.stringify((await c.query(`SELECT coalesce(json_agg(x), '[]') AS j FROM app.${view} x`)).rows[0].j));
      }
      const ids = (await c.query('SELECT ticket_id FROM app.v_ops_rfqs_masked')).rows.map((r) => r.ticket_id);
      for (const id of ids) {
        for (const fn of ['ops_rfq_messages', 'ops_rfq_attachments', 'ops_rfq_quotes']) {
          out.push(JSON.stringify((await c.query(`SELECT coalesce(json_agg(x), '[]') AS j FROM app.${fn}($1) x`, [id])).rows[0].j));
        }
        // Direct reads of the raw rows are empty for ops.
        expect((await c.query('SELECT 1 FROM app.tickets WHERE ticket_id = $1', [id])).rowCount).toBe(0);
      }
      // The internal helpers that return identity are not callable at all.
      await expect(c.query(`SELECT app.ops_rfq_identity_terms('CU-2026-000001', NULL)`)).rejects.toMatchObject({ code: '42501' });
      return out.join('\n');
    });
    expect(leaks(text, terms)).toEqual([]);
    expect(text).toContain('"company_name":"MASKED"');
  });
});

it('the redaction is real: a requester note naming the company reaches ops as [MASKED]', async () => {
  const { rows } = await t.db.admin.query(
    `SELECT m.ticket_id, c.company_name FROM app.ticket_messages m JOIN app.tickets t USING (ticket_id) JOIN app.customers c ON c.customer_id = t.related_customer_id
      WHERE m.visible_to_ops AND t.need_customer_masking AND t.dept_target = 'EXI' AND strpos(m.body, c.company_name) > 0 LIMIT 1`,
  );
  expect(rows).toHaveLength(1);
  const auth = { authorization: `Bearer ${(await t.login('ops.exi@demo.local')).access_token}` };
  const d = await t.http().get(`/api/ops/rfqs/${rows[0].ticket_id}`).set(auth);
  expect(d.text).not.toContain(rows[0].company_name);
  expect(d.body.messages.some((m: { body: string }) => m.body.includes('[MASKED]'))).toBe(true);
  // Sales, who may know the customer, read the note as written.
  const owner = (await t.db.admin.query(`SELECT p.email FROM app.tickets t JOIN app.profiles p ON p.user_id = t.created_by WHERE t.ticket_id = $1`, [rows[0].ticket_id])).rows[0].email;
  const s = await t.http().get(`/api/tickets/${rows[0].ticket_id}/messages`).set({ authorization: `Bearer ${(await t.login(owner)).access_token}` });
  expect(s.text).toContain(rows[0].company_name);
});
