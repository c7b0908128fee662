import { FORMAT_LOCALE, formatNumber } from '../../../shared/format/format';
import { isCalendarDate } from './reference-validation';

/** A calendar day has no time zone: formatted as-is (UTC), never shifted. */
const dayFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, {
  timeZone: 'UTC',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** `2026-08-17` → `Senin, 17 Agustus 2026` (id-ID, like every date in the console). */
export function formatHolidayDate(value: string | null | undefined): string {
  if (!value || !isCalendarDate(value)) {
    return '';
  }
  return dayFormat.format(new Date(`${value}T00:00:00Z`));
}

/** Saturday or Sunday (not a business day anyway). */
export function isWeekend(value: string): boolean {
  if (!isCalendarDate(value)) {
    return false;
  }
  const day = new Date(`${value}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** Business minutes → hours as shown (`1,5`). */
export function formatHours(minutes: number): string {
  return formatNumber(Math.round((minutes / 60) * 100) / 100);
}

/** Today's year in Asia/Jakarta. */
export function jakartaYear(at: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(at));
}
