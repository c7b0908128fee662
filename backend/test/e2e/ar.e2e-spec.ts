import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/core/config/config.js';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { artifactPath, launchBrowser } from '../helpers/browser.js';

/**
 * AR/DSO and KPI in the browser (built console + API + real PostgreSQL + Chromium):
 * finance records an invoice and a payment and the aging chart changes by exactly the
 * outstanding amount; the overpayment error shows under the amount; DSO trend and the
 * collection ticket; and the KPI pages render targets, NA badges and the overlap error.
 * Screenshots go to test-artifacts/ar-*.png and kpi-*.png.
 */
let t: TestApp;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error('Build the console first (npm run build -w @bcc/frontend)');
  t = await createTestApp({ env: { SERVE_CONSOLE: 'true' } });
  await t.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
  browser = await launchBrowser();
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

async function signOut(page: Page): Promise<void> {
  await page.evaluate(() => sessionStorage.clear());
  await page.close();
}

const cents = (v: string | null) => Math.round(Number(v ?? 'NaN') * 100);

async function agingTotals(page: Page): Promise<Record<string, number>> {
  await page.goto(`${base}/ar/aging`);
  await page.getByTestId('ar-aging-chart').locator('svg').first().waitFor();
  await page.waitForTimeout(800); // let the chart finish fading in before any screenshot
  const out: Record<string, number> = {};
  for (const b of ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total']) {
    out[b] = cents(await page.getByTestId(`ar-aging-total-${b}`).getAttribute('data-value'));
  }
  return out;
}

describe('AR/DSO in the console (Chromium)', () => {
  it('finance records an invoice and a payment; the aging chart changes by exactly the outstanding amount', async () => {
    const page = await signIn(browser.context, 'finance@demo.local');
    const before = await agingTotals(page);
    expect(before.total).toBeGreaterThan(0);
    const barsBefore = await page.getByTestId('ar-aging-chart').locator('g.bar, path.bar').count();
    expect(barsBefore).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('ar-aging-before.png'), fullPage: true });

    // today − 50 days, due today − 45: the 31–60 days bucket
    const today = (await t.db.admin.query(`SELECT app.today_jakarta()::text AS d, (app.today_jakarta() - 50)::text AS inv, (app.today_jakarta() - 45)::text AS due`)).rows[0];
    const number = `E2E/${Date.now()}`;
    await page.goto(`${base}/ar/invoices`);
    await page.getByTestId('ar-invoices-table').waitFor();
    await page.getByTestId('ar-invoices-new').click();
    await page.getByTestId('ar-invoice-customer').fill('Sinar');
    await page.getByTestId('ar-invoice-customer-option').first().click();
    await page.getByTestId('ar-invoice-number').fill(number);
    await page.getByTestId('ar-invoice-date').fill(today.inv);
    await page.getByTestId('ar-invoice-due').fill(today.due);
    await page.getByTestId('ar-invoice-amount').fill('12.345.000');
    await page.screenshot({ path: artifactPath('ar-invoice-form.png') });
    await page.getByTestId('ar-invoice-submit').click();
    await page.getByTestId('ar-invoice-outstanding').waitFor();
    expect((await page.getByTestId('page-title').innerText()).trim()).toBe(number);
    expect(await page.getByTestId('ar-invoice-outstanding').innerText()).toBe('Rp\u00a012.345.000');
    expect(await page.getByTestId('ar-invoice-status').innerText()).toBe('Lewat jatuh tempo');

    // an overpayment is refused and shown under the amount
    await page.getByTestId('ar-invoice-pay').click();
    await page.getByTestId('ar-payment-amount').fill('99.000.000');
    await page.getByTestId('ar-payment-reference').fill('BCA-E2E-1');
    await page.getByTestId('ar-payment-submit').click();
    await page.getByTestId('ar-payment-amount-error').waitFor();
    expect(await page.getByTestId('ar-payment-amount-error').innerText()).toContain('Rp 12.345.000');
    await page.screenshot({ path: artifactPath('ar-payment-overpay.png') });
    await page.getByTestId('ar-payment-amount').fill('2.345.000');
    await page.getByTestId('ar-payment-submit').click();
    await page.getByTestId('ar-payment-row').first().waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="ar-invoice-outstanding"]')?.textContent?.includes('10.000.000'));
    expect(await page.getByTestId('ar-invoice-paid').innerText()).toBe('Rp\u00a02.345.000');
    await page.screenshot({ path: artifactPath('ar-invoice-detail.png'), fullPage: true });

    const after = await agingTotals(page);
    expect(after.days_31_60 - before.days_31_60).toBe(1_000_000_000); // Rp 10.000.000,00 in cents
    expect(after.total - before.total).toBe(1_000_000_000);
    for (const b of ['current', 'days_1_30', 'days_61_90', 'days_over_90']) expect(after[b]).toBe(before[b]);
    await page.screenshot({ path: artifactPath('ar-aging-after.png'), fullPage: true });
    await signOut(page);
  });

  it('DSO trend and a collection ticket for an overdue customer', async () => {
    const page = await signIn(browser.context, 'finance@demo.local');
    await page.goto(`${base}/ar/aging?tab=dso`);
    await page.getByTestId('ar-dso-chart').locator('svg').first().waitFor();
    await page.waitForTimeout(800);
    expect(await page.getByTestId('ar-dso-current').innerText()).toMatch(/\d+(,\d+)? hari/);
    expect(await page.getByTestId('ar-dso-countback').innerText()).toMatch(/\d+(,\d+)? hari/);
    await page.screenshot({ path: artifactPath('ar-dso-trend.png'), fullPage: true });

    await page.getByTestId('ar-tab-overdue').click();
    const button = page.locator('[data-testid^="ar-collect-CU-"]').first();
    await button.waitFor();
    const customer = (await button.getAttribute('data-testid'))!.replace('ar-collect-', '');
    await button.click();
    await page.getByTestId('confirm-dialog-ok').click();
    await page.getByTestId(`ar-collect-done-${customer}`).waitFor();
    expect(await page.getByTestId(`ar-collect-${customer}`).count()).toBe(0); // the button is gone, not lingering
    const ticket = (await page.getByTestId(`ar-collect-done-${customer}`).innerText()).trim();
    expect(ticket).toMatch(/^TK-\d{4}-\d{6}$/);
    const row = await t.db.admin.query('SELECT ticket_type, dept_target, related_customer_id FROM app.tickets WHERE ticket_id = $1', [ticket]);
    expect(row.rows[0]).toEqual({ ticket_type: 'general_request', dept_target: 'FIN', related_customer_id: customer });
    await page.screenshot({ path: artifactPath('ar-overdue-collection.png'), fullPage: true });
    await signOut(page);
  });

  it('a salesperson sees only their customers\' receivables and no write buttons; works on a phone', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await signIn(phone.context, 'sales1@demo.local');
      await page.goto(`${base}/ar/invoices`);
      await page.getByTestId('ar-invoices-table').waitFor();
      await page.waitForSelector('[data-testid^="ar-invoice-row-"]');
      const shown = await page.locator('[data-testid^="ar-invoice-row-"]').count();
      const own = (await t.db.admin.query(
        `SELECT count(*)::int AS n FROM app.invoices i JOIN app.profiles pr ON pr.email = 'sales1@demo.local'
          WHERE EXISTS (SELECT 1 FROM app.prospects p WHERE p.customer_id = i.customer_id AND p.owner_user_id = pr.user_id)`)).rows[0].n;
      expect(shown).toBe(Math.min(own, 50));
      expect(await page.getByTestId('ar-invoices-new').count()).toBe(0);
      await page.screenshot({ path: artifactPath('ar-invoices-phone-sales1.png') });
      await page.goto(`${base}/ar/aging`);
      await page.getByTestId('ar-aging-table').waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: artifactPath('ar-aging-phone-sales1.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});

describe('KPI in the console (Chromium)', () => {
  it('my progress shows targets, achievement and NA badges with reasons', async () => {
    const page = await signIn(browser.context, 'sales1@demo.local');
    await page.goto(`${base}/kpi/progress`);
    await page.getByTestId('kpi-card-SAL_REVENUE').waitFor();
    expect(await page.getByTestId('kpi-target-SAL_REVENUE').innerText()).toContain('Rp\u00a0150.000.000');
    expect(await page.getByTestId('kpi-achievement-SAL_REVENUE').innerText()).toMatch(/%/);
    await page.screenshot({ path: artifactPath('kpi-progress-sales1.png'), fullPage: true });
    // a manual value with evidence: the card shows it at once
    const before = await page.getByTestId('kpi-actual-SAL_REFERRALS').innerText();
    await page.getByTestId('kpi-enter-SAL_REFERRALS').click();
    await page.getByTestId('kpi-entry-value').fill('2');
    await page.getByTestId('kpi-entry-notes').fill('Referensi dari asosiasi eksportir');
    await page.getByTestId('kpi-entry-file').setInputFiles({ name: 'surat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.screenshot({ path: artifactPath('kpi-entry-dialog.png') });
    await page.getByTestId('kpi-entry-submit').click();
    await page.waitForFunction((b) => document.querySelector('[data-testid="kpi-actual-SAL_REFERRALS"]')?.textContent?.trim() !== b.trim(), before);
    expect(Number((await page.getByTestId('kpi-actual-SAL_REFERRALS').innerText()).replace(/\./g, '').replace(',', '.'))).toBe(Number(before.replace(/\./g, '').replace(',', '.')) + 2);
    const ev = await t.db.admin.query(`SELECT o.bucket, o.content_type FROM app.kpi_entries e JOIN app.storage_objects o ON o.object_id = e.evidence_object_id WHERE e.notes = 'Referensi dari asosiasi eksportir'`);
    expect(ev.rows).toEqual([{ bucket: 'kpi-evidence', content_type: 'application/pdf' }]);
    // last quarter: the seeded referrals are this month, so referrals are NA there
    await page.getByTestId('kpi-progress-period').selectOption('last_quarter');
    await page.getByTestId('kpi-na-SAL_REFERRALS').waitFor();
    expect(await page.getByTestId('kpi-card-SAL_REFERRALS').innerText()).toContain('Belum ada nilai yang dimasukkan');
    await signOut(page);
  });

  it('a manager sets a target; an overlapping period is shown under the period picker', async () => {
    const page = await signIn(browser.context, 'sales.manager@demo.local');
    await page.goto(`${base}/kpi/targets`);
    await page.getByTestId('kpi-target-form').waitFor();
    const sales2 = (await t.db.admin.query(`SELECT user_id FROM app.profiles WHERE email = 'sales2@demo.local'`)).rows[0].user_id;
    await page.getByTestId('kpi-target-assignee').selectOption(sales2);
    await page.getByTestId('kpi-target-metric').selectOption('SAL_QUOTATIONS');
    await page.getByTestId('kpi-target-period').selectOption('next_month');
    await page.getByTestId('kpi-target-value').fill('5');
    await page.getByTestId('kpi-target-submit').click();
    await page.waitForSelector('[data-testid^="kpi-target-row-"]');
    // the same metric for the whole next quarter overlaps next month (or the quarter already holds it)
    await page.getByTestId('kpi-target-metric').selectOption('SAL_REVENUE');
    await page.getByTestId('kpi-target-period').selectOption('this_month');
    await page.getByTestId('kpi-target-value').fill('1');
    await page.getByTestId('kpi-target-submit').click();
    await page.getByTestId('kpi-target-period-error').waitFor();
    expect(await page.getByTestId('kpi-target-period-error').innerText()).toMatch(/target|period/i);
    await page.screenshot({ path: artifactPath('kpi-targets-overlap.png'), fullPage: true });
    await signOut(page);
  });

  it('the catalogue lists every metric', async () => {
    const page = await signIn(browser.context, 'ops.dom@demo.local');
    await page.goto(`${base}/kpi/catalogue`);
    await page.getByTestId('kpi-catalogue-row-FIN_DSO_30').waitFor();
    expect(await page.locator('[data-testid^="kpi-catalogue-row-"]').count()).toBe(21);
    await page.screenshot({ path: artifactPath('kpi-catalogue.png'), fullPage: true });
    await signOut(page);
  });
});
