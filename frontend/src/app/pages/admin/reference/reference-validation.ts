import type { AbstractControl, FormControl, FormGroupDirective, NgForm, ValidationErrors, ValidatorFn } from '@angular/forms';
import type { ErrorStateMatcher } from '@angular/material/core';

/*
 * The rules of the reference-data forms, mirroring the server's (migration 0540 and
 * admin/dto/reference.dto.ts), so most mistakes are shown before anything is sent. The server
 * still decides; its 422 field errors land on the same controls.
 */

export const HOLIDAY_YEAR_MIN = 2000;
export const HOLIDAY_YEAR_MAX = 2100;
export const HOLIDAY_NAME_MAX = 200;
export const DEPARTMENT_NAME_MAX = 100;
export const SORT_ORDER_MAX = 10000;
export const FIRST_RESPONSE_MAX_MINUTES = 100_000;
export const RESOLUTION_MAX_MINUTES = 1_000_000;
export const STALE_MAX_HOURS = 8760;
export const STALE_DESCRIPTION_MAX = 500;
/** Mon–Fri 08:00–17:00: one business day is 9 hours. */
export const BUSINESS_DAY_MINUTES = 540;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^\d+(?:[.,]\d+)?$/;

/** A real `YYYY-MM-DD` day (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const m = CALENDAR_DATE.exec(value);
  if (!m) {
    return false;
  }
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** `1,5` (Indonesian) or `1.5` → 1.5; null for anything but a plain non-negative decimal. */
export function parseDecimal(text: string | number | null | undefined): number | null {
  if (typeof text === 'number') {
    return Number.isFinite(text) && text >= 0 ? text : null;
  }
  const trimmed = (text ?? '').trim();
  if (!DECIMAL.test(trimmed)) {
    return null;
  }
  return Number(trimmed.replace(',', '.'));
}

/**
 * Hours → whole minutes; null when the hours are not a whole number of minutes (0,001 h).
 * Within 0,01 minute counts as whole: hours are shown with 4 decimals (25 min = 0,4167 h).
 */
export function hoursToMinutes(hours: number): number | null {
  const minutes = hours * 60;
  const rounded = Math.round(minutes);
  return Math.abs(minutes - rounded) < 0.01 ? rounded : null;
}

/** A decimal for a form field, written the Indonesian way (`1,5`). */
export function decimalText(value: number): string {
  return String(Math.round(value * 10_000) / 10_000).replace('.', ',');
}

/** `{ required }` when empty or only spaces (the server trims). */
export const requiredTrimmed: ValidatorFn = (control: AbstractControl): ValidationErrors | null =>
  String(control.value ?? '').trim() === '' ? { required: true } : null;

/** A holiday's day: required, a real `YYYY-MM-DD`, years 2000–2100. */
export const holidayDateValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = String(control.value ?? '').trim();
  if (!value) {
    return { required: true };
  }
  if (!isCalendarDate(value)) {
    return { dateFormat: true };
  }
  const year = Number(value.slice(0, 4));
  return year < HOLIDAY_YEAR_MIN || year > HOLIDAY_YEAR_MAX ? { dateRange: { min: HOLIDAY_YEAR_MIN, max: HOLIDAY_YEAR_MAX } } : null;
};

/**
 * A target in (business) hours: required, a number more than 0, a whole number of minutes and
 * at most `maxMinutes`. Errors: required | number | positive | wholeMinutes | maxHours{max}.
 */
export function hoursValidator(maxMinutes: number): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => hoursErrors(control.value, 1, maxMinutes);
}

function hoursErrors(raw: unknown, factor: number, maxMinutes: number): ValidationErrors | null {
  if (String(raw ?? '').trim() === '') {
    return { required: true };
  }
  const value = parseDecimal(raw as string | number);
  if (value === null) {
    return { number: true };
  }
  const hours = value * factor;
  if (hours <= 0) {
    return { positive: true };
  }
  const minutes = hoursToMinutes(hours);
  if (minutes === null) {
    return { wholeMinutes: true };
  }
  return minutes > maxMinutes ? { maxHours: { max: decimalText(Math.floor((maxMinutes / 60 / factor) * 100) / 100) } } : null;
}

/**
 * SLA form (controls `first_response_hours`, `resolution_hours`): resolving includes
 * responding, so the resolution target may not be shorter than the first-response target.
 * Error on the group: `resolutionBeforeResponse`.
 */
export const slaOrderValidator: ValidatorFn = (group: AbstractControl): ValidationErrors | null => {
  const fr = group.get('first_response_hours');
  const res = group.get('resolution_hours');
  if (!fr || !res || fr.invalid || res.invalid) {
    return null;
  }
  const a = hoursToMinutes(parseDecimal(fr.value) ?? 0) ?? 0;
  const b = hoursToMinutes(parseDecimal(res.value) ?? 0) ?? 0;
  return b < a ? { resolutionBeforeResponse: true } : null;
};

export type StaleUnit = 'hours' | 'days';

/**
 * Stale threshold form (controls `value`, `unit`): the value in hours or days, more than 0,
 * at most 8760 hours (365 days), whole minutes. Errors on `value` as for hoursValidator.
 */
export const staleValueValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const unit = (control.parent?.get('unit')?.value as StaleUnit | undefined) ?? 'hours';
  const factor = unit === 'days' ? 24 : 1;
  return hoursErrors(control.value, factor, STALE_MAX_HOURS * 60);
};

/** A threshold in the unit a person would say: whole days as days, the rest as hours. */
export function staleDisplay(minutes: number): { value: number; unit: StaleUnit } {
  return minutes >= 1440 && minutes % 1440 === 0 ? { value: minutes / 1440, unit: 'days' } : { value: minutes / 60, unit: 'hours' };
}

/** The form's value and unit → whole minutes (null when invalid); the API takes minutes / 60 hours. */
export function staleMinutes(value: string | number, unit: StaleUnit): number | null {
  const n = parseDecimal(value);
  return n === null ? null : hoursToMinutes(n * (unit === 'days' ? 24 : 1));
}

/** Display order: a whole number 0–10000. */
export const sortOrderValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = String(control.value ?? '').trim();
  if (!value) {
    return { required: true };
  }
  return /^\d+$/.test(value) && Number(value) <= SORT_ORDER_MAX ? null : { wholeNumberRange: { min: 0, max: SORT_ORDER_MAX } };
};

/** Shows a field as invalid also when its form group carries `groupError` (cross-field rule). */
export class GroupErrorStateMatcher implements ErrorStateMatcher {
  constructor(private readonly groupError: string) {}

  isErrorState(control: FormControl | null, form: FormGroupDirective | NgForm | null): boolean {
    if (!control) {
      return false;
    }
    const touched = control.touched || !!form?.submitted;
    return touched && (control.invalid || !!control.parent?.hasError(this.groupError));
  }
}
