import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiTags, ApiUnauthorizedResponse, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { OneStatement, Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { LEAD_ASSIGNERS, LEAD_CREATORS, LEAD_EDITORS, LEAD_READERS } from './crm.roles.js';
import {
  AssignedLeadDto, AssigneeListDto, AssignLeadDto, CreatedLeadDto, CreateLeadDto, LeadDetailDto, LeadDto, LeadExportQuery, LeadListDto,
  LeadListQuery, TimelineDto, UpdateLeadDto,
} from './dto/leads.dto.js';
import { LeadsService } from './leads.service.js';

@ApiTags('leads')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid bearer token' })
@Controller('leads')
export class LeadsController {
  constructor(private readonly leads: LeadsService) {}

  @Post()
  @Roles(...LEAD_CREATORS)
  @OneStatement()
  @ApiOperation({
    summary: 'Create a lead (with customer dedup, prospect and optional RFQ) in one transaction',
    description:
      'Finds or creates the customer (match by NPWP → email → phone → company name), links the unassigned prospect and, when `rfq` is given, opens a masked inquiry_tariff ticket for operations. ' +
      'An incomplete RFQ or invalid NPWP/email/phone refuses the whole request (422, errors per field, nothing saved). Accepts Idempotency-Key. ' +
      'Roles: super_admin, marketing_manager, marketing_staff, sales_manager.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retry-safe creation (≤ 255 chars)' })
  @ApiCreatedResponse({ type: CreatedLeadDto })
  @ApiForbiddenResponse({ description: 'Your role may not create leads' })
  @ApiUnprocessableEntityResponse({ description: 'Validation failed (errors[] per field, e.g. "rfq.origin", "npwp")' })
  create(@Body() dto: CreateLeadDto): Promise<CreatedLeadDto> {
    return this.leads.create(dto);
  }

  @Get()
  @Roles(...LEAD_READERS)
  @ApiOperation({ summary: 'List leads you may see', description: 'Newest first; keyset pagination with ?cursor=. Marketing staff see their own, sales managers their team\'s and the unassigned, salespeople their own.' })
  @ApiOkResponse({ type: LeadListDto })
  @ApiForbiddenResponse({ description: 'Operations and finance do not work with leads' })
  list(@Query() q: LeadListQuery) {
    return this.leads.list(q);
  }

  @Get('export')
  @Roles(...LEAD_READERS)
  @ApiExport('Download the filtered leads as CSV or XLSX', 'Newest first.', 'Operations and finance do not work with leads')
  async export(@Query() q: LeadExportQuery, @Res() res: Response): Promise<void> {
    await this.leads.export(q, res);
  }

  @Get(':lead_id')
  @ApiOperation({ summary: 'A lead with its customer, prospect and tickets (each as far as you may see them)' })
  @ApiOkResponse({ type: LeadDetailDto })
  @ApiNotFoundResponse({ description: 'No such lead, or not visible to you' })
  get(@Param('lead_id') id: string) {
    return this.leads.get(id);
  }

  @Get(':lead_id/timeline')
  @ApiOperation({ summary: 'What happened to a lead, newest first', description: 'Lead milestones, activities and stage changes of its prospect, and (super_admin, director) its audit rows.' })
  @ApiOkResponse({ type: TimelineDto })
  @ApiNotFoundResponse()
  timeline(@Param('lead_id') id: string) {
    return this.leads.timeline(id);
  }

  @Patch(':lead_id')
  @Roles(...LEAD_EDITORS)
  @ApiOperation({
    summary: 'Edit a lead or qualify / disqualify it',
    description: 'Status: NEW → QUALIFIED, open → DISQUALIFIED (disqualified_reason required). Salespeople may change contact name, email, phone and notes only. Handover goes through /assign.',
  })
  @ApiOkResponse({ type: LeadDto })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'Your role may not make this change' })
  @ApiConflictResponse({ description: 'Transition not allowed; `allowed` lists the possible ones' })
  @ApiUnprocessableEntityResponse()
  update(@Param('lead_id') id: string, @Body() dto: UpdateLeadDto) {
    return this.leads.update(id, dto);
  }

  @Post(':lead_id/assign')
  @HttpCode(200)
  @Roles(...LEAD_ASSIGNERS)
  @ApiOperation({
    summary: 'Hand a lead over to a salesperson (or re-assign it)',
    description: 'Sets the owner and HANDED_OVER, and links the lead to the owner\'s prospect for its customer (history kept). A sales manager assigns only within their team. Roles: super_admin, marketing_manager, sales_manager.',
  })
  @ApiOkResponse({ type: AssignedLeadDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The lead is CONVERTED or DISQUALIFIED' })
  @ApiUnprocessableEntityResponse({ description: 'The new owner is not an active salesperson/sales manager (of your team)' })
  assign(@Param('lead_id') id: string, @Body() dto: AssignLeadDto): Promise<AssignedLeadDto> {
    return this.leads.assign(id, dto.sales_owner_user_id);
  }
}

@ApiTags('leads')
@ApiBearerAuth()
@Controller('crm')
export class CrmLookupController {
  constructor(private readonly leads: LeadsService) {}

  @Get('assignees')
  @Roles(...LEAD_ASSIGNERS)
  @ApiOperation({ summary: 'People you may assign leads to', description: 'Active salespeople and sales managers: all for marketing_manager and super_admin; own team (incl. yourself) for a sales manager.' })
  @ApiOkResponse({ type: AssigneeListDto })
  @ApiForbiddenResponse()
  assignees() {
    return this.leads.assignees();
  }
}
