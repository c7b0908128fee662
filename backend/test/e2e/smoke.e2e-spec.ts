import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/core/config/config.js';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { artifactPath, launchBrowser } from '../helpers/browser.js';

/**
 * The menu each role must see: the "Console screens" table of domain.md
 * read together with rls.md (an independent oracle for the console's own
 * permissions map).
 */
const COMMON = ['home', 'my-tickets', 'dept-queue', 'kpi-progress', 'kpi-catalogue', 'me'];
const EXPECTED_MENU: Record<string, string[]> = {
  'admin@demo.local': ['leads', 'customers', 'prospects', 'activities', 'marketing', 'rfq-queue', 'sla', 'kpi-targets', 'invoices', 'payments', 'aging', 'imports', 'users', 'api-tokens', 'reference-data', 'audit'],
  'director@demo.local': ['leads', 'customers', 'prospects', 'activities', 'marketing', 'sla', 'kpi-targets', 'invoices', 'payments', 'aging', 'imports', 'audit'],
  'mkt.manager@demo.local': ['leads', 'customers', 'prospects', 'marketing', 'sla', 'kpi-targets', 'imports'],
  'mkt.staff@demo.local': ['leads', 'customers', 'prospects', 'marketing', 'imports'],
  'sales.manager@demo.local': ['leads', 'customers', 'prospects', 'activities', 'sla', 'kpi-targets', 'invoices', 'payments', 'aging', 'imports'],
  'sales1@demo.local': ['leads', 'customers', 'prospects', 'activities', 'invoices', 'payments', 'aging'],
  'sales.manager2@demo.local': ['leads', 'customers', 'prospects', 'activities', 'sla', 'kpi-targets', 'invoices', 'payments', 'aging', 'imports'],
  'sales3@demo.local': ['leads', 'customers', 'prospects', 'activities', 'invoices', 'payments', 'aging'],
  'ops.dom@demo.local': ['rfq-queue', 'sla'],
  'ops.exi@demo.local': ['rfq-queue', 'sla'],
  'finance@demo.local': ['invoices', 'payments', 'aging', 'imports'],
  'sales2@demo.local': ['leads', 'customers', 'prospects', 'activities', 'invoices', 'payments', 'aging'],
};

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

describe('console smoke (Chromium)', () => {
  it('serves the login page with the demo hint hidden outside demo mode', async () => {
    const page = await browser.context.newPage();
    const resp = await page.goto(`${base}/`);
    expect(resp?.status()).toBe(200);
    await page.getByTestId('login-submit').waitFor();
    expect(page.url()).toMatch(/\/login/);
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
    expect(await page.getByTestId('login-demo-hint').count()).toBe(0);
    await page.screenshot({ path: artifactPath('login.png') });
    await page.close();
  });

  it('runs under our Content-Security-Policy without violations, with the global stylesheet applied', async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${base}/login`);
    await page.getByTestId('login-submit').waitFor();
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    const printOnly = await page.locator('link[rel="stylesheet"][media="print"]').count();
    expect(printOnly).toBe(0);
    await page.close();
  });

  it('a wrong password shows the server message in the alert region', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/login`);
    await page.getByTestId('login-email').fill('sales1@demo.local');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').getAttribute('role')).toBe('alert');
    await page.close();
  });

  for (const [email, extra] of Object.entries(EXPECTED_MENU)) {
    it(`${email} signs in and sees exactly their menu`, async () => {
      const page = await signIn(browser.context, email);
      const keys = await page.locator('[data-testid="sidenav"] [data-testid^="nav-"]:not([data-testid^="nav-group-"]):not([data-testid="nav-toggle"])')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
      expect([...new Set(keys)].sort()).toEqual([...COMMON, ...extra].sort());
      await page.screenshot({ path: artifactPath(`home-${email.split('@')[0]}.png`), fullPage: true });
      // Sign out for the next user (session storage is per tab, but be explicit).
      await page.evaluate(() => sessionStorage.clear());
      await page.close();
    });
  }

  it('a role that may not open a screen is sent to "forbidden", not shown the page', async () => {
    const page = await signIn(browser.context, 'ops.dom@demo.local');
    await page.goto(`${base}/admin/users`);
    await page.getByTestId('status-forbidden').waitFor();
    await page.close();
  });

  it('works on a phone: the menu opens from the hamburger', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await signIn(phone.context, 'sales1@demo.local');
      await page.getByTestId('nav-toggle').click();
      await page.getByTestId('nav-leads').waitFor({ state: 'visible' });
      await page.waitForTimeout(600); // let the drawer finish sliding in before the screenshot
      await page.screenshot({ path: artifactPath('phone-menu-sales1.png') });
    } finally {
      await phone.close();
    }
  });

  it('switches the language to English', async () => {
    const page = await signIn(browser.context, 'finance@demo.local');
    const before = await page.getByTestId('home-title').innerText();
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction((b) => document.querySelector('[data-testid="home-title"]')?.textContent?.trim() !== b.trim(), before);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.screenshot({ path: artifactPath('home-finance-en.png') });
    await page.close();
  });
});
