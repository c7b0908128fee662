import type { ChartDatum, DashboardChart, DashboardNumber } from './dashboard.models';
import {
  canOpenRoute,
  chartHasData,
  datumDrill,
  drillLink,
  formatMetric,
  formatTick,
  groupNumbers,
  isEmptySummary,
  labelOf,
  plotMulti,
  plotSingle,
  stuckThreshold,
} from './dashboard';

const WORDS = { days: 'hari', hours: 'jam' };
const NBSP = '\u00a0';

function num(key: string, route: string, over: Partial<DashboardNumber> = {}): DashboardNumber {
  return {
    key,
    unit: 'count',
    value: 1,
    drill: { list: 'x', api: '/api/x', route, query: {}, measure: { op: 'count' } },
    ...over,
  };
}

describe('command center helpers', () => {
  it('formats every unit id-ID, and NA as a dash', () => {
    expect(formatMetric('1500000.00', 'idr', WORDS)).toBe(`Rp${NBSP}1.500.000`);
    expect(formatMetric(37.5, 'percent', WORDS)).toBe('37,5%');
    expect(formatMetric(45.25, 'days', WORDS)).toBe('45,3 hari');
    expect(formatMetric(3.04, 'hours', WORDS)).toBe('3 jam');
    expect(formatMetric(12345, 'count', WORDS)).toBe('12.345');
    expect(formatMetric(null, 'percent', WORDS)).toBe('—');
    expect(formatMetric('not a number', 'idr', WORDS)).toBe('—');
    expect(formatTick(2_500_000, 'idr')).toBe('Rp 2,5 jt');
    expect(formatTick(1_200_000_000, 'idr')).toBe('Rp 1,2 M');
    expect(formatTick(50, 'percent')).toBe('50%');
  });

  it('builds router links from a drill: route + the query as URL strings, empty values left out', () => {
    expect(
      drillLink({
        list: 'invoices',
        api: '/api/invoices',
        route: '/ar/invoices',
        query: { from: '2026-11-01', to: '2026-11-26', open: true, overdue: 'false', dpd_min: 1, empty: '', gone: null },
      }),
    ).toEqual({ route: '/ar/invoices', queryParams: { from: '2026-11-01', to: '2026-11-26', open: 'true', overdue: 'false', dpd_min: '1' } });
    expect(drillLink(null)).toBeNull();
    expect(drillLink({ list: 'x', api: '/api/x', route: 'http://evil.example/' })).toBeNull();
    // A screen the role may not open (or that does not exist) is not linked.
    const deny = () => false;
    expect(drillLink({ list: 'x', api: '/api/x', route: '/crm/leads' }, deny)).toBeNull();
  });

  it('links only to screens the role may open', () => {
    expect(canOpenRoute('salesperson', '/crm/prospects')).toBe(true);
    expect(canOpenRoute('salesperson', '/crm/leads/LD-2026-000001')).toBe(true);
    expect(canOpenRoute('director', '/imports')).toBe(true); // read-only history
    expect(canOpenRoute('finance', '/imports')).toBe(true);
    expect(canOpenRoute('finance', '/ar/payments')).toBe(true);
    expect(canOpenRoute('ops', '/ar/invoices')).toBe(false);
    expect(canOpenRoute('director', '/admin/users')).toBe(false);
    expect(canOpenRoute('finance', '/nowhere')).toBe(false); // no such screen
    expect(canOpenRoute(null, '/crm/leads')).toBe(false);
  });

  it('groups numbers by the area of their list, ratios by their first part', () => {
    const ratio: DashboardNumber = {
      key: 'overdue_pct',
      unit: 'percent',
      value: 20,
      parts: [
        { key: 'ar_overdue', unit: 'idr', value: '20.00', drill: { list: 'invoices', api: '/api/invoices', route: '/ar/invoices' } },
        { key: 'ar_outstanding', unit: 'idr', value: '100.00', drill: { list: 'invoices', api: '/api/invoices', route: '/ar/invoices' } },
      ],
    };
    const sections = groupNumbers([
      num('queue_open', '/tickets/queue'),
      num('leads_mtd', '/crm/leads'),
      ratio,
      num('kpi_achievement', '/kpi/progress'),
      num('pipeline_open', '/crm/prospects'),
      { key: 'odd', unit: 'count', value: 1 },
    ]);
    expect(sections.map((s) => [s.group, s.numbers.map((n) => n.key)])).toEqual([
      ['sales', ['leads_mtd', 'pipeline_open']],
      ['service', ['queue_open']],
      ['finance', ['overdue_pct']],
      ['kpi', ['kpi_achievement']],
      ['other', ['odd']],
    ]);
  });

  it('makes chart data safe for ngx-charts: numbers, NA points left out, drills kept', () => {
    const bar: DashboardChart = {
      key: 'leads_by_channel',
      kind: 'bar',
      unit: 'idr',
      data: [
        { name: 'website', value: '1500000.00', drill: { list: 'leads', api: '/api/leads', route: '/crm/leads', query: { source_channel: 'website' } } },
        { name: 'event', value: null },
      ],
    };
    expect(plotSingle(bar)).toEqual([
      { name: 'website', value: 1500000, extra: { drill: (bar.data[0] as ChartDatum).drill } },
    ]);
    expect(datumDrill(bar, 'website')?.query).toEqual({ source_channel: 'website' });
    expect(datumDrill(bar, 'event')).toBeNull();
    const line: DashboardChart = {
      key: 'dso_trend',
      kind: 'line',
      unit: 'days',
      data: [{ name: 'dso_30', series: [{ name: '2026-11-01', value: 40.1 }, { name: '2026-11-02', value: null }] }],
    };
    expect(plotMulti(line, 'DSO')).toEqual([{ name: 'dso_30', series: [{ name: '2026-11-01', value: 40.1, extra: { drill: null } }] }]);
    expect(chartHasData(line)).toBe(true);
    expect(chartHasData({ ...line, data: [{ name: 'dso_30', series: [{ name: '2026-11-01', value: null }] }] })).toBe(false);
    expect(isEmptySummary({ role: 'ops', as_of: '2026-11-26', period: { from: '2026-11-01', to: '2026-11-26' }, numbers: [], charts: [], stuck: [] })).toBe(true);
  });

  it('writes a stuck threshold in days, or in hours when shorter than a day', () => {
    expect(stuckThreshold({ threshold_days: 14 })).toEqual({ key: 'days', value: '14' });
    expect(stuckThreshold({ threshold_days: 0.04, threshold_hours: 1 })).toEqual({ key: 'hours', value: '1' });
    expect(stuckThreshold({ threshold_days: 0.5 })).toEqual({ key: 'hours', value: '12' });
    expect(stuckThreshold({})).toBeNull();
  });

  it('labels a key from i18n, or makes the key readable when there is no translation yet', () => {
    const t = (k: string) => (k === 'home.numbers.leads_mtd' ? 'Lead bulan ini' : k);
    expect(labelOf(t, 'home.numbers', 'leads_mtd')).toBe('Lead bulan ini');
    expect(labelOf(t, 'home.numbers', 'brand_new_metric')).toBe('Brand new metric');
  });
});
