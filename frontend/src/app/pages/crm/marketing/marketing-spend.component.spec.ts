import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { PROBLEM_HEADERS, problemBody, seedSession } from '../../../../testing/test-helpers';
import { byTestId, provideCrmTranslocoTesting } from '../shared/crm-testing';
import { MarketingSpendComponent } from './marketing-spend.component';

/** The spend tab through its shared parts (create form on the <form>, list card). */
describe('MarketingSpendComponent (shared create form and list card)', () => {
  let fixture: ComponentFixture<MarketingSpendComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;

  beforeEach(async () => {
    sessionStorage.clear();
    seedSession('marketing_manager');
    TestBed.configureTestingModule({
      imports: [MarketingSpendComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideCrmTranslocoTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MarketingSpendComponent);
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne((r) => r.url.endsWith('/marketing/spend') && r.method === 'GET').flush({ items: [], next_cursor: null });
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  async function type(testId: string, value: string): Promise<void> {
    const el = byTestId<HTMLInputElement>(host, testId)!;
    el.value = value;
    el.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  it('keeps every test id, shows the empty text and required errors on submit, without a request', async () => {
    for (const id of ['mkt-spend-form', 'mkt-spend-channel', 'mkt-spend-date', 'mkt-spend-amount', 'mkt-spend-notes', 'mkt-spend-submit',
      'mkt-spend-filter-channel', 'mkt-spend-filter-from', 'mkt-spend-filter-to', 'mkt-spend-total', 'mkt-spend-export', 'mkt-spend-table']) {
      expect(byTestId(host, id), id).not.toBeNull();
    }
    expect(host.querySelector('.empty')!.textContent!.trim().length).toBeGreaterThan(0);
    byTestId(host, 'mkt-spend-submit')!.click();
    await fixture.whenStable();
    const errors = [...host.querySelectorAll('mat-error')].map((e) => e.textContent!.trim());
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(errors).size).toBe(1);
    expect(byTestId<HTMLTextAreaElement>(host, 'mkt-spend-notes')!.maxLength).toBe(1000);
  });

  it('sends the notes typed in the shared notes field and puts a server error under it', async () => {
    const component = fixture.componentInstance;
    component.form.patchValue({ channel: 'website', spend_date: '2026-11-02' });
    await type('mkt-spend-amount', '1.500.000');
    await type('mkt-spend-notes', '  Iklan November  ');
    expect(component.form.controls.notes.value).toBe('  Iklan November  ');
    byTestId(host, 'mkt-spend-submit')!.click();
    await fixture.whenStable();
    const req = http.expectOne((r) => r.url.endsWith('/marketing/spend') && r.method === 'POST');
    expect(req.request.body).toEqual({ channel: 'website', spend_date: '2026-11-02', amount: '1500000', notes: 'Iklan November' });
    req.flush(problemBody(422, 'Validation failed', 'Invalid body', [{ field: 'notes', message: 'Catatan ditolak server' }]), {
      status: 422,
      statusText: 'Unprocessable Entity',
      headers: PROBLEM_HEADERS,
    });
    await fixture.whenStable();
    const notesField = byTestId(host, 'mkt-spend-notes')!.closest('mat-form-field')!;
    expect(notesField.querySelector('mat-error')!.textContent).toContain('Catatan ditolak server');
    expect(byTestId(host, 'mkt-spend-error')).toBeNull();
  });
});
