import { BreakpointObserver } from '@angular/cdk/layout';
import { HttpErrorResponse } from '@angular/common/http';
import { Signal, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/** Phones (and narrow windows): fewer table columns, stacked layout. */
export const PHONE_QUERY = '(max-width: 599.98px)';

export function injectIsPhone(): Signal<boolean> {
  const breakpoints = inject(BreakpointObserver);
  return toSignal(breakpoints.observe(PHONE_QUERY).pipe(map((s) => s.matches)), { initialValue: breakpoints.isMatched(PHONE_QUERY) });
}

/** `allowed` of a 409 problem: the status moves the server would accept. */
export function allowedOf(error: unknown): string[] {
  if (!(error instanceof HttpErrorResponse)) {
    return [];
  }
  let body: unknown = error.error;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return [];
    }
  }
  const allowed = body && typeof body === 'object' ? (body as Record<string, unknown>)['allowed'] : undefined;
  return Array.isArray(allowed) ? allowed.filter((v): v is string => typeof v === 'string') : [];
}

/** A fresh Idempotency-Key (one per submission; reused when that submission is retried). */
export function newKey(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') {
    return c.randomUUID();
  }
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}-${Math.random().toString(16).slice(2)}`;
}

/** Today in Asia/Jakarta as YYYY-MM-DD (plus n days). */
export function jakartaDay(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
