import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser, Role } from '../../core/auth/auth-user.js';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { columns, type ExportColumn, filtersOf as exportFilters, keysetRows, rowsOf, sendExport } from '../../core/http/export.js';
import type {
  ActualDto, ActualQuery, CreateEntryDto, CreateTargetDto, EntryDto, EntryExportQuery, EntryListQuery, MetricDefinitionDto, MetricExportQuery,
  MetricListQuery, ProgressExportQuery, ProgressItemDto, ProgressQuery, TargetDto, TargetExportQuery, TargetListQuery, UpdateTargetDto,
} from './dto/kpi.dto.js';
import { KPI_METRIC_QUERIES, isMetricKey } from './kpi-metric-queries.js';
import { KpiRepository } from './kpi.repository.js';

/** Who may call the target-writing routes at all (others 403); the SQL trigger + RLS decide which targets. */
export const TARGET_SETTERS: Role[] = ['super_admin', 'marketing_manager', 'sales_manager'];
/** Everyone but the director records KPI values. */
export const ENTRY_WRITERS: Role[] = ['super_admin', 'marketing_manager', 'marketing_staff', 'sales_manager', 'salesperson', 'ops', 'finance'];

const METRIC_EXPORT_COLUMNS = columns<MetricDefinitionDto>(
  ['metric_key', 'name', 'name_en', 'department', 'unit', 'source', 'direction', 'aggregation', 'description', 'description_en', 'supports_channel', 'sort_order'],
  ['sort_order'],
);
const TARGET_EXPORT_COLUMNS = columns<TargetDto>(
  ['target_id', 'metric_key', 'metric_name', 'metric_name_en', 'unit', 'department', 'assignee_user_id', 'assignee_name', 'period_start',
    'period_end', 'target_value', 'notes', 'created_by', 'created_at', 'updated_at'],
  ['target_value'],
);
const ENTRY_EXPORT_COLUMNS = columns<EntryDto>(
  ['entry_id', 'metric_key', 'metric_name', 'unit', 'entry_date', 'assignee_user_id', 'assignee_name', 'value', 'source', 'notes',
    'evidence_object_id', 'import_id', 'created_by', 'created_at'],
  ['value'],
);
type ProgressRow = ProgressItemDto & { assignee_user_id: string; period_start: string; period_end: string };
const PROGRESS_EXPORT_COLUMNS: ExportColumn<ProgressRow>[] = columns<ProgressRow>(
  ['assignee_user_id', 'period_start', 'period_end', 'metric_key', 'name', 'name_en', 'department', 'source', 'unit', 'direction', 'aggregation',
    'target_id', 'target_value', 'actual_value', 'achievement_pct', 'status', 'na_code', 'na_reason'],
  ['target_value', 'actual_value', 'achievement_pct'],
);

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

  // ------------------------------------------------------------ exports ---
  // The lists' own queries, streamed (core/http/export).

  async exportMetrics(q: MetricExportQuery, res: Response): Promise<void> {
    await sendExport(res, q.format, 'kpi-metrics', METRIC_EXPORT_COLUMNS, rowsOf(this.repo.listMetrics(exportFilters(q))));
  }

  async exportTargets(q: TargetExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listTargets(f, after, n), (r): [string, string] => [r.period_start, r.target_id]);
    await sendExport(res, q.format, 'kpi-targets', TARGET_EXPORT_COLUMNS, rows);
  }

  async exportEntries(q: EntryExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listEntries(f, after, n), (r): [string, string] => [r.entry_date, r.entry_id]);
    await sendExport(res, q.format, 'kpi-entries', ENTRY_EXPORT_COLUMNS, rows);
  }

  /** The progress of one person and period (one row per metric, bounded by the catalogue), with who and when on every row. */
  async exportProgress(q: ProgressExportQuery, user: AuthUser, res: Response): Promise<void> {
    const p = await this.repo.resolvePeriod(q.period_start, q.period_end);
    const assignee = q.assignee_user_id ?? user.user_id;
    const items = await this.repo.progress(assignee, p.period_start, p.period_end);
    const rows = items.map((i): ProgressRow => ({ ...i, assignee_user_id: assignee, ...p }));
    await sendExport(res, q.format, 'kpi-progress', PROGRESS_EXPORT_COLUMNS, rowsOf(rows));
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
