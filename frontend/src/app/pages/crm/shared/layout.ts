import { BreakpointObserver } from '@angular/cdk/layout';
import { Signal, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/** Phones (and narrow windows): fewer table columns, full-width forms. */
export const PHONE_QUERY = '(max-width: 599.98px)';

export function injectIsPhone(): Signal<boolean> {
  const breakpoints = inject(BreakpointObserver);
  return toSignal(breakpoints.observe(PHONE_QUERY).pipe(map((state) => state.matches)), {
    initialValue: breakpoints.isMatched(PHONE_QUERY),
  });
}
