import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/core/config/config.js';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { artifactPath, launchBrowser } from '../helpers/browser.js';

/**
 * The command center and the audit viewer in the browser (built console + API + real
 * PostgreSQL + Chromium):
 * - every demo role's home shows exactly the numbers of `GET /api/dashboard/summary` for that
 *   user, formatted id-ID by unit, each linked to its list with the drill's route and query;
 * - a number clicked through opens its list with the drill filters as chips and as many rows as
 *   the number says (prospects, tickets, leads, overdue customers);
 * - the director filters the audit log to one record, expands a row into its difference, and
 *   reaches the same history from the record's "Riwayat" button.
 * Screenshots: test-artifacts/dashboard-home-<role>.png, dashboard-home-salesperson-phone.png,
 * dashboard-drill-*.png, dashboard-audit-*.png.
 */

interface Drill {
  list: string;
  api: string;
  route: string;
  query?: Record<string, string> | null;
}
interface Part {
  key: string;
  unit: 'idr' | 'count' | 'percent' | 'days' | 'hours';
  value: string | number | null;
  na_reason?: string | null;
  drill?: Drill | null;
}
interface NumberItem extends Part {
  parts?: Part[] | null;
}
interface Summary {
  role: string;
  as_of: string;
  period: { from: string; to: string };
  numbers: NumberItem[];
  charts: { key: string; kind: string; data: unknown[] }[];
  stuck: { key: string; count: number; threshold_days: number | null; drill?: Drill | null }[];
}

const USERS: Record<string, string> = {
  super_admin: 'admin@demo.local',
  director: 'director@demo.local',
  marketing_manager: 'mkt.manager@demo.local',
  marketing_staff: 'mkt.staff@demo.local',
  sales_manager: 'sales.manager@demo.local',
  salesperson: 'sales1@demo.local',
  ops: 'ops.dom@demo.local',
  finance: 'finance@demo.local',
};

// The console's id-ID formatting (frontend shared/format + pages/home/dashboard.ts), as an
// independent oracle: Node and Chromium share ICU's id-ID data.
const idr = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const plain = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
const pct = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 });
function formatted(value: string | number | null, unit: Part['unit']): string {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  const n = Number(value);
  switch (unit) {
    case 'idr':
      return idr.format(n);
    case 'percent':
      return pct.format(n / 100);
    case 'days':
      return `${plain.format(Math.round(n * 10) / 10)} hari`;
    case 'hours':
      return `${plain.format(Math.round(n * 10) / 10)} jam`;
    default:
      return plain.format(n);
  }
}

let t: TestApp;
let base: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const summaries = new Map<string, Summary>();

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

async function token(email: string): Promise<string> {
  return (await t.login(email)).access_token;
}

async function summaryOf(role: string): Promise<Summary> {
  if (!summaries.has(role)) {
    const res = await t.http().get('/api/dashboard/summary').set('Authorization', `Bearer ${await token(USERS[role]!)}`);
    expect(res.status).toBe(200);
    summaries.set(role, res.body as Summary);
  }
  return summaries.get(role)!;
}

/** Uncaught errors of each page: a console that throws fails the test that opened it. */
const pageErrors = new WeakMap<Page, string[]>();

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${base}/login`);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home-title').waitFor();
  return page;
}

async function signOut(page: Page): Promise<void> {
  expect(pageErrors.get(page) ?? []).toEqual([]);
  await page.evaluate(() => sessionStorage.clear());
  await page.close();
}

/**
 * A screenshot of the whole page: the shell scrolls inside its content pane, so the window is
 * made as tall as the content first (charts follow the resize), then restored.
 */
async function shot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => {
    const pane = document.querySelector('mat-sidenav-content');
    return pane ? pane.scrollHeight + (pane.getBoundingClientRect().top || 0) : document.documentElement.scrollHeight;
  });
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 6000) });
  await page.waitForTimeout(400);
  await page.screenshot({ path: artifactPath(name), fullPage: true });
  await page.setViewportSize(size);
}

/**
 * Clicks a link and waits for the console to navigate; a failure reports the page's errors
 * (e.g. a lazy chunk that could not load).
 */
async function clickThrough(page: Page, testId: string, url: RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  try {
    await page.waitForURL(url, { timeout: 15_000 });
  } catch (e) {
    throw new Error(`${testId} did not open ${url} (at ${page.url()}); page errors: ${JSON.stringify(pageErrors.get(page) ?? [])}`, { cause: e });
  }
}

/** The home once the summary arrived (numbers, or the empty state). */
async function homeReady(page: Page): Promise<void> {
  await page.getByTestId('home-period').waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300); // charts size themselves after the first layout
}

/** Text with runs of white space (the no-break space after `Rp` included) as one space. */
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
async function text(locator: Locator): Promise<string> {
  return norm((await locator.textContent()) ?? '');
}

/** The link's target equals the drill: same path, same query params and values. */
async function expectLinkTo(locator: Locator, drill: Drill): Promise<void> {
  const href = await locator.getAttribute('href');
  expect(href).not.toBeNull();
  const url = new URL(href!, base);
  expect(url.pathname).toBe(drill.route);
  expect(Object.fromEntries(url.searchParams)).toEqual(Object.fromEntries(Object.entries(drill.query ?? {}).map(([k, v]) => [k, String(v)])));
}

/** The number of `selector` elements once it stops changing toward `expected` (lists load asynchronously). */
async function settledCount(page: Page, selector: string, expected: number): Promise<number> {
  await page
    .waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length === n, [selector, expected] as const, { timeout: 10_000 })
    .catch(() => undefined);
  return page.locator(selector).count();
}

/** Clicks "load more" until every row is on the page; returns the row count. */
async function countAll(page: Page, rows: string, more: string): Promise<number> {
  // A client-side navigation does not reset "network idle": wait for the first rows (an empty
  // list just costs the timeout).
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 0, rows, { timeout: 10_000 }).catch(() => undefined);
  for (let i = 0; i < 50; i++) {
    await page.waitForLoadState('networkidle');
    const button = page.getByTestId(more);
    if ((await button.count()) === 0) break;
    const before = await page.locator(rows).count();
    await button.click();
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel as string).length > (n as number), [rows, before] as const);
  }
  await page.waitForLoadState('networkidle');
  return page.locator(rows).count();
}

describe('command center in the console (Chromium)', () => {
  for (const role of Object.keys(USERS)) {
    it(`${role}: the home shows the API's numbers for this user, formatted, each linked to its list`, async () => {
      const s = await summaryOf(role);
      expect(s.role).toBe(role);
      const page = await signIn(browser.context, USERS[role]!);
      await homeReady(page);

      expect(s.numbers.length).toBeGreaterThan(0);
      let links = 0;
      for (const n of s.numbers) {
        const value = page.getByTestId(`home-number-value-${n.key}`);
        expect(await text(value)).toBe(norm(formatted(n.value, n.unit)));
        if (n.value === null) {
          // NA: a dash, the reason beside it and in the accessible name.
          expect(await text(page.getByTestId(`home-number-${n.key}`))).toContain(n.na_reason ?? '');
        }
        if (n.drill && (await value.evaluate((e) => e.tagName)) === 'A') {
          await expectLinkTo(value, n.drill);
          links++;
        }
        for (const p of n.parts ?? []) {
          const part = page.getByTestId(`home-number-part-${n.key}-${p.key}`);
          expect(await text(part)).toContain(norm(formatted(p.value, p.unit)));
          if (p.drill && (await part.evaluate((e) => e.tagName)) === 'A') await expectLinkTo(part, p.drill);
        }
      }
      expect(links).toBeGreaterThan(0);
      for (const c of s.charts) await page.getByTestId(`home-chart-${c.key}`).waitFor();
      for (const st of s.stuck) {
        expect(await text(page.getByTestId(`home-stuck-${st.key}`))).toContain(plain.format(st.count));
      }
      await shot(page, `dashboard-home-${role}.png`);
      await signOut(page);
    });
  }

  it('salesperson: "open prospects" opens the pipeline with its filters as chips and exactly that many cards', async () => {
    const s = await summaryOf('salesperson');
    const n = s.numbers.find((x) => x.key === 'pipeline_open')!;
    const page = await signIn(browser.context, USERS.salesperson!);
    await homeReady(page);
    await clickThrough(page, 'home-number-value-pipeline_open', /\/crm\/prospects\?/);
    await page.getByTestId('filter-chip-open').waitFor();
    await page.getByTestId('filter-chip-assigned').waitFor();
    await page.waitForLoadState('networkidle');
    // Open prospects only: the WON and LOST columns are not shown.
    expect(await page.getByTestId('pipeline-column-WON').count()).toBe(0);
    expect(await settledCount(page, '[data-testid^="prospect-card-"]', Number(n.value))).toBe(Number(n.value));
    await shot(page, 'dashboard-drill-pipeline.png');

    // A bar of the pipeline chart opens one stage.
    await page.goto(`${base}/`);
    await homeReady(page);
    const chart = s.charts.find((c) => c.key === 'pipeline_by_stage')!;
    const first = (chart.data as { name: string; value: number; drill?: Drill }[]).find((d) => d.drill)!;
    const link = page.getByTestId('home-chart-link-pipeline_by_stage-0');
    await expectLinkTo(link, first.drill!);
    await link.click();
    await page.getByTestId(`filter-chip-stage`).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('[data-testid^="pipeline-column-"]').count()).toBe(1);
    expect(await settledCount(page, '[data-testid^="prospect-card-"]', Number(first.value))).toBe(Number(first.value));

    // "Activities this month": the list under the quick-log form shows exactly those.
    const acts = s.numbers.find((x) => x.key === 'activities_mtd')!;
    await page.goto(`${base}/`);
    await homeReady(page);
    await clickThrough(page, 'home-number-value-activities_mtd', /\/crm\/activities\?/);
    await page.getByTestId('filter-chip-from+to').waitFor();
    expect(await countAll(page, '[data-testid="activity-item"]', 'activity-more')).toBe(Number(acts.value));
    await shot(page, 'dashboard-drill-activities.png');
    await signOut(page);
  });

  it('ops: "open tickets in the queue" lists exactly that many tickets, and removing the chip widens the list', async () => {
    const s = await summaryOf('ops');
    const n = s.numbers.find((x) => x.key === 'queue_open')!;
    const page = await signIn(browser.context, USERS.ops!);
    await homeReady(page);
    await clickThrough(page, 'home-number-value-queue_open', /\/tickets\/queue\?/);
    await page.getByTestId('filter-chip-queue').waitFor();
    expect(await countAll(page, 'tr[data-testid^="ticket-row-"]', 'tickets-more')).toBe(Number(n.value));
    await shot(page, 'dashboard-drill-queue.png');

    await page.getByTestId('filter-chip-remove-queue').click();
    await page.waitForFunction(() => !location.search.includes('queue='));
    expect(await page.getByTestId('filter-chip-queue').count()).toBe(0);
    expect(await countAll(page, 'tr[data-testid^="ticket-row-"]', 'tickets-more')).toBeGreaterThanOrEqual(Number(n.value));
    await signOut(page);
  });

  it('director: a stuck item opens the stale leads with the chip and its count of rows', async () => {
    const s = await summaryOf('director');
    const stuck = s.stuck.find((x) => x.key === 'stale_leads')!;
    const page = await signIn(browser.context, USERS.director!);
    await homeReady(page);
    await clickThrough(page, 'home-stuck-link-stale_leads', /\/crm\/leads\?.*stale=true/);
    await page.getByTestId('filter-chip-stale').waitFor();
    expect(await countAll(page, 'tr[data-testid^="lead-row-"]', 'leads-more')).toBe(stuck.count);
    await shot(page, 'dashboard-drill-stale-leads.png');

    // Leads this month: the dates fill the page's own date filters (no chip needed).
    const leads = s.numbers.find((x) => x.key === 'leads_mtd')!;
    await page.goto(`${base}/`);
    await homeReady(page);
    await clickThrough(page, 'home-number-value-leads_mtd', /\/crm\/leads\?/);
    expect(await page.getByTestId('leads-filter-from').inputValue()).toBe(s.period.from);
    expect(await page.getByTestId('leads-filter-to').inputValue()).toBe(s.as_of);
    expect(await countAll(page, 'tr[data-testid^="lead-row-"]', 'leads-more')).toBe(Number(leads.value));
    await signOut(page);
  });

  it('finance: "customers overdue" opens the overdue tab as of the date, one row per customer', async () => {
    const s = await summaryOf('finance');
    const n = s.numbers.find((x) => x.key === 'overdue_customers')!;
    const page = await signIn(browser.context, USERS.finance!);
    await homeReady(page);
    await clickThrough(page, 'home-number-value-overdue_customers', /\/ar\/aging\?/);
    await page.getByTestId('filter-chip-as_of').waitFor();
    await page.getByTestId('ar-overdue-table').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await settledCount(page, 'tr[data-testid^="ar-overdue-row-"]', Number(n.value))).toBe(Number(n.value));
    await shot(page, 'dashboard-drill-overdue.png');

    // A bar of the aging chart: the invoices of that bucket, days past due and date as chips,
    // "overdue only" ticked; their outstanding amounts add up to the bar.
    const aging = s.charts.find((c) => c.key === 'aging')!;
    const bucket = (aging.data as { name: string; value: string; drill?: Drill }[]).find((d) => d.name === '1_30')!;
    await page.goto(`${base}/`);
    await homeReady(page);
    const i = (aging.data as { name: string }[]).findIndex((d) => d.name === '1_30');
    await expectLinkTo(page.getByTestId(`home-chart-link-aging-${i}`), bucket.drill!);
    await clickThrough(page, `home-chart-link-aging-${i}`, /\/ar\/invoices\?/);
    await page.getByTestId('filter-chip-dpd_min+dpd_max').waitFor();
    await page.getByTestId('filter-chip-as_of').waitFor();
    expect(await page.getByTestId('ar-invoices-overdue').locator('input').isChecked()).toBe(true);
    const rows = await countAll(page, 'tr[data-testid^="ar-invoice-row-"]', 'ar-invoices-more');
    const api = await t.http().get('/api/invoices').query({ ...bucket.drill!.query, limit: 200 }).set('Authorization', `Bearer ${await token(USERS.finance!)}`);
    expect(rows).toBe(api.body.items.length);
    const cents = (api.body.items as { outstanding_amount: string }[]).reduce((sum, r) => sum + Math.round(Number(r.outstanding_amount) * 100), 0);
    expect(cents).toBe(Math.round(Number(bucket.value) * 100));
    await shot(page, 'dashboard-drill-aging-bucket.png');
    await signOut(page);
  });

  it('works on a phone: the salesperson home is one column and its charts fit the screen', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await signIn(phone.context, USERS.salesperson!);
      await homeReady(page);
      const boxes = await page.locator('[data-testid^="home-number-"][data-testid$="_open"], [data-testid="home-number-activities_mtd"], [data-testid="home-number-ar_outstanding"]').evaluateAll((els) =>
        els.filter((e) => e.tagName === 'MAT-CARD').map((e) => e.getBoundingClientRect()).map((r) => ({ x: Math.round(r.x), w: Math.round(r.width) })),
      );
      expect(boxes.length).toBeGreaterThan(1);
      expect(new Set(boxes.map((b) => b.x)).size).toBe(1); // one column
      const charts = await page.locator('bcc-dashboard-chart svg.ngx-charts').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
      expect(charts.length).toBeGreaterThan(0);
      for (const right of charts) expect(right).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await shot(page, 'dashboard-home-salesperson-phone.png');
      await signOut(page);
    } finally {
      await phone.close();
    }
  });
});

describe('audit viewer in the console (Chromium)', () => {
  it("director filters one record, expands a row into its difference, and reaches the same history from the record's Riwayat button", async () => {
    // A lead that was changed after it was created: assign one as the marketing manager.
    const mmLogin = (await t.login(USERS.marketing_manager!)) as unknown as { access_token: string; user: { full_name: string } };
    const mm = mmLogin.access_token;
    const auth = (tk: string) => ({ Authorization: `Bearer ${tk}` });
    const leads = await t.http().get('/api/leads?unassigned=true&status=NEW&limit=1').set(auth(mm));
    expect(leads.status).toBe(200);
    const lead = leads.body.items[0] as { lead_id: string; company_name: string };
    const people = await t.http().get('/api/crm/assignees').set(auth(mm));
    const owner = (people.body.items as { user_id: string; full_name: string }[])[0]!;
    const assign = await t.http().post(`/api/leads/${lead.lead_id}/assign`).set(auth(mm)).set('Idempotency-Key', `e2e-audit-${Date.now()}`).send({ sales_owner_user_id: owner.user_id });
    expect(assign.status).toBeLessThan(300);

    const director = await token(USERS.director!);
    const log = await t.http().get(`/api/audit?table_name=leads&record_id=${encodeURIComponent(lead.lead_id)}&action=UPDATE`).set(auth(director));
    expect(log.status).toBe(200);
    const row = log.body.items[0] as { id: string; changes: { field: string }[] };
    expect(row.changes.map((c) => c.field)).toContain('sales_owner_user_id');

    const page = await signIn(browser.context, USERS.director!);
    await page.goto(`${base}/admin/audit`);
    await page.getByTestId('audit-list').waitFor();
    await page.getByTestId('audit-filter-table').click();
    await page.getByRole('option', { name: 'Lead', exact: true }).click();
    await page.getByTestId('audit-filter-record').fill(lead.lead_id);
    await page.waitForURL(/record_id=/);
    const item = page.getByTestId(`audit-row-${row.id}`);
    await item.waitFor();
    // Only that record's rows are listed.
    const ids = await page.locator('[data-testid^="audit-row-"]').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    for (const rowText of ids) expect(rowText).toContain(lead.lead_id);

    await item.locator('mat-expansion-panel-header').click();
    const owned = page.getByTestId('audit-diff-after-sales_owner_user_id');
    await owned.waitFor();
    expect(await text(owned)).toContain(owner.full_name); // a name, not an id
    expect(await text(page.getByTestId('audit-diff-before-sales_owner_user_id'))).toBe('—');
    expect(await text(item)).toContain(mmLogin.user.full_name); // who changed it, by name
    await shot(page, 'dashboard-audit-diff.png');

    // The lead's "Riwayat" button opens the same history.
    await page.goto(`${base}/crm/leads/${lead.lead_id}`);
    await clickThrough(page, 'history-leads', /\/admin\/audit\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('table_name')).toBe('leads');
    expect(url.searchParams.get('record_id')).toBe(lead.lead_id);
    await page.getByTestId(`audit-row-${row.id}`).waitFor();
    await signOut(page);

    // Roles without the audit viewer see no "Riwayat" button.
    const sales = await signIn(browser.context, USERS.marketing_manager!);
    await sales.goto(`${base}/crm/leads/${lead.lead_id}`);
    await sales.getByTestId('lead-back').waitFor();
    expect(await sales.getByTestId('history-leads').count()).toBe(0);
    await signOut(sales);
  });

  it('is usable on a phone', async () => {
    const phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      const page = await signIn(phone.context, USERS.director!);
      await page.goto(`${base}/admin/audit?table_name=leads`);
      const first = page.locator('[data-testid^="audit-row-"]').first();
      await first.waitFor();
      await first.locator('mat-expansion-panel-header').click();
      await first.locator('[data-testid^="audit-diff-"]').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await first.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('dashboard-audit-phone.png') }); // the screen, not the long list
      await signOut(page);
    } finally {
      await phone.close();
    }
  });
});
