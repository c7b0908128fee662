import ExcelJS from 'exceljs';
import { createTestApp, TestApp } from '../helpers/app.js';

/**
 * Imports over HTTP with the real background worker (graphile-worker inside
 * the API process): every module's happy path and error rows, file formats
 * (BOM, `;`, XLSX with formulas), header checks, same-file detection, retry
 * idempotency, the error download, templates, and the refused sides.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const uid: Record<string, string> = {};

async function as(who: string): Promise<{ authorization: string }> {
  tokens[who] ??= (await t.login(`${who}@demo.local`)).access_token;
  return { authorization: `Bearer ${tokens[who]}` };
}

let customers: { customer_id: string; npwp: string; company_name: string }[] = [];
let knownInvoice: string;

beforeAll(async () => {
  t = await createTestApp();
  const { rows } = await t.db.admin.query<{ email: string; user_id: string }>('SELECT email, user_id FROM app.profiles');
  for (const r of rows) uid[r.email.replace('@demo.local', '')] = r.user_id;
  customers = (
    await t.db.admin.query('SELECT customer_id, npwp, company_name FROM app.customers WHERE npwp_norm IS NOT NULL ORDER BY customer_id LIMIT 3')
  ).rows;
  knownInvoice = (await t.db.admin.query('SELECT min(invoice_number) AS n FROM app.invoices')).rows[0].n;
});
afterAll(async () => {
  await t?.close();
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }, status: number) {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status, title: expect.any(String), detail: expect.any(String) } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.text).not.toMatch(/SELECT |INSERT |_pkey\b|\bconstraint\b|at \w+ \(|_key\b/i);
}

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

function csv(rows: (string | number)[][], opts: { delimiter?: string; bom?: boolean } = {}): Buffer {
  const d = opts.delimiter ?? ',';
  const quote = (v: string | number) => {
    const s = String(v);
    return s.includes(d) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = rows.map((r) => r.map(quote).join(d)).join('\r\n') + '\r\n';
  return Buffer.from((opts.bom ? '\uFEFF' : '') + text, 'utf8');
}

async function upload(who: string, module: string, file: Buffer, filename = 'import.csv', path = '/api/imports', extra: Record<string, string> = {}) {
  let req = t.http().post(path).set(await as(who));
  if (module) req = req.field('module', module);
  for (const [k, v] of Object.entries(extra)) req = req.field(k, v);
  return req.attach('file', file, { filename });
}

type Imp = { import_id: string; status: string; total_rows: number; success_rows: number; error_rows: number; progress_rows: number; module: string };

async function waitDone(who: string, id: string, timeoutMs = 30000): Promise<Imp> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await t.http().get(`/api/imports/${id}`).set(await as(who));
    expect(r.status).toBe(200);
    if (!['PROCESSING', 'STAGED', 'UPLOADED'].includes(r.body.status)) return r.body;
    if (Date.now() > until) throw new Error(`import ${id} still ${r.body.status}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function processAndWait(who: string, id: string): Promise<Imp> {
  const p = await t.http().post(`/api/imports/${id}/process`).set(await as(who));
  expect(p.status).toBe(202);
  expect(p.body).toMatchObject({ import_id: id, status: 'PROCESSING' });
  return waitDone(who, id);
}

async function errorRows(who: string, id: string): Promise<Record<number, string>> {
  const r = await t.http().get(`/api/imports/${id}/rows?status=ERROR&limit=200`).set(await as(who));
  expect(r.status).toBe(200);
  return Object.fromEntries(r.body.items.map((x: { row_number: number; error_message: string }) => [x.row_number, x.error_message]));
}

const INVOICE_HEADER = ['invoice_number', 'customer_id', 'customer_npwp', 'invoice_date', 'due_date', 'amount', 'currency', 'notes'];

describe('invoices (finance)', () => {
  let importId: string;
  let file: Buffer;
  let k: string;

  it('uploads → 201 STAGED with every row staged; processing imports the good rows and records one precise error per bad row', async () => {
    k = uniq();
    const [c1, c2] = customers;
    file = csv([
      INVOICE_HEADER,
      [`INV-${k}-1`, c1.customer_id, '', '2026-01-15', '2026-02-14', '1500000', '', 'Jasa freight'],
      [`INV-${k}-2`, '', c2.npwp, '15/01/2026', '14/02/2026', '1.500.000,00', 'idr', ''],
      [`INV-${k}-3`, c1.customer_id, '', '31/02/2026', '2026-03-01', '100', '', ''],
      [`INV-${k}-4`, c1.customer_id, '', '2026-01-15', '2026-02-14', '-250000', '', ''],
      [`INV-${k}-5`, 'CU-1999-999999', '', '2026-01-15', '2026-02-14', '100', '', ''],
      [`INV-${k}-1`, c2.customer_id, '', '2026-01-16', '2026-02-16', '200', '', 'again'],
      [knownInvoice, c1.customer_id, '', '2026-01-15', '2026-02-14', '100', '', ''],
      [`INV-${k}-8`, c1.customer_id, '', '2099-03-01', '2099-02-01', '1500000.50', 'USD', ''],
      [`INV-${k}-9`, '', '12.345', '2026-01-15', '2026-02-14', 'satu juta', '', ''],
    ]);
    const up = await upload('finance', 'invoices', file, 'faktur.csv');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ module: 'invoices', status: 'STAGED', total_rows: 9, success_rows: 0, error_rows: 0, file_name: 'faktur.csv', file_format: 'csv' });
    expect(up.body.import_id).toMatch(/^IM-\d{4}-\d{6}$/);
    expect(up.body.columns).toEqual(INVOICE_HEADER);
    importId = up.body.import_id;
    const staged = await t.http().get(`/api/imports/${importId}/rows?limit=3`).set(await as('finance'));
    expect(staged.body.items.map((r: { row_number: number; status: string }) => [r.row_number, r.status])).toEqual([[2, 'PENDING'], [3, 'PENDING'], [4, 'PENDING']]);
    expect(staged.body.items[0].row_data).toMatchObject({ invoice_number: `INV-${k}-1`, amount: '1500000' });
    expect(staged.body.next_cursor).toEqual(expect.any(String));

    const done = await processAndWait('finance', importId);
    expect(done).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', total_rows: 9, success_rows: 2, error_rows: 7, progress_rows: 9 });
    expect(await errorRows('finance', importId)).toEqual({
      4: 'invoice_date: must be a date (YYYY-MM-DD or DD/MM/YYYY)',
      5: 'amount: must be greater than 0',
      6: 'customer_id: unknown customer',
      7: 'invoice_number: duplicate of row 2 in this file',
      8: 'invoice_number: is already recorded',
      9: 'invoice_date: cannot be in the future; due_date: must be on or after the invoice date; currency: only IDR is supported',
      10: 'customer_npwp: must have 15 or 16 digits; amount: must be a number such as 1500000, 1500000.00 or 1.500.000,00',
    });
    const inv = await t.db.admin.query(
      `SELECT invoice_number, customer_id, invoice_date::text, due_date::text, amount::text, currency, created_by, import_id
         FROM app.invoices WHERE import_id = $1 ORDER BY invoice_number`,
      [importId],
    );
    expect(inv.rows).toEqual([
      { invoice_number: `INV-${k}-1`, customer_id: c1.customer_id, invoice_date: '2026-01-15', due_date: '2026-02-14', amount: '1500000.00', currency: 'IDR', created_by: uid.finance, import_id: importId },
      { invoice_number: `INV-${k}-2`, customer_id: c2.customer_id, invoice_date: '2026-01-15', due_date: '2026-02-14', amount: '1500000.00', currency: 'IDR', created_by: uid.finance, import_id: importId },
    ]);
    // Audit authorship is the importer's, though the worker wrote the rows.
    const audit = await t.db.admin.query(
      `SELECT DISTINCT changed_by FROM app.audit_logs WHERE table_name = 'invoices' AND record_id IN (SELECT invoice_id FROM app.invoices WHERE import_id = $1)`,
      [importId],
    );
    expect(audit.rows).toEqual([{ changed_by: uid.finance }]);
    const ok = await t.http().get(`/api/imports/${importId}/rows?status=OK`).set(await as('finance'));
    expect(ok.body.items.map((r: { target_id: string }) => r.target_id)).toEqual(
      (await t.db.admin.query('SELECT invoice_id FROM app.invoices WHERE import_id = $1 ORDER BY invoice_number', [importId])).rows.map((r) => r.invoice_id),
    );
  });

  it('the same file again answers 200 with the existing import (nothing staged twice)', async () => {
    const again = await upload('finance', 'invoices', file, 'faktur (1).csv');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ import_id: importId, status: 'COMPLETED_WITH_ERRORS', total_rows: 9 });
    const n = await t.db.admin.query('SELECT count(*)::int AS n FROM app.import_rows WHERE import_id = $1', [importId]);
    expect(n.rows[0].n).toBe(9);
    // The same bytes as another module are another import (here refused: wrong columns for payments).
    expectProblem(await upload('finance', 'payments', file), 422);
  });

  it('retry = process again: OK rows are skipped, nothing is duplicated, counters stay exact', async () => {
    const before = await t.db.admin.query(
      `SELECT row_number, status, attempts, processed_at FROM app.import_rows WHERE import_id = $1 AND status = 'OK' ORDER BY 1`,
      [importId],
    );
    const done = await processAndWait('finance', importId);
    expect(done).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 2, error_rows: 7 });
    const after = await t.db.admin.query(
      `SELECT row_number, status, attempts, processed_at FROM app.import_rows WHERE import_id = $1 AND status = 'OK' ORDER BY 1`,
      [importId],
    );
    expect(after.rows).toEqual(before.rows);
    const n = await t.db.admin.query('SELECT count(*)::int AS n FROM app.invoices WHERE import_id = $1', [importId]);
    expect(n.rows[0].n).toBe(2);
    const errAttempts = await t.db.admin.query(`SELECT DISTINCT attempts FROM app.import_rows WHERE import_id = $1 AND status = 'ERROR'`, [importId]);
    expect(errAttempts.rows).toEqual([{ attempts: 2 }]);
    // An error row whose cause is gone imports on the next run: make the unknown customer exist.
    await t.db.admin.query(`UPDATE app.import_rows SET row_data = row_data || jsonb_build_object('customer_id', $2::text) WHERE import_id = $1 AND row_number = 6`, [importId, customers[0].customer_id]);
    const third = await processAndWait('finance', importId);
    expect(third).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 3, error_rows: 6 });
  });

  it('downloads the error rows as CSV: row, reason and the cells as uploaded', async () => {
    const r = await t.http().get(`/api/imports/${importId}/errors.csv`).set(await as('finance')).buffer(true).parse((res, cb) => {
      let s = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (s += c));
      res.on('end', () => cb(null, s));
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="IM-\d{4}-\d{6}-errors\.csv"/);
    const lines = (r.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(['row_number', 'error_message', ...INVOICE_HEADER].join(','));
    expect(lines).toHaveLength(1 + 6);
    expect(lines[1]).toBe(`4,invoice_date: must be a date (YYYY-MM-DD or DD/MM/YYYY),INV-${k}-3,${customers[0].customer_id},,31/02/2026,2026-03-01,100,,`);
    // A negative amount is neutralised like any cell a spreadsheet would evaluate.
    expect(lines[2]).toContain(`,'-250000,`);
  });

  it('reads BOM + semicolon CSV and XLSX with formulas, date and number cells', async () => {
    k = uniq();
    const c1 = customers[0];
    const semi = csv(
      [
        ['Invoice Number', 'Customer ID', 'Invoice Date', 'Due Date', 'Amount', 'Notes'],
        [`SC-${k}-1`, c1.customer_id, '01/03/2026', '31/03/2026', '2.750.000,50', 'pakai; titik koma'],
      ],
      { delimiter: ';', bom: true },
    );
    const a = await upload('finance', 'invoices', semi, 'excel-id.csv');
    expect(a.status).toBe(201);
    expect(a.body.columns).toEqual(['invoice_number', 'customer_id', 'invoice_date', 'due_date', 'amount', 'notes']);
    expect(await processAndWait('finance', a.body.import_id)).toMatchObject({ status: 'COMPLETED', success_rows: 1 });
    const one = await t.db.admin.query('SELECT amount::text, invoice_date::text, notes FROM app.invoices WHERE invoice_number = $1', [`SC-${k}-1`]);
    expect(one.rows).toEqual([{ amount: '2750000.50', invoice_date: '2026-03-01', notes: 'pakai; titik koma' }]);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Faktur');
    ws.addRow(['invoice_number', 'customer_id', 'invoice_date', 'due_date', 'amount', 'notes']);
    ws.addRow([`XL-${k}-1`, c1.customer_id, new Date(Date.UTC(2026, 3, 1)), new Date(Date.UTC(2026, 4, 1)), 1000000, 'angka']);
    ws.addRow([`XL-${k}-2`, c1.customer_id, '2026-04-02', '2026-05-02', { formula: 'E2*2.5', result: 2500000 }, { formula: 'F2&" + rumus"', result: 'angka + rumus' }]);
    ws.addRow([`XL-${k}-3`, c1.customer_id, new Date(Date.UTC(2026, 3, 3)), '2026-05-03', { formula: 'E2-2000000', result: -1000000 }, null]);
    ws.getCell('C2').numFmt = 'dd/mm/yyyy';
    ws.getCell('C4').numFmt = 'dd/mm/yyyy';
    ws.getCell('D2').numFmt = 'yyyy-mm-dd';
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const b = await upload('finance', 'invoices', xlsx, 'faktur.xlsx');
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ file_format: 'xlsx', total_rows: 3 });
    const done = await processAndWait('finance', b.body.import_id);
    expect(done).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 2, error_rows: 1 });
    expect(await errorRows('finance', b.body.import_id)).toEqual({ 4: 'amount: must be greater than 0' });
    const xl = await t.db.admin.query(
      `SELECT invoice_number, invoice_date::text, due_date::text, amount::text, notes FROM app.invoices WHERE import_id = $1 ORDER BY 1`,
      [b.body.import_id],
    );
    expect(xl.rows).toEqual([
      { invoice_number: `XL-${k}-1`, invoice_date: '2026-04-01', due_date: '2026-05-01', amount: '1000000.00', notes: 'angka' },
      { invoice_number: `XL-${k}-2`, invoice_date: '2026-04-02', due_date: '2026-05-02', amount: '2500000.00', notes: 'angka + rumus' },
    ]);
  });

  it('refuses a wrong file before storing anything: columns named, empty file, no rows, not CSV/XLSX', async () => {
    const before = (await t.db.admin.query('SELECT count(*)::int AS n FROM app.imports')).rows[0].n;
    const wrong = await upload('finance', 'invoices', csv([['invoice_no', 'customer_id', 'invoice_date', 'amount', 'colour'], ['A', 'B', 'C', 'D', 'E']]));
    expectProblem(wrong, 422);
    expect(wrong.body.detail).toMatch(/invoices template/);
    expect(wrong.body.errors).toEqual([
      { field: 'due_date', message: 'required column is missing' },
      { field: 'invoice_number', message: 'required column is missing' },
      { field: 'invoice_no', message: 'is not a column of the invoices template' },
      { field: 'colour', message: 'is not a column of the invoices template' },
    ]);
    const noCustomer = await upload('finance', 'invoices', csv([['invoice_number', 'invoice_date', 'due_date', 'amount'], ['A', 'B', 'C', 'D']]));
    expectProblem(noCustomer, 422);
    expect(noCustomer.body.errors).toEqual([{ field: 'customer_id', message: 'required column is missing (one of customer_id, customer_npwp)' }]);
    const empty = await upload('finance', 'invoices', Buffer.from(''), 'kosong.csv');
    expectProblem(empty, 422);
    const blank = await upload('finance', 'invoices', Buffer.from('\uFEFF\r\n\r\n'), 'kosong.csv');
    expectProblem(blank, 422);
    expect(blank.body.detail).toBe('The file is empty');
    const headerOnly = await upload('finance', 'invoices', csv([INVOICE_HEADER]));
    expectProblem(headerOnly, 422);
    expect(headerOnly.body.detail).toBe('The file has no data rows');
    const pdf = await upload('finance', 'invoices', Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n', 'latin1'), 'faktur.csv');
    expectProblem(pdf, 415);
    const broken = await upload('finance', 'invoices', Buffer.from(`${INVOICE_HEADER.join(',')}\nA,B,,2026-01-01,2026-01-02,1,,ok\nC,D,,2026-01-01,2026-01-02,1,,"never closed\n`), 'patah.csv');
    expectProblem(broken, 422);
    expect(broken.body.detail).toMatch(/^The file could not be read after row 2: /);
    const ansi = await upload('finance', 'invoices', Buffer.from('invoice_number,notes\nA,Caf\xe9\n', 'latin1'), 'ansi.csv');
    expectProblem(ansi, 415);
    expect(ansi.body.detail).toMatch(/UTF-8/);
    expectProblem(await upload('finance', 'nonsense', csv([INVOICE_HEADER, ['a']])), 422);
    const noFile = await t.http().post('/api/imports').set(await as('finance')).field('module', 'invoices');
    expectProblem(noFile, 422);
    expect((await t.db.admin.query('SELECT count(*)::int AS n FROM app.imports')).rows[0].n).toBe(before);
  });

  it('a row with more values than the header has columns becomes an error row; the rest imports', async () => {
    k = uniq();
    const file2 = Buffer.from(
      `invoice_number,customer_id,invoice_date,due_date,amount\r\nEX-${k}-1,${customers[0].customer_id},2026-01-01,2026-01-31,100\r\nEX-${k}-2,${customers[0].customer_id},2026-01-01,2026-01-31,100,oops\r\n`,
    );
    const up = await upload('finance', 'invoices', file2, 'x.csv', '/api/imports', { process: 'true' });
    expect(up.status).toBe(201);
    expect(up.body.status).toBe('PROCESSING');
    expect(await waitDone('finance', up.body.import_id)).toMatchObject({ success_rows: 1, error_rows: 1 });
    expect(await errorRows('finance', up.body.import_id)).toEqual({ 3: 'row: has 6 values but the header has 5 columns' });
  });
});

describe('payments (finance, through POST /api/dso/import)', () => {
  it('imports payments in file order, refusing overpayment, a repeated reference and an unknown invoice', async () => {
    const k = uniq();
    const c1 = customers[0];
    const invFile = csv([
      ['invoice_number', 'customer_id', 'invoice_date', 'due_date', 'amount'],
      [`PAY-${k}-A`, c1.customer_id, '2026-01-10', '2026-02-10', '1000000'],
      [`PAY-${k}-B`, c1.customer_id, '2026-01-10', '2026-02-10', '500000'],
    ]);
    const inv = await upload('finance', 'invoices', invFile, 'i.csv', '/api/dso/import', { process: 'true' });
    expect(inv.status).toBe(201);
    expect(await waitDone('finance', inv.body.import_id)).toMatchObject({ status: 'COMPLETED', success_rows: 2 });

    const payFile = csv([
      ['invoice_number', 'payment_date', 'amount', 'method', 'reference'],
      [`PAY-${k}-A`, '2026-02-01', '600.000', 'Transfer', 'TRF-1'],
      [`PAY-${k}-A`, '2026-02-02', '500000', '', 'TRF-2'],
      [`PAY-${k}-A`, '03/02/2026', '400000,00', 'giro', 'GIRO-3'],
      [`PAY-${k}-A`, '2026-02-04', '1', 'cash', 'TRF-1'],
      [`PAY-${k}-B`, '2026-01-05', '100', 'cash', 'C-1'],
      [`PAY-${k}-B`, '2026-02-05', '100', 'crypto', 'C-2'],
      [`NOPE-${k}`, '2026-02-05', '100', 'cash', 'C-3'],
      [`PAY-${k}-B`, '2026-02-06', '0', 'cash', ''],
    ]);
    const up = await upload('finance', 'payments', payFile, 'p.csv', '/api/dso/import');
    expect(up.status).toBe(201);
    const done = await processAndWait('finance', up.body.import_id);
    expect(done).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 2, error_rows: 6 });
    expect(await errorRows('finance', up.body.import_id)).toEqual({
      3: 'amount: exceeds the outstanding amount of the invoice (Rp 400.000)',
      5: 'reference: duplicate of row 2 in this file (same invoice and reference)',
      6: 'payment_date: is before the invoice date',
      7: 'method: must be transfer, cash, giro, offset or other',
      8: 'invoice_number: unknown invoice',
      9: 'amount: must be greater than 0; reference: is required',
    });
    const paid = await t.db.admin.query(
      `SELECT p.reference, p.amount::text, p.method, p.payment_date::text FROM app.payments p WHERE p.import_id = $1 ORDER BY 1`,
      [up.body.import_id],
    );
    expect(paid.rows).toEqual([
      { reference: 'GIRO-3', amount: '400000.00', method: 'giro', payment_date: '2026-02-03' },
      { reference: 'TRF-1', amount: '600000.00', method: 'transfer', payment_date: '2026-02-01' },
    ]);
    // Against the database: the same payments in another file are already recorded.
    const again = await upload('finance', 'payments', csv([['invoice_number', 'payment_date', 'amount', 'reference'], [`PAY-${k}-A`, '2026-02-01', '1', 'TRF-1']]), 'p2.csv');
    expect(await processAndWait('finance', again.body.import_id)).toMatchObject({ error_rows: 1 });
    expect(await errorRows('finance', again.body.import_id)).toEqual({ 2: 'reference: is already recorded for this invoice' });
  });

  it('POST /api/dso/import is for finance only and for invoices or payments only', async () => {
    const f = csv([['invoice_number', 'payment_date', 'amount', 'reference'], ['X', '2026-01-01', '1', 'R']]);
    expectProblem(await upload('mkt.manager', 'payments', f, 'p.csv', '/api/dso/import'), 403);
    expectProblem(await upload('finance', 'leads', f, 'p.csv', '/api/dso/import'), 422);
  });
});

describe('kpi_entries (POST /api/kpi/import)', () => {
  it('a manager imports values for self and team; other people, AUTO metrics, wrong departments and repeats are row errors', async () => {
    const f = csv([
      ['metric_key', 'assignee_email', 'entry_date', 'value', 'notes'],
      ['MKT_WEBSITE_VISITS', 'mkt.staff@demo.local', '2026-11-01', '1.250', 'GA'],
      ['mkt_website_visits', 'MKT.MANAGER@demo.local', '02/11/2026', '980', ''],
      ['MKT_CONTENT_PUBLISHED', 'mkt.staff@demo.local', '2026-11-03', '4', ''],
      ['MKT_WEBSITE_VISITS', 'sales1@demo.local', '2026-11-01', '5', ''],
      ['MKT_LEADS', 'mkt.staff@demo.local', '2026-11-01', '5', ''],
      ['SAL_REFERRALS', 'mkt.staff@demo.local', '2026-11-01', '5', ''],
      ['MKT_WEBSITE_VISITS', 'mkt.staff@demo.local', '01/11/2026', '7', 'same key as row 2'],
      ['MKT_WEBSITE_VISITS', 'mkt.staff@demo.local', '2099-01-01', '-3', ''],
      ['NO_SUCH_METRIC', 'nobody@demo.local', '', '', ''],
    ]);
    const up = await upload('mkt.manager', '', f, 'kpi.csv', '/api/kpi/import');
    expect(up.status).toBe(201);
    expect(up.body.module).toBe('kpi_entries');
    const done = await processAndWait('mkt.manager', up.body.import_id);
    expect(done).toMatchObject({ success_rows: 3, error_rows: 6 });
    expect(await errorRows('mkt.manager', up.body.import_id)).toEqual({
      5: 'assignee_email: unknown person, or not yourself or your team',
      6: 'metric_key: is computed automatically (AUTO) and takes no entries',
      7: 'metric_key: is a SAL metric; the person works in MKT',
      8: 'metric_key: duplicate of row 2 in this file (same metric, person and date)',
      9: 'entry_date: cannot be in the future; value: must be 0 or more',
      10: 'metric_key: unknown metric; assignee_email: unknown person, or not yourself or your team; entry_date: is required; value: is required',
    });
    const e = await t.db.admin.query(
      `SELECT metric_key, assignee_user_id, value::text, source, created_by FROM app.kpi_entries WHERE import_id = $1 ORDER BY metric_key, value`,
      [up.body.import_id],
    );
    expect(e.rows).toEqual([
      { metric_key: 'MKT_CONTENT_PUBLISHED', assignee_user_id: uid['mkt.staff'], value: '4.00', source: 'IMPORTED', created_by: uid['mkt.manager'] },
      { metric_key: 'MKT_WEBSITE_VISITS', assignee_user_id: uid['mkt.staff'], value: '1250.00', source: 'IMPORTED', created_by: uid['mkt.manager'] },
      { metric_key: 'MKT_WEBSITE_VISITS', assignee_user_id: uid['mkt.manager'], value: '980.00', source: 'IMPORTED', created_by: uid['mkt.manager'] },
    ]);
    // Against the database: the same value imported again in another file is refused.
    const again = await upload('mkt.manager', '', csv([['metric_key', 'assignee_email', 'entry_date', 'value'], ['MKT_WEBSITE_VISITS', 'mkt.staff@demo.local', '2026-11-01', '9']]), 'k2.csv', '/api/kpi/import', { process: 'true' });
    expect(await waitDone('mkt.manager', again.body.import_id)).toMatchObject({ error_rows: 1 });
    expect(await errorRows('mkt.manager', again.body.import_id)).toEqual({ 2: 'entry_date: a value of this metric for this person and date was already imported' });
  });

  it('ops import their own values; the director may not import', async () => {
    const f = csv([['metric_key', 'assignee_email', 'entry_date', 'value'], ['OPS_SHIPMENTS_HANDLED', 'ops.dom@demo.local', '2026-11-02', '31'], ['OPS_SHIPMENTS_HANDLED', 'ops.exi@demo.local', '2026-11-02', '12']]);
    const up = await upload('ops.dom', '', f, 'ops.csv', '/api/kpi/import', { process: 'true' });
    expect(up.status).toBe(201);
    expect(await waitDone('ops.dom', up.body.import_id)).toMatchObject({ success_rows: 1, error_rows: 1 });
    expectProblem(await upload('director', '', f, 'ops.csv', '/api/kpi/import'), 403);
  });
});

describe('marketing_spend and leads (marketing)', () => {
  it('marketing staff import spend: channels as people write them, Rp amounts, duplicates in the file and in the database', async () => {
    const f = csv([
      ['channel', 'spend_date', 'amount', 'notes'],
      ['Social Media', '2026-10-01', 'Rp 2.500.000', 'Instagram Oktober'],
      ['email-campaign', '01/10/2026', '750000', ''],
      ['social_media', '01/10/2026', '2500000', 'Instagram Oktober'],
      ['billboard', '2026-10-01', '100', ''],
      ['website', '2026-10-40', '100', ''],
    ]);
    const up = await upload('mkt.staff', 'marketing_spend', f, 'spend.csv');
    expect(up.status).toBe(201);
    expect(await processAndWait('mkt.staff', up.body.import_id)).toMatchObject({ success_rows: 2, error_rows: 3 });
    const errs = await errorRows('mkt.staff', up.body.import_id);
    expect(errs[4]).toBe('channel: duplicate of row 2 in this file (same channel, date, amount and notes)');
    expect(errs[5]).toMatch(/^channel: must be one of website, referral/);
    expect(errs[6]).toBe('spend_date: must be a date (YYYY-MM-DD or DD/MM/YYYY)');
    const s = await t.db.admin.query(`SELECT channel::text, amount::text, created_by FROM app.marketing_spend WHERE import_id = $1 ORDER BY 1`, [up.body.import_id]);
    expect(s.rows).toEqual([
      { channel: 'email_campaign', amount: '750000.00', created_by: uid['mkt.staff'] },
      { channel: 'social_media', amount: '2500000.00', created_by: uid['mkt.staff'] },
    ]);
    const again = await upload('mkt.manager', 'marketing_spend', csv([['channel', 'spend_date', 'amount', 'notes'], ['social_media', '2026-10-01', '2500000.00', 'Instagram Oktober']]), 's2.csv', '/api/imports', { process: 'true' });
    expect(await waitDone('mkt.manager', again.body.import_id)).toMatchObject({ error_rows: 1 });
    expect(await errorRows('mkt.manager', again.body.import_id)).toEqual({ 2: 'channel: this spend (channel, date, amount and notes) is already recorded' });
  });

  it('leads go through the lead bundle: the same customer dedup as POST /api/leads, one bad row never fails the others', async () => {
    const k = uniq();
    const known = customers[1];
    const f = csv([
      ['company_name', 'contact_name', 'email', 'phone', 'npwp', 'source_channel', 'notes'],
      [`PT Impor Baru ${k}`, 'Budi', `budi.${k}@contoh.co.id`, '', '', 'Website', ''],
      [`PT. Impor Baru ${k} Tbk`, 'Ani', '', '', '', 'referral', 'same company, other contact'],
      ['Nama Apa Saja', 'Citra', '', '', known.npwp, 'event', ''],
      ['CV Salah', 'Dodi', 'bukan-email', '0812', '123', 'tv', ''],
    ]);
    const up = await upload('mkt.staff', 'leads', f, 'leads.csv', '/api/imports', { process: 'true' });
    expect(up.status).toBe(201);
    expect(await waitDone('mkt.staff', up.body.import_id)).toMatchObject({ status: 'COMPLETED_WITH_ERRORS', success_rows: 3, error_rows: 1 });
    const rows = await t.http().get(`/api/imports/${up.body.import_id}/rows`).set(await as('mkt.staff'));
    const [r2, r3, r4, r5] = rows.body.items;
    expect(r2).toMatchObject({ status: 'OK', target_id: expect.stringMatching(/^LD-/), note: expect.stringMatching(/^new customer CU-/) });
    expect(r3.note).toMatch(/matched by company_name/);
    expect(r4.note).toBe(`existing customer ${known.customer_id} (matched by npwp)`);
    expect(r5).toMatchObject({ status: 'ERROR' });
    expect(r5.error_message).toContain('source_channel: is not a known channel');
    expect(r5.error_message).toContain('email: is not a valid email address');
    expect(r5.error_message).toContain('npwp: must have 15 or 16 digits');
    const leads = await t.db.admin.query(`SELECT lead_id, customer_id, created_by, import_id FROM app.leads WHERE import_id = $1 ORDER BY lead_id`, [up.body.import_id]);
    expect(leads.rows).toHaveLength(3);
    expect(leads.rows[0].customer_id).toBe(leads.rows[1].customer_id);
    expect(leads.rows[2].customer_id).toBe(known.customer_id);
    expect(new Set(leads.rows.map((l) => l.created_by))).toEqual(new Set([uid['mkt.staff']]));
    // The importer sees the leads as their own through the leads API.
    const mine = await t.http().get(`/api/leads/${leads.rows[0].lead_id}`).set(await as('mkt.staff'));
    expect(mine.status).toBe(200);
  });
});

describe('concurrent imports', () => {
  it('two leads imports processed at once (companies in opposite orders) both finish exactly, sharing customers', async () => {
    const k = uniq();
    const header = ['company_name', 'contact_name', 'source_channel'];
    const rowsFor = (who: string) => Array.from({ length: 60 }, (_, i) => [`PT Bersama ${k} ${i % 20}`, `Kontak ${who} ${i}`, 'website']);
    const a = csv([header, ...rowsFor('a')]);
    const b = csv([header, ...rowsFor('b').reverse()]);
    const [ua, ub] = await Promise.all([
      upload('mkt.staff', 'leads', a, 'a.csv', '/api/imports', { process: 'true' }),
      upload('mkt.manager', 'leads', b, 'b.csv', '/api/imports', { process: 'true' }),
    ]);
    expect([ua.status, ub.status]).toEqual([201, 201]);
    const [da, db] = await Promise.all([waitDone('mkt.staff', ua.body.import_id, 60000), waitDone('mkt.manager', ub.body.import_id, 60000)]);
    expect(da).toMatchObject({ status: 'COMPLETED', success_rows: 60, error_rows: 0 });
    expect(db).toMatchObject({ status: 'COMPLETED', success_rows: 60, error_rows: 0 });
    const c = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.customers WHERE company_name LIKE $1`, [`PT Bersama ${k} %`]);
    expect(c.rows[0].n).toBe(20);
    const l = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.leads WHERE import_id = ANY ($1)`, [[ua.body.import_id, ub.body.import_id]]);
    expect(l.rows[0].n).toBe(120);
  });
});

describe('customers (finance)', () => {
  it('creates new customers and matches known ones (never duplicated), filling only what they lack', async () => {
    const k = uniq();
    const known = customers[2];
    const f = csv([
      ['company_name', 'npwp', 'email', 'phone', 'address', 'city', 'industry'],
      [`PT Pelanggan Impor ${k}`, '', `ar.${k}@contoh.co.id`, '', 'Jl. Baru 1', 'Surabaya', 'Ritel'],
      ['Nama Lain', known.npwp, '', '', '', 'Kota Lain', ''],
      [`PT Pelanggan Impor ${k}`, '', '', '', '', '', ''],
      ['', '', '', '', '', '', ''],
      ['PT Rusak', '1234', '', '', '', '', ''],
    ]);
    const up = await upload('finance', 'customers', f, 'cust.csv', '/api/imports', { process: 'true' });
    expect(up.body.total_rows).toBe(4);
    expect(await waitDone('finance', up.body.import_id)).toMatchObject({ success_rows: 3, error_rows: 1 });
    const rows = (await t.http().get(`/api/imports/${up.body.import_id}/rows`).set(await as('finance'))).body.items;
    expect(rows.map((r: { note: string | null }) => r.note)).toEqual(['new customer', 'existing customer (matched by npwp)', 'existing customer (matched by company_name)', null]);
    expect(rows[1].target_id).toBe(known.customer_id);
    expect(rows[2].target_id).toBe(rows[0].target_id);
    expect(rows[3]).toMatchObject({ row_number: 6, status: 'ERROR', error_message: 'npwp: must have 15 or 16 digits' });
    const c = await t.db.admin.query('SELECT company_name, city FROM app.customers WHERE customer_id = $1', [known.customer_id]);
    expect(c.rows[0].company_name).toBe(known.company_name);
  });
});

describe('templates', () => {
  it('every module has a CSV template whose header and example row import cleanly as far as columns go', async () => {
    for (const m of ['leads', 'customers', 'invoices', 'payments', 'kpi_entries', 'marketing_spend']) {
      const r = await t.http().get(`/api/imports/templates/${m}`).set(await as('sales1')).buffer(true).parse((res, cb) => {
        let s = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (s += c));
        res.on('end', () => cb(null, s));
      });
      expect(r.status).toBe(200);
      expect(r.headers['content-disposition']).toContain(`import-template-${m}.csv`);
      const lines = (r.body as string).replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines).toHaveLength(2);
    }
    const inv = await t.http().get('/api/imports/templates/invoices').set(await as('finance'));
    expect(inv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(INVOICE_HEADER.join(','));
    expectProblem(await t.http().get('/api/imports/templates/nope').set(await as('finance')), 404);
    const cols = await t.http().get('/api/imports/templates/invoices/columns').set(await as('finance'));
    expect(cols.status).toBe(200);
    expect(cols.body.columns.filter((c: { required_group: string | null }) => c.required_group === 'customer').map((c: { column_name: string }) => c.column_name)).toEqual([
      'customer_id',
      'customer_npwp',
    ]);
    // A template, filled in as given, passes the column check of its module.
    for (const m of ['leads', 'customers', 'invoices', 'payments', 'kpi_entries', 'marketing_spend']) {
      const tpl = await t.http().get(`/api/imports/templates/${m}`).set(await as('admin')).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      const up = await upload('admin', m, tpl.body as Buffer, `template-${m}.csv`);
      expect({ m, status: up.status }).toEqual({ m, status: 201 });
    }
  });
});

describe('Idempotency-Key on uploads', () => {
  it('replays the original 201 for the same key and file, and refuses the key with another file', async () => {
    const k = uniq();
    const f = csv([['invoice_number', 'customer_id', 'invoice_date', 'due_date', 'amount'], [`IDEM-${k}`, customers[0].customer_id, '2026-01-01', '2026-01-31', '5']]);
    const send = async (file: Buffer) =>
      t.http().post('/api/imports').set(await as('finance')).set('Idempotency-Key', `imp-${k}`).field('module', 'invoices').attach('file', file, { filename: 'i.csv' });
    const a = await send(f);
    expect(a.status).toBe(201);
    const b = await send(f);
    expect(b.status).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body.import_id).toBe(a.body.import_id);
    const other = await send(Buffer.concat([f, Buffer.from(`IDEM-${k}-2,${customers[0].customer_id},2026-01-01,2026-01-31,6\r\n`)]));
    expectProblem(other, 422);
  });
});

describe('who may do what', () => {
  let financeImport: string;
  let adminImport: string;

  beforeAll(async () => {
    const k = uniq();
    const f = csv([['invoice_number', 'customer_id', 'invoice_date', 'due_date', 'amount'], [`PERM-${k}`, customers[0].customer_id, '2026-01-01', '2026-01-31', '1']]);
    financeImport = (await upload('finance', 'invoices', f, 'perm.csv')).body.import_id;
    adminImport = (await upload('admin', 'invoices', f, 'perm.csv')).body.import_id;
  });

  it('modules are gated by role (403), before anything is stored', async () => {
    const inv = csv([INVOICE_HEADER, ['X', 'CU-1', '', '2026-01-01', '2026-01-31', '1', '', '']]);
    const leads = csv([['company_name', 'contact_name', 'source_channel'], ['PT A', 'B', 'website']]);
    expectProblem(await upload('mkt.staff', 'invoices', inv), 403);
    expectProblem(await upload('sales1', 'invoices', inv), 403);
    expectProblem(await upload('sales.manager', 'payments', inv), 403);
    expectProblem(await upload('finance', 'leads', leads), 403);
    expectProblem(await upload('ops.dom', 'marketing_spend', leads), 403);
    expectProblem(await upload('director', 'invoices', inv), 403);
  });

  it('imports are read by their importer; finance also reads finance-module imports; others get 404', async () => {
    expect((await t.http().get(`/api/imports/${financeImport}`).set(await as('finance'))).status).toBe(200);
    expect((await t.http().get(`/api/imports/${adminImport}`).set(await as('finance'))).status).toBe(200);
    expect((await t.http().get(`/api/imports/${financeImport}`).set(await as('director'))).status).toBe(200);
    for (const who of ['mkt.manager', 'sales1', 'ops.dom']) {
      expectProblem(await t.http().get(`/api/imports/${financeImport}`).set(await as(who)), 404);
      expectProblem(await t.http().get(`/api/imports/${financeImport}/rows`).set(await as(who)), 404);
      expectProblem(await t.http().get(`/api/imports/${financeImport}/errors.csv`).set(await as(who)), 404);
    }
    expectProblem(await t.http().get('/api/imports/not-an-id').set(await as('finance')), 404);
    const list = await t.http().get('/api/imports?module=invoices&limit=200').set(await as('mkt.manager'));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const fin = await t.http().get('/api/imports?module=invoices&limit=200').set(await as('finance'));
    expect(fin.body.items.map((i: { import_id: string }) => i.import_id)).toEqual(expect.arrayContaining([financeImport, adminImport]));
    const mine = await t.http().get('/api/imports?mine=true&limit=200').set(await as('finance'));
    expect(mine.body.items.map((i: { import_id: string }) => i.import_id)).not.toContain(adminImport);
  });

  it('only the importer (or super_admin) may process an import; the director never', async () => {
    expectProblem(await t.http().post(`/api/imports/${adminImport}/process`).set(await as('finance')), 403);
    expectProblem(await t.http().post(`/api/imports/${adminImport}/process`).set(await as('director')), 403);
    expectProblem(await t.http().post(`/api/imports/${financeImport}/process`).set(await as('mkt.manager')), 404);
    // super_admin may start the finance person's import; it still runs as them.
    const p = await t.http().post(`/api/imports/${financeImport}/process`).set(await as('admin'));
    expect(p.status).toBe(202);
    expect(await waitDone('finance', financeImport)).toMatchObject({ status: 'COMPLETED', success_rows: 1 });
    const who = await t.db.admin.query('SELECT created_by FROM app.invoices WHERE import_id = $1', [financeImport]);
    expect(who.rows).toEqual([{ created_by: uid.finance }]);
  });

  it('the API role cannot write imports or rows directly, nor reach the job queue', async () => {
    const { asUser } = await import('../helpers/db.js');
    const who = { user_id: uid.finance, role: 'finance', dept_code: 'FIN' };
    await expect(asUser(t.db, who, (c) => c.query(`UPDATE app.imports SET success_rows = 999 WHERE import_id = $1`, [financeImport]))).rejects.toMatchObject({ code: '42501' });
    await expect(asUser(t.db, who, (c) => c.query(`UPDATE app.import_rows SET status = 'OK' WHERE import_id = $1`, [financeImport]))).rejects.toMatchObject({ code: '42501' });
    await expect(asUser(t.db, who, (c) => c.query(`SELECT * FROM graphile_worker._private_jobs`))).rejects.toMatchObject({ code: '42501' });
    await expect(asUser(t.db, who, (c) => c.query(`SELECT graphile_worker.add_job('process_import', '{}')`))).rejects.toMatchObject({ code: '42501' });
  });
});
