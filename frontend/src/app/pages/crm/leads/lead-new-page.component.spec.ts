import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { PROBLEM_HEADERS, problemBody, seedSession } from '../../../../testing/test-helpers';
import { byTestId, provideCrmTranslocoTesting } from '../shared/crm-testing';
import { LeadNewPageComponent } from './lead-new-page.component';

describe('LeadNewPageComponent (new lead form)', () => {
  let fixture: ComponentFixture<LeadNewPageComponent>;
  let component: LeadNewPageComponent;
  let http: HttpTestingController;
  let host: HTMLElement;

  async function setup(): Promise<void> {
    sessionStorage.clear();
    seedSession('marketing_staff');
    TestBed.configureTestingModule({
      imports: [LeadNewPageComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideCrmTranslocoTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(LeadNewPageComponent);
    component = fixture.componentInstance;
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  function fillBasics(): void {
    component.form.patchValue({
      company_name: '  PT Maju Jaya  ',
      contact_name: 'Budi',
      email: 'budi@maju.co.id',
      source_channel: 'website',
    });
  }

  async function toggleRfq(): Promise<void> {
    byTestId(host, 'lead-form-rfq-toggle')!.querySelector('button')!.click();
    await fixture.whenStable();
  }

  const rfq = () => component.form.controls.rfq.controls;

  beforeEach(setup);
  afterEach(() => http.verify());

  it('renders the minimal form with its test ids, RFQ fields hidden', () => {
    for (const id of [
      'lead-form-company',
      'lead-form-contact',
      'lead-form-email',
      'lead-form-phone',
      'lead-form-npwp',
      'lead-form-channel',
      'lead-form-rfq-toggle',
      'lead-form-submit',
    ]) {
      expect(byTestId(host, id), id).not.toBeNull();
    }
    expect(byTestId(host, 'lead-form-rfq-origin')).toBeNull();
    expect(host.textContent).toContain('Ada permintaan tarif (RFQ)');
  });

  it('RFQ toggle: off ignores the RFQ fields, on makes origin/destination/service required', async () => {
    fillBasics();
    expect(component.form.valid).toBe(true);
    expect(component.body().rfq).toBeUndefined();

    await toggleRfq();
    expect(component.form.controls.rfqEnabled.value).toBe(true);
    expect(byTestId(host, 'lead-form-rfq-origin')).not.toBeNull();
    expect(byTestId(host, 'lead-form-rfq-destination')).not.toBeNull();
    expect(byTestId(host, 'lead-form-rfq-service')).not.toBeNull();
    expect(component.form.valid).toBe(false);
    expect(rfq().origin.hasError('required')).toBe(true);
    expect(rfq().destination.hasError('required')).toBe(true);
    expect(rfq().service_type.hasError('required')).toBe(true);
    // Optional RFQ fields do not block.
    expect(rfq().commodity.valid && rfq().weight_kg.valid && rfq().ready_date.valid).toBe(true);

    // Submitting now shows the inline errors and sends nothing.
    component.submit();
    await fixture.whenStable();
    http.expectNone('/api/leads');
    expect(byTestId(host, 'lead-form-error')?.textContent).toContain('Periksa kembali');
    expect(host.querySelectorAll('mat-error').length).toBeGreaterThanOrEqual(3);

    rfq().origin.setValue(' Jakarta ');
    rfq().destination.setValue('Singapore');
    rfq().service_type.setValue('sea_fcl');
    rfq().weight_kg.setValue(-3);
    expect(rfq().weight_kg.hasError('positive')).toBe(true);
    rfq().weight_kg.setValue(1200);
    expect(component.form.valid).toBe(true);
    expect(component.body().rfq).toEqual({ origin: 'Jakarta', destination: 'Singapore', service_type: 'sea_fcl', weight_kg: 1200 });

    // Off again: the (still filled) RFQ is neither validated nor sent.
    rfq().origin.setValue('');
    expect(component.form.valid).toBe(false);
    await toggleRfq();
    expect(component.form.valid).toBe(true);
    expect(component.body().rfq).toBeUndefined();
    expect(byTestId(host, 'lead-form-rfq-origin')).toBeNull();
  });

  it('mirrors the server rules inline: email format, phone, NPWP 15/16 digits', async () => {
    fillBasics();
    const c = component.form.controls;
    c.email.setValue('budi@maju');
    expect(c.email.hasError('email')).toBe(true);
    c.email.setValue('');
    expect(c.email.valid).toBe(true);
    c.phone.setValue('12');
    expect(c.phone.hasError('phone')).toBe(true);
    c.phone.setValue('0812-3456-7890');
    expect(c.phone.valid).toBe(true);
    c.npwp.setValue('01.234.567.8-901');
    expect(c.npwp.getError('npwp')).toEqual({ digits: 12 });
    c.npwp.setValue('01.234.567.8-901.000');
    expect(c.npwp.valid).toBe(true);
    c.npwp.setValue('0123456789012345');
    expect(c.npwp.valid).toBe(true);
    c.company_name.setValue('   ');
    expect(c.company_name.hasError('required')).toBe(true);
    c.company_name.markAsTouched();
    c.npwp.setValue('123');
    c.npwp.markAsTouched();
    await fixture.whenStable();
    expect(host.textContent).toContain('NPWP harus 15 atau 16 digit (sekarang 3)');
  });

  it('sends the trimmed body with the RFQ and shows which customer matched', async () => {
    fillBasics();
    component.form.controls.npwp.setValue('01.234.567.8-901.000');
    await toggleRfq();
    rfq().origin.setValue('Jakarta');
    rfq().destination.setValue('Singapore');
    rfq().service_type.setValue('sea_fcl');
    component.submit();

    const req = http.expectOne('/api/leads');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      company_name: 'PT Maju Jaya',
      contact_name: 'Budi',
      email: 'budi@maju.co.id',
      npwp: '01.234.567.8-901.000',
      source_channel: 'website',
      rfq: { origin: 'Jakarta', destination: 'Singapore', service_type: 'sea_fcl' },
    });
    expect(req.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    req.flush(
      { lead_id: 'LD-2026-000042', customer_id: 'CU-2026-000007', prospect_id: 'PR-2026-000009', ticket_id: 'TK-2026-000003', customer_match: 'npwp' },
      { status: 201, statusText: 'Created' },
    );
    await fixture.whenStable();

    expect(byTestId(host, 'lead-result')).not.toBeNull();
    expect(byTestId(host, 'lead-result-match')?.textContent?.trim()).toBe(
      'Cocok dengan pelanggan yang sudah ada CU-2026-000007 berdasarkan NPWP.',
    );
    expect(byTestId(host, 'lead-result-lead')?.getAttribute('href')).toBe('/crm/leads/LD-2026-000042');
    expect(byTestId(host, 'lead-result-customer')?.getAttribute('href')).toBe('/crm/customers/CU-2026-000007');
    expect(byTestId(host, 'lead-result-ticket')?.textContent?.trim()).toBe('TK-2026-000003');
  });

  it('says "new customer created" when nothing matched', async () => {
    fillBasics();
    component.submit();
    http
      .expectOne('/api/leads')
      .flush({ lead_id: 'LD-1', customer_id: 'CU-9', prospect_id: 'PR-9', ticket_id: null, customer_match: 'new' }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(byTestId(host, 'lead-result-match')?.textContent?.trim()).toBe('Pelanggan baru dibuat: CU-9.');
    expect(byTestId(host, 'lead-result-ticket')).toBeNull();
  });

  it('puts 422 field errors on their inputs, rfq.* included', async () => {
    fillBasics();
    component.form.controls.npwp.setValue('0123456789012345');
    await toggleRfq();
    rfq().origin.setValue('Jakarta');
    rfq().destination.setValue('Singapore');
    rfq().service_type.setValue('air');
    component.submit();
    http.expectOne('/api/leads').flush(
      problemBody(422, 'Unprocessable Entity', 'Validation failed', [
        { field: 'rfq.origin', message: 'origin is not a known city' },
        { field: 'rfq.service_type', message: 'not offered on this route' },
        { field: 'npwp', message: 'NPWP checksum is wrong' },
      ]),
      { status: 422, statusText: 'Unprocessable Entity', headers: PROBLEM_HEADERS },
    );
    await fixture.whenStable();

    expect(rfq().origin.getError('server')).toBe('origin is not a known city');
    expect(rfq().service_type.getError('server')).toBe('not offered on this route');
    expect(component.form.controls.npwp.getError('server')).toBe('NPWP checksum is wrong');
    expect(rfq().destination.hasError('server')).toBe(false);
    const errors = [...host.querySelectorAll('mat-error')].map((e) => e.textContent?.trim());
    expect(errors).toEqual(expect.arrayContaining(['origin is not a known city', 'not offered on this route', 'NPWP checksum is wrong']));
    expect(byTestId(host, 'lead-form-error')?.textContent).toContain('Periksa kembali');

    // Editing the field clears its server error.
    rfq().origin.setValue('Surabaya');
    expect(rfq().origin.hasError('server')).toBe(false);
  });

  it('shows a 422 without field errors as a form message', async () => {
    fillBasics();
    component.submit();
    http.expectOne('/api/leads').flush(problemBody(422, 'Unprocessable Entity', 'An RFQ needs origin, destination and service type'), {
      status: 422,
      statusText: 'Unprocessable Entity',
    });
    await fixture.whenStable();
    expect(byTestId(host, 'lead-form-error')?.textContent?.trim()).toBe('An RFQ needs origin, destination and service type');
  });

  it('reuses the Idempotency-Key when the same submission is retried, and ignores double clicks', async () => {
    fillBasics();
    component.submit();
    component.submit(); // double click while the first request is out
    const first = http.expectOne('/api/leads');
    const key = first.request.headers.get('Idempotency-Key');
    expect(key).toBeTruthy();
    first.error(new ProgressEvent('error'), { status: 0, statusText: '' });
    await fixture.whenStable();
    expect(byTestId(host, 'lead-form-error')?.textContent).toContain('pengiriman ulang aman');

    // Retry of the same submission: same key, so the server can replay instead of duplicating.
    component.submit();
    const retry = http.expectOne('/api/leads');
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    retry.flush(problemBody(500, 'Internal Server Error', 'boom'), { status: 500, statusText: 'Internal Server Error' });
    await fixture.whenStable();

    component.submit();
    const again = http.expectOne('/api/leads');
    expect(again.request.headers.get('Idempotency-Key')).toBe(key);
    again.flush({ lead_id: 'LD-1', customer_id: 'CU-1', prospect_id: 'PR-1', ticket_id: null, customer_match: 'email' }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(byTestId(host, 'lead-result-match')?.textContent).toContain('berdasarkan email');

    // "Create another" is a new submission: a new key, even for identical data.
    byTestId(host, 'lead-result-another')!.click();
    await fixture.whenStable();
    fillBasics();
    component.submit();
    const next = http.expectOne('/api/leads');
    expect(next.request.headers.get('Idempotency-Key')).not.toBe(key);
    next.flush({ lead_id: 'LD-2', customer_id: 'CU-1', prospect_id: 'PR-1', ticket_id: null, customer_match: 'email' }, { status: 201, statusText: 'Created' });
  });

  it('uses a new key once the data changed after a refused submission', async () => {
    fillBasics();
    component.submit();
    const first = http.expectOne('/api/leads');
    const key = first.request.headers.get('Idempotency-Key');
    first.flush(problemBody(422, 'Unprocessable Entity', 'bad', [{ field: 'email', message: 'is not a valid email address' }]), {
      status: 422,
      statusText: 'Unprocessable Entity',
    });
    await fixture.whenStable();
    component.form.controls.email.setValue('budi@majujaya.co.id');
    component.submit();
    const second = http.expectOne('/api/leads');
    expect(second.request.headers.get('Idempotency-Key')).not.toBe(key);
    second.flush({ lead_id: 'LD-3', customer_id: 'CU-3', prospect_id: 'PR-3', ticket_id: null, customer_match: 'new' }, { status: 201, statusText: 'Created' });
  });
});
