import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { PROBLEM_HEADERS, problemBody, seedSession } from '../../../../testing/test-helpers';
import { byId, provideKpiArTesting } from '../shared/kpi-testing';
import type { MetricDefinition } from '../shared/kpi.models';
import { TargetsPageComponent } from './targets-page.component';

const metric = (key: string, department: 'SAL' | 'MKT', unit: MetricDefinition['unit'] = 'count'): MetricDefinition => ({
  metric_key: key, name: key, name_en: key, department, unit, source: 'AUTO', direction: 'higher_is_better', aggregation: 'sum',
  description: '', description_en: '', supports_channel: false, sort_order: 0,
});

describe('TargetsPageComponent', () => {
  let fixture: ComponentFixture<TargetsPageComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;

  async function setup(role: 'sales_manager' | 'director') {
    sessionStorage.clear();
    seedSession(role);
    TestBed.configureTestingModule({
      imports: [TargetsPageComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideKpiArTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TargetsPageComponent);
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/kpi/metrics').flush({ items: [metric('SAL_REVENUE', 'SAL', 'idr'), metric('MKT_LEADS', 'MKT')], next_cursor: null });
    if (role === 'sales_manager') {
      http.expectOne((r) => r.url === '/api/kpi/assignees' && r.params.get('purpose') === 'targets').flush({
        items: [{ user_id: 's1', full_name: 'Siti', role: 'salesperson', dept_code: 'SAL', department: 'SAL', is_self: false }],
      });
    }
    http.expectOne((r) => r.url === '/api/kpi/targets').flush({ items: [], next_cursor: null });
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('offers only the person\'s department metrics and shows an overlapping period (409) under the period', async () => {
    await setup('sales_manager');
    const form = (fixture.componentInstance as unknown as { form: import('@angular/forms').FormGroup }).form;
    form.patchValue({ assignee_user_id: 's1' });
    await fixture.whenStable();
    const options = Array.from(byId<HTMLSelectElement>(host, 'kpi-target-metric')!.options).map((o) => o.value);
    expect(options).toEqual(['', 'SAL_REVENUE']);
    form.patchValue({ metric_key: 'SAL_REVENUE', target_value: '150.000.000' });
    byId<HTMLButtonElement>(host, 'kpi-target-submit')!.click();
    const req = http.expectOne((r) => r.url === '/api/kpi/targets' && r.method === 'POST');
    expect(req.request.body).toMatchObject({ assignee_user_id: 's1', metric_key: 'SAL_REVENUE', target_value: '150000000' });
    expect(req.request.headers.get('Idempotency-Key')).toBeTruthy();
    req.flush(problemBody(409, 'Conflict', 'The period overlaps the SAL_REVENUE target of 2026-11-01 – 2026-11-30',
      [{ field: 'period_start', message: 'overlaps the target of 2026-11-01 – 2026-11-30' }]), { status: 409, statusText: 'Conflict', headers: PROBLEM_HEADERS });
    await fixture.whenStable();
    expect(byId(host, 'kpi-target-period-error')!.textContent).toContain('overlaps the target of 2026-11-01 – 2026-11-30');
    expect(byId(host, 'kpi-target-error')!.textContent).toContain('The period overlaps');
  });

  it('the director gets the list only (no form)', async () => {
    await setup('director');
    expect(byId(host, 'kpi-target-form')).toBeNull();
    expect(byId(host, 'kpi-targets-table')).not.toBeNull();
  });
});
