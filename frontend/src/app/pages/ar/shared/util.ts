import { BreakpointObserver } from '@angular/cdk/layout';
import { Signal, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/**
 * Small helpers shared by the AR/DSO and KPI screens (both lazy areas of this console).
 */

/** Phones and narrow windows: fewer table columns, full-width forms. */
export const PHONE_QUERY = '(max-width: 599.98px)';

export function injectIsPhone(): Signal<boolean> {
  const breakpoints = inject(BreakpointObserver);
  return toSignal(breakpoints.observe(PHONE_QUERY).pipe(map((state) => state.matches)), {
    initialValue: breakpoints.isMatched(PHONE_QUERY),
  });
}

/** A random v4 UUID for Idempotency-Key (`crypto.randomUUID` needs a secure context). */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    return c.randomUUID();
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') {
    c.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One Idempotency-Key per form submission: the same key while the same body is retried (double
 * click, retry after a timeout) so the server replays its first answer; a new key once the body
 * changed or after success.
 */
export class SubmissionKey {
  private key: string | null = null;
  private body: string | null = null;

  constructor(private readonly generate: () => string = newIdempotencyKey) {}

  for(body: unknown): string {
    const serialized = JSON.stringify(body);
    if (this.key === null || serialized !== this.body) {
      this.key = this.generate();
      this.body = serialized;
    }
    return this.key;
  }

  complete(): void {
    this.key = null;
    this.body = null;
  }
}

/** `YYYY-MM-DD` plus `days` (calendar arithmetic on the date itself, never shifted by a time zone). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isDate(value: unknown): value is string {
  return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
