import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/core/config/config.js';
import { createTestApp, DEMO_PASSWORD, TestApp } from '../helpers/app.js';
import { artifactPath, launchBrowser } from '../helpers/browser.js';

/**
 * The CRM screens in a real Chromium against the real app on the demo database: marketing
 * creates a lead with an RFQ through the form and sees the customer match, the marketing
 * manager assigns it to a salesperson, who finds the prospect on the pipeline board and logs a
 * call on it (and, on a phone, a visit with photo and GPS). Asserted through the UI and
 * double-checked in the database. Screenshots (desktop 1280 px, phone 390 px) go to
 * test-artifacts/crm-*.png.
 */

let t: TestApp;
let base: string;
let desktop: Awaited<ReturnType<typeof launchBrowser>>;
let phone: Awaited<ReturnType<typeof launchBrowser>>;

const SUFFIX = Date.now().toString(36).slice(-6).toUpperCase();
const COMPANY = `PT Samudra Uji ${SUFFIX}`;
const EMAIL = `logistik.${SUFFIX.toLowerCase()}@samudra-uji.co.id`;
const CALL_NOTES = `Telepon follow-up RFQ Jakarta-Singapore ${SUFFIX}`;
/** A phone number no demo customer has, so the first lead really is a new customer. */
const PHONE = `0813 ${String(Date.now()).slice(-8)}`;

/** Filled in as the story goes. */
const story: { leadId?: string; customerId?: string; ticketId?: string; prospectId?: string; sales1Id?: string; sales1Name?: string } = {};

beforeAll(async () => {
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error('Build the console first (npm run build -w @bcc/frontend)');
  t = await createTestApp({ env: { SERVE_CONSOLE: 'true' } });
  await t.app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
  desktop = await launchBrowser();
  phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
  const sales1 = await t.db.admin.query<{ user_id: string; full_name: string }>(
    "SELECT user_id, full_name FROM app.profiles WHERE email = 'sales1@demo.local'",
  );
  story.sales1Id = sales1.rows[0]!.user_id;
  story.sales1Name = sales1.rows[0]!.full_name;
});

afterAll(async () => {
  await desktop?.close();
  await phone?.close();
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

/** Picks a mat-select option: opens the select, clicks the option. */
async function pick(page: Page, selectTestId: string, optionTestId: string): Promise<void> {
  await page.getByTestId(selectTestId).click();
  await page.getByTestId(optionTestId).click();
  await page.getByTestId(optionTestId).waitFor({ state: 'detached' });
}

/** Lets transitions (drawers, ripples, snack bars) settle before a screenshot. */
async function settle(page: Page, ms = 400): Promise<void> {
  await page.waitForTimeout(ms);
}

async function fillLeadForm(page: Page, company: string, email: string): Promise<void> {
  await page.getByTestId('lead-form-company').fill(company);
  await page.getByTestId('lead-form-contact').fill('Ibu Ratna Sari');
  await page.getByTestId('lead-form-email').fill(email);
  await page.getByTestId('lead-form-phone').fill(PHONE);
  await pick(page, 'lead-form-channel', 'lead-form-channel-event');
}

describe('CRM console (Chromium)', () => {
  it('marketing staff creates a lead with an RFQ through the form and sees the match result', async () => {
    const page = await signIn(desktop.context, 'mkt.staff@demo.local');
    await page.goto(`${base}/crm/leads`);
    await page.getByTestId('leads-table').waitFor();
    await page.getByTestId('leads-new').click();
    await page.getByTestId('lead-form-company').waitFor();
    expect(page.url()).toBe(`${base}/crm/leads/new`);

    await fillLeadForm(page, COMPANY, EMAIL);
    // Inline validation mirrors the server: a 12-digit NPWP is refused before sending.
    await page.getByTestId('lead-form-npwp').fill('01.234.567.8-9');
    await page.getByTestId('lead-form-npwp').blur();
    await page.getByText('NPWP harus 15 atau 16 digit').waitFor();
    await page.getByTestId('lead-form-npwp').fill('');

    // The RFQ toggle reveals its fields, which are then required.
    expect(await page.getByTestId('lead-form-rfq-origin').count()).toBe(0);
    await page.getByTestId('lead-form-rfq-toggle').locator('button').click();
    await page.getByTestId('lead-form-rfq-origin').waitFor();
    await page.getByTestId('lead-form-submit').click();
    await page.getByTestId('lead-form-error').waitFor();
    expect(await page.locator('mat-error').count()).toBeGreaterThanOrEqual(3);

    await page.getByTestId('lead-form-rfq-origin').fill('Jakarta');
    await page.getByTestId('lead-form-rfq-destination').fill('Singapore');
    await pick(page, 'lead-form-rfq-service', 'lead-form-rfq-service-sea_fcl');
    await page.getByTestId('lead-form-rfq-commodity').fill('Suku cadang mesin');
    await page.getByTestId('lead-form-rfq-weight').fill('1250.5');
    await settle(page, 200);
    await page.screenshot({ path: artifactPath('crm-lead-new-desktop.png'), fullPage: true });

    await page.getByTestId('lead-form-submit').click();
    await page.getByTestId('lead-result').waitFor();
    const match = page.getByTestId('lead-result-match');
    expect(await match.getAttribute('data-match')).toBe('new');
    expect(await match.innerText()).toMatch(/^Pelanggan baru dibuat: CU-\d{4}-\d{6}\.$/);
    story.leadId = (await page.getByTestId('lead-result-lead').innerText()).trim();
    story.customerId = (await page.getByTestId('lead-result-customer').innerText()).trim();
    story.ticketId = (await page.getByTestId('lead-result-ticket').innerText()).trim();
    expect(story.leadId).toMatch(/^LD-\d{4}-\d{6}$/);
    expect(story.ticketId).toMatch(/^TK-\d{4}-\d{6}$/);
    await settle(page);
    await page.screenshot({ path: artifactPath('crm-lead-result-desktop.png'), fullPage: true });

    const lead = await t.db.admin.query(
      `SELECT l.status, l.customer_id, l.customer_match, t.subject, t.dept_target, t.need_customer_masking
         FROM app.leads l JOIN app.tickets t ON t.related_lead_id = l.lead_id WHERE l.lead_id = $1`,
      [story.leadId],
    );
    expect(lead.rows).toEqual([
      { status: 'NEW', customer_id: story.customerId, customer_match: 'new', subject: 'RFQ Jakarta → Singapore, sea_fcl', dept_target: 'EXI', need_customer_masking: true },
    ]);

    // A second lead with the same email is recognised as the same customer.
    await page.getByTestId('lead-result-another').click();
    await page.getByTestId('lead-form-company').waitFor();
    await fillLeadForm(page, `${COMPANY} Cabang Surabaya`, EMAIL.toUpperCase());
    await page.getByTestId('lead-form-submit').click();
    await page.getByTestId('lead-result').waitFor();
    expect(await page.getByTestId('lead-result-match').getAttribute('data-match')).toBe('email');
    expect(await page.getByTestId('lead-result-match').innerText()).toBe(
      `Cocok dengan pelanggan yang sudah ada ${story.customerId} berdasarkan email.`,
    );
    expect(await page.getByTestId('lead-result-ticket').count()).toBe(0);

    // The list finds the lead by search, with its status chip.
    await page.goto(`${base}/crm/leads`);
    await page.getByTestId('leads-search').fill(SUFFIX);
    // The (debounced) search lands in the URL, and the list shows just the two new leads.
    await page.waitForURL((url) => url.searchParams.get('q') === SUFFIX);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="lead-row-LD-"]').length === 2);
    expect(await page.getByTestId(`lead-row-status-${story.leadId}`).getAttribute('data-value')).toBe('NEW');

    // Export applies the same filters: the CSV holds exactly the two leads of this search.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('leads-export').click().then(() => page.getByTestId('leads-export-csv').click())]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(story.leadId!);
    expect(csv.trim().split(/\r?\n/)).toHaveLength(3);
    await settle(page);
    await page.screenshot({ path: artifactPath('crm-leads-desktop.png'), fullPage: true });
    await page.close();
  });

  it('the marketing manager opens the lead and assigns it to sales1 (only assignable people offered)', async () => {
    const page = await signIn(desktop.context, 'mkt.manager@demo.local');
    await page.goto(`${base}/crm/leads?q=${SUFFIX}`);
    await page.getByTestId(`lead-row-${story.leadId}`).click();
    await page.getByTestId('lead-detail').waitFor();
    await page.getByTestId('lead-status').waitFor();
    expect(page.url()).toBe(`${base}/crm/leads/${story.leadId}`);
    expect(await page.getByTestId('lead-status').getAttribute('data-value')).toBe('NEW');
    expect(await page.getByTestId('lead-ticket-' + story.ticketId).count()).toBe(1);
    await page.getByTestId('timeline-item').first().waitFor();
    await page.getByTestId('lead-contact').screenshot({ path: artifactPath('crm-lead-contact-panel-desktop.png') });

    await page.getByTestId('lead-assign').click();
    await page.getByTestId('assign-select').click();
    await page.getByTestId(`assign-option-${story.sales1Id}`).waitFor();
    // Exactly the people of GET /api/crm/assignees: active salespeople and sales managers.
    const offered = await page.locator('[data-testid^="assign-option-"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-testid')!.slice('assign-option-'.length)),
    );
    const expected = await t.db.admin.query<{ user_id: string }>(
      "SELECT user_id FROM app.profiles WHERE is_active AND role IN ('salesperson', 'sales_manager')",
    );
    expect(offered.sort()).toEqual(expected.rows.map((r) => r.user_id).sort());
    await page.screenshot({ path: artifactPath('crm-lead-assign-desktop.png') });
    await page.getByTestId(`assign-option-${story.sales1Id}`).click();
    await page.getByTestId('assign-submit').click();

    await page.waitForFunction(() => document.querySelector('[data-testid="lead-status"]')?.getAttribute('data-value') === 'HANDED_OVER');
    await page.getByTestId('lead-owner').getByText(story.sales1Name!).waitFor();
    await page.locator('[data-testid="timeline-item"][data-kind="lead_event"]', { hasText: 'Diserahkan ke sales' }).waitFor();
    await settle(page, 600);
    await page.screenshot({ path: artifactPath('crm-lead-detail-desktop.png'), fullPage: true });
    await page.getByTestId('lead-timeline').screenshot({ path: artifactPath('crm-lead-timeline-desktop.png') });

    const lead = await t.db.admin.query<{ status: string; sales_owner_user_id: string; prospect_id: string; owner_user_id: string }>(
      `SELECT l.status, l.sales_owner_user_id, l.prospect_id, p.owner_user_id
         FROM app.leads l JOIN app.prospects p USING (prospect_id) WHERE l.lead_id = $1`,
      [story.leadId],
    );
    expect(lead.rows[0]).toMatchObject({ status: 'HANDED_OVER', sales_owner_user_id: story.sales1Id, owner_user_id: story.sales1Id });
    story.prospectId = lead.rows[0]!.prospect_id;

    // The customer 360 shows the leads and the RFQ ticket.
    await page.getByTestId('lead-customer-link').click();
    await page.getByTestId('customer-identity').waitFor();
    await page.getByTestId('customer-leads').getByText(story.leadId!).waitFor();
    expect(await page.getByTestId('customer-invoices').innerText()).toContain('—');
    await settle(page);
    await page.screenshot({ path: artifactPath('crm-customer-360-desktop.png'), fullPage: true });
    await page.close();
  });

  it('sales1 finds the prospect on the pipeline board and logs a call on it', async () => {
    const page = await signIn(desktop.context, 'sales1@demo.local');
    await page.goto(`${base}/crm/prospects`);
    const card = page.getByTestId('pipeline-column-NEW').getByTestId(`prospect-card-${story.prospectId}`);
    await card.waitFor();
    expect(await card.innerText()).toContain(COMPANY);
    await settle(page);
    await page.screenshot({ path: artifactPath('crm-pipeline-desktop.png'), fullPage: true });

    // "Move to…" offers only the allowed stages; moving goes through the server.
    await page.getByTestId(`prospect-move-${story.prospectId}`).click();
    await page.getByTestId(`prospect-move-${story.prospectId}-CONTACTED`).click();
    await page.getByTestId('pipeline-column-CONTACTED').getByTestId(`prospect-card-${story.prospectId}`).waitFor();
    await page.waitForFunction(
      (id) => !document.querySelector(`[data-testid="prospect-card-${id}"] mat-progress-bar`),
      story.prospectId,
    );
    const stage = await t.db.admin.query<{ stage: string }>('SELECT stage FROM app.prospects WHERE prospect_id = $1', [story.prospectId]);
    expect(stage.rows[0]!.stage).toBe('CONTACTED');

    // The side panel shows the stage history.
    await page.getByTestId(`prospect-open-${story.prospectId}`).click();
    await page.getByTestId('prospect-panel').waitFor();
    await page.getByTestId('prospect-history-item').nth(1).waitFor();
    await settle(page);
    await page.screenshot({ path: artifactPath('crm-pipeline-panel-desktop.png') });
    await page.getByTestId('prospect-panel-close').click();
    await page.getByTestId('prospect-panel').waitFor({ state: 'detached' });

    // Quick log: pick the prospect, "call", notes, save.
    await page.goto(`${base}/crm/activities`);
    await page.getByTestId('activity-prospect').fill(COMPANY.slice(0, 18));
    await page.getByTestId(`activity-prospect-option-${story.prospectId}`).click();
    await page.getByTestId('activity-selected').waitFor();
    await page.getByTestId('activity-type-call').click();
    await page.getByTestId('activity-notes').fill(CALL_NOTES);
    await page.getByTestId('activity-submit').click();
    await page.getByTestId('activity-list').getByText(CALL_NOTES).waitFor();
    await settle(page);
    await page.screenshot({ path: artifactPath('crm-activities-desktop.png'), fullPage: true });

    const acts = await t.db.admin.query(
      `SELECT activity_type, owner_user_id, is_system FROM app.sales_activities WHERE prospect_id = $1 AND notes = $2`,
      [story.prospectId, CALL_NOTES],
    );
    expect(acts.rows).toEqual([{ activity_type: 'call', owner_user_id: story.sales1Id, is_system: false }]);
    await page.close();
  });

  it('on a phone, sales1 logs a visit with a photo and GPS', async () => {
    await phone.context.grantPermissions(['geolocation'], { origin: base });
    await phone.context.setGeolocation({ latitude: -6.175392, longitude: 106.827153, accuracy: 18 });
    const page = await signIn(phone.context, 'sales1@demo.local');
    const photo = await page.screenshot({ clip: { x: 0, y: 0, width: 96, height: 96 } });

    await page.goto(`${base}/crm/activities?prospect_id=${story.prospectId}&customer_id=${story.customerId}`);
    await page.getByTestId('activity-selected').waitFor();
    await page.getByTestId('activity-type-visit').click();
    await page.getByTestId('activity-locate').waitFor();
    await settle(page, 200);
    await page.screenshot({ path: artifactPath('crm-activities-phone.png') });
    // Without evidence the visit is not sent, and the form says what is missing.
    await page.getByTestId('activity-submit').click();
    await page.getByTestId('activity-visit-missing').waitFor();
    expect(await page.getByTestId('activity-visit-missing').innerText()).toContain('foto');
    await settle(page, 200);
    await page.screenshot({ path: artifactPath('crm-activities-visit-missing-phone.png'), fullPage: true });

    await page.getByTestId('activity-photo').setInputFiles({ name: 'kunjungan.png', mimeType: 'image/png', buffer: photo });
    await page.getByTestId('activity-photo-preview').waitFor();
    await page.getByTestId('activity-locate').click();
    await page.getByTestId('activity-location').waitFor();
    expect(await page.getByTestId('activity-location').innerText()).toContain('±18 m');
    await page.getByTestId('activity-notes').fill(`Kunjungan kantor ${SUFFIX}`);
    await settle(page, 200);
    await page.screenshot({ path: artifactPath('crm-activities-visit-phone.png'), fullPage: true });
    await page.getByTestId('activity-submit').click();
    await page.getByTestId('activity-list').getByText(`Kunjungan kantor ${SUFFIX}`).waitFor();

    const visit = await t.db.admin.query(
      `SELECT a.location_lat::float AS lat, a.location_lng::float AS lng, a.location_accuracy_m::float AS acc, o.bucket, o.content_type
         FROM app.sales_activities a JOIN app.storage_objects o ON o.object_id = a.evidence_object_id
        WHERE a.prospect_id = $1 AND a.activity_type = 'visit'`,
      [story.prospectId],
    );
    expect(visit.rows).toEqual([{ lat: -6.175392, lng: 106.827153, acc: 18, bucket: 'prospect-evidence', content_type: 'image/png' }]);
    await page.close();
  });

  it('the CRM screens fit a phone (390 px) and the remaining desktop screens render', async () => {
    const staff = await signIn(phone.context, 'mkt.staff@demo.local');
    await staff.goto(`${base}/crm/leads`);
    await staff.getByTestId('leads-table').waitFor();
    await staff.getByTestId(`lead-row-${story.leadId}`).waitFor();
    await settle(staff);
    await staff.screenshot({ path: artifactPath('crm-leads-phone.png'), fullPage: true });
    await staff.goto(`${base}/crm/leads/new`);
    await staff.getByTestId('lead-form-rfq-toggle').locator('button').click();
    await staff.getByTestId('lead-form-rfq-origin').waitFor();
    await settle(staff, 200);
    await staff.screenshot({ path: artifactPath('crm-lead-new-phone.png'), fullPage: true });
    expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await staff.close();

    const sales = await signIn(phone.context, 'sales1@demo.local');
    await sales.goto(`${base}/crm/prospects`);
    await sales.getByTestId(`prospect-card-${story.prospectId}`).waitFor();
    await settle(sales);
    await sales.screenshot({ path: artifactPath('crm-pipeline-phone.png') });
    await sales.goto(`${base}/crm/leads/${story.leadId}`);
    await sales.getByTestId('lead-status').waitFor();
    await sales.getByTestId('timeline-item').first().waitFor();
    await settle(sales);
    await sales.screenshot({ path: artifactPath('crm-lead-detail-phone.png'), fullPage: true });
    expect(await sales.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await sales.close();

    const manager = await signIn(desktop.context, 'mkt.manager@demo.local');
    await manager.goto(`${base}/crm/marketing?tab=spend`);
    await manager.getByTestId('mkt-spend-form').waitFor();
    await pick(manager, 'mkt-spend-channel', 'mkt-spend-channel-social_media');
    await manager.getByTestId('mkt-spend-amount').fill('1.500.000');
    await manager.getByTestId('mkt-spend-amount-preview').getByText(/Rp\s1\.500\.000/).waitFor();
    await manager.getByTestId('mkt-spend-submit').click();
    await manager.getByTestId('mkt-spend-table').getByText(/Rp\s1\.500\.000/).first().waitFor();
    await settle(manager);
    await manager.screenshot({ path: artifactPath('crm-marketing-spend-desktop.png'), fullPage: true });
    await manager.getByTestId('marketing-tab-events').click();
    await manager.getByTestId('mkt-event-form').waitFor();
    await settle(manager);
    await manager.screenshot({ path: artifactPath('crm-marketing-events-desktop.png'), fullPage: true });
    await manager.goto(`${base}/crm/customers?q=${SUFFIX}`);
    await manager.getByTestId('customers-table').waitFor();
    await manager.getByTestId(`customer-row-${story.customerId}`).waitFor();
    await settle(manager);
    await manager.screenshot({ path: artifactPath('crm-customers-desktop.png'), fullPage: true });
    await manager.close();
  });
});
