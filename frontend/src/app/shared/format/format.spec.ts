import { formatDate, formatDateTime, formatIdr, formatNumber, formatPercent, jakartaDate } from './format';
import { IdDatePipe, IdDateTimePipe, IdrPipe } from './format.pipes';

/** Intl puts a no-break space between the currency symbol and the amount. */
const NBSP = '\u00a0';

describe('formatIdr', () => {
  it('formats rupiah with id-ID grouping and no decimals', () => {
    expect(formatIdr(1500000)).toBe(`Rp${NBSP}1.500.000`);
    expect(formatIdr(1500000).replace(NBSP, ' ')).toBe('Rp 1.500.000');
  });

  it('accepts the API decimal strings', () => {
    expect(formatIdr('1500000.00')).toBe(`Rp${NBSP}1.500.000`);
    expect(formatIdr('250000000000')).toBe(`Rp${NBSP}250.000.000.000`);
  });

  it('rounds to whole rupiah and keeps the sign', () => {
    expect(formatIdr('1500000.50')).toBe(`Rp${NBSP}1.500.001`);
    expect(formatIdr(-2500)).toBe(`-Rp${NBSP}2.500`);
    expect(formatIdr(0)).toBe(`Rp${NBSP}0`);
  });

  it('shows a dash for missing or unparseable values', () => {
    expect(formatIdr(null)).toBe('—');
    expect(formatIdr(undefined)).toBe('—');
    expect(formatIdr('')).toBe('—');
    expect(formatIdr('abc')).toBe('—');
    expect(formatIdr(Number.NaN)).toBe('—');
  });
});

describe('formatNumber / formatPercent', () => {
  it('uses id-ID separators', () => {
    expect(formatNumber(1234567.891)).toBe('1.234.567,89');
    expect(formatPercent(87.5)).toBe('87,5%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('dates in Asia/Jakarta', () => {
  it('shows a timestamp on its Jakarta calendar day, whatever the browser zone', () => {
    // 20:30 UTC on 15 Jan is 03:30 WIB on 16 Jan.
    expect(formatDate('2026-01-15T20:30:00Z')).toBe('16 Jan 2026');
    expect(formatDate(new Date(Date.UTC(2026, 0, 15, 16, 59)))).toBe('15 Jan 2026');
    expect(formatDate(new Date(Date.UTC(2026, 0, 15, 17, 0)))).toBe('16 Jan 2026');
  });

  it('formats date-times with Jakarta wall-clock time and the WIB zone', () => {
    expect(formatDateTime('2026-01-15T20:30:00Z')).toBe('16 Jan 2026, 03.30 WIB');
    expect(formatDateTime('2026-08-17T10:00:00+07:00')).toBe('17 Agu 2026, 10.00 WIB');
  });

  it('leaves calendar dates (YYYY-MM-DD) unshifted', () => {
    expect(formatDate('2026-01-31')).toBe('31 Jan 2026');
    expect(formatDate('2026-12-01')).toBe('1 Des 2026');
  });

  it('shows a dash for missing or invalid dates', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
  });

  it('computes "today" in Jakarta as YYYY-MM-DD', () => {
    expect(jakartaDate(new Date('2026-03-31T17:30:00Z'))).toBe('2026-04-01');
    expect(jakartaDate(new Date('2026-03-31T16:59:59Z'))).toBe('2026-03-31');
  });
});

describe('format pipes', () => {
  it('delegate to the formatters', () => {
    expect(new IdrPipe().transform('1500000.00')).toBe(`Rp${NBSP}1.500.000`);
    expect(new IdDatePipe().transform('2026-01-15T20:30:00Z')).toBe('16 Jan 2026');
    expect(new IdDateTimePipe().transform('2026-01-15T20:30:00Z')).toBe('16 Jan 2026, 03.30 WIB');
  });
});
