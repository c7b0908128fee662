import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideEnvironmentInitializer } from '@angular/core';
import { provideRouter } from '@angular/router';

import { NO_MATERIAL_ANIMATIONS, provideTranslocoTesting, seedSession } from '../../../testing/test-helpers';
import type { Role } from '../../core/auth/auth.models';
import { registerIcons } from '../../core/icons';
import { DashboardChartComponent } from './dashboard-chart.component';
import type { DashboardChart, DashboardSummary } from './dashboard.models';
import { HomePageComponent } from './home-page.component';

/** ngx-charts needs a real layout engine; the page's own logic is what is tested here. */
@Component({ selector: 'bcc-dashboard-chart', template: '<div data-testid="chart-stub">{{ chart().key }}</div>' })
class ChartStubComponent {
  readonly chart = input.required<DashboardChart>();
  readonly words = input<unknown>();
  readonly labelFor = input<unknown>();
  readonly canOpen = input<unknown>();
  readonly seriesName = input<unknown>();
}

const PERIOD = { from: '2026-11-01', to: '2026-11-26' };

function summary(over: Partial<DashboardSummary> = {}): DashboardSummary {
  return { role: 'salesperson', as_of: '2026-11-26', period: PERIOD, numbers: [], charts: [], stuck: [], ...over };
}

const SALES: DashboardSummary = summary({
  numbers: [
    {
      key: 'pipeline_open',
      unit: 'count',
      value: 12,
      drill: { list: 'prospects', api: '/api/prospects', route: '/crm/prospects', query: { open: 'true', assigned: 'true' }, measure: { op: 'count' } },
    },
    {
      key: 'ar_outstanding',
      unit: 'idr',
      value: '1500000.00',
      drill: { list: 'invoices', api: '/api/invoices', route: '/ar/invoices', query: { open: 'true', as_of: '2026-11-26' }, measure: { op: 'sum', field: 'outstanding_amount' } },
    },
    {
      key: 'kpi_achievement',
      unit: 'percent',
      value: null,
      na_reason: 'Belum ada target bulan ini',
      drill: { list: 'kpi_progress', api: '/api/kpi/progress', route: '/kpi/progress', query: { period_start: '2026-11-01', period_end: '2026-11-30' } },
    },
    {
      key: 'overdue_pct',
      unit: 'percent',
      value: 37.5,
      parts: [
        { key: 'ar_overdue', unit: 'idr', value: '562500.00', drill: { list: 'invoices', api: '/api/invoices', route: '/ar/invoices', query: { overdue: 'true', as_of: '2026-11-26' } } },
        { key: 'ar_outstanding', unit: 'idr', value: '1500000.00', drill: { list: 'invoices', api: '/api/invoices', route: '/ar/invoices', query: { open: 'true', as_of: '2026-11-26' } } },
      ],
    },
    {
      key: 'imports_open',
      unit: 'count',
      value: 2,
      drill: { list: 'imports', api: '/api/imports', route: '/imports', query: { open: 'true' } },
    },
  ],
  charts: [
    {
      key: 'pipeline_by_stage',
      kind: 'bar',
      unit: 'count',
      data: [
        { name: 'NEW', value: 4, drill: { list: 'prospects', api: '/api/prospects', route: '/crm/prospects', query: { stage: 'NEW', assigned: 'true' } } },
        { name: 'QUOTATION', value: 0, drill: { list: 'prospects', api: '/api/prospects', route: '/crm/prospects', query: { stage: 'QUOTATION', assigned: 'true' } } },
      ],
    },
    { key: 'dso_trend', kind: 'line', unit: 'days', data: [{ name: 'dso_30', series: [{ name: '2026-11-01', value: null }] }], na_reason: null },
  ],
  stuck: [
    { key: 'stale_prospects', count: 3, threshold_days: 14, drill: { list: 'prospects', api: '/api/prospects', route: '/crm/prospects', query: { stale: 'true', assigned: 'true' } } },
  ],
});

describe('HomePageComponent (command center)', () => {
  let fixture: ComponentFixture<HomePageComponent>;
  let http: HttpTestingController;
  let host: HTMLElement;
  const el = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function setup(role: Role = 'salesperson') {
    sessionStorage.clear();
    seedSession(role);
    TestBed.configureTestingModule({
      imports: [HomePageComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideTranslocoTesting(),
        NO_MATERIAL_ANIMATIONS,
        provideEnvironmentInitializer(() => registerIcons()),
      ],
    });
    TestBed.overrideComponent(HomePageComponent, { remove: { imports: [DashboardChartComponent] }, add: { imports: [ChartStubComponent] } });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(HomePageComponent);
    host = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  async function answer(body: DashboardSummary) {
    http.expectOne('/api/dashboard/summary').flush(body);
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('shows a loading skeleton, then the numbers formatted by unit, each a link to its list', async () => {
    await setup();
    expect(el('home-loading')).not.toBeNull();
    await answer(SALES);
    expect(el('home-loading')).toBeNull();

    const pipeline = el('home-number-value-pipeline_open') as HTMLAnchorElement;
    expect(pipeline.textContent!.trim()).toBe('12');
    expect(pipeline.getAttribute('href')).toBe('/crm/prospects?open=true&assigned=true');
    expect(el('home-number-pipeline_open')!.textContent).toContain('Prospek aktif');

    const ar = el('home-number-value-ar_outstanding') as HTMLAnchorElement;
    expect(ar.textContent!.trim()).toBe('Rp\u00a01.500.000');
    expect(ar.getAttribute('href')).toBe('/ar/invoices?open=true&as_of=2026-11-26');

    // Grouped by area, in a fixed order.
    const groups = [...host.querySelectorAll('[data-testid^="home-group-"]')].map((g) => g.getAttribute('data-testid'));
    expect(groups).toEqual(['home-group-sales', 'home-group-finance', 'home-group-kpi', 'home-group-imports']);
  });

  it('shows NA as a dash with its reason, and a ratio with both parts as links', async () => {
    await setup();
    await answer(SALES);
    const na = el('home-number-value-kpi_achievement')!;
    expect(na.textContent!.trim()).toBe('—');
    expect(na.getAttribute('aria-label')).toContain('Belum ada target bulan ini');
    expect(el('home-number-kpi_achievement')!.textContent).toContain('Belum ada target bulan ini');

    expect(el('home-number-value-overdue_pct')!.textContent!.trim()).toBe('37,5%');
    const part = el('home-number-part-overdue_pct-ar_overdue') as HTMLAnchorElement;
    expect(part.textContent).toContain('Rp\u00a0562.500');
    expect(part.getAttribute('href')).toBe('/ar/invoices?overdue=true&as_of=2026-11-26');
    expect((el('home-number-part-overdue_pct-ar_outstanding') as HTMLAnchorElement).getAttribute('href')).toBe('/ar/invoices?open=true&as_of=2026-11-26');
  });

  it('does not link to a screen the role may not open', async () => {
    await setup('salesperson');
    await answer(SALES);
    const imports = el('home-number-value-imports_open')!;
    expect(imports.tagName).toBe('SPAN');
    expect(imports.textContent!.trim()).toBe('2');
  });

  it('renders charts with their bars as links, a chart without data as a note, and the stuck items', async () => {
    await setup();
    await answer(SALES);
    expect(el('home-chart-pipeline_by_stage')!.textContent).toContain('Pipeline per tahap');
    const bar = el('home-chart-link-pipeline_by_stage-0') as HTMLAnchorElement;
    expect(bar.textContent).toContain('Baru');
    expect(bar.getAttribute('href')).toBe('/crm/prospects?stage=NEW&assigned=true');
    expect(el('home-chart-dso_trend')!.textContent).toContain('Belum ada data untuk grafik ini.');

    const stuck = el('home-stuck-stale_prospects')!;
    expect(stuck.textContent).toContain('Prospek macet');
    expect(stuck.textContent).toContain('lebih dari 14 hari');
    expect((el('home-stuck-link-stale_prospects') as HTMLAnchorElement).getAttribute('href')).toBe('/crm/prospects?stale=true&assigned=true');
    expect(el('home-stuck-link-stale_prospects')!.textContent!.trim()).toBe('3');
  });

  it('shows an error with retry, then the numbers', async () => {
    await setup();
    http.expectOne('/api/dashboard/summary').flush({ title: 'boom' }, { status: 503, statusText: 'Unavailable' });
    await fixture.whenStable();
    expect(el('home-error')!.getAttribute('role')).toBe('alert');
    el('home-retry')!.click();
    await fixture.whenStable();
    await answer(SALES);
    expect(el('home-error')).toBeNull();
    expect(el('home-number-pipeline_open')).not.toBeNull();
  });

  it('shows an empty state when the role has nothing to show yet', async () => {
    await setup('ops');
    await answer(summary({ role: 'ops' }));
    expect(el('home-empty')).not.toBeNull();
    expect(el('home-title')!.textContent).toContain('Command center operasional');
  });
});
