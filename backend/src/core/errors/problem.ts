import { HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every error of the API is returned. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  allowed?: string[];
  instance?: string;
  retry_after?: number;
}

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemType(status: number): string {
  return status >= 500 ? 'about:blank' : `https://bcc.example/problems/${status}`;
}

/**
 * Throw from services/controllers for a user-facing error that did not come
 * from SQL (e.g. login failure, bad upload). The filter renders it.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: Partial<Pick<Problem, 'errors' | 'allowed' | 'retry_after'>> = {},
  ) {
    super(detail);
  }
}

export const problem = {
  badRequest: (d: string) => new ProblemError(HttpStatus.BAD_REQUEST, d),
  unauthorized: (d = 'Authentication required') => new ProblemError(HttpStatus.UNAUTHORIZED, d),
  forbidden: (d = 'Your role may not perform this action') => new ProblemError(HttpStatus.FORBIDDEN, d),
  notFound: (d = 'Not found') => new ProblemError(HttpStatus.NOT_FOUND, d),
  conflict: (d: string) => new ProblemError(HttpStatus.CONFLICT, d),
  unprocessable: (d: string, errors?: FieldError[]) => new ProblemError(HttpStatus.UNPROCESSABLE_ENTITY, d, errors ? { errors } : {}),
  tooMany: (d: string, retryAfter: number) => new ProblemError(HttpStatus.TOO_MANY_REQUESTS, d, { retry_after: retryAfter }),
};
