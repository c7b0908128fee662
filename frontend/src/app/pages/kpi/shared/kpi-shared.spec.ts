import { parseAmount } from '../../ar/shared/ar.models';
import { addDays } from '../../ar/shared/util';
import { formatKpiValue } from './kpi-format';
import { monthPeriod, presetOf, presetPeriod, quarterPeriod } from './kpi-period';
import { parseValue } from './kpi.models';

const words = { hours: 'jam', days: 'hari' };

describe('KPI periods', () => {
  it('months and quarters across year ends and leap Februaries', () => {
    expect(monthPeriod('2024-02-10')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(monthPeriod('2025-12-31', 1)).toEqual({ start: '2026-01-01', end: '2026-01-31' });
    expect(monthPeriod('2026-01-15', -1)).toEqual({ start: '2025-12-01', end: '2025-12-31' });
    expect(quarterPeriod('2026-11-26')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(quarterPeriod('2026-11-26', 1)).toEqual({ start: '2027-01-01', end: '2027-03-31' });
    expect(quarterPeriod('2026-02-01', -1)).toEqual({ start: '2025-10-01', end: '2025-12-31' });
    expect(presetPeriod('next_quarter', '2026-05-05')).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(presetOf({ start: '2026-11-01', end: '2026-11-30' }, '2026-11-26')).toBe('this_month');
    expect(presetOf({ start: '2026-11-02', end: '2026-11-30' }, '2026-11-26')).toBeNull();
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});

describe('KPI values and amounts', () => {
  it('formats each unit the Indonesian way', () => {
    expect(formatKpiValue('1500000.00', 'idr', words)).toBe('Rp\u00a01.500.000');
    expect(formatKpiValue('66.67', 'percent', words)).toBe('66,7%');
    expect(formatKpiValue('2.50', 'hours', words)).toBe('2,5 jam');
    expect(formatKpiValue('30.33', 'days', words)).toBe('30,33 hari');
    expect(formatKpiValue('1234', 'count', words)).toBe('1.234');
    expect(formatKpiValue(null, 'count', words)).toBe('—');
  });

  it('reads typed amounts in either notation and refuses the rest', () => {
    expect(parseAmount('1.500.000,50')).toBe('1500000.50');
    expect(parseAmount('Rp 1.500.000')).toBe('1500000');
    expect(parseAmount('1500000.5')).toBe('1500000.5');
    expect(parseAmount('12,5')).toBe('12.5');
    expect(parseAmount('-5')).toBeNull();
    expect(parseAmount('1.2.3')).toBeNull();
    expect(parseAmount('1,234')).toBeNull();
    expect(parseValue('0')).toBe('0');
    expect(parseValue('87,5%')).toBe('87.5');
  });
});
