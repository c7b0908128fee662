import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';

import { NO_MATERIAL_ANIMATIONS, provideTranslocoTesting, seedSession } from '../../../../testing/test-helpers';
import { registerIcons } from '../../../core/icons';
import type { Payment } from '../shared/ar.models';
import { PaymentsPageComponent } from './payments-page.component';

const PAYMENT: Payment = {
  payment_id: 'PY-2026-000007',
  invoice_id: 'IV-2026-000003',
  invoice_number: 'INV/2026/11/0003',
  customer_id: 'CU-2026-000002',
  customer_company_name: 'PT Samudra Jaya',
  payment_date: '2026-11-05',
  amount: '1500000.00',
  method: 'transfer',
  reference: 'BCA-0007',
  notes: null,
  created_by: 'a3c1e2f4-1111-4222-8333-944455556666',
  created_at: '2026-11-05T03:00:00+07:00',
};

describe('PaymentsPageComponent', () => {
  let fixture: ComponentFixture<PaymentsPageComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;
  const el = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function setup(role: 'finance' | 'salesperson', query: Record<string, string>) {
    sessionStorage.clear();
    seedSession(role);
    TestBed.configureTestingModule({
      imports: [PaymentsPageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
        NO_MATERIAL_ANIMATIONS,
        provideEnvironmentInitializer(() => registerIcons()),
        { provide: ActivatedRoute, useValue: { snapshot: { queryParamMap: convertToParamMap(query) } } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PaymentsPageComponent);
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => http?.verify());

  it('applies a drill date range from the URL to the API call and shows it as a chip', async () => {
    await setup('finance', { from: '2026-11-01', to: '2026-11-26', junk: 'x' });
    const req = http.expectOne((r) => r.url === '/api/payments');
    expect(req.request.params.get('from')).toBe('2026-11-01');
    expect(req.request.params.get('to')).toBe('2026-11-26');
    expect(req.request.params.has('junk')).toBe(false);
    req.flush({ items: [PAYMENT], next_cursor: null });
    fixture.detectChanges();
    await fixture.whenStable();
    expect(el('ar-payment-row-PY-2026-000007')?.textContent).toContain('INV/2026/11/0003');
    expect(el('ar-payment-row-PY-2026-000007')?.textContent).toContain('1.500.000');
    // The customer by name (from the API), its id beside it.
    expect(el('ar-payment-customer-PY-2026-000007')?.textContent).toContain('PT Samudra Jaya');
    expect(el('ar-payment-customer-PY-2026-000007')?.textContent).toContain('CU-2026-000002');
    expect(host.textContent).toContain('01/11/2026');
    expect(el('ar-payments-import')).not.toBeNull();
  });

  it('offers no import to a salesperson and shows the empty state', async () => {
    await setup('salesperson', {});
    const req = http.expectOne((r) => r.url === '/api/payments');
    expect(req.request.params.has('from')).toBe(false);
    req.flush({ items: [], next_cursor: null });
    fixture.detectChanges();
    await fixture.whenStable();
    expect(el('ar-payments-empty')).not.toBeNull();
    expect(el('ar-payments-import')).toBeNull();
  });
});
