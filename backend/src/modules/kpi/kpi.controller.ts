import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse,
  ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type {} from 'multer';
import { type AuthUser, claimsOf } from '../../core/auth/auth-user.js';
import { CurrentUser, NoTransaction, Roles } from '../../core/auth/decorators.js';
import { Db } from '../../core/database/db.service.js';
import { problem } from '../../core/errors/problem.js';
import { ApiExport } from '../../core/http/export.js';
import { IdempotencyService, requestHash } from '../../core/http/idempotency.service.js';
import { setResponseStatus } from '../../core/http/response-status.js';
import { StorageService } from '../../core/storage/storage.service.js';
import {
  ActualDto, ActualQuery, AssigneeListDto, AssigneesQuery, CreateEntryDto, CreateTargetDto, EntryDto, EntryExportQuery, EntryListDto, EntryListQuery,
  EvidenceDto, EvidenceUploadDto, MetricExportQuery, MetricListDto, MetricListQuery, ProgressExportQuery, ProgressItemDto, ProgressQuery, TargetDto,
  TargetExportQuery, TargetListDto, TargetListQuery, UpdateTargetDto,
} from './dto/kpi.dto.js';
import { ENTRY_WRITERS, KpiService, TARGET_SETTERS } from './kpi.service.js';

const uuid404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('kpi')
@ApiBearerAuth()
@Controller('kpi')
export class KpiController {
  constructor(
    private readonly kpi: KpiService,
    private readonly storage: StorageService,
    private readonly idempotency: IdempotencyService,
    private readonly db: Db,
  ) {}

  // ---------------------------------------------------------------- metrics ---
  @Get('metrics')
  @ApiOperation({ summary: 'The KPI catalogue', description: 'Every metric of metrics.md with its department, unit, source (AUTO from data, MANUAL/IMPORTED from entries) and direction.' })
  @ApiOkResponse({ type: MetricListDto })
  metrics(@Query() q: MetricListQuery) {
    return this.kpi.listMetrics(q);
  }

  @Get('metrics/export')
  @ApiExport('Download the KPI catalogue as CSV or XLSX')
  async exportMetrics(@Query() q: MetricExportQuery, @Res() res: Response): Promise<void> {
    await this.kpi.exportMetrics(q, res);
  }

  // ---------------------------------------------------------------- targets ---
  @Post('targets')
  @Roles(...TARGET_SETTERS)
  @ApiOperation({
    summary: 'Set a target for one person, metric and period',
    description: 'A marketing manager sets marketing metrics and a sales manager sales metrics for their team (and themselves); super_admin any; the director only reads. One target per metric, person and period, and periods of the same metric and person never overlap (409 with errors[{field: "period_start"}] naming the existing target).',
  })
  @ApiCreatedResponse({ type: TargetDto })
  @ApiConflictResponse({ description: 'Same or overlapping period already has a target' })
  @ApiForbiddenResponse({ description: 'Not your department\'s metric, not your team, or not a target-setting role' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown metric, metric of another department, percentage above 100, invalid period' })
  createTarget(@Body() dto: CreateTargetDto) {
    return this.kpi.createTarget(dto);
  }

  @Get('targets')
  @ApiOperation({ summary: 'Targets you may see', description: 'Own for everyone; managers their team\'s; director and super_admin all. Newest period first; keyset pagination.' })
  @ApiOkResponse({ type: TargetListDto })
  listTargets(@Query() q: TargetListQuery) {
    return this.kpi.listTargets(q);
  }

  @Get('targets/export')
  @ApiExport('Download the targets you may see as CSV or XLSX', 'Newest period first; target_value is a number.')
  async exportTargets(@Query() q: TargetExportQuery, @Res() res: Response): Promise<void> {
    await this.kpi.exportTargets(q, res);
  }

  @Patch('targets/:target_id')
  @Roles(...TARGET_SETTERS)
  @ApiOperation({ summary: 'Change a target\'s value or notes (metric, person and period stay)' })
  @ApiOkResponse({ type: TargetDto })
  @ApiNotFoundResponse({ description: 'No such target you may change' })
  updateTarget(@Param('target_id', uuid404) id: string, @Body() dto: UpdateTargetDto) {
    return this.kpi.updateTarget(id, dto);
  }

  @Delete('targets/:target_id')
  @Roles(...TARGET_SETTERS)
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a target (audited)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such target you may change' })
  async deleteTarget(@Param('target_id', uuid404) id: string) {
    await this.kpi.deleteTarget(id);
  }

  // ---------------------------------------------------------------- entries ---
  @Post('entries')
  @Roles(...ENTRY_WRITERS)
  @ApiOperation({
    summary: 'Record a value of a MANUAL or IMPORTED metric',
    description: 'The assignee defaults to you; managers may enter for their team. An AUTO metric is computed from the data and answers 422. Attach evidence afterwards with POST /api/kpi/evidence.',
  })
  @ApiCreatedResponse({ type: EntryDto })
  @ApiUnprocessableEntityResponse({ description: 'AUTO metric, metric of another department, future date' })
  @ApiForbiddenResponse({ description: 'Not yourself or your team; the director does not enter values' })
  createEntry(@Body() dto: CreateEntryDto) {
    return this.kpi.createEntry(dto);
  }

  @Get('entries')
  @ApiOperation({ summary: 'KPI entries you may see', description: 'Own (as assignee or author); managers their team\'s; director and super_admin all. Newest first.' })
  @ApiOkResponse({ type: EntryListDto })
  listEntries(@Query() q: EntryListQuery) {
    return this.kpi.listEntries(q);
  }

  @Get('entries/export')
  @ApiExport('Download the KPI entries you may see as CSV or XLSX', 'Newest first; value is a number.')
  async exportEntries(@Query() q: EntryExportQuery, @Res() res: Response): Promise<void> {
    await this.kpi.exportEntries(q, res);
  }

  @Post('evidence')
  @NoTransaction()
  @Roles(...ENTRY_WRITERS)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Attach an evidence file to a KPI entry',
    description: 'Multipart `file` + `kpi_entry_id`. Stored in bucket kpi-evidence (type judged by content: images, PDF, XLSX; 10 MB); the file is readable by whoever may read the entry. Replaces earlier evidence. Idempotency-Key is keyed on the file bytes.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file', 'kpi_entry_id'], properties: { file: { type: 'string', format: 'binary' }, kpi_entry_id: { type: 'string', format: 'uuid' } } } })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiNotFoundResponse({ description: 'No such entry visible to you' })
  async evidence(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: EvidenceUploadDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EvidenceDto> {
    if (!file) throw problem.unprocessable('A file is required', [{ field: 'file', message: 'is required' }]);
    // The bytes are on local disk now; only now take a connection.
    const inspected = await this.storage.inspect(file);
    const key = this.idempotency.keyOf(req);
    const hash = requestHash({ kpi_entry_id: body.kpi_entry_id, sha256: inspected.sha256 });
    try {
      return await this.db.transaction(claimsOf(user), async () => {
        if (key) {
          const prior = await this.idempotency.begin(key, hash);
          if (prior) {
            setResponseStatus(res, prior.status);
            res.setHeader('Idempotent-Replayed', 'true');
            return prior.body as EvidenceDto;
          }
        }
        await this.kpi.assertEntryWritable(body.kpi_entry_id);
        const o = await this.storage.save(inspected, 'kpi-evidence', { table: 'kpi_entries', id: body.kpi_entry_id });
        await this.kpi.attachEvidence(body.kpi_entry_id, o.object_id);
        const out: EvidenceDto = {
          kpi_entry_id: body.kpi_entry_id, object_id: o.object_id, bucket: o.bucket, size: Number(o.size_bytes),
          content_type: o.content_type, sha256: o.sha256, original_name: o.original_name,
        };
        if (key) await this.idempotency.finish(key, hash, req, 201, out);
        return out;
      });
    } finally {
      await this.storage.discard(file);
    }
  }

  // --------------------------------------------------------------- progress ---
  @Get('progress')
  @ApiOperation({
    summary: 'Target, actual and achievement of every metric of a person\'s department',
    description: 'For a manager the actuals cover self + team, each source row once. status NA with na_reason when an actual cannot be computed (never 0). achievement_pct = actual ÷ target × 100, or target ÷ actual × 100 for lower-is-better metrics; null without a target or when the divisor is 0. You may read yourself; managers their team; director and super_admin everyone (404 otherwise). Computed live: committed writes show at once.',
  })
  @ApiOkResponse({ type: [ProgressItemDto] })
  @ApiNotFoundResponse({ description: 'Person not found or not yours to read' })
  progress(@Query() q: ProgressQuery, @CurrentUser() user: AuthUser) {
    return this.kpi.progress(q, user);
  }

  @Get('progress/export')
  @ApiExport(
    'Download a person\'s progress (one row per metric) as CSV or XLSX',
    'Same parameters as GET /api/kpi/progress; every row also names assignee_user_id, period_start and period_end. target_value, actual_value and achievement_pct are numbers (empty when NA).',
  )
  @ApiNotFoundResponse({ description: 'Person not found or not yours to read' })
  async exportProgress(@Query() q: ProgressExportQuery, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    await this.kpi.exportProgress(q, user, res);
  }

  @Get('actuals/:metric_key')
  @ApiOperation({
    summary: 'The actual of one metric, optionally for one source channel',
    description: 'The drill-down of a progress card: the same SQL as the progress (one map metric_key → SQL function), plus ?channel= for the marketing lead metrics.',
  })
  @ApiOkResponse({ type: ActualDto })
  @ApiNotFoundResponse({ description: 'Unknown metric, or a person you may not read' })
  actual(@Param('metric_key') key: string, @Query() q: ActualQuery, @CurrentUser() user: AuthUser) {
    return this.kpi.actual(key, q, user);
  }

  @Get('assignees')
  @ApiOperation({ summary: 'People you may pick', description: 'purpose=targets: whom you may set targets for; purpose=progress: whose progress you may read. Self first.' })
  @ApiOkResponse({ type: AssigneeListDto })
  assignees(@Query() q: AssigneesQuery) {
    return this.kpi.assignees(q.purpose);
  }
}
