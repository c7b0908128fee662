import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Db } from '../database/db.service.js';
import { problem } from '../errors/problem.js';
import { AccessTokenPayload, JWT_ALGORITHM, JWT_AUDIENCE } from './auth.guard.js';
import type { AuthUser } from './auth-user.js';
import type { TokenResponseDto, UserDto } from './auth.dto.js';
import { hashPassword, verifyPassword } from './password.js';
import { newOpaqueToken, REFRESH_TOKEN_PREFIX, sha256Hex } from './tokens.js';

const INVALID_LOGIN = 'Email or password is incorrect';

interface SessionRow extends UserDto {
  is_active: boolean;
}

/**
 * Login, refresh rotation, logout and the caller's own profile. Each step is
 * a short transaction as anon (before a user is known) or as the user.
 * Throttling, rotation and reuse detection are SQL functions (auth.*).
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async login(email: string, password: string, ip: string | undefined): Promise<TokenResponseDto> {
    const wait = await this.db.transaction(null, async (tx) =>
      (await tx.one<{ wait: number }>('SELECT auth.login_throttle($1, $2::inet) AS wait', [email, ip ?? null]))!.wait,
    );
    if (wait > 0) throw problem.tooMany(`Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`, wait);
    const cred = await this.db.transaction(null, (tx) =>
      tx.one<{ user_id: string; password_hash: string; is_active: boolean }>('SELECT * FROM auth.login_lookup($1)', [email]),
    );
    const ok = (await verifyPassword(cred?.password_hash, password)) && !!cred?.is_active;
    return this.db.transaction(null, async (tx) => {
      await tx.query('SELECT auth.record_login_attempt($1, $2::inet, $3)', [email, ip ?? null, ok]);
      if (!ok) return null;
      return this.issueTokens(cred!.user_id, randomUUID());
    }).then((tokens) => {
      if (!tokens) throw problem.unauthorized(INVALID_LOGIN);
      return tokens;
    });
  }

  async refresh(refreshToken: string): Promise<TokenResponseDto> {
    const next = newOpaqueToken(REFRESH_TOKEN_PREFIX);
    const outcome = await this.db.transaction(null, async (tx) => {
      const r = await tx.one<{ outcome: string; user_id: string | null }>(
        'SELECT * FROM auth.rotate_refresh_token($1, $2, $3)',
        [sha256Hex(refreshToken), sha256Hex(next), this.refreshExpiry()],
      );
      if (r?.outcome !== 'ok') return r?.outcome ?? 'invalid';
      const user = await this.sessionUser(r.user_id!);
      return { user, tokens: user && user.is_active ? this.tokenResponse(user, next) : null };
    });
    if (typeof outcome === 'string' || !outcome.tokens) {
      const why = outcome === 'reused' ? 'This refresh token was already used; every session of this sign-in was ended for safety' : 'The refresh token is invalid or expired';
      throw problem.unauthorized(why);
    }
    return outcome.tokens;
  }

  async logout(refreshToken: string): Promise<void> {
    await this.db.transaction(null, (tx) => tx.query('SELECT auth.revoke_refresh_family($1)', [sha256Hex(refreshToken)]));
  }

  /** The caller's profile (inside the request transaction). */
  async me(user: AuthUser): Promise<UserDto> {
    const row = await this.db.one<SessionRow>('SELECT * FROM auth.session_user_info($1)', [user.user_id]);
    if (!row || !row.is_active) throw problem.unauthorized('This account is not active');
    return this.publicUser(row);
  }

  async updateMe(user: AuthUser, patch: { full_name?: string; locale?: string }): Promise<UserDto> {
    await this.db.query(
      `UPDATE app.profiles SET full_name = coalesce($2, full_name), locale = coalesce($3, locale) WHERE user_id = $1`,
      [user.user_id, patch.full_name?.trim() ?? null, patch.locale ?? null],
    );
    return this.me(user);
  }

  async changePassword(user: AuthUser, current: string, next: string): Promise<void> {
    const row = await this.db.one<{ h: string | null }>('SELECT auth.my_password_hash() AS h');
    if (!(await verifyPassword(row?.h ?? undefined, current))) {
      throw problem.unprocessable('The current password is incorrect', [{ field: 'current_password', message: 'is incorrect' }]);
    }
    await this.db.query('SELECT auth.set_password($1, $2)', [user.user_id, await hashPassword(next)]);
  }

  private async issueTokens(userId: string, familyId: string): Promise<TokenResponseDto | null> {
    const user = await this.sessionUser(userId);
    if (!user?.is_active) return null;
    const refresh = newOpaqueToken(REFRESH_TOKEN_PREFIX);
    await this.db.query('SELECT auth.issue_refresh_token($1, $2, $3, $4)', [userId, sha256Hex(refresh), familyId, this.refreshExpiry()]);
    return this.tokenResponse(user, refresh);
  }

  private sessionUser(userId: string): Promise<SessionRow | undefined> {
    return this.db.one<SessionRow>('SELECT * FROM auth.session_user_info($1)', [userId]);
  }

  private tokenResponse(user: SessionRow, refresh: string): TokenResponseDto {
    const payload: AccessTokenPayload = { sub: user.user_id, role: user.role as AccessTokenPayload['role'], dept: user.dept_code, typ: 'access' };
    const access = this.jwt.sign(payload, {
      algorithm: JWT_ALGORITHM,
      expiresIn: this.cfg.accessTokenTtlSeconds,
      issuer: this.cfg.jwtIssuer,
      audience: JWT_AUDIENCE,
      jwtid: randomUUID(),
    });
    return { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: this.cfg.accessTokenTtlSeconds, user: this.publicUser(user) };
  }

  private publicUser(u: SessionRow): UserDto {
    return { user_id: u.user_id, email: u.email, full_name: u.full_name, role: u.role, dept_code: u.dept_code, manager_user_id: u.manager_user_id, locale: u.locale };
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.cfg.refreshTokenTtlDays * 86400_000);
  }
}
