import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '../../core/auth/decorators.js';
import { ActivitiesService } from './activities.service.js';
import { ACTIVITY_LOGGERS, ACTIVITY_READERS } from './crm.roles.js';
import { ActivityDto, ActivityListDto, ActivityListQuery, CreateActivityDto } from './dto/activities.dto.js';

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
}
