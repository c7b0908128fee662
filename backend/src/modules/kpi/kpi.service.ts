import { Injectable } from '@nestjs/common';
import type { AuthUser, Role } from '../../core/auth/auth-user.js';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import type { ActualDto, ActualQuery, CreateEntryDto, CreateTargetDto, EntryListQuery, MetricListQuery, ProgressQuery, TargetListQuery, UpdateTargetDto } from './dto/kpi.dto.js';
import { KPI_METRIC_QUERIES, isMetricKey } from './kpi-metric-queries.js';
import { KpiRepository } from './kpi.repository.js';

/** Who may call the target-writing routes at all (others 403); the SQL trigger + RLS decide which targets. */
export const TARGET_SETTERS: Role[] = ['super_admin', 'marketing_manager', 'sales_manager'];
/** Everyone but the director records KPI values. */
export const ENTRY_WRITERS: Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson', 'ops', 'finance'];

/**
 * KPI orchestration: defaults, pagination, the evidence hand-off. Actuals
 * come from SQL through KPI_METRIC_QUERIES (one map metric_key → SQL) and
 * app.kpi_progress(); no formula is computed here.
 */
@Injectable()
export class KpiService {
  constructor(private readonly repo: KpiRepository) {}

  async listMetrics(q: MetricListQuery) {
    return { items: await this.repo.listMetrics(q), next_cursor: null };
  }

  async listTargets(q: TargetListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    return page(await this.repo.listTargets(q, after, limit + 1), limit, (r) => [r.period_start, r.target_id]);
  }

  async getTarget(id: string) {
    const t = await this.repo.getTarget(id);
    if (!t) throw problem.notFound('Target not found');
    return t;
  }

  async createTarget(dto: CreateTargetDto) {
    return this.getTarget(await this.repo.createTarget(dto));
  }

  async updateTarget(id: string, dto: UpdateTargetDto) {
    if (!(await this.repo.updateTarget(id, dto))) throw problem.notFound('Target not found');
    return this.getTarget(id);
  }

  async deleteTarget(id: string) {
    if (!(await this.repo.deleteTarget(id))) throw problem.notFound('Target not found');
  }

  async listEntries(q: EntryListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    return page(await this.repo.listEntries(q, after, limit + 1), limit, (r) => [r.entry_date, r.entry_id]);
  }

  async getEntry(id: string) {
    const e = await this.repo.getEntry(id);
    if (!e) throw problem.notFound('KPI entry not found');
    return e;
  }

  async createEntry(dto: CreateEntryDto) {
    return this.getEntry(await this.repo.createEntry(dto));
  }

  async progress(q: ProgressQuery, user: AuthUser) {
    const p = await this.repo.resolvePeriod(q.period_start, q.period_end);
    return this.repo.progress(q.assignee_user_id ?? user.user_id, p.period_start, p.period_end);
  }

  async actual(metricKey: string, q: ActualQuery, user: AuthUser): Promise<ActualDto> {
    if (!isMetricKey(metricKey)) throw problem.notFound('Unknown metric');
    const query = KPI_METRIC_QUERIES[metricKey];
    if (q.channel && !query.channel) {
      throw problem.unprocessable(`${metricKey} cannot be filtered by channel`, [{ field: 'channel', message: 'is not supported by this metric' }]);
    }
    const p = await this.repo.resolvePeriod(q.period_start, q.period_end);
    const assignee = q.assignee_user_id ?? user.user_id;
    const row = await this.repo.actual(query, assignee, p.period_start, p.period_end, q.channel ?? null);
    return { metric_key: metricKey, assignee_user_id: assignee, ...p, channel: q.channel ?? null, ...row };
  }

  async assignees(purpose: 'targets' | 'progress' = 'progress') {
    return { items: await this.repo.assignees(purpose) };
  }

  assertEntryWritable(entryId: string) {
    return this.repo.assertEntryWritable(entryId);
  }

  attachEvidence(entryId: string, objectId: string) {
    return this.repo.attachEvidence(entryId, objectId);
  }
}
