import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { hashPassword } from '../../core/auth/password.js';
import { API_TOKEN_PREFIX, newOpaqueToken, sha256Hex } from '../../core/auth/tokens.js';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { columns, filtersOf, keysetRows, sendExport } from '../../core/http/export.js';
import { AdminRepository } from './admin.repository.js';
import type { CreateApiTokenDto, CreateUserDto, CreatedApiTokenDto, ProfileDto, UpdateUserDto, UserExportQuery, UserListQuery } from './dto/admin.dto.js';

const USER_EXPORT_COLUMNS = columns<ProfileDto>([
  'user_id', 'email', 'full_name', 'role', 'dept_code', 'manager_user_id', 'is_active', 'locale', 'created_at', 'updated_at',
]);

@Injectable()
export class AdminService {
  constructor(private readonly repo: AdminRepository, @Inject(APP_CONFIG) private readonly cfg: AppConfig) {}

  async listUsers(q: UserListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const { limit: _l, cursor: _c, ...f } = q;
    const rows = await this.repo.listUsers({ ...f, q: q.q?.trim() || undefined, after, limit: limit + 1 });
    return page(rows, limit, (r) => [r.full_name.toLowerCase(), r.user_id]);
  }

  /** GET /api/users/export: the users list's query in keyset batches, streamed. */
  async exportUsers(q: UserExportQuery, res: Response): Promise<void> {
    const f = { ...filtersOf(q), q: q.q?.trim() || undefined };
    const rows = keysetRows(
      (after: [string, string] | null, n) => this.repo.listUsers({ ...f, after, limit: n }),
      (r): [string, string] => [r.full_name.toLowerCase(), r.user_id],
    );
    await sendExport(res, q.format, 'users', USER_EXPORT_COLUMNS, rows);
  }

  async getUser(id: string) {
    const u = await this.repo.getUser(id);
    if (!u) throw problem.notFound('User not found');
    return u;
  }

  async createUser(dto: CreateUserDto) {
    const id = await this.repo.createUser(dto, await hashPassword(dto.password));
    return this.getUser(id);
  }

  async updateUser(id: string, dto: UpdateUserDto) {
    if (!(await this.repo.updateUser(id, dto as Record<string, unknown>))) throw problem.notFound('User not found');
    // A deactivated user loses every session at once.
    if (dto.is_active === false) await this.repo.endSessions(id);
    return this.getUser(id);
  }

  async resetPassword(id: string, password: string) {
    await this.repo.setPassword(id, await hashPassword(password));
  }

  async listTokens(cursor: string | undefined, limit: number | undefined) {
    const l = clampLimit(limit);
    const after = decodeCursor(cursor, 2) as [string, string] | null;
    return page(await this.repo.listTokens(after, l + 1), l, (r) => [r.created_at, r.token_id]);
  }

  async createToken(dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    const days = dto.expires_in_days ?? 90;
    if (days > this.cfg.apiTokenMaxDays) {
      throw problem.unprocessable(`Tokens may live at most ${this.cfg.apiTokenMaxDays} days`, [
        { field: 'expires_in_days', message: `must be at most ${this.cfg.apiTokenMaxDays}` },
      ]);
    }
    const token = newOpaqueToken(API_TOKEN_PREFIX);
    const row = await this.repo.createToken(dto.name.trim(), token.slice(0, API_TOKEN_PREFIX.length + 4), sha256Hex(token), new Date(Date.now() + days * 86400_000));
    return { ...row, token };
  }

  async revokeToken(id: string) {
    if (!(await this.repo.revokeToken(id))) throw problem.notFound('API token not found');
  }
}
