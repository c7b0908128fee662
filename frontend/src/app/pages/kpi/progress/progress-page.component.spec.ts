import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';

import { seedSession, testUser } from '../../../../testing/test-helpers';
import type { Role } from '../../../core/auth/auth.models';
import { byId, provideKpiArTesting } from '../shared/kpi-testing';
import type { ProgressItem } from '../shared/kpi.models';
import { ProgressPageComponent } from './progress-page.component';

const SELF = testUser('salesperson').user_id;

function item(key: string, over: Partial<ProgressItem> = {}): ProgressItem {
  return {
    metric_key: key, name: key, name_en: key, department: 'SAL', source: 'AUTO', unit: 'count', direction: 'higher_is_better',
    aggregation: 'sum', target_id: null, target_value: null, actual_value: '0', achievement_pct: null, status: 'OK', na_code: null,
    na_reason: null, ...over,
  };
}

describe('ProgressPageComponent (my progress)', () => {
  let fixture: ComponentFixture<ProgressPageComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;

  async function setup(role: Role, items: ProgressItem[], assignees = [{ user_id: SELF, full_name: 'Budi', role, dept_code: 'SAL', department: 'SAL', is_self: true }]) {
    sessionStorage.clear();
    seedSession(role);
    TestBed.configureTestingModule({
      imports: [ProgressPageComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideKpiArTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ProgressPageComponent);
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/kpi/assignees').flush({ items: assignees });
    const req = http.expectOne((r) => r.url === '/api/kpi/progress');
    expect(req.request.params.get('period_start')).toMatch(/^\d{4}-\d{2}-01$/);
    req.flush(items);
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('shows actual, target and achievement; NA as a badge with its reason, never as 0', async () => {
    await setup('salesperson', [
      item('SAL_REVENUE', { unit: 'idr', actual_value: '96557000.00', target_value: '150000000.00', achievement_pct: 64.37, target_id: 't1' }),
      item('SAL_WIN_RATE', { unit: 'percent', actual_value: null, status: 'NA', na_code: 'none_closed', na_reason: 'No prospect was won or lost in the period' }),
      item('SAL_CYCLE_DAYS', { unit: 'days', direction: 'lower_is_better', actual_value: '25.38', target_value: '45.00', achievement_pct: 177.3, target_id: 't2' }),
    ]);
    expect(byId(host, 'kpi-actual-SAL_REVENUE')!.textContent).toContain('Rp\u00a096.557.000');
    expect(byId(host, 'kpi-target-SAL_REVENUE')!.textContent).toContain('Rp\u00a0150.000.000');
    expect(byId(host, 'kpi-achievement-SAL_REVENUE')!.textContent).toContain('64,37%');
    expect(byId(host, 'kpi-actual-SAL_WIN_RATE')).toBeNull();
    expect(byId(host, 'kpi-na-SAL_WIN_RATE')!.textContent).toBe('NA');
    expect(byId(host, 'kpi-card-SAL_WIN_RATE')!.textContent).toContain('Belum ada prospek yang menang atau kalah pada periode ini.');
    expect(byId(host, 'kpi-card-SAL_CYCLE_DAYS')!.textContent).toContain('makin rendah makin baik');
    expect(byId(host, 'kpi-progress-person')).toBeNull(); // only one person to pick
  });

  it('offers "enter value" on MANUAL/IMPORTED metrics only, and never to the director', async () => {
    await setup('salesperson', [item('SAL_REFERRALS', { source: 'MANUAL', status: 'NA', actual_value: null, na_code: 'no_entries' }), item('SAL_VISITS')]);
    expect(byId(host, 'kpi-enter-SAL_REFERRALS')).not.toBeNull();
    expect(byId(host, 'kpi-enter-SAL_VISITS')).toBeNull();
    TestBed.resetTestingModule();
    await setup('director', [item('SAL_REFERRALS', { source: 'MANUAL' })], [
      { user_id: SELF, full_name: 'Dewi', role: 'director', dept_code: 'DIR', department: null, is_self: true },
      { user_id: 'other', full_name: 'Siti', role: 'salesperson', dept_code: 'SAL', department: 'SAL', is_self: false },
    ] as never);
    expect(byId(host, 'kpi-progress-person')).not.toBeNull();
    expect(byId(host, 'kpi-enter-SAL_REFERRALS')).toBeNull();
  });
});
