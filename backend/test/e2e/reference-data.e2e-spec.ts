import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/core/config/config.js';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { artifactPath, launchBrowser } from '../helpers/browser.js';

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

/** The current year in Asia/Jakarta (the page opens on it). */
const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));

describe('Admin → Data referensi (Chromium)', () => {
  it('super_admin adds a holiday and sees it listed; the write is audited', async () => {
    const page = await signIn(browser.context, 'admin@demo.local');
    await page.goto(`${base}/admin/reference-data?tab=holidays`);
    await page.getByTestId('holidays-table').waitFor();
    await page.getByTestId('page-title').filter({ hasText: 'Data referensi' }).waitFor();
    await page.getByTestId('holiday-summary').filter({ hasText: 'hari libur' }).waitFor();

    const date = `${year}-12-24`;
    expect(await page.getByTestId(`holiday-row-${date}`).count()).toBe(0);
    await page.getByTestId('holiday-add').click();
    await page.getByTestId('holiday-form-date').fill(date);
    await page.getByTestId('holiday-form-name').fill('Cuti Bersama Natal');
    await page.getByTestId('holiday-form-name-en').fill('Christmas Eve (collective leave)');
    await page.getByTestId('holiday-form-day').filter({ hasText: '24 Desember' }).waitFor();
    await page.screenshot({ path: artifactPath('reference-data-holiday-dialog.png') });
    await page.getByTestId('holiday-form-submit').click();

    const row = page.getByTestId(`holiday-row-${date}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Cuti Bersama Natal');
    expect(await page.getByTestId(`holiday-date-${date}`).textContent()).toMatch(/24 Desember/);
    await page.locator('mat-snack-bar-container').filter({ hasText: 'ditambahkan' }).waitFor();
    await page.screenshot({ path: artifactPath('reference-data-holidays.png'), fullPage: true });

    const audit = await t.db.admin.query(
      `SELECT a.action, p.email FROM app.audit_logs a JOIN app.profiles p ON p.user_id = a.changed_by
        WHERE a.table_name = 'holidays' AND a.record_id = $1`,
      [date],
    );
    expect(audit.rows).toEqual([{ action: 'INSERT', email: 'admin@demo.local' }]);

    // A second holiday on the same day is refused on the date field.
    await page.getByTestId('holiday-add').click();
    await page.getByTestId('holiday-form-date').fill(date);
    await page.getByTestId('holiday-form-name').fill('Lagi');
    await page.getByTestId('holiday-form-submit').click();
    await page.getByTestId('holiday-form-date-error').filter({ hasText: 'sudah menjadi hari libur' }).waitFor();
    await page.getByTestId('holiday-form-cancel').click();

    for (const tab of ['departments', 'sla', 'stale']) {
      await page.getByTestId(`reference-tab-${tab}`).click();
      await page.getByTestId(tab === 'departments' ? 'department-row-DOM' : tab === 'sla' ? 'sla-cell-complaint-high' : 'stale-row-ticket').waitFor();
      await page.screenshot({ path: artifactPath(`reference-data-${tab}.png`), fullPage: true });
    }
    expect(page.url()).toContain('tab=stale');

    // English is one click away and the scoped strings follow.
    await page.locator('mat-button-toggle[data-testid$="-en"] button').first().click();
    await page.getByTestId('reference-tab-stale').filter({ hasText: 'Stale items' }).waitFor();
    await page.getByTestId('reference-tab-sla').click();
    await page.getByTestId('sla-effect-note').filter({ hasText: 'Changes apply only to tickets created' }).waitFor();
    await page.screenshot({ path: artifactPath('reference-data-sla-en.png'), fullPage: true });
    await page.locator('mat-button-toggle[data-testid$="-id"] button').first().click();
    await page.getByTestId('reference-tab-sla').filter({ hasText: 'SLA' }).waitFor();
    await page.close();
  });

  it('edits an SLA target in business hours on a phone', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await signIn(phone.context, 'admin@demo.local');
      await page.goto(`${base}/admin/reference-data?tab=sla`);
      await page.getByTestId('sla-cell-complaint-urgent').waitFor();
      await page.getByTestId('sla-effect-note').waitFor();
      await page.screenshot({ path: artifactPath('reference-data-sla-phone.png'), fullPage: true });

      await page.getByTestId('sla-cell-complaint-urgent').click();
      await page.getByTestId('sla-form-first-response').fill('0,75');
      await page.getByTestId('sla-form-resolution').fill('0,5');
      await page.getByTestId('sla-form-submit').click();
      // Refused either by the form's own check or, if the form had not taken the value yet, by the server.
      await page.getByTestId('sla-form-resolution-error').waitFor();
      expect(await page.getByTestId('sla-form-resolution-error').textContent()).toMatch(/lebih pendek|shorter|tidak boleh|must/i);
      await page.screenshot({ path: artifactPath('reference-data-sla-dialog-phone.png') });
      await page.getByTestId('sla-form-resolution').fill('9');
      await page.getByTestId('sla-form-submit').click();
      await page.getByTestId('sla-form-submit').waitFor({ state: 'detached' });
      await page.getByTestId('sla-cell-complaint-urgent').filter({ hasText: '0,75' }).waitFor();
      const row = await t.db.admin.query(`SELECT first_response_minutes FROM app.sla_policies WHERE ticket_type = 'complaint' AND priority = 'urgent'`);
      expect(row.rows[0].first_response_minutes).toBe(45);
      await page.screenshot({ path: artifactPath('reference-data-sla-phone-saved.png'), fullPage: true });

      // The holidays tab on the phone: the list and its actions fit.
      await page.getByTestId('reference-tab-holidays').click();
      await page.locator(`[data-testid^="holiday-row-"]`).first().waitFor();
      await page.screenshot({ path: artifactPath('reference-data-holidays-phone.png'), fullPage: true });
      await page.close();
    } finally {
      await phone.close();
    }
  });
});
