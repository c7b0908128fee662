import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/decorators.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { ApiExport, columns, filtersOf, keysetRows, sendExport } from '../../core/http/export.js';
import { AuditExportQuery, AuditListDto, AuditQuery, type AuditRowDto } from './audit.dto.js';
import { AuditRepository } from './audit.repository.js';

const AUDIT_EXPORT_COLUMNS = columns<AuditRowDto>([
  'id', 'table_name', 'record_id', 'action', 'changed_by', 'changed_by_name', 'changed_at', 'before_data', 'after_data', 'changes',
]);

@ApiTags('audit')
@ApiBearerAuth()
@Roles('super_admin', 'director')
@ApiForbiddenResponse({ description: 'Only super_admin and director read the audit log' })
@Controller('audit')
export class AuditController {
  constructor(private readonly repo: AuditRepository) {}

  @Get()
  @ApiOperation({
    summary: 'Who changed what and when',
    description: 'Audit rows written by database triggers for every mutation, newest first, with a readable field-by-field diff. Filter by table, record, user, action and date range (Asia/Jakarta days).',
  })
  @ApiOkResponse({ type: AuditListDto })
  async list(@Query() q: AuditQuery): Promise<AuditListDto> {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await this.repo.list({ ...q, after, limit: limit + 1 });
    return page(rows, limit, (r) => [r.changed_at, r.id]);
  }

  @Get('export')
  @ApiExport('Download the filtered audit log as CSV or XLSX', 'Newest first; before_data, after_data and changes as JSON text.')
  async export(@Query() q: AuditExportQuery, @Res() res: Response): Promise<void> {
    const f = filtersOf(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.list({ ...f, after, limit: n }), (r): [string, string] => [r.changed_at, r.id]);
    await sendExport(res, q.format, 'audit', AUDIT_EXPORT_COLUMNS, rows);
  }
}
