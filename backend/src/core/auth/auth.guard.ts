import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Db } from '../database/db.service.js';
import { problem } from '../errors/problem.js';
import { AuthUser, Role, ROLES } from './auth-user.js';
import { IS_PUBLIC, ROLES_KEY } from './decorators.js';
import { API_TOKEN_PREFIX, sha256Hex } from './tokens.js';

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  dept: string;
  typ: 'access';
}

export const JWT_ALGORITHM = 'HS256' as const;
export const JWT_AUDIENCE = 'bcc-api';

/**
 * Global guard: every route needs a bearer token unless @Public. Accepts a
 * JWT access token (HS256 only, issuer/audience checked) or a partner API
 * token (bcc_pat_..., looked up by hash). @Roles restricts the route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw problem.unauthorized('A bearer token is required');
    const token = m[1];
    req.user = token.startsWith(API_TOKEN_PREFIX) ? await this.fromApiToken(token) : await this.fromJwt(token);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) throw problem.forbidden();
    return true;
  }

  private async fromJwt(token: string): Promise<AuthUser> {
    try {
      const p = await this.jwt.verifyAsync<AccessTokenPayload>(token, {
        algorithms: [JWT_ALGORITHM],
        issuer: this.cfg.jwtIssuer,
        audience: JWT_AUDIENCE,
      });
      if (p.typ !== 'access' || !ROLES.includes(p.role)) throw new Error('wrong token type');
      return { user_id: p.sub, role: p.role, dept_code: p.dept, via: 'jwt' };
    } catch {
      throw problem.unauthorized('The access token is invalid or expired');
    }
  }

  private async fromApiToken(token: string): Promise<AuthUser> {
    const row = await this.db.transaction(null, (tx) =>
      tx.one<{ user_id: string; role: Role; dept_code: string }>(
        'SELECT s.user_id, s.role, s.dept_code FROM auth.session_user_info(auth.resolve_api_token($1)) s WHERE s.is_active',
        [sha256Hex(token)],
      ),
    );
    if (!row) throw problem.unauthorized('The API token is invalid, expired or revoked');
    return { user_id: row.user_id, role: row.role, dept_code: row.dept_code, via: 'api_token' };
  }
}
