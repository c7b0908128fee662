import type { Role } from '../../core/auth/auth.models';
import { NAV_ITEMS } from '../../core/permissions';
import { EMPTY_VALUE, formatIdr, formatNumber, formatPercent, toNumber } from '../../shared/format/format';
import type {
  ChartDatum,
  ChartSeries,
  DashboardChart,
  DashboardNumber,
  DashboardSummary,
  Drill,
  MetricUnit,
} from './dashboard.models';

/**
 * Pure helpers of the command center: how a number is written, where it links to, how numbers
 * are grouped and how chart data is made safe for ngx-charts. Business formulas are not here:
 * every value arrives computed by the API (app.dashboard_summary); this file only presents it.
 */

/** A router link built from a drill: `routerLink` + `queryParams` (all values as URL strings). */
export interface DrillLink {
  route: string;
  queryParams: Record<string, string>;
}

/**
 * May `role` open the console screen at `route`? The screen is the menu entry whose path is the
 * route or a parent of it (`/tickets/queue`, `/crm/leads/LD-1`); a route with no such entry (a
 * screen that does not exist) is not opened either, so a number never links to "not found".
 */
export function canOpenRoute(role: Role | null | undefined, route: string): boolean {
  const path = route.split(/[?#]/, 1)[0] ?? '';
  const item = NAV_ITEMS.find((i) => i.path !== '/' && (path === i.path || path.startsWith(`${i.path}/`)));
  return !!role && !!item && item.roles.includes(role);
}

/**
 * `{route, query}` → what `[routerLink]` / `[queryParams]` / `router.navigate` need; null when
 * there is no drill or (given `canOpen`) the user may not open its screen.
 */
export function drillLink(drill: Drill | null | undefined, canOpen?: (route: string) => boolean): DrillLink | null {
  if (!drill || typeof drill.route !== 'string' || !drill.route.startsWith('/')) {
    return null;
  }
  if (canOpen && !canOpen(drill.route)) {
    return null;
  }
  const queryParams: Record<string, string> = {};
  for (const [key, raw] of Object.entries(drill.query ?? {})) {
    if (raw === null || raw === undefined || raw === '') continue;
    queryParams[key] = String(raw);
  }
  return { route: drill.route, queryParams };
}

/** Unit words (translated by the caller): `12,5 hari`, `3,2 jam`. */
export interface UnitWords {
  days: string;
  hours: string;
}

/**
 * A value in its unit, id-ID: idr → `Rp 1.500.000`, percent → `37,5%`, days → `45,2 hari`,
 * hours → `3,5 jam`, count → `1.234`. null (NA) or unparseable → `—`.
 */
export function formatMetric(value: string | number | null | undefined, unit: MetricUnit, words: UnitWords): string {
  const n = toNumber(value ?? null);
  if (n === null) return EMPTY_VALUE;
  switch (unit) {
    case 'idr':
      return formatIdr(n);
    case 'percent':
      return formatPercent(n);
    case 'days':
      return `${formatNumber(Math.round(n * 10) / 10)} ${words.days}`;
    case 'hours':
      return `${formatNumber(Math.round(n * 10) / 10)} ${words.hours}`;
    default:
      return formatNumber(n);
  }
}

/** A short axis tick for a unit (money in millions/billions so ticks stay readable on a phone). */
export function formatTick(value: number, unit: MetricUnit): string {
  if (unit === 'idr') {
    const abs = Math.abs(value);
    if (abs >= 1e9) return `Rp ${formatNumber(Math.round((value / 1e9) * 10) / 10)} M`;
    if (abs >= 1e6) return `Rp ${formatNumber(Math.round((value / 1e6) * 10) / 10)} jt`;
    return formatIdr(value);
  }
  if (unit === 'percent') return formatPercent(value);
  return formatNumber(value);
}

/**
 * A stuck item's threshold in words: whole days, or hours when it is shorter than a day
 * (`threshold_days` 0.04 = 1 hour). `null` when there is none.
 */
export function stuckThreshold(item: { threshold_days?: number | null; threshold_hours?: number | null }): { key: 'days' | 'hours'; value: string } | null {
  const days = item.threshold_days ?? null;
  const hours = item.threshold_hours ?? (days !== null ? days * 24 : null);
  if (days === null && hours === null) return null;
  if (days !== null && days >= 1) return { key: 'days', value: formatNumber(Math.round(days * 10) / 10) };
  return { key: 'hours', value: formatNumber(Math.round((hours ?? 0) * 10) / 10) };
}

export function isNa(item: { value: string | number | null | undefined }): boolean {
  return toNumber(item.value ?? null) === null;
}

/** Areas the numbers are grouped in, in display order (by the console area their rows live in). */
export const NUMBER_GROUPS = ['sales', 'service', 'finance', 'kpi', 'imports', 'other'] as const;
export type NumberGroup = (typeof NUMBER_GROUPS)[number];

const GROUP_BY_AREA: Readonly<Record<string, NumberGroup>> = {
  crm: 'sales',
  tickets: 'service',
  ar: 'finance',
  kpi: 'kpi',
  imports: 'imports',
};

/** The drill a number stands for: its own, else (a ratio) its first part's. */
export function primaryDrill(n: DashboardNumber): Drill | null {
  return n.drill ?? n.parts?.find((p) => p.drill)?.drill ?? null;
}

export function numberGroup(n: DashboardNumber): NumberGroup {
  const route = primaryDrill(n)?.route ?? '';
  const area = route.split('/')[1] ?? '';
  return GROUP_BY_AREA[area] ?? 'other';
}

export interface NumberSection {
  group: NumberGroup;
  numbers: DashboardNumber[];
}

/** Numbers by area, areas in a fixed order, numbers in the API's order inside an area. */
export function groupNumbers(numbers: readonly DashboardNumber[]): NumberSection[] {
  const byGroup = new Map<NumberGroup, DashboardNumber[]>();
  for (const n of numbers) {
    const g = numberGroup(n);
    byGroup.set(g, [...(byGroup.get(g) ?? []), n]);
  }
  return NUMBER_GROUPS.filter((g) => byGroup.has(g)).map((group) => ({ group, numbers: byGroup.get(group)! }));
}

export function isSeries(d: ChartDatum | ChartSeries): d is ChartSeries {
  return Array.isArray((d as ChartSeries).series);
}

/** Chart rows as ngx-charts wants them: names as strings, values as numbers (NA points left out). */
export interface PlotDatum {
  name: string;
  value: number;
  /** The datum's drill; `raw` = its API name when the shown name is a translated label. */
  extra?: { drill: Drill | null; raw?: string };
}
export interface PlotSeries {
  name: string;
  series: PlotDatum[];
}

function plotDatum(d: ChartDatum): PlotDatum | null {
  const value = toNumber(d.value ?? null);
  if (value === null) return null;
  return { name: String(d.name), value, extra: { drill: d.drill ?? null } };
}

/** Fixed colours for datums whose meaning has a colour (aging buckets, green → dark red). */
export const DATUM_COLORS: Readonly<Record<string, string>> = {
  current: '#2e7d32',
  '1_30': '#f9a825',
  '31_60': '#ef6c00',
  '61_90': '#d84315',
  over_90: '#8e0000',
};

/** Single-series data (bar, pie, funnel). */
export function plotSingle(chart: DashboardChart): PlotDatum[] {
  return chart.data.filter((d): d is ChartDatum => !isSeries(d)).map(plotDatum).filter((d): d is PlotDatum => d !== null);
}

/** Multi-series data (line); a single series given flat becomes one line named after the chart. */
export function plotMulti(chart: DashboardChart, flatName: string): PlotSeries[] {
  const series = chart.data.filter(isSeries).map((s) => ({
    name: String(s.name),
    series: s.series.map(plotDatum).filter((d): d is PlotDatum => d !== null),
  }));
  if (series.length) return series.filter((s) => s.series.length > 0);
  const flat = plotSingle(chart);
  return flat.length ? [{ name: flatName, series: flat }] : [];
}

/** Does the chart have anything to draw? */
export function chartHasData(chart: DashboardChart): boolean {
  return chart.kind === 'line' ? plotMulti(chart, '').length > 0 : plotSingle(chart).length > 0;
}

/** The drill of the datum called `name` (what a click on a bar or slice opens), if any. */
export function datumDrill(chart: DashboardChart, name: string, series?: string): Drill | null {
  for (const d of chart.data) {
    if (isSeries(d)) {
      if (series !== undefined && String(d.name) !== series) continue;
      const hit = d.series.find((p) => String(p.name) === name);
      if (hit?.drill) return hit.drill;
    } else if (String(d.name) === name && d.drill) {
      return d.drill;
    }
  }
  return null;
}

/** Nothing to show at all (a role with no numbers yet, or an empty database). */
export function isEmptySummary(s: DashboardSummary): boolean {
  return !s.numbers.length && !s.charts.length && !s.stuck.length;
}

/**
 * A label for `key` under `prefix` (`home.numbers.revenue_mtd`), falling back to the key made
 * readable when no translation exists yet (`revenue_mtd` → `Revenue mtd`).
 */
export function labelOf(translate: (key: string) => string, prefix: string, key: string): string {
  const path = `${prefix}.${key}`;
  const text = translate(path);
  if (text && text !== path) return text;
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
