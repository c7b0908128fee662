import { createTestApp, TestApp } from '../helpers/app.js';
import { loadDemoUsers, SqlSession } from './support.js';

/**
 * R1 "ops never see a masked customer", generated: the routes come from the
 * OpenAPI document (so a route added tomorrow — a dashboard, an export — is
 * crawled too) and the relations and functions from the catalog. As each ops
 * user: call every GET route with every id that leads to a masked customer
 * (the RFQ, its customer, lead, prospect, invoices, files), search every
 * list with every identifying term, download every export; query every table,
 * view and argument-less function in SQL. No response and no row may contain
 * the company, contact, email, phone or NPWP of a customer behind a masked
 * RFQ of their department (customers they legitimately meet on an unmasked
 * ticket of their department — the pickup contact of rls.md — are left out).
 * Complements test/api/ticketing-masking.spec.ts (fixed list of routes).
 */
let t: TestApp;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface Route {
  path: string;
  pathParams: string[];
  query: { name: string; required: boolean }[];
}
let routes: Route[];

beforeAll(async () => {
  t = await createTestApp();
  const doc = (await t.http().get('/api/docs-json')).body as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>> };
  routes = Object.entries(doc.paths)
    .filter(([, ops]) => ops.get)
    .map(([path, ops]) => ({
      path,
      pathParams: (ops.get.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (ops.get.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: !!p.required })),
    }));
  // Files on masked RFQs whose names carry the company: one private to the requester side, one marked for ops.
  const { rows } = await t.db.admin.query(
    `SELECT t.ticket_id, p.email, c.company_name FROM app.tickets t JOIN app.profiles p ON p.user_id = t.created_by JOIN app.customers c ON c.customer_id = t.related_customer_id
      WHERE t.need_customer_masking AND t.dept_target IN ('EXI', 'DOM') ORDER BY t.ticket_id LIMIT 4`,
  );
  for (const [i, r] of rows.entries()) {
    const auth = { authorization: `Bearer ${(await t.login(r.email)).access_token}` };
    const up = await t.http().post(`/api/tickets/${r.ticket_id}/attachments`).set(auth)
      .field('visible_to_ops', i % 2 ? 'true' : 'false').attach('file', PDF, `Penawaran ${r.company_name}.pdf`);
    expect(up.status).toBe(201);
    const msg = await t.http().post(`/api/tickets/${r.ticket_id}/messages`).set(auth)
      .send({ body: `Catatan untuk ${r.company_name}`, visible_to_ops: i % 2 === 1 });
    expect(msg.status).toBe(201);
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function maskedScope(dept: string) {
  const q = (sql: string) => t.db.admin.query(sql, [dept]).then((r) => r.rows.map((x) => String(x.v)));
  const masked = `SELECT DISTINCT t.related_customer_id AS cid FROM app.tickets t
                   WHERE t.ticket_type = 'inquiry_tariff' AND t.need_customer_masking AND t.dept_target = $1 AND t.related_customer_id IS NOT NULL
                  EXCEPT
                  SELECT t.related_customer_id FROM app.tickets t
                   WHERE NOT t.need_customer_masking AND t.dept_target = $1 AND t.related_customer_id IS NOT NULL`;
  return {
    terms: await q(
      `WITH masked AS (${masked})
       SELECT DISTINCT v FROM (
         SELECT unnest(ARRAY[c.company_name, c.email, c.phone, c.phone_norm, c.npwp, c.npwp_norm, c.name_norm, c.address]) AS v FROM app.customers c JOIN masked m ON m.cid = c.customer_id
         UNION ALL
         SELECT unnest(ARRAY[l.company_name, l.contact_name, l.email, l.phone, l.npwp]) FROM app.leads l JOIN masked m ON m.cid = l.customer_id) x
       WHERE v IS NOT NULL AND length(v) >= 6`),
    tickets: await q(`SELECT ticket_id AS v FROM app.tickets WHERE need_customer_masking AND dept_target = $1 ORDER BY 1`),
    customers: await q(`WITH masked AS (${masked}) SELECT cid AS v FROM masked ORDER BY 1`),
    leads: await q(`WITH masked AS (${masked}) SELECT l.lead_id AS v FROM app.leads l JOIN masked m ON m.cid = l.customer_id ORDER BY 1`),
    prospects: await q(`WITH masked AS (${masked}) SELECT p.prospect_id AS v FROM app.prospects p JOIN masked m ON m.cid = p.customer_id ORDER BY 1`),
    invoices: await q(`WITH masked AS (${masked}) SELECT i.invoice_id AS v FROM app.invoices i JOIN masked m ON m.cid = i.customer_id ORDER BY 1`),
    attachments: await q(`SELECT a.attachment_id AS v FROM app.ticket_attachments a JOIN app.tickets t USING (ticket_id) WHERE t.need_customer_masking AND t.dept_target = $1`),
    objects: await q(`SELECT a.object_id AS v FROM app.ticket_attachments a JOIN app.tickets t USING (ticket_id) WHERE t.need_customer_masking AND t.dept_target = $1`),
  };
}

/** Raw text of any response (JSON, CSV …). */
const text = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: unknown) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
};

function leaks(haystack: string, terms: string[]): string[] {
  const hay = haystack.toLowerCase();
  return terms.filter((term) => hay.includes(term.toLowerCase()));
}

describe.each([['ops.exi@demo.local', 'EXI'], ['ops.dom@demo.local', 'DOM']])('%s', (email, dept) => {
  let scope: Awaited<ReturnType<typeof maskedScope>>;
  let auth: { authorization: string };

  beforeAll(async () => {
    scope = await maskedScope(dept);
    auth = { authorization: `Bearer ${(await t.login(email)).access_token}` };
  });

  it('has masked customers to protect in this department', () => {
    expect(scope.tickets.length).toBeGreaterThan(0);
    expect(scope.customers.length).toBeGreaterThan(0);
    expect(scope.terms.length).toBeGreaterThan(5);
  });

  it('no GET route of the OpenAPI document reveals a masked customer, whatever id or search term it is given', async () => {
    const values: Record<string, string[]> = {
      ticket_id: scope.tickets, customer_id: scope.customers, lead_id: scope.leads, prospect_id: scope.prospects,
      invoice_id: scope.invoices, attachment_id: scope.attachments, object_id: scope.objects,
      import_id: (await t.db.admin.query('SELECT import_id FROM app.imports LIMIT 3')).rows.map((r) => r.import_id),
      user_id: (await t.db.admin.query('SELECT user_id FROM app.profiles ORDER BY email')).rows.map((r) => r.user_id),
      metric_key: ['SAL_WIN_RATE', 'OPS_FIRST_RESPONSE_MEDIAN_HOURS'], module: ['leads', 'customers', 'invoices'],
    };
    const defaults: Record<string, string> = { dept_target: dept, format: 'csv', limit: '200' };
    const urls = new Set<string>();
    for (const r of routes) {
      if (r.path.startsWith('/api/docs')) continue;
      let paths = [r.path];
      for (const p of r.pathParams) {
        const vs = values[p]?.length ? values[p] : ['unknown'];
        // Two-parameter routes (ticket + attachment) pair each attachment with its own ticket below.
        paths = paths.flatMap((x) => vs.map((v) => x.replace(`{${p}}`, encodeURIComponent(v))));
      }
      const base = r.query.filter((q) => q.required || q.name in defaults).map((q) => `${q.name}=${encodeURIComponent(defaults[q.name] ?? 'x')}`);
      for (const p of paths) {
        urls.add(base.length ? `${p}?${base.join('&')}` : p);
        if (r.query.some((q) => q.name === 'q')) {
          for (const term of scope.terms.slice(0, 4)) urls.add(`${p}?${[...base, `q=${encodeURIComponent(term)}`].join('&')}`);
        }
        for (const q of r.query.filter((x) => x.name in values && !r.pathParams.includes(x.name))) {
          for (const v of values[q.name].slice(0, 3)) urls.add(`${p}?${[...base, `${q.name}=${encodeURIComponent(v)}`].join('&')}`);
        }
      }
    }
    // The attachment routes with the attachment's own ticket.
    for (const a of (await t.db.admin.query(`SELECT ticket_id, attachment_id FROM app.ticket_attachments WHERE ticket_id = ANY($1)`, [scope.tickets])).rows) {
      urls.add(`/api/tickets/${a.ticket_id}/attachments/${a.attachment_id}`);
      urls.add(`/api/ops/rfqs/${a.ticket_id}/attachments/${a.attachment_id}`);
    }
    expect(urls.size).toBeGreaterThan(100);
    const found: string[] = [];
    const errors: string[] = [];
    for (const url of urls) {
      const res = await t.http().get(url).set(auth).buffer(true).parse(text as never);
      if (res.status >= 500 && !url.startsWith('/api/health')) errors.push(`${url} ${res.status}`); // readiness may say 503 by design
      const body = String(res.body ?? '') + JSON.stringify(res.headers);
      // A search echoing the term back in a cursor or link is fine; a row is not: strip the query string from the haystack.
      const hits = leaks(body.split(url).join(''), scope.terms);
      if (hits.length) found.push(`${url} → ${hits.join(', ')}`);
    }
    expect(errors).toEqual([]);
    expect(found).toEqual([]);
    // Positive control: the same probe does find the identity where it may be shown (the customer 360 for the director).
    const director = { authorization: `Bearer ${(await t.login('director@demo.local')).access_token}` };
    const control = await t.http().get(`/api/customers/${scope.customers[0]}`).set(director);
    expect(control.status).toBe(200);
    expect(leaks(control.text, scope.terms).length).toBeGreaterThan(0);
  });

  it('no table, view or argument-less function reveals a masked customer in SQL', async () => {
    const u = (await loadDemoUsers(t.db)).find((x) => x.email === email)!;
    const s = await SqlSession.open(t.db, u);
    try {
      const rels = (await t.db.admin.query(
        `SELECT format('%I.%I', n.nspname, c.relname) AS r FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('app', 'auth') AND c.relkind IN ('r', 'v', 'm', 'p') ORDER BY 1`)).rows.map((r) => r.r as string);
      const fns = (await t.db.admin.query(
        `SELECT p.oid::regprocedure::text AS f, format('%I.%I', n.nspname, p.proname) AS proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname IN ('app', 'auth') AND p.prokind = 'f' AND p.provolatile IN ('s', 'i') AND p.pronargs = p.pronargdefaults
            AND p.prorettype <> 'trigger'::regtype AND has_function_privilege('authenticated', p.oid, 'EXECUTE')`)).rows;
      const found: string[] = [];
      let readable = 0;
      for (const rel of rels) {
        const r = await s.query<{ j: unknown }>(`SELECT coalesce(json_agg(x), '[]') AS j FROM ${rel} x`).catch(() => null);
        if (!r) continue;
        readable++;
        const hits = leaks(JSON.stringify(r.rows[0].j), scope.terms);
        if (hits.length) found.push(`${rel}: ${hits.join(', ')}`);
      }
      for (const fn of fns) {
        const r = await s.query<{ j: unknown }>(`SELECT to_jsonb(x) AS j FROM ${fn.proname}() x`).catch(() => null);
        if (!r) continue;
        const hits = leaks(JSON.stringify(r.rows), scope.terms);
        if (hits.length) found.push(`${fn.f}: ${hits.join(', ')}`);
      }
      // And the ops functions on every masked RFQ of the department.
      for (const id of scope.tickets) {
        for (const fn of ['ops_rfq_messages', 'ops_rfq_attachments', 'ops_rfq_quotes']) {
          const r = await s.query<{ j: unknown }>(`SELECT coalesce(json_agg(x), '[]') AS j FROM app.${fn}($1) x`, [id]);
          const hits = leaks(JSON.stringify(r.rows[0].j), scope.terms);
          if (hits.length) found.push(`${fn}(${id}): ${hits.join(', ')}`);
        }
      }
      expect(readable).toBeGreaterThan(20);
      expect(found).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
