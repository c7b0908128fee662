import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser, Role } from './auth-user.js';

export const IS_PUBLIC = 'bcc:public';
export const ROLES_KEY = 'bcc:roles';
export const NO_TRANSACTION = 'bcc:no-transaction';

/** No bearer token needed (login, refresh, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles may call the route at all (others: 403). RLS still decides which rows. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** The handler manages its own transactions (auth flows, health). */
export const NoTransaction = () => SetMetadata(NO_TRANSACTION, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user as AuthUser;
});

export const IDEMPOTENCY_REDACT = 'bcc:idempotency-redact';
/** Response fields never stored for idempotent replay (secrets shown once). */
export const IdempotencyRedact = (...fields: string[]) => SetMetadata(IDEMPOTENCY_REDACT, fields);

export const READ_REPLICA = 'bcc:read-replica';
/**
 * Read-only route that may be served from DATABASE_READ_URL (dashboards):
 * runs as a READ ONLY transaction on the replica when one is configured.
 */
export const UseReadReplica = () => SetMetadata(READ_REPLICA, true);

export const ONE_STATEMENT = 'bcc:one-statement';
/**
 * The handler's whole work is ONE SQL statement (an RPC that does everything
 * in the database). Its transaction then goes out as a single flight:
 * prelude, statement and COMMIT pipelined on the connection. A second
 * statement in such a handler is a bug and fails loudly. Requests with an
 * Idempotency-Key take the normal path (begin / handler / finish).
 */
export const OneStatement = () => SetMetadata(ONE_STATEMENT, true);
