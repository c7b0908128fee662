import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';

import { NO_MATERIAL_ANIMATIONS, byTestId, provideTranslocoTesting, seedSession } from '../../../testing/test-helpers';
import { authInterceptor } from '../../core/http/auth.interceptor';
import { problemInterceptor } from '../../core/http/problem.interceptor';
import { NotificationService } from '../../core/notification.service';
import { fileNameFrom } from '../download';
import { ExportMenuComponent, exportUrl } from './export-menu.component';

describe('exportUrl', () => {
  it('builds GET /api/<list>/export from the page filters and the format', () => {
    expect(exportUrl('leads', { q: 'PT Maju Jaya', status: 'NEW', unassigned: true, created_from: '2026-11-01' }, 'csv')).toBe(
      '/api/leads/export?q=PT+Maju+Jaya&status=NEW&unassigned=true&created_from=2026-11-01&format=csv',
    );
    expect(exportUrl('ops/rfqs', { open: false, service_type: 'sea_fcl' }, 'xlsx')).toBe('/api/ops/rfqs/export?open=false&service_type=sea_fcl&format=xlsx');
  });

  it('leaves out empty values and paging, repeats arrays, encodes what needs encoding', () => {
    expect(exportUrl('/api/invoices/', { q: '', customer_id: null, overdue: undefined, limit: 50, cursor: 'abc', format: 'pdf' }, 'xlsx')).toBe(
      '/api/invoices/export?format=xlsx',
    );
    expect(exportUrl('tickets', { status: ['OPEN', 'IN_PROGRESS'], q: '=HYPERLINK("x")&a=b' }, 'csv')).toBe(
      '/api/tickets/export?status=OPEN&status=IN_PROGRESS&q=%3DHYPERLINK%28%22x%22%29%26a%3Db&format=csv',
    );
    expect(exportUrl('dso/aging', null, 'csv')).toBe('/api/dso/aging/export?format=csv');
    expect(exportUrl('kpi/progress', { period_start: '2026-10-01', assignee_user_id: 'u-1', page: 3 }, 'csv')).toBe(
      '/api/kpi/progress/export?period_start=2026-10-01&assignee_user_id=u-1&page=3&format=csv',
    );
  });

  it('takes the file name from Content-Disposition', () => {
    expect(fileNameFrom('attachment; filename="leads-2026-11-26.csv"', 'x.csv')).toBe('leads-2026-11-26.csv');
    expect(fileNameFrom("attachment; filename*=UTF-8''piutang%20umur.xlsx", 'x.xlsx')).toBe('piutang umur.xlsx');
    expect(fileNameFrom(null, 'leads.csv')).toBe('leads.csv');
  });
});

@Component({
  imports: [ExportMenuComponent],
  template: `<bcc-export-menu list="leads" [params]="query()" testId="leads-export" />`,
})
class HostComponent {
  readonly query = signal<object>({ q: 'Maju', status: 'NEW' });
}

describe('ExportMenuComponent', () => {
  let fixture: ComponentFixture<HostComponent>;
  let http: HttpTestingController;
  let error: ReturnType<typeof vi.spyOn>;
  let clicked: string[];
  const createObjectURL = vi.fn(() => 'blob:export-1');
  const revokeObjectURL = vi.fn();

  beforeEach(async () => {
    sessionStorage.clear();
    seedSession('sales_manager', { access: 'token-123' });
    TestBed.configureTestingModule({
      imports: [HostComponent],
      providers: [
        provideHttpClient(withInterceptors([authInterceptor, problemInterceptor])),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
        NO_MATERIAL_ANIMATIONS,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const notifications = TestBed.inject(NotificationService);
    error = vi.spyOn(notifications, 'error').mockResolvedValue();
    vi.spyOn(notifications, 'problem').mockResolvedValue();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    clicked = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.download} ${this.href}`);
    });
    fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    vi.restoreAllMocks();
  });

  async function pick(format: 'csv' | 'xlsx'): Promise<void> {
    byTestId<HTMLButtonElement>('leads-export', fixture.nativeElement)!.click();
    await fixture.whenStable();
    const item = byTestId<HTMLButtonElement>(`leads-export-${format}`);
    expect(item).not.toBeNull();
    item!.click();
    await fixture.whenStable();
  }

  it('shows one "Ekspor" button whose menu offers CSV and Excel (XLSX)', async () => {
    const button = byTestId<HTMLButtonElement>('leads-export', fixture.nativeElement)!;
    expect(button.textContent).toContain('Ekspor');
    expect(byTestId('leads-export-csv')).toBeNull();
    button.click();
    await fixture.whenStable();
    expect(byTestId('leads-export-csv')!.textContent).toContain('CSV');
    expect(byTestId('leads-export-xlsx')!.textContent).toContain('Excel (XLSX)');
  });

  it('downloads with the current filters and the bearer token, saved under the server file name', async () => {
    fixture.componentInstance.query.set({ q: 'Sinar', source_channel: 'website', limit: 50 });
    await fixture.whenStable();
    await pick('xlsx');
    const req = http.expectOne('/api/leads/export?q=Sinar&source_channel=website&format=xlsx');
    expect(req.request.method).toBe('GET');
    expect(req.request.responseType).toBe('blob');
    expect(req.request.headers.get('Authorization')).toBe('Bearer token-123');
    expect(byTestId<HTMLButtonElement>('leads-export', fixture.nativeElement)!.disabled).toBe(true);
    req.flush(new Blob(['x']), { headers: { 'Content-Disposition': 'attachment; filename="leads-2026-11-26.xlsx"' } });
    await fixture.whenStable();
    expect(clicked).toEqual(['leads-2026-11-26.xlsx blob:export-1']);
    expect(createObjectURL).toHaveBeenCalled();
    expect(byTestId<HTMLButtonElement>('leads-export', fixture.nativeElement)!.disabled).toBe(false);
    expect(error).not.toHaveBeenCalled();
  });

  it('shows the problem detail in a snack bar when the export fails, and saves nothing', async () => {
    await pick('csv');
    const req = http.expectOne('/api/leads/export?q=Maju&status=NEW&format=csv');
    const problem = { type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'The request has invalid fields' };
    req.flush(new Blob([JSON.stringify(problem)], { type: 'application/problem+json' }), { status: 422, statusText: 'Unprocessable Entity' });
    await vi.waitFor(() => expect(error).toHaveBeenCalledWith('Ekspor gagal: The request has invalid fields'));
    expect(clicked).toEqual([]);
    expect(byTestId<HTMLButtonElement>('leads-export', fixture.nativeElement)!.disabled).toBe(false);
  });

  it('falls back to a generic message when the failure has no problem body', async () => {
    await pick('csv');
    http.expectOne((r) => r.url.startsWith('/api/leads/export')).flush(new Blob(['<html>Bad gateway</html>']), { status: 502, statusText: 'Bad Gateway' });
    await vi.waitFor(() => expect(error).toHaveBeenCalledWith('Ekspor gagal. Silakan coba lagi.'));
  });
});
