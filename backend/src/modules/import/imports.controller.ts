import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader,
  ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse, ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { CurrentUser, NoTransaction, Roles } from '../../core/auth/decorators.js';
import { problem } from '../../core/errors/problem.js';
import { ApiExport } from '../../core/http/export.js';
import {
  IMPORT_MODULES, ImportDto, ImportExportQuery, ImportListDto, ImportListQuery, ImportRowListDto, ImportRowsExportQuery, ImportRowsQuery, ImportTemplateDto,
  UploadImportDto,
} from './dto/imports.dto.js';
import type { HashedUpload } from './hashing-disk-storage.js';
import { IMPORTER_ROLES } from './import.roles.js';
import { ImportsService } from './imports.service.js';

const IMPORT_ID = /^IM-\d{4}-\d{6,}$/;

/** An import id from the path; anything else cannot exist (404, like an invisible import). */
export function importIdParam(id: string): string {
  if (!IMPORT_ID.test(id)) throw problem.notFound('Import not found');
  return id;
}

export const UPLOAD_BODY_DESCRIPTION =
  'The file is streamed to disk and hashed (SHA-256) on the way; its type is judged by content (CSV — comma, semicolon or TAB separated, UTF-8 with or without BOM — or XLSX, first worksheet, cell values). ' +
  'The header is checked against the module template before anything is stored (422 naming every missing or unknown column; 422 for an empty file). ' +
  'Then, in one transaction, every row is staged in bulk and the file is kept in bucket import-files: 201 with the STAGED import. ' +
  'The same file uploaded again by you for the same module answers 200 with the existing import. `process=true` also starts processing. Accepts Idempotency-Key (keyed on the file bytes).';

@ApiTags('imports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid bearer token' })
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post()
  @NoTransaction()
  @Roles(...IMPORTER_ROLES)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a CSV or XLSX file to import (staged, not yet processed)',
    description:
      UPLOAD_BODY_DESCRIPTION +
      ' Modules: finance → invoices, payments, customers; marketing → leads, marketing_spend; everyone but the director → kpi_entries (own values; managers their team). Templates: GET /api/imports/templates/{module}.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'module'],
      properties: {
        file: { type: 'string', format: 'binary' },
        module: { type: 'string', enum: [...IMPORT_MODULES] },
        process: { type: 'boolean', default: false },
      },
    },
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ImportDto, description: 'A new import, STAGED (PROCESSING with process=true)' })
  @ApiOkResponse({ type: ImportDto, description: 'You uploaded this file for this module before: the existing import' })
  @ApiForbiddenResponse({ description: 'Your role may not import this module' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than 100 MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not a CSV or XLSX file' })
  @ApiUnprocessableEntityResponse({ description: 'Missing/unknown columns (errors per column), empty file, unknown module' })
  upload(
    @UploadedFile() file: HashedUpload | undefined,
    @Body() body: UploadImportDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportDto> {
    return this.imports.upload(file, body.module, body.process ?? false, user, req, res);
  }

  @Get()
  @ApiOperation({
    summary: 'Import history',
    description: 'Newest first, keyset pagination. You see your own imports; finance also every invoices, payments and customers import; super_admin and director all.',
  })
  @ApiOkResponse({ type: ImportListDto })
  list(@Query() q: ImportListQuery) {
    return this.imports.list(q);
  }

  @Get('export')
  @ApiExport('Download the import history you may see as CSV or XLSX', 'Newest first; row counters are numbers.')
  async export(@Query() q: ImportExportQuery, @Res() res: Response): Promise<void> {
    await this.imports.export(q, res);
  }

  @Get('templates/:module')
  @ApiOperation({ summary: 'The CSV template of a module: its header and one example row' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV (UTF-8 with BOM), Content-Disposition: attachment', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Unknown module' })
  async template(@Param('module') module: string, @Res() res: Response): Promise<void> {
    if (!(IMPORT_MODULES as readonly string[]).includes(module)) throw problem.notFound('Unknown import module');
    await this.imports.template(module, res);
  }

  @Get('templates/:module/columns')
  @ApiOperation({ summary: 'The template of a module as data: columns in order, which are required (alternatives share a group), an example value' })
  @ApiOkResponse({ type: ImportTemplateDto })
  @ApiNotFoundResponse({ description: 'Unknown module' })
  async templateColumns(@Param('module') module: string): Promise<ImportTemplateDto> {
    if (!(IMPORT_MODULES as readonly string[]).includes(module)) throw problem.notFound('Unknown import module');
    return { module, columns: await this.imports.templateColumns(module) };
  }

  @Get(':import_id')
  @ApiOperation({ summary: 'An import with its counters and progress (poll while PROCESSING)' })
  @ApiOkResponse({ type: ImportDto })
  @ApiNotFoundResponse({ description: 'No such import, or not visible to you' })
  get(@Param('import_id') id: string) {
    return this.imports.get(importIdParam(id));
  }

  @Post(':import_id/process')
  @HttpCode(202)
  @Roles(...IMPORTER_ROLES)
  @ApiOperation({
    summary: 'Process (or retry) an import in the background',
    description:
      'Queues the import for the background worker in the same transaction that marks it PROCESSING; the worker runs as the person who uploaded it. ' +
      'Retry = process again: rows already OK are skipped, errors are tried again, natural keys prevent duplicates. ' +
      'Allowed from STAGED, COMPLETED, COMPLETED_WITH_ERRORS, FAILED, or a stalled PROCESSING (409 otherwise, with the allowed states). Accepts Idempotency-Key.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiAcceptedResponse({ type: ImportDto })
  @ApiForbiddenResponse({ description: 'Only the uploader (or super_admin) may process it' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Already processing, or not staged yet' })
  process(@Param('import_id') id: string) {
    return this.imports.requestProcessing(importIdParam(id));
  }

  @Get(':import_id/rows')
  @ApiOperation({ summary: 'The staged rows with their outcome', description: 'In file order; `status=ERROR` for the error rows with their reasons ("column: reason").' })
  @ApiOkResponse({ type: ImportRowListDto })
  @ApiNotFoundResponse()
  rows(@Param('import_id') id: string, @Query() q: ImportRowsQuery) {
    return this.imports.rows(importIdParam(id), q);
  }

  @Get(':import_id/rows/export')
  @ApiExport(
    'Download the staged rows of an import as CSV or XLSX',
    'In file order, `status=` as on the rows list: row_number, status, error_message, target_id, note, processed_at, then the cells as uploaded.',
  )
  @ApiNotFoundResponse()
  async exportRows(@Param('import_id') id: string, @Query() q: ImportRowsExportQuery, @Res() res: Response): Promise<void> {
    await this.imports.exportRows(importIdParam(id), q, res);
  }

  @Get(':import_id/errors.csv')
  @ApiOperation({
    summary: 'Download the error rows as CSV',
    description: 'row_number, error_message, then the cells as uploaded: fix them and upload the file again. Cells a spreadsheet would evaluate get a leading apostrophe.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV (UTF-8 with BOM)', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse()
  async errors(@Param('import_id') id: string, @Res() res: Response): Promise<void> {
    await this.imports.exportErrors(importIdParam(id), res);
  }
}
