import type { AbstractControl } from '@angular/forms';

import { Problem, fieldErrors } from '../../core/http/problem';

/**
 * Puts a problem's field errors (`errors[{field, message}]`) on the matching form controls as
 * `{ server: message }`, so each shows inline under its field (`getError('server')`).
 * `controls` maps API field names (snake_case) to controls; `messages` may replace a server
 * message by a translated one. Returns whether any error found its field — when none did, the
 * caller shows the problem's `detail` above the form instead.
 */
export function applyServerErrors(
  problem: Problem,
  controls: Readonly<Record<string, AbstractControl | null | undefined>>,
  messages: Readonly<Record<string, string>> = {},
): boolean {
  const errors = fieldErrors(problem);
  let placed = false;
  for (const [field, message] of Object.entries(errors)) {
    const control = controls[field];
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: messages[field] ?? message });
      control.markAsTouched();
      placed = true;
    }
  }
  return placed;
}
