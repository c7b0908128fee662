import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, Observable } from 'rxjs';
import { AuthUser, claimsOf } from '../auth/auth-user.js';
import { IDEMPOTENCY_REDACT, NO_TRANSACTION, ONE_STATEMENT, READ_REPLICA } from '../auth/decorators.js';
import { IdempotencyService, requestHash } from '../http/idempotency.service.js';
import { setResponseStatus } from '../http/response-status.js';
import { Db } from './db.service.js';

export function isMultipart(req: Request): boolean {
  return /^multipart\//i.test(req.headers['content-type'] ?? '');
}

/**
 * Runs every handler in one database transaction under the caller's claims
 * (the per-request RLS transaction). For POSTs with an Idempotency-Key it
 * replays or records the response inside that same transaction. Multipart
 * routes hash the file bytes themselves (see FilesController).
 */
@Injectable()
export class TransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly db: Db,
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(NO_TRANSACTION, [ctx.getHandler(), ctx.getClass()])) return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const claims = req.user ? claimsOf(req.user) : null;
    const readOnly = req.method === 'GET' && !!this.reflector.getAllAndOverride<boolean>(READ_REPLICA, [ctx.getHandler(), ctx.getClass()]);
    const key = req.method === 'POST' && req.user && !isMultipart(req) ? this.idempotency.keyOf(req) : undefined;
    const oneStatement = !key && !!this.reflector.getAllAndOverride<boolean>(ONE_STATEMENT, [ctx.getHandler(), ctx.getClass()]);
    return from(
      this.db.transaction(claims, async () => {
          if (!key) return lastValueFrom(next.handle(), { defaultValue: undefined });
          const hash = requestHash(req.body ?? null);
          const prior = await this.idempotency.begin(key, hash);
          if (prior) {
            setResponseStatus(res, prior.status);
            res.setHeader('Idempotent-Replayed', 'true');
            return prior.body;
          }
          const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
          const status =
            ((res.locals as Record<string, unknown>).bccStatus as number | undefined) ??
            this.reflector.get<number>(HTTP_CODE_METADATA, ctx.getHandler()) ??
            HttpStatus.CREATED;
          await this.idempotency.finish(key, hash, req, status, result, this.reflector.get<string[]>(IDEMPOTENCY_REDACT, ctx.getHandler()) ?? []);
          return result;
        },
        { readOnly, oneStatement },
      ),
    );
  }
}
