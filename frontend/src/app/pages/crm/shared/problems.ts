import { HttpErrorResponse } from '@angular/common/http';

/**
 * `allowed` of a 409 problem (`{detail, allowed: [...]}`): the moves the server would accept.
 * The core Problem type does not carry it, so it is read from the raw body here.
 */
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
  if (body && typeof body === 'object' && Array.isArray((body as Record<string, unknown>)['allowed'])) {
    return ((body as Record<string, unknown>)['allowed'] as unknown[]).filter(
      (v): v is string => typeof v === 'string',
    );
  }
  return [];
}
