import { Body, Controller, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiUnauthorizedResponse, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { CurrentUser, NoTransaction, Roles } from '../../core/auth/decorators.js';
import { DSO_IMPORT_MODULES, ImportDto, UploadDsoImportDto, UploadKpiImportDto } from './dto/imports.dto.js';
import type { HashedUpload } from './hashing-disk-storage.js';
import { UPLOAD_BODY_DESCRIPTION } from './imports.controller.js';
import { IMPORTER_ROLES } from './import.roles.js';
import { ImportsService } from './imports.service.js';

/** POST /api/kpi/import: the KPI entry point of the import pipeline (module kpi_entries). */
@ApiTags('kpi')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid bearer token' })
@Controller('kpi')
export class KpiImportController {
  constructor(private readonly imports: ImportsService) {}

  @Post('import')
  @NoTransaction()
  @Roles(...IMPORTER_ROLES)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Import KPI values (MANUAL/IMPORTED metrics) from CSV or XLSX',
    description: `An import of module kpi_entries (columns metric_key, assignee_email, entry_date, value, notes); follow it with GET /api/imports/{import_id}. ${UPLOAD_BODY_DESCRIPTION}`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, process: { type: 'boolean' } } } })
  @ApiCreatedResponse({ type: ImportDto })
  @ApiOkResponse({ type: ImportDto, description: 'The same file again: the existing import' })
  @ApiForbiddenResponse()
  @ApiUnprocessableEntityResponse()
  upload(
    @UploadedFile() file: HashedUpload | undefined,
    @Body() body: UploadKpiImportDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportDto> {
    return this.imports.upload(file, 'kpi_entries', body.process ?? false, user, req, res);
  }
}

/** POST /api/dso/import: the AR entry point of the import pipeline (module invoices or payments). */
@ApiTags('dso')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid bearer token' })
@Controller('dso')
export class DsoImportController {
  constructor(private readonly imports: ImportsService) {}

  @Post('import')
  @NoTransaction()
  @Roles('super_admin', 'finance')
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Import invoices or payments from CSV or XLSX',
    description: `An import of module invoices or payments; follow it with GET /api/imports/{import_id}. ${UPLOAD_BODY_DESCRIPTION}`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'module'],
      properties: { file: { type: 'string', format: 'binary' }, module: { type: 'string', enum: [...DSO_IMPORT_MODULES] }, process: { type: 'boolean' } },
    },
  })
  @ApiCreatedResponse({ type: ImportDto })
  @ApiOkResponse({ type: ImportDto, description: 'The same file again: the existing import' })
  @ApiForbiddenResponse({ description: 'Finance and super_admin only' })
  @ApiUnprocessableEntityResponse()
  upload(
    @UploadedFile() file: HashedUpload | undefined,
    @Body() body: UploadDsoImportDto,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportDto> {
    return this.imports.upload(file, body.module, body.process ?? false, user, req, res);
  }
}
