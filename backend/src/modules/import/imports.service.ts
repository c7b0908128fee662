import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rm } from 'node:fs/promises';
import { type AuthUser, claimsOf } from '../../core/auth/auth-user.js';
import { Db } from '../../core/database/db.service.js';
import { problem, ProblemError } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { IdempotencyService, requestHash } from '../../core/http/idempotency.service.js';
import { setResponseStatus } from '../../core/http/response-status.js';
import { sniffContentType } from '../../core/storage/sniff.js';
import { StorageService } from '../../core/storage/storage.service.js';
import { columns, type ExportColumn, filtersOf as exportFilters, keysetRows, sendExport, writeExport } from '../../core/http/export.js';
import type { ImportDto, ImportExportQuery, ImportListQuery, ImportRowDto, ImportRowsExportQuery, ImportRowsQuery } from './dto/imports.dto.js';
import type { HashedUpload } from './hashing-disk-storage.js';
import { type ImportFileFormat, readHeader, readRows } from './import-file.js';
import { ImportsRepository } from './imports.repository.js';

/** Rows per staging INSERT (one round trip each), and a cap on its JSON size. */
const STAGE_BATCH_ROWS = 2000;
const STAGE_BATCH_BYTES = 4 * 1024 * 1024;
const IMPORT_EXPORT_COLUMNS = columns<ImportDto>(
  ['import_id', 'module', 'status', 'file_name', 'file_format', 'total_rows', 'success_rows', 'error_rows', 'progress_rows', 'run_count',
    'is_stalled', 'last_error', 'created_by', 'created_by_name', 'created_at', 'started_at', 'processed_at'],
  ['total_rows', 'success_rows', 'error_rows', 'progress_rows', 'run_count'],
);

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface UploadResult {
  status: 201 | 200;
  body: ImportDto;
}

function formatOf(contentType: string): ImportFileFormat | null {
  if (contentType === XLSX_TYPE) return 'xlsx';
  if (contentType === 'text/csv' || contentType === 'text/plain') return 'csv';
  return null;
}

/**
 * Imports: the upload pipeline (file on disk and hashed while it streamed in
 * → header checked by the database before anything is stored → one
 * transaction that creates the import, stages every row in large batches and
 * stores the file), processing requests (queued for the worker in the same
 * transaction), reads and the error-rows download.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly db: Db,
    private readonly repo: ImportsRepository,
    private readonly storage: StorageService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * POST /api/imports (and /api/kpi/import, /api/dso/import). 201 with a new
   * STAGED import, or 200 with the existing one when the caller already
   * uploaded the same file for the same module. `process` also requests
   * processing in the same transaction.
   */
  async upload(
    file: HashedUpload | undefined,
    module: string,
    process: boolean,
    user: AuthUser,
    req: Request,
    res: Response,
  ): Promise<ImportDto> {
    if (!file) throw problem.unprocessable('A file is required', [{ field: 'file', message: 'is required' }]);
    try {
      const claims = claimsOf(user);
      const contentType = await sniffContentType(file.path, file.originalname);
      const format = formatOf(contentType);
      if (!format) {
        // A .csv that is not UTF-8 text is usually an "ANSI" export from Excel.
        throw new ProblemError(
          415,
          /\.(csv|txt)$/i.test(file.originalname) && contentType === 'application/octet-stream'
            ? 'CSV files must be UTF-8 text (in Excel: Save As → "CSV UTF-8")'
            : 'Upload a CSV or XLSX file',
        );
      }
      const header = await readHeader(file.path, format).catch(() => {
        throw problem.unprocessable('The file could not be read as ' + format.toUpperCase(), [{ field: 'file', message: `is not a readable ${format.toUpperCase()} file` }]);
      });
      if (!header || header.columns.length === 0) {
        throw problem.unprocessable('The file is empty', [{ field: 'file', message: 'is empty' }]);
      }
      // Module gate and header check by the database, in a short transaction:
      // a wrong file is refused before anything is stored.
      await this.db.transaction(claims, () => this.repo.checkColumns(module, header.columns));
      if (!header.hasRows) {
        throw problem.unprocessable('The file has no data rows', [{ field: 'file', message: 'has no data rows' }]);
      }
      const key = this.idempotency.keyOf(req);
      const hash = requestHash({ module, process, sha256: file.sha256 });
      const result = await this.db.transaction(claims, async () => {
        if (key) {
          const prior = await this.idempotency.begin(key, hash);
          if (prior) {
            res.setHeader('Idempotent-Replayed', 'true');
            return { status: prior.status as 200 | 201, body: prior.body as ImportDto };
          }
        }
        const r = await this.stage(file, module, format, contentType, header.columns, process);
        if (key) await this.idempotency.finish(key, hash, req, r.status, r.body);
        return r;
      });
      setResponseStatus(res, result.status);
      return result.body;
    } finally {
      await rm(file.path, { force: true }).catch(() => undefined);
    }
  }

  /** Inside the upload transaction: create (or find) the import, stage all rows, store the file. */
  private async stage(
    file: HashedUpload, module: string, format: ImportFileFormat, contentType: string, columns: string[], process: boolean,
  ): Promise<UploadResult> {
    const created = await this.repo.create(module, file.sha256, file.originalname, format, columns);
    if (!created.created) {
      return { status: 200, body: (await this.repo.get(created.import_id))! };
    }
    const importId = created.import_id;
    const t0 = Date.now();
    let batch: string[] = [];
    let bytes = 0;
    let inflight: Promise<unknown> | null = null;
    // One staging INSERT in flight while the next batch is parsed.
    const flush = async () => {
      if (batch.length === 0) return;
      const json = batch.join('\n');
      batch = [];
      bytes = 0;
      if (inflight) await inflight;
      inflight = this.repo.stageRows(importId, json);
      inflight.catch(() => undefined);
    };
    let lastRow = 1;
    try {
      for await (const row of readRows(file.path, format)) {
        lastRow = row.row_number;
        const json = `${row.row_number}\t${JSON.stringify(row.data)}`;
        batch.push(json);
        bytes += json.length;
        if (batch.length >= STAGE_BATCH_ROWS || bytes >= STAGE_BATCH_BYTES) await flush();
      }
    } catch (err) {
      // The file breaks off (a quote never closed, a damaged workbook): refuse it whole, naming where.
      if (err && typeof err === 'object' && 'severity' in err) throw err;
      throw problem.unprocessable(`The file could not be read after row ${lastRow}: ${(err as Error).message}`, [
        { field: 'file', message: `is not readable after row ${lastRow}` },
      ]);
    }
    await flush();
    if (inflight) await inflight;
    const t1 = Date.now();
    const stored = await this.storage.save(
      { path: file.path, originalname: file.originalname, size: file.size, sha256: file.sha256, contentType },
      'import-files',
      { table: 'imports', id: importId },
    );
    const t2 = Date.now();
    await this.repo.finishStaging(importId, stored.object_id);
    this.logger.log(`import ${importId}: rows parsed and staged in ${t1 - t0} ms, file stored in ${t2 - t1} ms, staging finished in ${Date.now() - t2} ms`);
    if (process) await this.repo.requestProcessing(importId);
    return { status: 201, body: (await this.repo.get(importId))! };
  }

  async requestProcessing(importId: string): Promise<ImportDto> {
    await this.repo.requestProcessing(importId);
    return (await this.repo.get(importId))!;
  }

  async get(importId: string): Promise<ImportDto> {
    const row = await this.repo.get(importId);
    if (!row) throw problem.notFound('Import not found');
    return row;
  }

  async list(q: ImportListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const { limit: _l, cursor: _c, ...f } = q;
    const rows = await this.repo.list(f, after, limit + 1);
    return page(rows, limit, (r) => [r.created_at, r.import_id]);
  }

  /** GET /api/imports/export: the history list's query in keyset batches, streamed. */
  async export(q: ImportExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.list(f, after, n), (r): [string, string] => [r.created_at, r.import_id]);
    await sendExport(res, q.format, 'imports', IMPORT_EXPORT_COLUMNS, rows);
  }

  async rows(importId: string, q: ImportRowsQuery) {
    await this.get(importId);
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 1) as [number] | null;
    const rows = await this.repo.rows(importId, q.status, after ? Number(after[0]) : null, limit + 1);
    return page(rows, limit, (r) => [r.row_number]);
  }

  /** The rows of an import with the given status, in file order, in keyset batches (the rows list's query). */
  private importRows(importId: string, status: string | undefined): AsyncGenerator<ImportRowDto> {
    return keysetRows((after: number | null, n) => this.repo.rows(importId, status, after, n), (r) => r.row_number);
  }

  /** The cells as uploaded, one column per header of the file (or of the template). */
  private async cellColumns(imp: ImportDto): Promise<ExportColumn<ImportRowDto>[]> {
    const template = (await this.repo.template(imp.module)).map((c) => c.column_name);
    const cols = imp.columns.length ? imp.columns.filter((c) => c !== '') : template;
    return cols.map((c) => ({ header: c, value: (r: ImportRowDto) => r.row_data?.[c] ?? null }));
  }

  /** GET /api/imports/{id}/errors.csv: the error rows with their reason, then the cells as uploaded (fix and upload again). */
  async exportErrors(importId: string, res: Response): Promise<void> {
    const imp = await this.get(importId);
    const cols: ExportColumn<ImportRowDto>[] = [{ header: 'row_number', type: 'number' }, { header: 'error_message' }, ...(await this.cellColumns(imp))];
    await writeExport(res, { format: 'csv', filename: `${imp.import_id}-errors`, sheet: 'errors', columns: cols, rows: this.importRows(importId, 'ERROR') });
  }

  /** GET /api/imports/{id}/rows/export: the rows list (?status=) with outcome, then the cells as uploaded. */
  async exportRows(importId: string, q: ImportRowsExportQuery, res: Response): Promise<void> {
    const imp = await this.get(importId);
    const cols: ExportColumn<ImportRowDto>[] = [
      ...columns<ImportRowDto>(['row_number', 'status', 'error_message', 'target_id', 'note', 'processed_at'], ['row_number']),
      ...(await this.cellColumns(imp)),
    ];
    await sendExport(res, q.format, `${imp.import_id}-rows`, cols, this.importRows(importId, q.status));
  }

  templateColumns(module: string) {
    return this.repo.template(module);
  }

  /** GET /api/imports/templates/{module}: the header and one example row, as CSV. */
  async template(module: string, res: Response): Promise<void> {
    const cols = await this.repo.template(module);
    if (cols.length === 0) throw problem.notFound('Unknown import module');
    async function* example() {
      yield Object.fromEntries(cols.map((c) => [c.column_name, c.example]));
    }
    await writeExport(res, {
      format: 'csv',
      filename: `import-template-${module}`,
      columns: cols.map((c) => ({ header: c.column_name })),
      rows: example(),
    });
  }
}
