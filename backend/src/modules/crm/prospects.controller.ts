import { Body, Controller, Get, Param, Patch, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { PROSPECT_EDITORS, PROSPECT_READERS } from './crm.roles.js';
import { ProspectDto, ProspectExportQuery, ProspectListDto, ProspectListQuery, StageHistoryListDto, UpdateProspectDto } from './dto/prospects.dto.js';
import { ProspectsService } from './prospects.service.js';

@ApiTags('prospects')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid bearer token' })
@Controller('prospects')
export class ProspectsController {
  constructor(private readonly prospects: ProspectsService) {}

  @Get()
  @Roles(...PROSPECT_READERS)
  @ApiOperation({ summary: 'The pipeline: prospects you may see', description: 'Most recently moved first; each with the stages you may move it to (allowed_stages).' })
  @ApiOkResponse({ type: ProspectListDto })
  @ApiForbiddenResponse()
  list(@Query() q: ProspectListQuery) {
    return this.prospects.list(q);
  }

  @Get('export')
  @Roles(...PROSPECT_READERS)
  @ApiExport('Download the filtered pipeline (prospects) as CSV or XLSX', 'Most recently moved first.', 'Operations never read prospects')
  async export(@Query() q: ProspectExportQuery, @Res() res: Response): Promise<void> {
    await this.prospects.export(q, res);
  }

  @Patch(':prospect_id')
  @Roles(...PROSPECT_EDITORS)
  @ApiOperation({
    summary: 'Move a prospect to another stage',
    description: 'Forward (skipping allowed) or LOST by the owner; back and reopening WON/LOST → CONTACTED by sales managers. WON converts its handed-over leads. History is written by the database.',
  })
  @ApiOkResponse({ type: ProspectDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'Visible to you but not yours to work' })
  @ApiConflictResponse({ description: 'Move not allowed; `allowed` lists the possible stages' })
  update(@Param('prospect_id') id: string, @Body() dto: UpdateProspectDto) {
    return this.prospects.update(id, dto);
  }

  @Get(':prospect_id/history')
  @ApiOperation({ summary: 'Stage history of a prospect, oldest first' })
  @ApiOkResponse({ type: StageHistoryListDto })
  @ApiNotFoundResponse()
  history(@Param('prospect_id') id: string) {
    return this.prospects.history(id);
  }
}
