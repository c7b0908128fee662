import { Body, Controller, Delete, Get, HttpCode, Injectable, Param, Patch, PipeTransform, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNoContentResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '../../core/auth/decorators.js';
import { problem } from '../../core/errors/problem.js';
import { TICKET_PRIORITIES, TICKET_TYPES } from '../ticketing/dto/common.dto.js';
import {
  CreateHolidayDto, DepartmentDto, DepartmentListDto, HolidayDto, HolidayListDto, HolidayListQuery, SLA_POLICY_NOTE, SlaPolicyDto,
  SlaPolicyListDto, StaleThresholdDto, StaleThresholdListDto, UpdateDepartmentDto, UpdateHolidayDto, UpdateSlaPolicyDto,
  UpdateStaleThresholdDto,
} from './dto/reference.dto.js';
import { ReferenceService } from './reference.service.js';

/** A holiday's key in the path: a real YYYY-MM-DD day, else there is no such holiday (404). */
@Injectable()
export class HolidayDatePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
    if (!ok) throw problem.notFound('Holiday not found');
    return value;
  }
}

const FORBIDDEN = 'Only super_admin changes reference data (every signed-in role reads it)';
const INVALID = 'Validation failed: errors[{field, message}]';

@ApiTags('reference')
@ApiBearerAuth()
@Controller('reference')
export class ReferenceController {
  constructor(private readonly ref: ReferenceService) {}

  // ----------------------------------------------------------- departments ---
  @Get('departments')
  @ApiOperation({ summary: 'Departments', description: 'Every signed-in role. Ordered by sort_order. `is_ops` marks operations departments (ticket queues, RFQ routing).' })
  @ApiOkResponse({ type: DepartmentListDto })
  listDepartments() {
    return this.ref.listDepartments();
  }

  @Patch('departments/:dept_code')
  @Roles('super_admin')
  @ApiOperation({
    summary: 'Rename or reorder a department (super_admin)',
    description: 'Fields: name, name_en, sort_order. The code and is_ops are structural (users, ticket queues, RFQ routing and KPI scope depend on them) and cannot be changed; departments are never deleted through the API. Audited.',
  })
  @ApiParam({ name: 'dept_code', example: 'DOM' })
  @ApiOkResponse({ type: DepartmentDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'Unknown department code' })
  @ApiUnprocessableEntityResponse({ description: INVALID })
  updateDepartment(@Param('dept_code') code: string, @Body() dto: UpdateDepartmentDto) {
    return this.ref.updateDepartment(code, dto);
  }

  // -------------------------------------------------------------- holidays ---
  @Get('holidays')
  @ApiOperation({ summary: 'Public holidays (business calendar)', description: 'Every signed-in role. Whole days (Asia/Jakarta) that business time skips; oldest first; `?year=` filters one calendar year.' })
  @ApiOkResponse({ type: HolidayListDto })
  @ApiUnprocessableEntityResponse({ description: 'year is not a year between 2000 and 2100' })
  listHolidays(@Query() q: HolidayListQuery) {
    return this.ref.listHolidays(q.year);
  }

  @Post('holidays')
  @Roles('super_admin')
  @ApiOperation({
    summary: 'Add a holiday (super_admin)',
    description: 'Business time (SLA) skips the day from now on. Due times already stored on open tickets are not shifted. Accepts Idempotency-Key like every POST. Audited.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body within 24 h replays the first response' })
  @ApiCreatedResponse({ type: HolidayDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiConflictResponse({ description: 'The day already is a holiday (errors[{field: "holiday_date"}])' })
  @ApiUnprocessableEntityResponse({ description: `${INVALID}: date not YYYY-MM-DD or outside 2000–2100, name missing or longer than 200 characters` })
  addHoliday(@Body() dto: CreateHolidayDto) {
    return this.ref.addHoliday(dto);
  }

  @Patch('holidays/:date')
  @Roles('super_admin')
  @ApiOperation({ summary: 'Rename a holiday (super_admin)', description: 'Fields: name, name_en (null removes it). The date is the key: to move a holiday, delete it and add the new day. Audited.' })
  @ApiParam({ name: 'date', example: '2026-08-17', description: 'YYYY-MM-DD' })
  @ApiOkResponse({ type: HolidayDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'No holiday on this day' })
  @ApiUnprocessableEntityResponse({ description: INVALID })
  updateHoliday(@Param('date', HolidayDatePipe) date: string, @Body() dto: UpdateHolidayDto) {
    return this.ref.updateHoliday(date, dto);
  }

  @Delete('holidays/:date')
  @Roles('super_admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a holiday (super_admin)', description: 'The day counts as a working day again (if Mon–Fri) for business time computed afterwards. Audited.' })
  @ApiParam({ name: 'date', example: '2026-08-17', description: 'YYYY-MM-DD' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'No holiday on this day' })
  async deleteHoliday(@Param('date', HolidayDatePipe) date: string): Promise<void> {
    await this.ref.deleteHoliday(date);
  }

  // ---------------------------------------------------------- SLA policies ---
  @Get('sla-policies')
  @ApiOperation({ summary: 'SLA targets per ticket type × priority', description: `Every signed-in role. ${SLA_POLICY_NOTE}` })
  @ApiOkResponse({ type: SlaPolicyListDto })
  listSlaPolicies() {
    return this.ref.listSlaPolicies();
  }

  @Patch('sla-policies/:ticket_type/:priority')
  @Roles('super_admin')
  @ApiOperation({
    summary: 'Change SLA targets (super_admin)',
    description: `Fields: first_response_minutes, resolution_minutes (whole business minutes; resolution ≥ first response). ${SLA_POLICY_NOTE} Audited.`,
  })
  @ApiParam({ name: 'ticket_type', enum: TICKET_TYPES })
  @ApiParam({ name: 'priority', enum: TICKET_PRIORITIES })
  @ApiOkResponse({ type: SlaPolicyDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'Unknown ticket type or priority' })
  @ApiUnprocessableEntityResponse({ description: `${INVALID}: not a whole number, out of range, or resolution shorter than first response` })
  updateSlaPolicy(@Param('ticket_type') ticketType: string, @Param('priority') priority: string, @Body() dto: UpdateSlaPolicyDto) {
    return this.ref.updateSlaPolicy(ticketType, priority, dto);
  }

  // ------------------------------------------------------ stale thresholds ---
  @Get('stale-thresholds')
  @ApiOperation({ summary: 'Stale ("stuck item") thresholds', description: 'Every signed-in role. How long an open ticket, lead, prospect, import … may stay without activity before it is listed as stuck.' })
  @ApiOkResponse({ type: StaleThresholdListDto })
  listStaleThresholds() {
    return this.ref.listStaleThresholds();
  }

  @Patch('stale-thresholds/:entity')
  @Roles('super_admin')
  @ApiOperation({
    summary: 'Change a stale threshold (super_admin)',
    description: 'Fields: threshold_hours (more than 0, at most 8760, whole minutes; days × 24), description. Stuck-item lists read it live, so the change shows at once. Audited.',
  })
  @ApiParam({ name: 'entity', example: 'ticket' })
  @ApiOkResponse({ type: StaleThresholdDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  @ApiNotFoundResponse({ description: 'Unknown entity' })
  @ApiUnprocessableEntityResponse({ description: INVALID })
  updateStaleThreshold(@Param('entity') entity: string, @Body() dto: UpdateStaleThresholdDto) {
    return this.ref.updateStaleThreshold(entity, dto);
  }
}
