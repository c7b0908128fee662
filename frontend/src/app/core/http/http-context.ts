import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Error statuses the caller handles itself (e.g. a form showing 422 field errors inline).
 * `'all'` silences the global error snack bar for the request entirely.
 */
export const HANDLED_ERRORS = new HttpContextToken<readonly number[] | 'all'>(() => []);

/** Do not try a token refresh when this request answers 401 (e.g. logout). */
export const SKIP_AUTH_REFRESH = new HttpContextToken<boolean>(() => false);

/** Context for a request whose listed error statuses the caller shows itself. */
export function handledErrors(statuses: readonly number[] | 'all', context = new HttpContext()): HttpContext {
  return context.set(HANDLED_ERRORS, statuses);
}

/** Context for a background request whose failure must never bother the user. */
export function silentErrors(context = new HttpContext()): HttpContext {
  return context.set(HANDLED_ERRORS, 'all');
}
