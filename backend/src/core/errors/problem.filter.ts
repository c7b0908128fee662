import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rm } from 'node:fs/promises';
import { FieldError, Problem, ProblemError, TITLES, problemType } from './problem.js';

interface PgError {
  code?: string;
  message: string;
  detail?: string;
  severity?: string;
  routine?: string;
}

function isPgError(e: unknown): e is PgError {
  return typeof e === 'object' && e !== null && typeof (e as PgError).code === 'string' && 'severity' in e;
}

function parseDetail(detail?: string): Partial<Problem> {
  if (!detail) return {};
  try {
    const d = JSON.parse(detail);
    const out: Partial<Problem> = {};
    if (Array.isArray(d.errors)) out.errors = d.errors as FieldError[];
    if (Array.isArray(d.allowed)) out.allowed = d.allowed as string[];
    return out;
  } catch {
    return {};
  }
}

/**
 * Maps a PostgreSQL error to a problem. Our own SQLSTATEs (BCxxx) carry a
 * user-facing message; standard classes get a generic message. Never returns
 * SQL text, constraint names or internal detail.
 */
export function problemFromPg(e: PgError): Problem | null {
  const code = e.code ?? '';
  const own = /^BC(\d{3})$/.exec(code);
  if (own) {
    const status = Number(own[1]);
    return { type: problemType(status), title: TITLES[status] ?? 'Error', status, detail: e.message, ...parseDetail(e.detail) };
  }
  const generic = (status: number, detail: string): Problem => ({ type: problemType(status), title: TITLES[status], status, detail });
  switch (code) {
    case '23505':
      return generic(409, 'A record with the same identifying value already exists');
    case '23503':
      return generic(422, 'A referenced record does not exist or is not visible to you');
    case '23502':
      return generic(422, 'A required value is missing');
    case '23514':
    case '23P01':
      return code === '23P01' ? generic(409, 'This overlaps an existing record') : generic(422, 'A value is outside its allowed range');
    case '42501':
      return generic(403, 'Your role may not perform this action on this record');
    case '40001':
    case '40P01':
      return generic(409, 'The record was changed by someone else at the same time; please retry');
    case '55P03':
      return generic(409, 'The record is busy; please retry');
    case '57014':
      return generic(503, 'The request took too long and was cancelled');
  }
  if (code.startsWith('22')) return generic(422, 'A value has an invalid format or is out of range');
  if (code.startsWith('08') || code === '57P01' || code === '57P03') return generic(503, 'The database is temporarily unavailable');
  return null;
}

/** Node/pg errors that mean "the database cannot be reached right now" (not a bug of ours): 503, retry later. */
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
const CONNECTION_ERROR_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|the database system is (starting up|shutting down|in recovery mode)/i;

export function isConnectionError(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; errors?: unknown[]; driverError?: unknown; cause?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  if (typeof err.code === 'string' && CONNECTION_ERROR_CODES.has(err.code)) return true;
  if (typeof err.message === 'string' && CONNECTION_ERROR_MESSAGES.test(err.message)) return true;
  // AggregateError (several addresses), TypeORM's wrapper, an Error with a cause.
  return (Array.isArray(err.errors) && err.errors.some(isConnectionError)) || (!!err.driverError && isConnectionError(err.driverError)) || (!!err.cause && err.cause !== e && isConnectionError(err.cause));
}

function headerOverrideReset(res: Response): void {
  delete (res.locals as Record<string, unknown>).bccStatus;
}

/** The one place errors become HTTP responses: RFC 9457 problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const body = this.toProblem(exception, req);
    // A multipart upload that failed validation leaves its temp file behind.
    const file = (req as Request & { file?: { path?: string } }).file;
    if (file?.path) void rm(file.path, { force: true }).catch(() => undefined);
    if (res.headersSent) {
      res.end();
      return;
    }
    headerOverrideReset(res);
    if ((body.status === 429 || body.status === 503) && body.retry_after) res.setHeader('Retry-After', String(body.retry_after));
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  toProblem(exception: unknown, req: Request): Problem {
    if (exception instanceof ProblemError) {
      return { type: problemType(exception.status), title: TITLES[exception.status] ?? 'Error', status: exception.status, detail: exception.detail, ...exception.extra };
    }
    if (isPgError(exception)) {
      const p = problemFromPg(exception);
      if (p) {
        if (p.status >= 500) this.logger.warn(`database ${exception.code} on ${req.method} ${req.url}: ${exception.message}`);
        return p;
      }
      this.logger.error(`database error ${exception.code} on ${req.method} ${req.url}: ${exception.message}`);
      return { type: problemType(500), title: TITLES[500], status: 500, detail: 'An unexpected error occurred' };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const r = exception.getResponse() as string | { message?: string | string[]; errors?: FieldError[] };
      let detail = typeof r === 'string' ? r : Array.isArray(r.message) ? r.message.join('; ') : r.message;
      // Body-parser and multer errors arrive as HttpExceptions with their own wording.
      if (status === 400 && /JSON|Unexpected token|position/i.test(detail ?? '')) detail = 'The request body is not valid JSON';
      if (status === 413) detail = 'The request or file is too large';
      if (status === 404 && !detail) detail = 'Not found';
      const errors = typeof r === 'object' && r && Array.isArray(r.errors) ? r.errors : undefined;
      return { type: problemType(status), title: TITLES[status] ?? exception.name, status, detail: detail ?? TITLES[status], ...(errors ? { errors } : {}) };
    }
    if (isConnectionError(exception)) {
      this.logger.warn(`database unreachable on ${req.method} ${req.url}: ${(exception as Error).message}`);
      return { type: problemType(503), title: TITLES[503], status: 503, detail: 'The database is temporarily unavailable; please retry shortly', retry_after: 5 };
    }
    const e = exception as Error & { type?: string; status?: number };
    // express body-parser errors that were not wrapped
    if (e?.type === 'entity.parse.failed') return { type: problemType(400), title: TITLES[400], status: 400, detail: 'The request body is not valid JSON' };
    if (e?.type === 'entity.too.large') return { type: problemType(413), title: TITLES[413], status: 413, detail: 'The request is too large' };
    this.logger.error(`unhandled ${e?.name ?? 'error'} on ${req.method} ${req.url}: ${e?.stack ?? String(e)}`);
    return { type: problemType(500), title: TITLES[500], status: 500, detail: 'An unexpected error occurred' };
  }
}
