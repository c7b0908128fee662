import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { ActivitiesService } from './activities.service.js';
import { ACTIVITY_LOGGERS, ACTIVITY_READERS } from './crm.roles.js';
import { ActivityDto, ActivityExportQuery, ActivityListDto, ActivityListQuery, CreateActivityDto } from './dto/activities.dto.js';

@ApiTags('activities')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid bearer token' })
@Controller('activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @Roles(...ACTIVITY_LOGGERS)
  @ApiOperation({
    summary: 'Log a sales activity (as yourself)',
    description: 'On a prospect you own (a sales manager: of the team). A visit needs a photo (upload it first: POST /api/files, bucket prospect-evidence) and location. Accepts Idempotency-Key.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ActivityDto })
  @ApiForbiddenResponse({ description: 'Your role may not log activities, or not on this prospect' })
  @ApiUnprocessableEntityResponse({ description: 'e.g. a visit without photo/location, an unknown prospect, a future time' })
  create(@Body() dto: CreateActivityDto) {
    return this.activities.create(dto);
  }

  @Get()
  @Roles(...ACTIVITY_READERS)
  @ApiOperation({ summary: 'Activities you may see, newest first', description: 'System entries (stage_change, rfq_created, handover) are included unless include_system=false.' })
  @ApiOkResponse({ type: ActivityListDto })
  @ApiForbiddenResponse()
  list(@Query() q: ActivityListQuery) {
    return this.activities.list(q);
  }

  @Get('export')
  @Roles(...ACTIVITY_READERS)
  @ApiExport('Download the filtered activities as CSV or XLSX', 'Newest first; location as location_lat/location_lng/location_accuracy_m numbers, metadata as JSON text.', 'Your role does not read sales activities')
  async export(@Query() q: ActivityExportQuery, @Res() res: Response): Promise<void> {
    await this.activities.export(q, res);
  }
}
