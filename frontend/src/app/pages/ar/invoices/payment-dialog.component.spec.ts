import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';

import { PROBLEM_HEADERS, problemBody, seedSession } from '../../../../testing/test-helpers';
import { byId, provideKpiArTesting } from '../../kpi/shared/kpi-testing';
import type { Invoice } from '../shared/ar.models';
import { PaymentDialogComponent } from './payment-dialog.component';

const INVOICE: Invoice = {
  invoice_id: 'IV-2026-000001', invoice_number: 'INV/1', customer_id: 'CU-1', customer_company_name: 'PT Uji', invoice_date: '2026-01-05',
  due_date: '2026-02-04', amount: '1000000.00', currency: 'IDR', notes: null, import_id: null, created_by: 'u', created_at: '2026-01-05T09:00:00+07:00',
  paid_amount: '400000.00', outstanding_amount: '600000.00', is_overdue: true, days_past_due: 30, status: 'OVERDUE',
};

describe('PaymentDialogComponent (record payment)', () => {
  let fixture: ComponentFixture<PaymentDialogComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;
  const close = vi.fn();

  beforeEach(async () => {
    sessionStorage.clear();
    seedSession('finance');
    TestBed.configureTestingModule({
      imports: [PaymentDialogComponent],
      providers: [
        provideHttpClient(), provideHttpClientTesting(), provideKpiArTesting(),
        { provide: MAT_DIALOG_DATA, useValue: INVOICE },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PaymentDialogComponent);
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  it('defaults to the outstanding amount and shows an overpayment (422) under the amount; a retry reuses its key', async () => {
    expect(byId<HTMLInputElement>(host, 'ar-payment-amount')!.value).toBe('600000.00');
    const form = (fixture.componentInstance as unknown as { form: import('@angular/forms').FormGroup }).form;
    form.patchValue({ amount: '700.000', reference: 'TRF-1' });
    byId<HTMLButtonElement>(host, 'ar-payment-submit')!.click();
    const req = http.expectOne('/api/payments');
    expect(req.request.body).toMatchObject({ invoice_id: INVOICE.invoice_id, amount: '700000', reference: 'TRF-1', method: 'transfer' });
    const key = req.request.headers.get('Idempotency-Key');
    req.flush(problemBody(422, 'Unprocessable Content', 'The payment of Rp 700.000 exceeds the outstanding amount of Rp 600.000',
      [{ field: 'amount', message: 'exceeds the outstanding amount (Rp 600.000)' }]), { status: 422, statusText: 'Unprocessable', headers: PROBLEM_HEADERS });
    await fixture.whenStable();
    expect(byId(host, 'ar-payment-amount-error')!.textContent).toContain('exceeds the outstanding amount (Rp 600.000)');
    expect(close).not.toHaveBeenCalled();
    form.controls['amount']!.setValue('700.000');
    byId<HTMLButtonElement>(host, 'ar-payment-submit')!.click();
    const again = http.expectOne('/api/payments');
    expect(again.request.headers.get('Idempotency-Key')).toBe(key);
    again.flush({ ...again.request.body, payment_id: 'PY-1', invoice: { paid_amount: '1000000.00', outstanding_amount: '0.00', status: 'PAID' } });
    expect(close).toHaveBeenCalled();
  });
});
