import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/core/config/config.js';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { artifactPath, launchBrowser } from '../helpers/browser.js';

/**
 * Ticketing in a real browser: a salesperson opens a complaint, operations reply and resolve it,
 * and the SLA badge follows (on track → met); plus the ops RFQ queue (masked) with a quote, and
 * the SLA page with its chart. Screenshots land in test-artifacts/tickets-*.png.
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

const badgeState = (page: Page) => page.getByTestId('sla-badge').getAttribute('data-state');
const badgeText = async (page: Page) => ((await page.getByTestId('sla-badge').textContent()) ?? '').replace(/\s+/g, ' ').replace(/\s*·\s*/, ' · ').trim();

describe('ticketing (Chromium)', () => {
  let ticketUrl = '';

  it('sales opens a complaint with only its minimal fields; the SLA badge starts on track', async () => {
    const page = await signIn(browser.context, 'sales1@demo.local');
    await page.goto(`${base}/tickets/mine`);
    await page.getByTestId('tickets-table').waitFor();
    await page.screenshot({ path: artifactPath('tickets-mine-sales1.png'), fullPage: true });
    await page.getByTestId('tickets-new').click();
    await page.getByTestId('new-ticket-form').waitFor();
    // Submitting empty shows the minimal fields of a complaint inline.
    await page.getByTestId('new-submit').click();
    await page.locator('mat-error').first().waitFor();
    await page.getByTestId('new-shipment_reference').fill('SHP-DOM-E2E-001');
    await page.getByTestId('new-description').fill('Dua karton basah saat diterima di gudang pelanggan.');
    await page.screenshot({ path: artifactPath('tickets-new-complaint.png'), fullPage: true });
    await page.getByTestId('new-submit').click();
    await page.waitForURL(/\/tickets\/TK-\d{4}-\d{6}$/);
    ticketUrl = page.url();
    await page.getByTestId('sla-badge').waitFor();
    expect(await page.getByTestId('ticket-status').getAttribute('data-value')).toBe('OPEN');
    expect(await badgeState(page)).toBe('on_track');
    expect(await badgeText(page)).toMatch(/^Sesuai SLA · sisa (\d+ j ?)?(\d+ m)? \(jam kerja\)$/);
    // The requester cannot resolve a ticket that was never worked on: only the allowed moves show.
    expect(await page.getByTestId('status-btn-RESOLVED').count()).toBe(0);
    expect(await page.getByTestId('compose-internal').count()).toBe(0);
    await page.screenshot({ path: artifactPath('tickets-detail-sales1-open.png'), fullPage: true });
    await page.close();
  });

  it('operations reply (first response), work and resolve it; the badge turns to met', async () => {
    const page = await signIn(browser.context, 'ops.dom@demo.local');
    await page.goto(`${base}/tickets/queue`);
    const id = ticketUrl.split('/').pop()!;
    await page.getByTestId(`ticket-row-${id}`).click();
    await page.waitForURL(new RegExp(`/tickets/${id}$`));
    await page.getByTestId('status-btn-IN_PROGRESS').click();
    await page.getByTestId('ticket-status').and(page.locator('[data-value="IN_PROGRESS"]')).waitFor();
    // An internal note first (does not count as the first response) ...
    await page.getByTestId('compose-internal').click();
    await page.getByTestId('compose-body').fill('Cek foto serah terima shift pagi.');
    await page.getByTestId('compose-send').click();
    await page.locator('[data-testid^="message-"]').first().waitFor();
    // ... then the reply the requester sees.
    await page.getByTestId('compose-body').fill('Mohon maaf, kami cek dan ganti karton yang basah hari ini.');
    await page.getByTestId('compose-send').click();
    await page.locator('[data-testid^="message-"]').nth(1).waitFor();
    await page.getByTestId('sla-events').getByText('Respons pertama').waitFor();
    expect(await badgeState(page)).toBe('on_track');
    await page.screenshot({ path: artifactPath('tickets-detail-ops-in-progress.png'), fullPage: true });
    await page.getByTestId('status-btn-RESOLVED').click();
    await page.getByTestId('ticket-status').and(page.locator('[data-value="RESOLVED"]')).waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="sla-badge"]')?.getAttribute('data-state') === 'met');
    expect(await badgeText(page)).toBe('SLA terpenuhi');
    await page.screenshot({ path: artifactPath('tickets-detail-ops-resolved.png'), fullPage: true });
    await page.close();
  });

  it('the requester sees the reply (not the internal note), the resolution and the met SLA — also on a phone', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await signIn(phone.context, 'sales1@demo.local');
      await page.goto(ticketUrl);
      await page.getByTestId('sla-badge').waitFor();
      expect(await badgeState(page)).toBe('met');
      const thread = await page.getByTestId('thread').innerText();
      expect(thread).toContain('ganti karton yang basah');
      expect(thread).not.toContain('shift pagi');
      expect(await page.getByTestId('status-btn-CLOSED').count()).toBe(1);
      await page.screenshot({ path: artifactPath('tickets-detail-sales1-phone.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('ops see RFQs masked in their queue and quote one; the SLA page draws the daily median', async () => {
    const page = await signIn(browser.context, 'ops.exi@demo.local');
    await page.goto(`${base}/tickets/rfq`);
    await page.getByTestId('rfq-table').waitFor();
    await page.locator('[data-testid^="rfq-row-TK-"]').first().waitFor();
    expect(await page.getByTestId('rfq-table').innerText()).toContain('MASKED');
    await page.screenshot({ path: artifactPath('tickets-rfq-queue-ops.png'), fullPage: true });
    // Open an RFQ still to be worked and quote it.
    const row = page.locator('[data-testid^="rfq-row-TK-"]').filter({ has: page.locator('[data-value="OPEN"], [data-value="IN_PROGRESS"]') }).first();
    await row.click();
    await page.getByTestId('rfq-detail').waitFor();
    expect(await page.getByTestId('rfq-company').innerText()).toContain('MASKED');
    if (await page.getByTestId('status-btn-IN_PROGRESS').count()) {
      await page.getByTestId('status-btn-IN_PROGRESS').click();
      await page.getByTestId('status-btn-QUOTED').waitFor();
    }
    await page.getByTestId('status-btn-QUOTED').click();
    await page.getByTestId('quote-amount').fill('1950');
    await page.getByTestId('status-confirm').click();
    await page.getByTestId('ticket-status').and(page.locator('[data-value="QUOTED"]')).waitFor();
    await page.getByTestId('detail-quotes').waitFor();
    await page.screenshot({ path: artifactPath('tickets-rfq-quoted-ops.png'), fullPage: true });

    await page.goto(`${base}/tickets/sla`);
    await page.getByTestId('sla-chart').locator('svg').first().waitFor();
    await page.waitForTimeout(400);
    expect(await page.getByTestId('sla-table').locator('tr').count()).toBeGreaterThan(3);
    await page.screenshot({ path: artifactPath('tickets-sla-ops.png'), fullPage: true });
    await page.close();
  });

  it('the department queue shows stale tickets; English works through the scope files', async () => {
    const page = await signIn(browser.context, 'finance@demo.local');
    await page.goto(`${base}/tickets/queue`);
    await page.getByTestId('tickets-table').waitFor();
    await page.getByTestId('tickets-tab-stale').click();
    await page.getByTestId('stale-table').waitFor();
    await page.locator('[data-testid^="stale-row-"]').first().waitFor();
    await page.screenshot({ path: artifactPath('tickets-queue-stale-finance.png'), fullPage: true });
    await page.getByTestId('lang-toggle').click();
    await page.getByTestId('lang-en').click();
    await page.getByText('Idle for').waitFor();
    await page.screenshot({ path: artifactPath('tickets-queue-stale-finance-en.png'), fullPage: true });
    await page.close();
  });
});
