import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { cellValue, neutraliseCell } from '../../src/core/http/export.js';
import { createTestApp, TestApp } from '../helpers/app.js';

/**
 * Exports of every list (issue 7): each `GET /api/<list>/export` returns a
 * parseable CSV and a valid XLSX whose rows are exactly the list's rows for
 * the same filters as the same user; RLS applies (a salesperson's export holds
 * only their rows, never another salesperson's); hostile-looking text comes
 * back neutralised in both formats while money stays numeric; the ops RFQ
 * export holds no identity; audit/users are refused to other roles; a bad
 * format is a 422 problem.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const uid: Record<string, string> = {};

async function as(who: string): Promise<{ authorization: string }> {
  tokens[who] ??= (await t.login(`${who}@demo.local`)).access_token;
  return { authorization: `Bearer ${tokens[who]}` };
}

function expectProblem(res: { status: number; headers: Record<string, string>; body: unknown; text?: string }, status: number) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status, title: expect.any(String), detail: expect.any(String) } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.text ?? '').not.toMatch(/SELECT |INSERT |_pkey\b|\bconstraint\b|at \w+ \(/i);
}

function collect(res: { on(event: string, fn: (chunk: Buffer) => void): unknown }, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

let seq = 0;
const tag = () => `x${Date.now().toString(36)}${(++seq).toString(36)}`;

// ------------------------------------------------------------------ files ---

type Cell = string | number | null;
interface Sheet {
  header: string[];
  rows: Cell[][];
}

async function download(url: string, who: string) {
  return t.http().get(url).set(await as(who)).buffer(true).parse((res, cb) => collect(res, cb));
}

function withParam(url: string, param: string): string {
  return url + (url.includes('?') ? '&' : '?') + param;
}

/** The CSV export of a list URL, checked for BOM, headers and parsed with csv-parse. */
async function csvOf(url: string, who: string, name: string): Promise<Sheet> {
  const r = await download(withParam(url, 'format=csv'), who);
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(r.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${name}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
  const buf = r.body as Buffer;
  expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records = parse(buf, { bom: true, relax_quotes: false, skip_empty_lines: false }) as string[][];
  const [header, ...rows] = records;
  for (const row of rows) expect(row).toHaveLength(header.length);
  return { header, rows };
}

/** The XLSX export of a list URL, read back with exceljs. */
async function xlsxOf(url: string, who: string, name: string): Promise<Sheet> {
  const r = await download(withParam(url, 'format=xlsx'), who);
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(r.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${name}-\\d{4}-\\d{2}-\\d{2}\\.xlsx"$`));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.body as unknown as ExcelJS.Buffer);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0];
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Cell[][] = [];
  for (let i = 2; i <= ws.rowCount; i++) {
    const row = ws.getRow(i);
    rows.push(header.map((_, c) => {
      const v = row.getCell(c + 1).value;
      if (v === null || v === undefined) return null;
      expect(['string', 'number']).toContain(typeof v);
      return v as string | number;
    }));
  }
  return { header, rows };
}

// ------------------------------------------------------------------ lists ---

type Item = Record<string, unknown>;

/** Every item of a list URL as the user sees it, following next_cursor. */
async function listAll(url: string, who: string, itemsOf: (body: unknown) => Item[] = (b) => (b as { items: Item[] }).items): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = null;
  do {
    const page: string = cursor ? withParam(url, `cursor=${encodeURIComponent(cursor)}`) : url;
    const r: { status: number; body: { next_cursor?: string | null } } = await t.http().get(page).set(await as(who));
    expect(r.status).toBe(200);
    out.push(...itemsOf(r.body));
    cursor = Array.isArray(r.body) ? null : (r.body.next_cursor ?? null);
  } while (cursor);
  return out;
}

const FORMULA = /^[=+\-@\t\r]/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A JSON value as an export writes it (before neutralisation). */
function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.map((x) => (x === null ? '' : String(x))).join(', ');
  return JSON.stringify(v);
}

/**
 * The export equals the list: same rows in the same order; every exported
 * column that is a field of the list item holds that field (text neutralised,
 * numbers as numbers in XLSX and plain in CSV); CSV and XLSX agree cell by cell.
 */
function expectSameRows(csv: Sheet, xlsx: Sheet, items: Item[], opts: { volatile?: string[]; expectNumeric?: string[] } = {}): void {
  expect(xlsx.header).toEqual(csv.header);
  for (const h of csv.header) expect(h).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(csv.rows).toHaveLength(items.length);
  expect(xlsx.rows).toHaveLength(items.length);
  const compared = csv.header.filter((h) => items.length === 0 || h in items[0]);
  expect(compared.length).toBeGreaterThanOrEqual(Math.min(3, csv.header.length));
  for (const h of opts.expectNumeric ?? []) {
    const c = csv.header.indexOf(h);
    expect(c).toBeGreaterThanOrEqual(0);
    for (const row of xlsx.rows) if (row[c] !== null) expect(typeof row[c]).toBe('number');
  }
  items.forEach((item, i) => {
    csv.header.forEach((h, c) => {
      const x = xlsx.rows[i][c];
      const s = csv.rows[i][c];
      // Time-dependent columns (minutes to due, idle hours) move between the requests.
      if (opts.volatile?.includes(h)) return;
      // CSV and XLSX carry the same cell.
      if (typeof x === 'number') expect(Number(s)).toBe(x);
      else expect(s).toBe(x ?? '');
      if (!(h in item)) return;
      const text = textOf(item[h]);
      if (typeof x === 'number') {
        expect(text).toMatch(NUMERIC);
        expect(Number(text)).toBe(x);
        expect(s).toBe(text);
      } else {
        expect({ row: i, column: h, value: s }).toEqual({ row: i, column: h, value: FORMULA.test(text) ? `'${text}` : text });
      }
    });
  });
}

async function expectExportEqualsList(
  listUrl: string,
  exportUrl: string,
  who: string,
  name: string,
  opts: { itemsOf?: (b: unknown) => Item[]; volatile?: string[]; expectNumeric?: string[]; minRows?: number } = {},
): Promise<{ csv: Sheet; xlsx: Sheet; items: Item[] }> {
  const items = await listAll(listUrl, who, opts.itemsOf);
  const csv = await csvOf(exportUrl, who, name);
  const xlsx = await xlsxOf(exportUrl, who, name);
  expect(items.length).toBeGreaterThanOrEqual(opts.minRows ?? 1);
  expectSameRows(csv, xlsx, items, opts);
  return { csv, xlsx, items };
}

function column(sheet: Sheet, h: string): Cell[] {
  const c = sheet.header.indexOf(h);
  expect(c).toBeGreaterThanOrEqual(0);
  return sheet.rows.map((r) => r[c]);
}

// ------------------------------------------------------------------ setup ---

let importId: string;
const hostile = { k: '', leadId: '', invoiceId: '', ticketId: '', rfqLead: { company: '', email: '', phone: '', npwp: '', ticketId: '' } };

async function customerOwnedBy(who: string): Promise<string> {
  const { rows } = await t.db.admin.query(
    `SELECT p.customer_id FROM app.prospects p WHERE p.owner_user_id = $1
        AND NOT EXISTS (SELECT 1 FROM app.prospects o WHERE o.customer_id = p.customer_id AND o.owner_user_id IS DISTINCT FROM $1 AND o.owner_user_id IS NOT NULL)
      ORDER BY 1 LIMIT 1`,
    [uid[who]],
  );
  return rows[0].customer_id;
}

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.admin.query<{ email: string; user_id: string }>('SELECT email, user_id FROM app.profiles');
  for (const r of rows) uid[r.email.replace('@demo.local', '')] = r.user_id;
  const k = (hostile.k = tag());

  // Text that merely looks hostile is valid data (stored verbatim) and must come back neutralised.
  const lead = await t.http().post('/api/leads').set(await as('mkt.staff')).send({
    company_name: `=HYPERLINK("x") ${k}`, contact_name: '+1', notes: '@SUM(A1)', source_channel: 'website',
  });
  expect(lead.status).toBe(201);
  hostile.leadId = lead.body.lead_id;

  const rfq = hostile.rfqLead;
  rfq.company = `PT Rahasia ${k}`;
  rfq.email = `rahasia.${k}@contoh.co.id`;
  rfq.phone = `0813${digits(8)}`;
  rfq.npwp = digits(15);
  const withRfq = await t.http().post('/api/leads').set(await as('mkt.staff')).send({
    company_name: rfq.company, contact_name: `Ibu Rahasia ${k}`, email: rfq.email, phone: rfq.phone, npwp: rfq.npwp, source_channel: 'referral',
    rfq: { origin: 'Jakarta', destination: `Singapore ${k}`, service_type: 'sea_fcl', commodity: '-2+3', weight_kg: 1200 },
  });
  expect(withRfq.status).toBe(201);
  rfq.ticketId = withRfq.body.ticket_id;

  const inv = await t.http().post('/api/invoices').set(await as('finance')).send({
    invoice_number: `=HYPERLINK("x")/${k}`, customer_id: await customerOwnedBy('sales1'), invoice_date: '2024-05-01', due_date: '2024-05-31',
    amount: '1500000.00', notes: '-2+3',
  });
  expect(inv.status).toBe(201);
  hostile.invoiceId = inv.body.invoice_id;

  const ticket = await t.http().post('/api/tickets').set(await as('sales1')).send({
    ticket_type: 'general_request', dept_target: 'FIN', subject: `@SUM(A1) ${k}`, description: 'Permintaan',
  });
  expect(ticket.status).toBe(201);
  hostile.ticketId = ticket.body.ticket_id;

  expect((await t.http().post('/api/marketing/spend').set(await as('mkt.staff')).send({ channel: 'social_media', spend_date: '2026-10-01', amount: '1500000.00', notes: `-2+3 ${k}` })).status).toBe(201);
  expect((await t.http().post('/api/marketing/events').set(await as('mkt.staff')).send({ event_type: 'event', channel: 'event', occurred_at: '2026-10-02', title: `+1 ${k}`, notes: '=1+1' })).status).toBe(201);
  expect((await t.http().post('/api/kpi/entries').set(await as('sales1')).send({ metric_key: 'SAL_REFERRALS', entry_date: '2026-10-03', value: '2', notes: `=1+2 ${k}` })).status).toBe(201);

  const file = Buffer.from(`channel,spend_date,amount,notes\r\nsocial_media,2026-09-01,250000,"=HYPERLINK(""y"")"\r\nbillboard,2026-09-02,100,+1\r\n`, 'utf8');
  const up = await t.http().post('/api/imports').set(await as('mkt.staff')).field('module', 'marketing_spend').attach('file', file, { filename: `spend-${k}.csv` });
  expect(up.status).toBe(201);
  importId = up.body.import_id;
});
afterAll(async () => {
  await t?.close();
});

// ------------------------------------------------------------- every list ---

describe('every export equals its list (same filters, same user) in CSV and XLSX', () => {
  it('leads (marketing manager with a filter; salesperson)', async () => {
    await expectExportEqualsList('/api/leads?limit=200&source_channel=website', '/api/leads/export?source_channel=website', 'mkt.manager', 'leads');
    await expectExportEqualsList('/api/leads?limit=200', '/api/leads/export', 'sales1', 'leads');
  });

  it('customers, prospects, activities', async () => {
    await expectExportEqualsList('/api/customers?limit=200', '/api/customers/export', 'finance', 'customers');
    await expectExportEqualsList('/api/prospects?limit=200', '/api/prospects/export', 'sales.manager', 'prospects');
    await expectExportEqualsList('/api/activities?limit=200&include_system=false', '/api/activities/export?include_system=false', 'sales.manager', 'activities', {
      expectNumeric: ['location_lat', 'location_lng'],
    });
  });

  it('marketing events and spend', async () => {
    await expectExportEqualsList('/api/marketing/events?limit=200', '/api/marketing/events/export', 'mkt.manager', 'marketing-events', { expectNumeric: ['leads_generated'] });
    await expectExportEqualsList('/api/marketing/spend?limit=200&channel=social_media', '/api/marketing/spend/export?channel=social_media', 'finance', 'marketing-spend', {
      expectNumeric: ['amount'],
    });
  });

  it('tickets: mine, department queue, all; stale tickets', async () => {
    const volatile = ['business_minutes_to_due', 'sla_state', 'next_due_at'];
    const mine = await expectExportEqualsList('/api/tickets?limit=200&mine=true', '/api/tickets/export?mine=true', 'sales1', 'tickets', { volatile });
    expect(column(mine.csv, 'ticket_id')).toContain(hostile.ticketId);
    const queue = await expectExportEqualsList('/api/tickets?limit=200&queue=true', '/api/tickets/export?queue=true', 'ops.dom', 'tickets', { volatile });
    expect(new Set(column(queue.csv, 'dept_target'))).toEqual(new Set(['DOM']));
    await expectExportEqualsList('/api/tickets?limit=200&open=true', '/api/tickets/export?open=true', 'director', 'tickets', { volatile });
    await expectExportEqualsList('/api/tickets/stale?limit=200', '/api/tickets/stale/export', 'director', 'tickets-stale', {
      volatile: ['idle_hours'], minRows: 0, expectNumeric: ['threshold_hours'],
    });
  });

  it('ops RFQs: the masked queue only', async () => {
    const { csv } = await expectExportEqualsList('/api/ops/rfqs?limit=200', '/api/ops/rfqs/export', 'ops.exi', 'rfqs', {
      volatile: ['business_minutes_to_due', 'sla_state', 'next_due_at'], expectNumeric: ['weight_kg'],
    });
    expect(column(csv, 'ticket_id')).toContain(hostile.rfqLead.ticketId);
    expect(new Set(column(csv, 'company_name'))).toEqual(new Set(['MASKED']));
  });

  it('invoices, payments, outstanding, aging', async () => {
    await expectExportEqualsList('/api/invoices?limit=200', '/api/invoices/export', 'sales1', 'invoices', { expectNumeric: ['amount', 'paid_amount', 'outstanding_amount'] });
    await expectExportEqualsList('/api/invoices?limit=200&overdue=true', '/api/invoices/export?overdue=true', 'finance', 'invoices');
    await expectExportEqualsList('/api/payments?limit=200', '/api/payments/export', 'finance', 'payments', { expectNumeric: ['amount'] });
    await expectExportEqualsList('/api/dso/outstanding?limit=200', '/api/dso/outstanding/export', 'sales.manager', 'outstanding', {
      expectNumeric: ['outstanding_amount', 'overdue_amount', 'invoice_count'],
    });
    await expectExportEqualsList('/api/dso/aging?limit=1000&as_of=2026-06-30', '/api/dso/aging/export?as_of=2026-06-30', 'finance', 'aging', {
      expectNumeric: ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total'],
    });
  });

  it('KPI catalogue, targets, entries, progress', async () => {
    const asArray = (b: unknown) => b as Item[];
    await expectExportEqualsList('/api/kpi/metrics?department=SAL', '/api/kpi/metrics/export?department=SAL', 'sales1', 'kpi-metrics');
    await expectExportEqualsList('/api/kpi/targets?limit=200', '/api/kpi/targets/export', 'sales.manager', 'kpi-targets', { expectNumeric: ['target_value'] });
    await expectExportEqualsList('/api/kpi/entries?limit=200', '/api/kpi/entries/export', 'sales1', 'kpi-entries', { expectNumeric: ['value'] });
    const p = await expectExportEqualsList(
      '/api/kpi/progress?period_start=2026-10-01&period_end=2026-10-31',
      '/api/kpi/progress/export?period_start=2026-10-01&period_end=2026-10-31',
      'sales1',
      'kpi-progress',
      { itemsOf: asArray },
    );
    expect(new Set(column(p.csv, 'assignee_user_id'))).toEqual(new Set([uid.sales1]));
    expect(new Set(column(p.csv, 'period_start'))).toEqual(new Set(['2026-10-01']));
    // A person the caller may not read: 404 problem, no file.
    expectProblem(await t.http().get(`/api/kpi/progress/export?assignee_user_id=${uid.sales2}`).set(await as('sales1')), 404);
  });

  it('imports and the rows of an import', async () => {
    await expectExportEqualsList('/api/imports?limit=200', '/api/imports/export', 'mkt.staff', 'imports', { expectNumeric: ['total_rows'] });
    const { csv } = await expectExportEqualsList(`/api/imports/${importId}/rows?limit=200`, `/api/imports/${importId}/rows/export`, 'mkt.staff', `${importId}-rows`);
    // After the row fields come the cells as uploaded, neutralised.
    expect(csv.header).toEqual(['row_number', 'status', 'error_message', 'target_id', 'note', 'processed_at', 'channel', 'spend_date', 'amount', 'notes']);
    expect(column(csv, 'notes')).toEqual([`'=HYPERLINK("y")`, "'+1"]);
    // Another user's import does not exist for them.
    expectProblem(await t.http().get(`/api/imports/${importId}/rows/export`).set(await as('sales1')), 404);
  });

  it('streams past one keyset batch: 1 205 rows come out complete and in list order', async () => {
    await t.db.admin.query(
      `INSERT INTO app.marketing_spend (channel, spend_date, amount, notes, created_by)
       SELECT 'other', DATE '2025-01-01' + (i % 300), (1000 + i)::numeric / 100, 'batch ' || i, $1 FROM generate_series(1, 1205) i`,
      [uid['mkt.staff']],
    );
    const { items } = await expectExportEqualsList('/api/marketing/spend?limit=200&channel=other', '/api/marketing/spend/export?channel=other', 'mkt.manager', 'marketing-spend', {
      expectNumeric: ['amount'],
    });
    expect(items.length).toBeGreaterThanOrEqual(1205);
  });

  it('audit (director) and users (super_admin)', async () => {
    await expectExportEqualsList('/api/audit?limit=200&table_name=leads', '/api/audit/export?table_name=leads', 'director', 'audit');
    await expectExportEqualsList('/api/users?limit=200', '/api/users/export', 'admin', 'users');
    await expectExportEqualsList('/api/users?limit=200&role=salesperson', '/api/users/export?role=salesperson', 'admin', 'users');
  });
});

// ------------------------------------------------------------------- RLS ---

describe('RLS: an export holds only what the caller may see', () => {
  it('a salesperson exports only own leads, customers, prospects and invoices — never those of another salesperson', async () => {
    for (const [list, ownerCol, idCol] of [
      ['leads', 'sales_owner_user_id', 'lead_id'],
      ['prospects', 'owner_user_id', 'prospect_id'],
    ] as const) {
      const mine = await csvOf(`/api/${list}/export`, 'sales1', list);
      const theirs = await csvOf(`/api/${list}/export`, 'sales2', list);
      expect(mine.rows.length).toBeGreaterThan(0);
      expect(theirs.rows.length).toBeGreaterThan(0);
      expect(new Set(column(mine, ownerCol))).toEqual(new Set([uid.sales1]));
      const mineIds = new Set(column(mine, idCol));
      for (const id of column(theirs, idCol)) expect(mineIds.has(id)).toBe(false);
    }
    for (const [list, idCol] of [['customers', 'customer_id'], ['invoices', 'invoice_id']] as const) {
      const mine = await csvOf(`/api/${list}/export`, 'sales1', list);
      const theirs = await csvOf(`/api/${list}/export`, 'sales2', list);
      const all = await csvOf(`/api/${list}/export`, 'finance', list);
      expect(mine.rows.length).toBeGreaterThan(0);
      expect(theirs.rows.length).toBeGreaterThan(0);
      // Exclusively sales2's rows never reach sales1, and sales1 sees less than finance.
      const mineIds = new Set(column(mine, idCol));
      const onlyTheirs = column(theirs, idCol).filter((id) => !mineIds.has(id));
      expect(onlyTheirs.length).toBeGreaterThan(0);
      expect(mine.rows.length).toBeLessThan(all.rows.length);
    }
    const inv = await csvOf('/api/invoices/export', 'sales1', 'invoices');
    expect(column(inv, 'invoice_id')).toContain(hostile.invoiceId);
    expect(column(await csvOf('/api/invoices/export', 'sales2', 'invoices'), 'invoice_id')).not.toContain(hostile.invoiceId);
  });

  it('roles that may not read a list are refused its export (403), like the list', async () => {
    const refused: [string, string][] = [
      ['/api/leads/export', 'ops.dom'], ['/api/leads/export', 'finance'], ['/api/customers/export', 'ops.dom'], ['/api/prospects/export', 'ops.exi'],
      ['/api/activities/export', 'finance'], ['/api/marketing/spend/export', 'sales1'], ['/api/marketing/events/export', 'ops.dom'],
      ['/api/invoices/export', 'mkt.staff'], ['/api/payments/export', 'ops.dom'], ['/api/dso/aging/export', 'mkt.manager'],
      ['/api/dso/outstanding/export', 'ops.exi'], ['/api/ops/rfqs/export', 'sales1'], ['/api/ops/rfqs/export', 'director'],
    ];
    for (const [url, who] of refused) expectProblem(await t.http().get(url).set(await as(who)), 403);
    const anon = await t.http().get('/api/customers/export');
    expectProblem(anon, 401);
  });

  it('audit export: super_admin and director only; users export: super_admin only', async () => {
    for (const who of ['sales1', 'sales.manager', 'finance', 'mkt.manager', 'ops.dom']) expectProblem(await t.http().get('/api/audit/export').set(await as(who)), 403);
    for (const who of ['director', 'sales1', 'finance', 'mkt.manager']) expectProblem(await t.http().get('/api/users/export').set(await as(who)), 403);
    expect((await download('/api/audit/export?format=csv&table_name=invoices', 'admin')).status).toBe(200);
  });

  it('ops export the masked RFQs of their department: no contact, email, phone, NPWP or customer/lead id', async () => {
    const r = await download('/api/ops/rfqs/export?format=csv', 'ops.exi');
    expect(r.status).toBe(200);
    const text = (r.body as Buffer).toString('utf8');
    const header = text.replace(/^\uFEFF/, '').split('\r\n')[0].split(',');
    for (const h of ['contact_name', 'email', 'phone', 'npwp', 'customer_id', 'related_customer_id', 'related_lead_id', 'lead_id']) expect(header).not.toContain(h);
    const { rfqLead } = hostile;
    expect(text).toContain(rfqLead.ticketId);
    for (const secret of [rfqLead.company, rfqLead.email, rfqLead.phone, rfqLead.npwp, `Ibu Rahasia ${hostile.k}`]) expect(text).not.toContain(secret);
    const x = await download('/api/ops/rfqs/export?format=xlsx', 'ops.exi');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ExcelJS.Buffer);
    const cells = JSON.stringify(wb.worksheets[0].getSheetValues());
    expect(cells).toContain(rfqLead.ticketId);
    for (const secret of [rfqLead.company, rfqLead.email, rfqLead.phone, rfqLead.npwp]) expect(cells).not.toContain(secret);
    // ops of another department do not get this RFQ at all, and ops never get it through the tickets export.
    expect((await download('/api/ops/rfqs/export?format=csv', 'ops.dom')).body.toString('utf8')).not.toContain(rfqLead.ticketId);
    expect((await download('/api/tickets/export?format=csv', 'ops.exi')).body.toString('utf8')).not.toContain(rfqLead.ticketId);
  });
});

// ------------------------------------------------------- formula injection ---

describe('formula injection is neutralised; money stays numeric', () => {
  it('leads: =HYPERLINK, +1, @SUM come back apostrophe-prefixed in CSV and XLSX', async () => {
    const url = `/api/leads/export?q=${encodeURIComponent(hostile.k)}`;
    for (const sheet of [await csvOf(url, 'mkt.staff', 'leads'), await xlsxOf(url, 'mkt.staff', 'leads')]) {
      const i = column(sheet, 'lead_id').indexOf(hostile.leadId);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(column(sheet, 'company_name')[i]).toBe(`'=HYPERLINK("x") ${hostile.k}`);
      expect(column(sheet, 'contact_name')[i]).toBe("'+1");
      expect(column(sheet, 'notes')[i]).toBe("'@SUM(A1)");
    }
  });

  it('invoices: the number and notes neutralised, amounts numbers (XLSX) and plain decimals (CSV)', async () => {
    const url = `/api/invoices/export?q=${encodeURIComponent(hostile.k)}`;
    const csv = await csvOf(url, 'finance', 'invoices');
    const xlsx = await xlsxOf(url, 'finance', 'invoices');
    expect(csv.rows).toHaveLength(1);
    expect(column(csv, 'invoice_number')).toEqual([`'=HYPERLINK("x")/${hostile.k}`]);
    expect(column(xlsx, 'invoice_number')).toEqual([`'=HYPERLINK("x")/${hostile.k}`]);
    expect(column(csv, 'notes')).toEqual(["'-2+3"]);
    expect(column(xlsx, 'notes')).toEqual(["'-2+3"]);
    expect(column(csv, 'amount')).toEqual(['1500000.00']);
    expect(column(xlsx, 'amount')).toEqual([1500000]);
    expect(column(xlsx, 'outstanding_amount')).toEqual([1500000]);
    // A negative number in a numeric column is a number, not neutralised text.
    const dpd = column(xlsx, 'days_past_due')[0];
    expect(typeof dpd).toBe('number');
  });

  it('marketing spend and events, tickets, KPI entries, RFQs: every leading = + - @ TAB', async () => {
    const spend = await xlsxOf('/api/marketing/spend/export?from=2026-10-01&to=2026-10-01', 'mkt.staff', 'marketing-spend');
    const si = column(spend, 'notes').indexOf(`'-2+3 ${hostile.k}`);
    expect(si).toBeGreaterThanOrEqual(0);
    expect(column(spend, 'amount')[si]).toBe(1500000);
    const spendCsv = await csvOf('/api/marketing/spend/export?from=2026-10-01&to=2026-10-01', 'mkt.staff', 'marketing-spend');
    expect(column(spendCsv, 'amount')[column(spendCsv, 'notes').indexOf(`'-2+3 ${hostile.k}`)]).toBe('1500000.00');

    const events = await csvOf('/api/marketing/events/export?from=2026-10-02&to=2026-10-02', 'mkt.staff', 'marketing-events');
    const ei = column(events, 'title').indexOf(`'+1 ${hostile.k}`);
    expect(ei).toBeGreaterThanOrEqual(0);
    expect(column(events, 'notes')[ei]).toBe("'=1+1");

    const tickets = await xlsxOf('/api/tickets/export?mine=true', 'sales1', 'tickets');
    expect(column(tickets, 'subject')).toContain(`'@SUM(A1) ${hostile.k}`);

    const entries = await csvOf('/api/kpi/entries/export?from=2026-10-03&to=2026-10-03', 'sales1', 'kpi-entries');
    const ki = column(entries, 'notes').indexOf(`'=1+2 ${hostile.k}`);
    expect(ki).toBeGreaterThanOrEqual(0);
    expect(column(entries, 'value')[ki]).toBe('2.00');

    const rfqs = await xlsxOf(`/api/ops/rfqs/export?q=${encodeURIComponent(hostile.k)}`, 'ops.exi', 'rfqs');
    expect(column(rfqs, 'commodity')).toEqual(["'-2+3"]);
    expect(column(rfqs, 'weight_kg')).toEqual([1200]);
  });
});

describe('cells (core/http/export)', () => {
  it('neutralises = + - @ TAB CR at the start of text, keeps numbers of numeric columns', () => {
    for (const v of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("x")']) expect(neutraliseCell(v)).toBe(`'${v}`);
    for (const v of ['PT Maju', '1+1', ' =1', 'a=b', '', "'quoted"]) expect(neutraliseCell(v)).toBe(v);
    expect(cellValue({ header: 'amount', type: 'number' }, { amount: '-2500.50' })).toBe('-2500.50');
    expect(cellValue({ header: 'amount', type: 'number' }, { amount: -3 })).toBe(-3);
    expect(cellValue({ header: 'amount', type: 'number' }, { amount: '-2+3' })).toBe("'-2+3");
    expect(cellValue({ header: 'notes' }, { notes: '-2500' })).toBe("'-2500");
    expect(cellValue({ header: 'meta' }, { meta: { a: '=1' } })).toBe('{"a":"=1"}');
    expect(cellValue({ header: 'tags' }, { tags: ['=a', 'b'] })).toBe("'=a, b");
    expect(cellValue({ header: 'ok' }, { ok: false })).toBe('false');
    expect(cellValue({ header: 'gone' }, { gone: null })).toBeNull();
  });
});

// ------------------------------------------------------------ bad input ---

describe('bad input', () => {
  const ROUTES: [string, string][] = [
    ['/api/leads/export', 'admin'], ['/api/customers/export', 'admin'], ['/api/prospects/export', 'admin'], ['/api/activities/export', 'admin'],
    ['/api/marketing/events/export', 'admin'], ['/api/marketing/spend/export', 'admin'], ['/api/tickets/export', 'admin'],
    ['/api/tickets/stale/export', 'admin'], ['/api/ops/rfqs/export', 'ops.exi'], ['/api/invoices/export', 'admin'], ['/api/payments/export', 'admin'],
    ['/api/dso/outstanding/export', 'admin'], ['/api/dso/aging/export', 'admin'], ['/api/kpi/metrics/export', 'admin'], ['/api/kpi/targets/export', 'admin'],
    ['/api/kpi/entries/export', 'admin'], ['/api/kpi/progress/export', 'admin'], ['/api/imports/export', 'admin'], ['/api/audit/export', 'admin'],
    ['/api/users/export', 'admin'],
  ];

  it('an unknown format, a list-only parameter or a bad filter is a 422 problem+json on every export route', async () => {
    for (const [url, who] of [...ROUTES, [`/api/imports/${importId}/rows/export`, 'mkt.staff'] as [string, string]]) {
      const bad = await t.http().get(`${url}?format=pdf`).set(await as(who));
      expectProblem(bad, 422);
      expect(bad.body.errors).toEqual([{ field: 'format', message: expect.any(String) }]);
      expectProblem(await t.http().get(`${url}?format=XLSX`).set(await as(who)), 422);
      expectProblem(await t.http().get(`${url}?cursor=abc`).set(await as(who)), 422);
      expectProblem(await t.http().get(`${url}?limit=10`).set(await as(who)), 422);
    }
    expectProblem(await t.http().get('/api/invoices/export?from=2026-02-30').set(await as('finance')), 422);
    expectProblem(await t.http().get('/api/tickets/export?mine=yes').set(await as('sales1')), 422);
    expectProblem(await t.http().get('/api/leads/export?status=GONE').set(await as('mkt.manager')), 422);
  });

  it('CSV is the default format', async () => {
    const r = await download('/api/customers/export', 'finance');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
  });
});

describe('OpenAPI', () => {
  it('documents every export route as producing text/csv and xlsx, with the list filters and format', async () => {
    const doc = (await t.http().get('/api/docs-json')).body;
    const paths = [
      '/api/leads/export', '/api/customers/export', '/api/prospects/export', '/api/activities/export', '/api/marketing/events/export',
      '/api/marketing/spend/export', '/api/tickets/export', '/api/tickets/stale/export', '/api/ops/rfqs/export', '/api/invoices/export',
      '/api/payments/export', '/api/dso/outstanding/export', '/api/dso/aging/export', '/api/kpi/metrics/export', '/api/kpi/targets/export',
      '/api/kpi/entries/export', '/api/kpi/progress/export', '/api/imports/export', '/api/imports/{import_id}/rows/export', '/api/audit/export',
      '/api/users/export',
    ];
    for (const p of paths) {
      const op = doc.paths[p]?.get;
      expect({ p, has: !!op }).toEqual({ p, has: true });
      expect(Object.keys(op.responses['200'].content)).toEqual(expect.arrayContaining(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']));
      const params = (op.parameters as { name: string }[]).map((x) => x.name);
      expect(params).toContain('format');
      expect(params).not.toContain('limit');
      expect(params).not.toContain('cursor');
    }
    const leadParams = (doc.paths['/api/leads/export'].get.parameters as { name: string }[]).map((x) => x.name);
    expect(leadParams).toEqual(expect.arrayContaining(['q', 'status', 'source_channel', 'sales_owner_user_id', 'unassigned', 'created_from', 'created_to']));
  });
});
