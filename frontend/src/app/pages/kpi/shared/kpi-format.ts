import { formatIdr, formatNumber, formatPercent } from '../../../shared/format/format';
import type { KpiUnit } from './kpi.models';

/**
 * A KPI value in its unit, id-ID: `Rp 1.500.000`, `87,5%`, `12,5 jam`, `3 hari`, `1.234`.
 * `words` supplies the translated unit words (hours/days).
 */
export function formatKpiValue(value: string | number | null | undefined, unit: KpiUnit, words: { hours: string; days: string }): string {
  if (value === null || value === undefined || value === '') return '—';
  switch (unit) {
    case 'idr': return formatIdr(value);
    case 'percent': return formatPercent(value);
    case 'hours': return `${formatNumber(value)} ${words.hours}`;
    case 'days': return `${formatNumber(value)} ${words.days}`;
    default: return formatNumber(value);
  }
}
