import { HttpErrorResponse } from '@angular/common/http';

import { allowedOf } from './problems';
import { IdempotentSubmission, newIdempotencyKey } from './idempotency';
import { normalizePhone, npwpDigits, toDecimalString } from './crm-validators';
import { fileNameFrom } from '../../../shared/download';
import { toParams } from './crm-api.service';

describe('CRM shared helpers', () => {
  it('IdempotentSubmission keeps the key for the same body and renews it for new data or after success', () => {
    let n = 0;
    const s = new IdempotentSubmission(() => `k${++n}`);
    expect(s.keyFor({ a: 1, b: [1, 2] })).toBe('k1');
    expect(s.keyFor({ b: [1, 2], a: 1 })).toBe('k1'); // same body, other key order
    expect(s.keyFor({ a: 2, b: [1, 2] })).toBe('k2');
    s.complete();
    expect(s.current()).toBeNull();
    expect(s.keyFor({ a: 2, b: [1, 2] })).toBe('k3');
  });

  it('newIdempotencyKey is a v4 UUID', () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('allowedOf reads the allowed moves of a 409', () => {
    expect(allowedOf(new HttpErrorResponse({ status: 409, error: { detail: 'no', allowed: ['QUALIFIED', 3] } }))).toEqual(['QUALIFIED']);
    expect(allowedOf(new HttpErrorResponse({ status: 409, error: JSON.stringify({ allowed: ['LOST'] }) }))).toEqual(['LOST']);
    expect(allowedOf(new Error('x'))).toEqual([]);
  });

  it('normalizePhone mirrors the server (Indonesian E.164)', () => {
    expect(normalizePhone('0812-3456-7890')).toBe('+6281234567890');
    expect(normalizePhone('62 21 555 1234')).toBe('+62215551234');
    expect(normalizePhone('812 3456 7890')).toBe('+6281234567890');
    expect(normalizePhone('+65 6123 4567')).toBe('+6561234567');
    expect(normalizePhone('123')).toBeNull();
    expect(npwpDigits('01.234.567.8-901.000')).toBe(15);
  });

  it('toDecimalString accepts Indonesian and plain amounts', () => {
    expect(toDecimalString('1500000')).toBe('1500000');
    expect(toDecimalString('1.500.000')).toBe('1500000');
    expect(toDecimalString('1.500.000,50')).toBe('1500000.50');
    expect(toDecimalString('2500.5')).toBe('2500.5');
    expect(toDecimalString('Rp 750.000')).toBe('750000');
    expect(toDecimalString('0')).toBeNull();
    expect(toDecimalString('-5')).toBeNull();
    expect(toDecimalString('abc')).toBeNull();
  });

  it('fileNameFrom reads Content-Disposition', () => {
    expect(fileNameFrom('attachment; filename="leads-2026-01-16.csv"', 'x')).toBe('leads-2026-01-16.csv');
    expect(fileNameFrom("attachment; filename*=UTF-8''leads%20jan.xlsx", 'x')).toBe('leads jan.xlsx');
    expect(fileNameFrom(null, 'leads.csv')).toBe('leads.csv');
  });

  it('toParams leaves empty filters out', () => {
    expect(toParams({ q: 'x', status: '', limit: 50, cursor: null }).toString()).toBe('q=x&limit=50');
    expect(toParams({ unassigned: true, include_system: false }).toString()).toBe('unassigned=true&include_system=false');
  });
});
