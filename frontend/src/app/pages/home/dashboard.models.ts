/**
 * `GET /api/dashboard/summary` (see docs/api.md, "Dashboard"): the caller's command-center
 * numbers, charts and stuck items, each with the drill-down that lists its rows.
 */

export type MetricUnit = 'idr' | 'count' | 'percent' | 'days' | 'hours';

export interface DrillMeasure {
  op: 'count' | 'sum';
  field?: string;
}

/** The list whose rows make a number: `route` + `query` in the console, `api` + `query` in the API. */
export interface Drill {
  list: string;
  api: string;
  route: string;
  query?: Record<string, string | number | boolean | null> | null;
  measure?: DrillMeasure;
}

export interface DashboardPart {
  key: string;
  unit: MetricUnit;
  value: string | number | null;
  na_reason?: string | null;
  drill?: Drill | null;
}

export interface DashboardNumber extends DashboardPart {
  /** A ratio's numerator and denominator. */
  parts?: DashboardPart[] | null;
}

export interface ChartDatum {
  name: string;
  value: number | string | null;
  drill?: Drill | null;
}

export interface ChartSeries {
  name: string;
  series: ChartDatum[];
}

export type ChartKind = 'line' | 'bar' | 'pie' | 'funnel';

export interface DashboardChart {
  key: string;
  kind: ChartKind;
  unit: MetricUnit;
  data: (ChartDatum | ChartSeries)[];
  na_reason?: string | null;
}

export interface StuckItem {
  key: string;
  count: number;
  threshold_days?: number | null;
  threshold_hours?: number | null;
  drill?: Drill | null;
}

export interface DashboardSummary {
  role: string;
  as_of: string;
  period: { from: string; to: string };
  numbers: DashboardNumber[];
  charts: DashboardChart[];
  stuck: StuckItem[];
}
