/**
 * Formatting for the console, independent of Angular's LOCALE_ID and of the UI language: money,
 * numbers and dates are always Indonesian (`id-ID`) and business time is Asia/Jakarta (WIB),
 * whatever the browser's own time zone (quality.md, Usability).
 *
 * Note: Intl separates `Rp` from the amount with a no-break space (U+00A0), so an amount never
 * wraps across lines: formatIdr(1500000) === 'Rp\u00a01.500.000'.
 */

export const BUSINESS_TIME_ZONE = 'Asia/Jakarta';
export const FORMAT_LOCALE = 'id-ID';
/** Shown for a missing or unparseable value. */
export const EMPTY_VALUE = '—';

const idrFormat = new Intl.NumberFormat(FORMAT_LOCALE, {
  style: 'currency',
  currency: 'IDR',
  minimumFractionDigits: 0,
  maximumFractionDigits: 0,
});

const numberFormat = new Intl.NumberFormat(FORMAT_LOCALE, { maximumFractionDigits: 2 });

const percentFormat = new Intl.NumberFormat(FORMAT_LOCALE, {
  style: 'percent',
  maximumFractionDigits: 1,
});

const dateFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, {
  timeZone: BUSINESS_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** A calendar date (`YYYY-MM-DD`) has no time zone: format it as-is, never shifted. */
const calendarDateFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

const dateTimeFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, {
  timeZone: BUSINESS_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

const ymdFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export type NumericInput = number | string | null | undefined;
export type DateInput = Date | string | number | null | undefined;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses API numbers, including money sent as decimal strings (`"1500000.00"`). */
export function toNumber(value: NumericInput): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : null;
  }
  const trimmed = value.trim();
  if (trimmed === '') {
    return null;
  }
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

/** `1500000` or `"1500000.00"` → `Rp 1.500.000` (whole rupiah, id-ID grouping). */
export function formatIdr(value: NumericInput): string {
  const amount = toNumber(value);
  return amount === null ? EMPTY_VALUE : idrFormat.format(amount);
}

/** `1234567.891` → `1.234.567,89`. */
export function formatNumber(value: NumericInput): string {
  const amount = toNumber(value);
  return amount === null ? EMPTY_VALUE : numberFormat.format(amount);
}

/** A percentage given in percent points: `87.5` → `87,5%`. */
export function formatPercent(value: NumericInput): string {
  const amount = toNumber(value);
  return amount === null ? EMPTY_VALUE : percentFormat.format(amount / 100);
}

function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A date in id-ID, e.g. `16 Jan 2026`. Timestamps are shown as their Asia/Jakarta date;
 * a plain `YYYY-MM-DD` is a calendar date and is shown unchanged.
 */
export function formatDate(value: DateInput): string {
  if (typeof value === 'string') {
    const match = CALENDAR_DATE.exec(value.trim());
    if (match) {
      const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
      return Number.isNaN(date.getTime()) ? EMPTY_VALUE : calendarDateFormat.format(date);
    }
  }
  const date = toDate(value);
  return date ? dateFormat.format(date) : EMPTY_VALUE;
}

/** A moment in Asia/Jakarta time, e.g. `16 Jan 2026, 03.30 WIB`. */
export function formatDateTime(value: DateInput): string {
  const date = toDate(value);
  return date ? dateTimeFormat.format(date) : EMPTY_VALUE;
}

/** "Today" (or the day of `at`) in Asia/Jakarta as `YYYY-MM-DD`, the API's date format. */
export function jakartaDate(at: Date = new Date()): string {
  return ymdFormat.format(at);
}
