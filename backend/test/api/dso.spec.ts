import ExcelJS from 'exceljs';
import { createTestApp, TestApp } from '../helpers/app.js';

/** AR/DSO over HTTP: invoices, payments, aging, rolling DSO, collection tickets, exports — as the roles of rls.md. */
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

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status, title: expect.any(String), detail: expect.any(String) } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.text).not.toMatch(/SELECT |INSERT |_pkey\b|\bconstraint\b|at \w+ \(|kpi_targets_(key|no_overlap)|invoices_number_key|payments_reference_per_invoice_key/i);
}
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
function collect(res: { on(event: string, fn: (chunk: Buffer) => void): unknown }, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

let seq = 0;
const tag = () => `API/${Date.now() % 100000}/${++seq}`;
async function customerOwnedBy(who: string | null): Promise<string> {
  const { rows } = await t.db.admin.query(
    who
      ? `SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = $1 AND NOT EXISTS (SELECT 1 FROM app.prospects o WHERE o.customer_id = p.customer_id AND o.owner_user_id IS DISTINCT FROM $1 AND o.owner_user_id IS NOT NULL) ORDER BY 1 LIMIT 1`
      : `SELECT c.customer_id FROM app.customers c WHERE NOT EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = c.customer_id AND p.owner_user_id IS NOT NULL) ORDER BY 1 LIMIT 1`,
    who ? [uid[who]] : []);
  return rows[0].customer_id;
}
async function newInvoice(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.http().post('/api/invoices').set({ ...(await as('finance')), ...headers }).send({
    invoice_number: tag(), invoice_date: '2024-05-01', due_date: '2024-05-31', amount: '1000000.00', ...body,
  });
}

describe('POST /api/invoices', () => {
  it('finance records an invoice; the response carries the derived fields and money as decimal strings', async () => {
    const cust = await customerOwnedBy('sales1');
    const r = await newInvoice({ customer_id: cust, amount: 15750000.5, notes: 'Jasa ekspor' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      invoice_id: expect.stringMatching(/^IV-\d{4}-\d{6}$/), customer_id: cust, customer_company_name: expect.any(String), amount: '15750000.50',
      currency: 'IDR', paid_amount: '0.00', outstanding_amount: '15750000.50', is_overdue: true, status: 'OVERDUE', created_by: uid.finance,
    });
    expect(r.body.days_past_due).toBeGreaterThan(100);
    expect(r.body.created_at).toMatch(/\+07:00$/);
    const audit = await t.db.admin.query(`SELECT changed_by FROM app.audit_logs WHERE table_name = 'invoices' AND record_id = $1`, [r.body.invoice_id]);
    expect(audit.rows).toEqual([{ changed_by: uid.finance }]);
  });

  it('a retry never duplicates: same Idempotency-Key replays, same accounting number is 409 naming the field', async () => {
    const cust = await customerOwnedBy(null);
    const body = { customer_id: cust, invoice_number: tag() };
    const a = await newInvoice(body, { 'idempotency-key': `inv-${body.invoice_number}` });
    const b = await newInvoice(body, { 'idempotency-key': `inv-${body.invoice_number}` });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.invoice_id).toBe(a.body.invoice_id);
    const c = await newInvoice(body);
    expectProblem(c, 409);
    expect(fieldsOf(c.body)).toEqual(['invoice_number']);
    const n = await t.db.admin.query('SELECT count(*)::int AS n FROM app.invoices WHERE invoice_number = $1', [body.invoice_number]);
    expect(n.rows[0].n).toBe(1);
  });

  it('422 for every malformed or invalid field, 403 for roles that never write receivables', async () => {
    const cust = await customerOwnedBy(null);
    const bad = await t.http().post('/api/invoices').set(await as('finance')).send({ invoice_number: ' ', invoice_date: '2024-02-30', amount: '-5', extra: 1 });
    expectProblem(bad, 422);
    expect(fieldsOf(bad.body)).toEqual(expect.arrayContaining(['amount', 'customer_id', 'due_date', 'extra', 'invoice_date', 'invoice_number']));
    const rule = await newInvoice({ customer_id: cust, invoice_date: '2024-05-10', due_date: '2024-05-09' });
    expectProblem(rule, 422);
    expect(fieldsOf(rule.body)).toEqual(['due_date']);
    expectProblem(await newInvoice({ customer_id: 'CU-1999-000001' }), 422);
    expectProblem(await newInvoice({ customer_id: cust, amount: '1.234' }), 422);
    for (const who of ['director', 'sales.manager', 'sales1', 'mkt.manager', 'ops.dom']) {
      const r = await t.http().post('/api/invoices').set(await as(who)).send({ invoice_number: tag(), customer_id: cust, invoice_date: '2024-05-01', due_date: '2024-05-31', amount: '1' });
      expectProblem(r, 403);
    }
  });
});

describe('payments', () => {
  let inv: string;
  beforeAll(async () => {
    inv = (await newInvoice({ customer_id: await customerOwnedBy('sales1'), amount: '1000000.00' })).body.invoice_id;
  });

  it('records a payment and answers the invoice balance; an overpayment is 422 on amount, nothing written', async () => {
    const r = await t.http().post('/api/payments').set(await as('finance')).send({ invoice_id: inv, payment_date: '2024-05-10', amount: '400000', method: 'giro', reference: 'GIRO-001' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ payment_id: expect.stringMatching(/^PY-/), amount: '400000.00', method: 'giro', invoice: { paid_amount: '400000.00', outstanding_amount: '600000.00', status: 'OVERDUE' } });
    const over = await t.http().post('/api/payments').set(await as('finance')).send({ invoice_id: inv, payment_date: '2024-05-11', amount: '600000.01', reference: 'TRF-2' });
    expectProblem(over, 422);
    expect(over.body.errors).toEqual([{ field: 'amount', message: 'exceeds the outstanding amount (Rp 600.000)' }]);
    expect((await t.db.admin.query('SELECT count(*)::int AS n FROM app.payments WHERE invoice_id = $1', [inv])).rows[0].n).toBe(1);
  });

  it('retries never pay twice: same Idempotency-Key replays, same reference is 409', async () => {
    const body = { invoice_id: inv, payment_date: '2024-05-12', amount: '100000', reference: 'TRF-RETRY' };
    const h = { ...(await as('finance')), 'idempotency-key': 'pay-retry-1' };
    const a = await t.http().post('/api/payments').set(h).send(body);
    const b = await t.http().post('/api/payments').set(h).send(body);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.payment_id).toBe(a.body.payment_id);
    const c = await t.http().post('/api/payments').set(await as('finance')).send(body);
    expectProblem(c, 409);
    expect(fieldsOf(c.body)).toEqual(['reference']);
    const changed = await t.http().post('/api/payments').set(h).send({ ...body, amount: '1' });
    expectProblem(changed, 422);
    expect((await t.db.admin.query(`SELECT count(*)::int AS n FROM app.payments WHERE reference = 'TRF-RETRY'`)).rows[0].n).toBe(1);
  });

  it('two concurrent requests that together overpay: exactly one is refused, outstanding never negative', async () => {
    const id = (await newInvoice({ customer_id: await customerOwnedBy(null), amount: '500.00' })).body.invoice_id;
    const auth = await as('finance');
    const [a, b] = await Promise.all(['X1', 'X2'].map((ref) =>
      t.http().post('/api/payments').set(auth).send({ invoice_id: id, payment_date: '2024-05-15', amount: '300.00', reference: ref })));
    expect([a.status, b.status].sort()).toEqual([201, 422]);
    const d = await t.http().get(`/api/invoices/${id}`).set(auth);
    expect(d.body).toMatchObject({ paid_amount: '300.00', outstanding_amount: '200.00' });
    expect(d.body.payments).toHaveLength(1);
  });

  it('invoice detail carries its payments; sales see it only for their own customers (404 otherwise)', async () => {
    const d = await t.http().get(`/api/invoices/${inv}`).set(await as('sales1'));
    expect(d.status).toBe(200);
    expect(d.body.payments.map((p: { reference: string }) => p.reference)).toEqual(['GIRO-001', 'TRF-RETRY']);
    expect(d.body.outstanding_amount).toBe('500000.00');
    expectProblem(await t.http().get(`/api/invoices/${inv}`).set(await as('sales2')), 404);
    expectProblem(await t.http().get(`/api/invoices/${inv}`).set(await as('ops.dom')), 404);
    expectProblem(await t.http().get('/api/invoices/IV-1999-000001').set(await as('finance')), 404);
    const pays = await t.http().get(`/api/payments?invoice_id=${inv}`).set(await as('sales.manager'));
    expect(pays.body.items).toHaveLength(2);
    expect((await t.http().get(`/api/payments?invoice_id=${inv}`).set(await as('sales3'))).body.items).toHaveLength(0);
    expectProblem(await t.http().post('/api/payments').set(await as('sales1')).send({ invoice_id: inv, payment_date: '2024-05-12', amount: '1', reference: 'S' }), 403);
  });
});

describe('GET /api/invoices', () => {
  it('filters by q, customer and overdue; keyset pages cover everything once', async () => {
    const auth = await as('finance');
    const all = (await t.db.admin.query('SELECT count(*)::int AS n FROM app.invoices')).rows[0].n;
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const r: { body: { items: { invoice_id: string }[]; next_cursor: string | null } } = await t.http().get(`/api/invoices?limit=7${cursor ? `&cursor=${cursor}` : ''}`).set(auth);
      for (const i of r.body.items) seen.add(i.invoice_id);
      cursor = r.body.next_cursor;
    } while (cursor);
    expect(seen.size).toBe(all);
    const overdue = await t.http().get('/api/invoices?overdue=true&limit=200').set(auth);
    expect(overdue.body.items.length).toBeGreaterThan(0);
    expect(overdue.body.items.every((i: { is_overdue: boolean; outstanding_amount: string }) => i.is_overdue && Number(i.outstanding_amount) > 0)).toBe(true);
    const q = await t.http().get(`/api/invoices?q=${encodeURIComponent('API/')}`).set(auth);
    expect(q.body.items.length).toBeGreaterThan(0);
    expect(q.body.items.every((i: { invoice_number: string }) => i.invoice_number.startsWith('API/'))).toBe(true);
    const cust = await customerOwnedBy('sales1');
    const byCust = await t.http().get(`/api/invoices?customer_id=${cust}`).set(auth);
    expect(byCust.body.items.every((i: { customer_id: string }) => i.customer_id === cust)).toBe(true);
    expectProblem(await t.http().get('/api/invoices?overdue=yes').set(auth), 422);
    expectProblem(await t.http().get('/api/invoices?cursor=bogus').set(auth), 422);
  });

  it('a salesperson lists only invoices of their own customers; marketing and ops may not list receivables', async () => {
    const s1 = await t.http().get('/api/invoices?limit=200').set(await as('sales1'));
    const expected = (await t.db.admin.query(
      `SELECT i.invoice_id FROM app.invoices i WHERE EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = i.customer_id AND p.owner_user_id = $1) ORDER BY 1`, [uid.sales1])).rows.map((r) => r.invoice_id);
    expect(s1.body.items.map((i: { invoice_id: string }) => i.invoice_id).sort()).toEqual(expected);
    const s2 = await t.http().get('/api/invoices?limit=200').set(await as('sales2'));
    const s2ids = new Set(s2.body.items.map((i: { invoice_id: string }) => i.invoice_id));
    const onlyS1 = (await t.db.admin.query(
      `SELECT i.invoice_id FROM app.invoices i WHERE EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = i.customer_id AND p.owner_user_id = $1)
         AND NOT EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = i.customer_id AND p.owner_user_id = $2)`, [uid.sales1, uid.sales2])).rows.map((r) => r.invoice_id);
    expect(onlyS1.length).toBeGreaterThan(0);
    expect(onlyS1.filter((id) => s2ids.has(id))).toEqual([]);
    for (const who of ['mkt.manager', 'mkt.staff', 'ops.dom']) {
      expectProblem(await t.http().get('/api/invoices').set(await as(who)), 403);
      expectProblem(await t.http().get('/api/dso/aging').set(await as(who)), 403);
    }
  });
});

describe('GET /api/invoices/export', () => {
  it('CSV: BOM, header, formula injection neutralised, numbers stay numbers', async () => {
    const cust = await customerOwnedBy(null);
    const n = ++seq;
    const num = `=HYPERLINK("http://x")/${n}`;
    await newInvoice({ customer_id: cust, invoice_number: num, notes: '+cmd|calc', amount: '1234.50' });
    const r = await t.http().get(`/api/invoices/export?format=csv&q=${encodeURIComponent('HYPERLINK')}`).set(await as('finance')).buffer(true).parse((res, cb) => collect(res, cb));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="invoices-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = (r.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFinvoice_id,invoice_number,')).toBe(true);
    const line = text.split('\r\n')[1];
    expect(line).toContain(`"'=HYPERLINK(""http://x"")/${n}"`);
    expect(line).toContain(`'+cmd|calc`);
    expect(line).toContain(',1234.50,0.00,1234.50,');
  });

  it('XLSX: amounts are numeric cells; sales export only their own rows; ops 403', async () => {
    const r = await t.http().get('/api/invoices/export?format=xlsx').set(await as('sales1')).buffer(true).parse((res, cb) => collect(res, cb));
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['invoice_id', 'invoice_number', 'customer_id']);
    const listed = await t.http().get('/api/invoices?limit=200').set(await as('sales1'));
    expect(ws.rowCount - 1).toBe(listed.body.items.length);
    expect(typeof ws.getRow(2).getCell(header.indexOf('amount') + 1).value).toBe('number');
    expectProblem(await t.http().get('/api/invoices/export?format=xlsx').set(await as('ops.dom')), 403);
    expectProblem(await t.http().get('/api/invoices/export?format=pdf').set(await as('finance')), 422);
  });
});

describe('GET /api/dso/*', () => {
  it('aging: per customer and in total, buckets add up to the outstanding to the cent', async () => {
    const r = await t.http().get('/api/dso/aging').set(await as('finance'));
    expect(r.status).toBe(200);
    expect(r.body.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const buckets = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'] as const;
    const cents = (v: string) => Math.round(Number(v) * 100);
    for (const row of r.body.items) {
      expect(buckets.reduce((s, b) => s + cents(row[b]), 0)).toBe(cents(row.total));
    }
    for (const b of [...buckets, 'total' as const]) {
      expect(r.body.items.reduce((s: number, row: Record<string, string>) => s + cents(row[b]), 0)).toBe(cents(r.body.totals[b]));
    }
    const out = await t.http().get('/api/dso/outstanding?limit=200').set(await as('finance'));
    expect(cents(out.body.totals.outstanding_amount)).toBe(cents(r.body.totals.total));
    // every bucket has something in the demo
    for (const b of buckets) expect(cents(r.body.totals[b])).toBeGreaterThan(0);
    const one = r.body.items[0];
    const only = await t.http().get(`/api/dso/aging?customer_id=${one.customer_id}`).set(await as('finance'));
    expect(only.body.items).toEqual([one]);
    expect(only.body.totals).toEqual(Object.fromEntries([...buckets, 'total'].map((b) => [b, one[b]])));
    const past = await t.http().get('/api/dso/aging?as_of=2000-01-01').set(await as('finance'));
    expect(past.body).toMatchObject({ as_of: '2000-01-01', items: [], totals: { total: '0.00' } });
  });

  it('aging as a salesperson covers only their customers', async () => {
    const s1 = await t.http().get('/api/dso/aging').set(await as('sales1'));
    const own = (await t.db.admin.query(`SELECT DISTINCT p.customer_id FROM app.prospects p WHERE p.owner_user_id = $1`, [uid.sales1])).rows.map((r) => r.customer_id);
    expect(s1.body.items.length).toBeGreaterThan(0);
    expect(s1.body.items.every((i: { customer_id: string }) => own.includes(i.customer_id))).toBe(true);
  });

  it('outstanding: the overdue work list, most overdue first, with overdue %', async () => {
    const r = await t.http().get('/api/dso/outstanding?overdue=true&limit=5').set(await as('finance'));
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every((i: { overdue_invoice_count: number }) => i.overdue_invoice_count > 0)).toBe(true);
    const amounts = r.body.items.map((i: { overdue_amount: string }) => Number(i.overdue_amount));
    expect([...amounts].sort((a, b) => b - a)).toEqual(amounts);
    expect(typeof r.body.totals.overdue_pct).toBe('number');
    if (r.body.next_cursor) {
      const next = await t.http().get(`/api/dso/outstanding?overdue=true&limit=5&cursor=${r.body.next_cursor}`).set(await as('finance'));
      expect(next.body.items[0].customer_id).not.toBe(r.body.items[0].customer_id);
    }
  });

  it('rolling: one row per day with dso null when NA; range limits', async () => {
    const r = await t.http().get('/api/dso/rolling?from=2000-01-01&to=2000-01-31').set(await as('director'));
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(31);
    expect(r.body.items[0]).toEqual({ day: '2000-01-01', ar_balance: '0.00', credit_sales_30d: '0.00', dso: null });
    expect(r.body.countback_dso).toBe(0);
    const recent = await t.http().get('/api/dso/rolling').set(await as('finance'));
    expect(recent.body.items).toHaveLength(90);
    expect(recent.body.items.at(-1).day).toBe(recent.body.to);
    expect(typeof recent.body.items.at(-1).dso).toBe('number');
    expectProblem(await t.http().get('/api/dso/rolling?from=2024-01-01&to=2025-06-01').set(await as('finance')), 422);
    expectProblem(await t.http().get('/api/dso/rolling?from=2024-02-01&to=2024-01-01').set(await as('finance')), 422);
  });
});

describe('POST /api/dso/collection-tickets', () => {
  it('creates a FIN general_request for an overdue customer; refused without overdue, for the director, for invisible customers', async () => {
    const overdue = (await t.http().get('/api/dso/outstanding?overdue=true&limit=1').set(await as('finance'))).body.items[0];
    const r = await t.http().post('/api/dso/collection-tickets').set(await as('finance')).send({ customer_id: overdue.customer_id });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ticket_id: expect.stringMatching(/^TK-/), ticket_type: 'general_request', dept_target: 'FIN', related_customer_id: overdue.customer_id, created_by: uid.finance });
    expect(r.body.subject).toContain(`${overdue.overdue_invoice_count} faktur lewat jatuh tempo`);
    const clean = (await t.db.admin.query(`SELECT customer_id FROM app.customers c WHERE NOT EXISTS (SELECT 1 FROM app.v_invoice_outstanding o WHERE o.customer_id = c.customer_id AND o.is_overdue) LIMIT 1`)).rows[0].customer_id;
    expectProblem(await t.http().post('/api/dso/collection-tickets').set(await as('finance')).send({ customer_id: clean }), 422);
    expectProblem(await t.http().post('/api/dso/collection-tickets').set(await as('director')).send({ customer_id: overdue.customer_id }), 403);
    const s1cust = await customerOwnedBy('sales1');
    expectProblem(await t.http().post('/api/dso/collection-tickets').set(await as('sales2')).send({ customer_id: s1cust }), 404);
    expectProblem(await t.http().post('/api/dso/collection-tickets').set(await as('finance')).send({}), 422);
  });
});

describe('OpenAPI', () => {
  it('documents every AR route', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    for (const p of ['/api/invoices', '/api/invoices/{invoice_id}', '/api/invoices/export', '/api/payments', '/api/dso/outstanding', '/api/dso/aging', '/api/dso/rolling', '/api/dso/collection-tickets']) {
      expect(doc.paths[p]).toBeDefined();
    }
    expect(doc.components.schemas.CreatePaymentDto.properties.amount.example).toBe('5000000.00');
  });
});
