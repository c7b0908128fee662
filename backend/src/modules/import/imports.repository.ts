import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import type { ImportDto, ImportRowDto, ImportTemplateColumnDto } from './dto/imports.dto.js';

const IMPORT_COLS = `
  i.import_id, i.module, i.status, i.file_name, i.file_format, i.file_object_id, i.columns,
  i.total_rows, i.success_rows, i.error_rows, i.progress_rows, i.run_count,
  (i.status = 'PROCESSING' AND i.heartbeat_at <= now() - app.import_stall_after()) AS is_stalled,
  i.last_error, i.created_by, d.full_name AS created_by_name, i.created_at, i.started_at, i.processed_at`;

const IMPORT_FROM = `FROM app.imports i LEFT JOIN app.v_directory d ON d.user_id = i.created_by`;

export interface ImportFilters {
  module?: string;
  status?: string;
  mine?: boolean;
  created_from?: string;
  created_to?: string;
  open?: boolean;
  stale?: boolean;
}

export interface RunBatchResult {
  stale: boolean;
  status: string;
  total_rows?: number;
  success_rows?: number;
  error_rows?: number;
  progress_rows?: number;
  batch_rows?: number;
}

/**
 * The only place with SQL for imports. Every statement runs in the caller's
 * RLS transaction (Db); the rules live in the functions of migration 0401.
 */
@Injectable()
export class ImportsRepository {
  constructor(private readonly db: Db) {}

  async checkColumns(module: string, columns: string[]): Promise<void> {
    await this.db.query('SELECT app.import_check_columns($1, $2::text[])', [module, columns]);
  }

  async create(module: string, sha256: string, fileName: string, format: string, columns: string[]): Promise<{ import_id: string; created: boolean }> {
    const row = await this.db.one<{ import_id: string; created: boolean }>(
      'SELECT import_id, created FROM app.import_create($1, $2, $3, $4, $5::text[])',
      [module, sha256, fileName, format, columns],
    );
    return row!;
  }

  /** One round trip for a whole batch of rows: one line each, "<row number>\t<JSON object>". */
  stageRows(importId: string, lines: string): Promise<unknown> {
    return this.db.query('SELECT app.import_stage_rows($1, $2)', [importId, lines]);
  }

  async finishStaging(importId: string, fileObjectId: string | null): Promise<void> {
    await this.db.query('SELECT 1 FROM app.import_finish_staging($1, $2)', [importId, fileObjectId]);
  }

  async requestProcessing(importId: string): Promise<void> {
    await this.db.query('SELECT 1 FROM app.import_request_processing($1)', [importId]);
  }

  get(importId: string): Promise<ImportDto | undefined> {
    return this.db.one<ImportDto>(`SELECT ${IMPORT_COLS} ${IMPORT_FROM} WHERE i.import_id = $1`, [importId]);
  }

  list(f: ImportFilters, after: [string, string] | null, limit: number): Promise<ImportDto[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.module) where.push(`i.module = ${p(f.module)}`);
    if (f.status) where.push(`i.status = ${p(f.status)}`);
    if (f.mine) where.push('i.created_by = (SELECT auth.uid())');
    if (f.created_from) where.push(`i.created_at >= app.jakarta_day_start(${p(f.created_from)}::date)`);
    if (f.created_to) where.push(`i.created_at < app.jakarta_day_start(${p(f.created_to)}::date + 1)`);
    if (f.open) where.push("i.status NOT IN ('COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED')");
    if (f.stale) where.push('i.import_id IN (SELECT s.import_id FROM app.v_imports_stale s)');
    if (after) where.push(`(i.created_at, i.import_id) < (${p(after[0])}::timestamptz, ${p(after[1])})`);
    return this.db.query<ImportDto>(
      `SELECT ${IMPORT_COLS} ${IMPORT_FROM} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
        ORDER BY i.created_at DESC, i.import_id DESC LIMIT ${p(limit)}`,
      params,
    );
  }

  rows(importId: string, status: string | undefined, afterRow: number | null, limit: number): Promise<ImportRowDto[]> {
    return this.db.query<ImportRowDto>(
      `SELECT r.row_number, r.status, r.error_message, r.row_data, r.target_id, r.note, r.processed_at
         FROM app.import_rows r
        WHERE r.import_id = $1 AND ($2::text IS NULL OR r.status = $2) AND r.row_number > $3
        ORDER BY r.row_number LIMIT $4`,
      [importId, status ?? null, afterRow ?? 0, limit],
    );
  }

  template(module: string): Promise<ImportTemplateColumnDto[]> {
    return this.db.query<ImportTemplateColumnDto>('SELECT column_name, required_group, example FROM app.import_template($1)', [module]);
  }

  // ------------------------------------------------------------ worker ---

  async runBegin(importId: string, runToken: string): Promise<{ stale: boolean; module?: string; total_rows?: number; last_row_number?: number }> {
    const row = await this.db.one<{ r: { stale: boolean; module?: string; total_rows?: number; last_row_number?: number } }>(
      'SELECT app.import_run_begin($1, $2) AS r',
      [importId, runToken],
    );
    return row!.r;
  }

  async runFinish(importId: string, runToken: string): Promise<{ stale: boolean; status?: string }> {
    const row = await this.db.one<{ r: { stale: boolean; status?: string } }>('SELECT app.import_run_finish($1, $2) AS r', [importId, runToken]);
    return row!.r;
  }

  async runBatch(importId: string, runToken: string, from: number, to: number): Promise<RunBatchResult> {
    const row = await this.db.one<{ r: RunBatchResult }>('SELECT app.import_run_batch($1, $2, $3, $4) AS r', [importId, runToken, from, to]);
    return row!.r;
  }

  async runFailed(importId: string, runToken: string, message: string, final: boolean): Promise<void> {
    await this.db.query('SELECT app.import_run_failed($1, $2, $3, $4)', [importId, runToken, message, final]);
  }
}
