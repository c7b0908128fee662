import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { MARKETING_READERS, MARKETING_WRITERS } from './crm.roles.js';
import {
  CreateMarketingEventDto, CreateMarketingSpendDto, MarketingEventDto, MarketingEventListDto, MarketingExportQuery, MarketingListQuery, MarketingSpendDto,
  MarketingSpendListDto,
} from './dto/marketing.dto.js';
import { MarketingService } from './marketing.service.js';

@ApiTags('marketing')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid bearer token' })
@ApiForbiddenResponse({ description: 'Writes: super_admin and marketing; reads also director, sales managers and finance' })
@Controller('marketing')
export class MarketingController {
  constructor(private readonly marketing: MarketingService) {}

  @Post('events')
  @Roles(...MARKETING_WRITERS)
  @ApiOperation({ summary: 'Log a marketing event (campaign, event, content, ads)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: MarketingEventDto })
  @ApiUnprocessableEntityResponse()
  createEvent(@Body() dto: CreateMarketingEventDto) {
    return this.marketing.createEvent(dto);
  }

  @Get('events')
  @Roles(...MARKETING_READERS)
  @ApiOperation({ summary: 'Marketing events, newest first', description: 'Marketing staff see their own.' })
  @ApiOkResponse({ type: MarketingEventListDto })
  listEvents(@Query() q: MarketingListQuery) {
    return this.marketing.listEvents(q);
  }

  @Get('events/export')
  @Roles(...MARKETING_READERS)
  @ApiExport('Download the filtered marketing events as CSV or XLSX', 'Newest first.')
  async exportEvents(@Query() q: MarketingExportQuery, @Res() res: Response): Promise<void> {
    await this.marketing.exportEvents(q, res);
  }

  @Post('spend')
  @Roles(...MARKETING_WRITERS)
  @ApiOperation({ summary: 'Record marketing spend (IDR) for a channel and day' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: MarketingSpendDto })
  @ApiUnprocessableEntityResponse()
  createSpend(@Body() dto: CreateMarketingSpendDto) {
    return this.marketing.createSpend(dto);
  }

  @Get('spend')
  @Roles(...MARKETING_READERS)
  @ApiOperation({ summary: 'Marketing spend, newest first', description: 'Marketing staff see their own.' })
  @ApiOkResponse({ type: MarketingSpendListDto })
  listSpend(@Query() q: MarketingListQuery) {
    return this.marketing.listSpend(q);
  }

  @Get('spend/export')
  @Roles(...MARKETING_READERS)
  @ApiExport('Download the filtered marketing spend as CSV or XLSX', 'Newest first; amounts are numbers.')
  async exportSpend(@Query() q: MarketingExportQuery, @Res() res: Response): Promise<void> {
    await this.marketing.exportSpend(q, res);
  }
}
