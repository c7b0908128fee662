import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import type { ApiTokenDto, ProfileDto } from './dto/admin.dto.js';

const PROFILE_COLS = 'user_id, email, full_name, role, dept_code, manager_user_id, is_active, locale, created_at, updated_at';
const TOKEN_COLS = 'token_id, user_id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at';

/** The only place with SQL for users and API tokens; runs under the caller's RLS. */
@Injectable()
export class AdminRepository {
  constructor(private readonly db: Db) {}

  listUsers(f: { q?: string; role?: string; dept_code?: string; after?: [string, string] | null; limit: number }): Promise<ProfileDto[]> {
    return this.db.query<ProfileDto>(
      `SELECT ${PROFILE_COLS} FROM app.profiles
        WHERE ($1::text IS NULL OR full_name ILIKE '%' || $1 || '%' OR email ILIKE '%' || $1 || '%')
          AND ($2::app.user_role IS NULL OR role = $2::app.user_role)
          AND ($3::text IS NULL OR dept_code = $3)
          AND ($4::text IS NULL OR (lower(full_name), user_id::text) > ($4, $5))
        ORDER BY lower(full_name), user_id::text
        LIMIT $6`,
      [f.q ?? null, f.role ?? null, f.dept_code ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  getUser(userId: string): Promise<ProfileDto | undefined> {
    return this.db.one<ProfileDto>(`SELECT ${PROFILE_COLS} FROM app.profiles WHERE user_id = $1`, [userId]);
  }

  async createUser(u: { email: string; full_name: string; role: string; dept_code: string; manager_user_id?: string | null; locale?: string }, passwordHash: string): Promise<string> {
    const r = await this.db.one<{ id: string }>(
      'SELECT app.admin_create_user($1, $2, $3::app.user_role, $4, $5, $6, $7) AS id',
      [u.email, u.full_name, u.role, u.dept_code, u.manager_user_id ?? null, passwordHash, u.locale ?? 'id'],
    );
    return r!.id;
  }

  /** Applies only the fields present; RLS + the profile guard trigger decide whether it is allowed. */
  async updateUser(userId: string, patch: Record<string, unknown>): Promise<boolean> {
    const allowed = ['role', 'dept_code', 'manager_user_id', 'is_active', 'full_name'] as const;
    const sets: string[] = [];
    const params: unknown[] = [userId];
    for (const k of allowed) {
      if (patch[k] === undefined) continue;
      params.push(patch[k]);
      sets.push(`${k} = $${params.length}${k === 'role' ? '::app.user_role' : ''}`);
    }
    if (sets.length === 0) return !!(await this.getUser(userId));
    const rows = await this.db.query(`UPDATE app.profiles SET ${sets.join(', ')} WHERE user_id = $1 RETURNING user_id`, params);
    return rows.length === 1;
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db.query('SELECT auth.set_password($1, $2)', [userId, passwordHash]);
  }

  async endSessions(userId: string): Promise<void> {
    await this.db.query('SELECT auth.revoke_user_sessions($1)', [userId]);
  }

  listTokens(after: [string, string] | null, limit: number): Promise<ApiTokenDto[]> {
    return this.db.query<ApiTokenDto>(
      `SELECT ${TOKEN_COLS} FROM auth.api_tokens
        WHERE user_id = auth.uid() AND ($1::timestamptz IS NULL OR (created_at, token_id) < ($1::timestamptz, $2::uuid))
        ORDER BY created_at DESC, token_id DESC LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async createToken(name: string, prefix: string, hash: string, expiresAt: Date): Promise<ApiTokenDto> {
    const r = await this.db.one<ApiTokenDto>(
      `INSERT INTO auth.api_tokens (user_id, name, token_prefix, token_hash, expires_at)
       VALUES (auth.uid(), $1, $2, $3, $4) RETURNING ${TOKEN_COLS}`,
      [name, prefix, hash, expiresAt],
    );
    return r!;
  }

  async revokeToken(tokenId: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE auth.api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE token_id = $1 RETURNING token_id',
      [tokenId],
    );
    return rows.length === 1;
  }
}
