import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { UseReadReplica } from '../../core/auth/decorators.js';
import { DashboardRepository } from './dashboard.repository.js';
import { ChartDatumDto, ChartSeriesDto, DashboardSummaryDto, SummaryQuery } from './dto/dashboard.dto.js';

@ApiTags('dashboard')
@ApiBearerAuth()
@ApiExtraModels(ChartDatumDto, ChartSeriesDto)
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly repo: DashboardRepository) {}

  @Get('summary')
  @UseReadReplica()
  @ApiOperation({
    summary: 'Your command-center home: numbers, charts and stuck items for your role',
    description:
      'Computed in SQL under your row-level security (a salesperson only ever sees numbers made of their own rows): ' +
      'director — revenue, AR outstanding, overdue %, DSO, leads, first-response SLA compliance, DSO trend, leads by channel, lead funnel, first-response trend, KPI by team; ' +
      'super_admin — the director\'s plus failed/unfinished imports; marketing — leads, qualified rate, spend, cost per lead, by channel; ' +
      'sales manager — team pipeline by stage, activities, revenue, team AR, KPI per member; salesperson — my pipeline, activities, AR, KPI; ' +
      'ops — department queue, at-risk/breached SLA, masked RFQ queue, RFQ turnaround; finance — AR, overdue %, DSO, collected, overdue customers, aging, recent imports. ' +
      'Every number carries `drill` {list, api, route, query, measure}: fetching every page of `api` with `query` and applying `measure` (count, exact sum of a field, avg, or the value of one row) gives exactly `value`; ' +
      'ratios carry `parts` (numerator, denominator — each with its own drill) and `ratio` {factor, decimals}. NA values are null with `na_reason`, never 0. ' +
      'Stuck items count stale leads, prospects, tickets and imports by the thresholds of app.stale_thresholds. Money as decimal strings; days are Asia/Jakarta.',
  })
  @ApiOkResponse({ type: DashboardSummaryDto })
  @ApiUnprocessableEntityResponse({ description: 'as_of is not a date, or is in the future' })
  @ApiUnauthorizedResponse({ description: 'No or invalid token' })
  summary(@Query() q: SummaryQuery): Promise<DashboardSummaryDto> {
    return this.repo.summary(q.as_of);
  }
}
