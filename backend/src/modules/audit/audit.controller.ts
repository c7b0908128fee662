import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/decorators.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { AuditListDto, AuditQuery } from './audit.dto.js';
import { AuditRepository } from './audit.repository.js';

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
}
