import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import type { AssigneeDto, EntryDto, MetricDefinitionDto, ProgressItemDto, TargetDto } from './dto/kpi.dto.js';
import type { MetricQuery } from './kpi-metric-queries.js';

const METRIC_COLS = `metric_key, name, name_en, department, unit, source, direction, aggregation, description, description_en,
  supports_channel, sort_order`;

const TARGET_SELECT = `SELECT t.target_id, t.metric_key, d.name AS metric_name, d.name_en AS metric_name_en, d.unit, d.department,
    t.assignee_user_id, dir.full_name AS assignee_name, t.period_start, t.period_end, t.target_value, t.notes,
    t.created_by, t.created_at, t.updated_at
  FROM app.kpi_targets t
  JOIN app.kpi_metric_definitions d ON d.metric_key = t.metric_key
  LEFT JOIN app.v_directory dir ON dir.user_id = t.assignee_user_id`;

const ENTRY_SELECT = `SELECT e.entry_id, e.metric_key, d.name AS metric_name, d.unit, e.entry_date, e.assignee_user_id,
    dir.full_name AS assignee_name, e.value, e.source, e.notes, e.evidence_object_id, e.import_id, e.created_by, e.created_at
  FROM app.kpi_entries e
  JOIN app.kpi_metric_definitions d ON d.metric_key = e.metric_key
  LEFT JOIN app.v_directory dir ON dir.user_id = e.assignee_user_id`;

export interface ActualRow {
  actual_value: string | null;
  status: 'OK' | 'NA';
  na_code: string | null;
  na_reason: string | null;
}

/** The only place with SQL for KPIs; runs in the request's RLS transaction. Formulas live in migrations 0312/0313. */
@Injectable()
export class KpiRepository {
  constructor(private readonly db: Db) {}

  listMetrics(f: { department?: string; source?: string }): Promise<MetricDefinitionDto[]> {
    return this.db.query<MetricDefinitionDto>(
      `SELECT ${METRIC_COLS} FROM app.kpi_metric_definitions
        WHERE is_active AND ($1::text IS NULL OR department = $1) AND ($2::text IS NULL OR source = $2)
        ORDER BY sort_order, metric_key`,
      [f.department ?? null, f.source ?? null],
    );
  }

  listTargets(f: { assignee_user_id?: string; metric_key?: string; department?: string; from?: string; to?: string }, after: [string, string] | null, limit: number): Promise<TargetDto[]> {
    return this.db.query<TargetDto>(
      `${TARGET_SELECT}
        WHERE ($1::uuid IS NULL OR t.assignee_user_id = $1)
          AND ($2::text IS NULL OR t.metric_key = $2)
          AND ($3::text IS NULL OR d.department = $3)
          AND ($4::date IS NULL OR t.period_end >= $4)
          AND ($5::date IS NULL OR t.period_start <= $5)
          AND ($6::date IS NULL OR (t.period_start, t.target_id) < ($6::date, $7::uuid))
        ORDER BY t.period_start DESC, t.target_id DESC
        LIMIT $8`,
      [f.assignee_user_id ?? null, f.metric_key ?? null, f.department ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  getTarget(id: string): Promise<TargetDto | undefined> {
    return this.db.one<TargetDto>(`${TARGET_SELECT} WHERE t.target_id = $1`, [id]);
  }

  async createTarget(v: { metric_key: string; assignee_user_id: string; period_start: string; period_end: string; target_value: string; notes?: string }): Promise<string> {
    const r = await this.db.one<{ target_id: string }>(
      `INSERT INTO app.kpi_targets (metric_key, assignee_user_id, period_start, period_end, target_value, notes)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING target_id`,
      [v.metric_key, v.assignee_user_id, v.period_start, v.period_end, v.target_value, v.notes ?? null],
    );
    return r!.target_id;
  }

  async updateTarget(id: string, patch: { target_value?: string; notes?: string | null }): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE app.kpi_targets SET target_value = coalesce($2::numeric, target_value),
              notes = CASE WHEN $4::boolean THEN $3 ELSE notes END
        WHERE target_id = $1 RETURNING target_id`,
      [id, patch.target_value ?? null, patch.notes ?? null, patch.notes !== undefined],
    );
    return rows.length === 1;
  }

  async deleteTarget(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM app.kpi_targets WHERE target_id = $1 RETURNING target_id', [id])).length === 1;
  }

  listEntries(f: { assignee_user_id?: string; metric_key?: string; from?: string; to?: string }, after: [string, string] | null, limit: number): Promise<EntryDto[]> {
    return this.db.query<EntryDto>(
      `${ENTRY_SELECT}
        WHERE ($1::uuid IS NULL OR e.assignee_user_id = $1)
          AND ($2::text IS NULL OR e.metric_key = $2)
          AND ($3::date IS NULL OR e.entry_date >= $3)
          AND ($4::date IS NULL OR e.entry_date <= $4)
          AND ($5::date IS NULL OR (e.entry_date, e.entry_id) < ($5::date, $6::uuid))
        ORDER BY e.entry_date DESC, e.entry_id DESC
        LIMIT $7`,
      [f.assignee_user_id ?? null, f.metric_key ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  getEntry(id: string): Promise<EntryDto | undefined> {
    return this.db.one<EntryDto>(`${ENTRY_SELECT} WHERE e.entry_id = $1`, [id]);
  }

  async createEntry(v: { metric_key: string; entry_date: string; value: string; notes?: string; assignee_user_id?: string }): Promise<string> {
    const r = await this.db.one<{ entry_id: string }>(
      `INSERT INTO app.kpi_entries (metric_key, entry_date, value, notes, assignee_user_id)
       VALUES ($1, $2, $3, $4, coalesce($5::uuid, auth.uid())) RETURNING entry_id`,
      [v.metric_key, v.entry_date, v.value, v.notes ?? null, v.assignee_user_id ?? null],
    );
    return r!.entry_id;
  }

  async assertEntryWritable(entryId: string): Promise<void> {
    await this.db.query('SELECT app.kpi_assert_entry_writable($1)', [entryId]);
  }

  async attachEvidence(entryId: string, objectId: string): Promise<void> {
    await this.db.query('SELECT app.kpi_attach_evidence($1, $2)', [entryId, objectId]);
  }

  /** A period in SQL terms: the given days, else the Asia/Jakarta month of period_start (or of today). */
  async resolvePeriod(start?: string, end?: string): Promise<{ period_start: string; period_end: string }> {
    return (await this.db.one<{ period_start: string; period_end: string }>(
      `SELECT s AS period_start, coalesce($2::date, (date_trunc('month', s) + interval '1 month - 1 day')::date) AS period_end
         FROM (SELECT coalesce($1::date, date_trunc('month', app.today_jakarta())::date) AS s) x`,
      [start ?? null, end ?? null],
    ))!;
  }

  progress(assignee: string, start: string, end: string): Promise<ProgressItemDto[]> {
    return this.db.query<ProgressItemDto>(
      `SELECT metric_key, name, name_en, department, source, unit, direction, aggregation, target_id, target_value, actual_value,
              achievement_pct::float8 AS achievement_pct, status, na_code, na_reason
         FROM app.kpi_progress($1::uuid, $2::date, $3::date)`,
      [assignee, start, end],
    );
  }

  async actual(q: MetricQuery, assignee: string, start: string, end: string, channel: string | null): Promise<ActualRow> {
    const params: unknown[] = [assignee, start, end];
    if (q.channel) params.push(channel);
    return (await this.db.one<ActualRow>(q.sql, params))!;
  }

  assignees(purpose: 'targets' | 'progress'): Promise<AssigneeDto[]> {
    return this.db.query<AssigneeDto>('SELECT user_id, full_name, role, dept_code, department, is_self FROM app.kpi_assignees($1)', [purpose]);
  }
}
