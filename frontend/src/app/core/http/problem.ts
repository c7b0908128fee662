import { HttpErrorResponse } from '@angular/common/http';

/** One field error of a 422 problem (`errors[]`). */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as the API sends them (`application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string | null;
  errors: FieldError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function parseBody(body: unknown): unknown {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return null;
    }
  }
  return body;
}

/**
 * Normalises any failed HTTP call into a Problem. Network failures (status 0) and non-JSON
 * bodies (a proxy's HTML 502 page) become a problem without `detail`; callers then fall back
 * to a translated message instead of showing raw text.
 */
export function toProblem(error: unknown): Problem {
  if (!(error instanceof HttpErrorResponse)) {
    return { type: 'about:blank', title: 'Error', status: 0, detail: null, errors: [] };
  }
  const body = parseBody(error.error);
  const record = isRecord(body) ? body : {};
  const errors = Array.isArray(record['errors'])
    ? record['errors']
        .filter(isRecord)
        .map((e) => ({ field: str(e['field']) ?? '', message: str(e['message']) ?? '' }))
        .filter((e) => e.message !== '')
    : [];
  return {
    type: str(record['type']) ?? 'about:blank',
    title: str(record['title']) ?? error.statusText ?? 'Error',
    status: typeof record['status'] === 'number' ? record['status'] : error.status,
    detail: str(record['detail']),
    errors,
  };
}

/** The field errors of a problem keyed by field name (first message wins). */
export function fieldErrors(problem: Problem): Record<string, string> {
  const result: Record<string, string> = {};
  for (const error of problem.errors) {
    if (error.field && !(error.field in result)) {
      result[error.field] = error.message;
    }
  }
  return result;
}
