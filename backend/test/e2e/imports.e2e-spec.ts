import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/core/config/config.js';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { artifactPath, launchBrowser } from '../helpers/browser.js';

/**
 * The finance upload in the browser: pick the module, see the preview and the column check,
 * upload a CSV with one bad row, follow the live progress to COMPLETED_WITH_ERRORS, read the
 * error row with its reason, and find the import in the history. Screenshots in test-artifacts/.
 */
let t: TestApp;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let customerId: string;

beforeAll(async () => {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error('Build the console first (npm run build -w @bcc/frontend)');
  t = await createTestApp({ env: { SERVE_CONSOLE: 'true' } });
  await t.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
  browser = await launchBrowser();
  customerId = (await t.db.admin.query('SELECT min(customer_id) AS c FROM app.customers')).rows[0].c;
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home-title').waitFor();
  return page;
}

function invoicesCsv(rows: number, badRow: number, prefix = 'INV/E2E'): Buffer {
  const lines = ['invoice_number;customer_id;invoice_date;due_date;amount;notes'];
  for (let i = 1; i <= rows; i++) {
    const date = i === badRow ? '31/02/2026' : `${String(1 + (i % 27)).padStart(2, '0')}/03/2026`;
    lines.push(`${prefix}/${String(i).padStart(5, '0')};${customerId};${date};30/04/2026;${(1_250_000 + i * 1000).toLocaleString('de-DE')},00;Jasa pengiriman ${i}`);
  }
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n');
}

describe('imports in the console (Chromium)', () => {
  it('finance uploads invoices with one bad row: preview, live progress, one error with its reason, history', async () => {
    const page = await signIn(browser.context, 'finance@demo.local');
    await page.getByTestId('nav-imports').click();
    await page.getByTestId('imports-dropzone').waitFor();
    // (Texts appear once the screen's translations have loaded.)
    await page.getByTestId('page-title').filter({ hasText: 'Impor data' }).waitFor();
    // Finance may import invoices, payments, customers and KPI values; invoices come first.
    await page.getByTestId('imports-module').locator('option', { hasText: 'Faktur' }).waitFor({ state: 'attached' });
    const options = await page.getByTestId('imports-module').locator('option').allTextContents();
    expect(options).toEqual(['Faktur', 'Pembayaran', 'Pelanggan', 'Nilai KPI']);
    await page.getByTestId('imports-columns').waitFor();
    expect(await page.getByTestId('imports-columns').textContent()).toContain('invoice_number*');

    // A file with a wrong header: the preview says which columns, the upload button stays off.
    await page.getByTestId('imports-file-input').setInputFiles({ name: 'salah.csv', mimeType: 'text/csv', buffer: Buffer.from('nomor,tanggal\nA,1\n') });
    await page.getByTestId('imports-column-check').waitFor();
    expect(await page.getByTestId('imports-column-check').getAttribute('data-ok')).toBe('false');
    await page.getByTestId('imports-column-check').filter({ hasText: 'invoice_number' }).waitFor();
    expect(await page.getByTestId('imports-upload').isDisabled()).toBe(true);
    await page.screenshot({ path: artifactPath('imports-wrong-columns.png'), fullPage: true });

    // The real file: 40 invoices, row 8 (the 7th data row) with an impossible date.
    await page.getByTestId('imports-file-input').setInputFiles({ name: 'faktur-maret.csv', mimeType: 'text/csv', buffer: invoicesCsv(40, 7) });
    await page.locator('[data-testid="imports-column-check"][data-ok="true"]').waitFor();
    expect(await page.getByTestId('imports-file').textContent()).toContain('faktur-maret.csv');
    expect(await page.getByTestId('imports-preview').locator('tbody tr').count()).toBe(8);
    await page.screenshot({ path: artifactPath('imports-preview.png'), fullPage: true });
    expect(await page.getByTestId('imports-upload').isEnabled()).toBe(true);
    await page.getByTestId('imports-upload').click();

    // The import's page follows the worker until it is done.
    await page.waitForURL(/\/imports\/IM-\d{4}-\d{6}$/);
    await page.locator('[data-testid="import-status"][data-value="COMPLETED_WITH_ERRORS"]').waitFor({ timeout: 60000 });
    expect(await page.getByTestId('import-total').textContent()).toBe('40');
    expect(await page.getByTestId('import-success').textContent()).toBe('39');
    expect(await page.getByTestId('import-errors').textContent()).toBe('1');
    const errRow = page.getByTestId('import-error-row-8');
    await errRow.waitFor();
    expect(await errRow.textContent()).toContain('invoice_date: must be a date (YYYY-MM-DD or DD/MM/YYYY)');
    expect(await errRow.textContent()).toContain('31/02/2026');
    expect(await page.getByTestId('import-download-errors').isVisible()).toBe(true);
    expect(await page.getByTestId('import-retry').isVisible()).toBe(true);
    await page.screenshot({ path: artifactPath('imports-completed-with-errors.png'), fullPage: true });

    // Retry: the 39 imported rows are skipped; the bad row fails again, nothing is duplicated.
    await page.getByTestId('import-retry').click();
    await page.locator('[data-testid="import-status"][data-value="COMPLETED_WITH_ERRORS"]').waitFor({ timeout: 60000 });
    await page.getByTestId('import-error-row-8').waitFor();
    const id = page.url().split('/').pop()!;
    const n = await t.db.admin.query(`SELECT count(*)::int AS n FROM app.invoices WHERE import_id = $1`, [id]);
    expect(n.rows[0].n).toBe(39);

    // The history lists it.
    await page.getByTestId('nav-imports').click();
    const row = page.getByTestId(`imports-history-row-${id}`);
    await row.filter({ hasText: 'Selesai dengan galat' }).waitFor();
    await page.screenshot({ path: artifactPath('imports-history.png'), fullPage: true });

    // A bigger file: the progress bar moves while the worker goes through the batches.
    await page.getByTestId('imports-file-input').setInputFiles({ name: 'faktur-besar.csv', mimeType: 'text/csv', buffer: invoicesCsv(20000, 0, 'INV/E2E-B') });
    await page.locator('[data-testid="imports-column-check"][data-ok="true"]').waitFor();
    await page.getByTestId('imports-upload').click();
    await page.waitForURL(/\/imports\/IM-\d{4}-\d{6}$/);
    await page.locator('[data-testid="import-status"][data-value="PROCESSING"]').waitFor();
    await page.getByTestId('import-progress-text').filter({ hasText: 'Memproses' }).waitFor();
    // Screenshot once the first batches are in (or, on a fast box, once it is done).
    await page.waitForFunction(() => {
      const status = document.querySelector('[data-testid="import-status"]')?.getAttribute('data-value');
      const text = document.querySelector('[data-testid="import-progress-text"]')?.textContent ?? '';
      return status !== 'PROCESSING' || /Memproses [1-9]/.test(text);
    });
    await page.screenshot({ path: artifactPath('imports-progress.png'), fullPage: true });
    await page.locator('[data-testid="import-status"][data-value="COMPLETED"]').waitFor({ timeout: 120000 });
    expect(await page.getByTestId('import-success').textContent()).toBe('20.000');
    await page.getByTestId('import-no-errors').waitFor();

    // On a phone the same page stays usable.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/imports/${id}`);
    await page.getByTestId('import-error-row-8').waitFor();
    await page.screenshot({ path: artifactPath('imports-detail-phone.png'), fullPage: true });
    await page.close();
  });
});
