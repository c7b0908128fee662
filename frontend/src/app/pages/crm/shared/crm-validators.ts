import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/**
 * Client-side mirrors of the database's normalisation rules (0100 crm_tables.sql), so a form
 * says what the server would refuse before it is sent. The server stays the judge.
 */

/** `normalize_email`: something@something.tld, at most 254 characters. */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const EMAIL_MAX = 254;

export function normalizeEmail(value: string): string | null {
  const e = value.trim().toLowerCase();
  if (!e) return null;
  return EMAIL_PATTERN.test(e) && e.length <= EMAIL_MAX ? e : null;
}

/** `normalize_phone`: E.164 with Indonesian rules (08… → +628…, 628… → +628…, 8… → +628…). */
export function normalizePhone(value: string): string | null {
  const raw = value.trim();
  const digits = raw.replace(/\D/g, '');
  if (!digits) return null;
  let e: string;
  if (raw.startsWith('+')) e = `+${digits}`;
  else if (digits.startsWith('62')) e = `+${digits}`;
  else if (digits.startsWith('0')) e = `+62${digits.slice(1)}`;
  else if (digits.startsWith('8')) e = `+62${digits}`;
  else e = `+${digits}`;
  return /^\+[1-9][0-9]{7,14}$/.test(e) ? e : null;
}

/** Digits of an NPWP as typed (`01.234.567.8-901.000` → 15 digits). */
export function npwpDigits(value: string): number {
  return value.replace(/\D/g, '').length;
}

/** Optional email: empty is fine, otherwise `{ email: true }`. */
export const optionalEmail: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = String(control.value ?? '').trim();
  return !value || normalizeEmail(value) ? null : { email: true };
};

/** Optional phone: empty is fine, otherwise `{ phone: true }`. */
export const optionalPhone: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = String(control.value ?? '').trim();
  return !value || normalizePhone(value) ? null : { phone: true };
};

/** Optional NPWP: empty, or 15 (legacy) / 16 digits → otherwise `{ npwp: { digits } }`. */
export const optionalNpwp: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = String(control.value ?? '').trim();
  if (!value) return null;
  const digits = npwpDigits(value);
  return digits === 15 || digits === 16 ? null : { npwp: { digits } };
};

/** Required text that is more than whitespace. */
export const requiredText: ValidatorFn = (control: AbstractControl): ValidationErrors | null =>
  String(control.value ?? '').trim() ? null : { required: true };

/** Optional positive number (weights, volumes): `{ positive: true }` when ≤ 0 or not a number. */
export const optionalPositive: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = control.value as number | string | null | undefined;
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  return Number.isFinite(n) && n > 0 ? null : { positive: true };
};

/** Rupiah amount as typed: positive, at most two decimals, `.` or `,` as decimal separator. */
export const AMOUNT_PATTERN = /^\d{1,16}([.,]\d{1,2})?$/;

/** `"1.500.000"`/`"1500000,5"` → `"1500000.50"`-style decimal string, or null when invalid. */
export function toDecimalString(value: string): string | null {
  let v = value.trim().replace(/\s/g, '').replace(/^rp\.?/i, '');
  // Indonesian grouping dots ("1.500.000") are dropped when the result is still a valid amount.
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(v)) {
    v = v.replace(/\./g, '');
  }
  if (!AMOUNT_PATTERN.test(v)) return null;
  const normalized = v.replace(',', '.');
  return Number(normalized) > 0 ? normalized : null;
}

export const amountValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = String(control.value ?? '').trim();
  if (!value) return null;
  return toDecimalString(value) ? null : { amount: true };
};
