import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type {} from 'multer';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { CurrentUser, NoTransaction } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { StorageService } from '../../core/storage/storage.service.js';
import { PageQuery } from './dto/common.dto.js';
import {
  AssigneeListDto,
  AssigneesQuery,
  AttachmentDto,
  AttachmentListDto,
  CreateMessageDto,
  CreateTicketDto,
  FirstResponseQuery,
  FirstResponseSeriesDto,
  MessageDto,
  MessageListDto,
  SlaEventListDto,
  SlaSummaryDto,
  SlaSummaryQuery,
  StaleListDto,
  StaleExportQuery,
  StaleListQuery,
  TicketDetailDto,
  TicketExportQuery,
  TicketListDto,
  TicketListQuery,
  UpdateTicketDto,
  UploadAttachmentDto,
} from './dto/tickets.dto.js';
import { TicketingService } from './ticketing.service.js';
import { download, TicketIdPipe, UploadRunner } from './upload.js';

const CREATE_EXAMPLES = {
  complaint: {
    summary: 'Complaint (description + shipment reference)',
    value: { ticket_type: 'complaint', dept_target: 'DOM', priority: 'high', description: 'Pelanggan melaporkan 3 dari 40 karton penyok.', shipment_reference: 'SHP-DOM-231107' },
  },
  request_pickup: {
    summary: 'Pickup (address, date, cargo)',
    value: { ticket_type: 'request_pickup', dept_target: 'DOM', pickup_address: 'Jl. Raya Bekasi KM 21, Cakung', pickup_date: '2026-11-28', cargo_description: '12 palet suku cadang, 4,2 ton', related_customer_id: 'CU-2026-000012' },
  },
  inquiry_tariff: {
    summary: 'RFQ (origin, destination, service) — masked for operations',
    value: { ticket_type: 'inquiry_tariff', related_lead_id: 'LD-2026-000031', rfq: { origin: 'Jakarta', destination: 'Singapore', service_type: 'sea_fcl', weight_kg: 1200 } },
  },
  general_request: {
    summary: 'General request (subject + description)',
    value: { ticket_type: 'general_request', dept_target: 'FIN', subject: 'Permintaan faktur pajak pengganti', description: 'NPWP salah ketik pada faktur bulan lalu.' },
  },
};

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketingService, private readonly uploads: UploadRunner, private readonly storage: StorageService) {}

  @Post()
  @ApiOperation({
    summary: 'Open a ticket',
    description:
      'Any role but the director opens a ticket of one of the four types to any department. Minimal fields by type: inquiry_tariff rfq.origin/destination/service_type; request_pickup pickup_address/pickup_date/cargo_description; complaint description/shipment_reference; general_request subject/description. The id, status (OPEN), SLA due times and, when absent, the subject are set by the database; a client-sent ticket_id or status is refused (422). Related lead/prospect/customer must be visible to you; missing links are derived.',
  })
  @ApiBody({ type: CreateTicketDto, examples: CREATE_EXAMPLES })
  @ApiCreatedResponse({ type: TicketDetailDto })
  @ApiForbiddenResponse({ description: 'The director never writes' })
  @ApiUnprocessableEntityResponse({ description: 'Missing minimal fields for the type, unknown department, invisible related record, client-set id/status (errors[] per field)' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateTicketDto) {
    return this.tickets.create(user, dto);
  }

  @Get()
  @ApiOperation({
    summary: 'List tickets',
    description: 'Tickets visible to you (RLS), newest first, keyset pagination. Filters: type, status, priority, dept_target, mine (opened by or assigned to me), queue (my department), open, sla_state, assigned_to_user_id, q. Operations see their masked RFQs only in /api/ops/rfqs.',
  })
  @ApiOkResponse({ type: TicketListDto })
  list(@CurrentUser() user: AuthUser, @Query() q: TicketListQuery) {
    return this.tickets.list(user, q);
  }

  @Get('stale')
  @ApiOperation({ summary: 'Stale tickets', description: 'Open tickets without any message, file or change for longer than the threshold of app.stale_thresholds (ticket), longest idle first (v_tickets_stale).' })
  @ApiOkResponse({ type: StaleListDto })
  stale(@Query() q: StaleListQuery) {
    return this.tickets.listStale(q);
  }

  @Get('export')
  @ApiExport('Download the filtered tickets as CSV or XLSX', 'Newest first; mine=true / queue=true export "my tickets" / the department queue exactly as listed. Operations never get masked RFQs here (see /api/ops/rfqs/export).')
  async export(@CurrentUser() user: AuthUser, @Query() q: TicketExportQuery, @Res() res: Response): Promise<void> {
    await this.tickets.exportTickets(user, q, res);
  }

  @Get('stale/export')
  @ApiExport('Download the stale tickets as CSV or XLSX', 'Longest idle first; idle_hours and threshold_hours are numbers.')
  async exportStale(@Query() q: StaleExportQuery, @Res() res: Response): Promise<void> {
    await this.tickets.exportStale(q, res);
  }

  @Get('sla/first-response')
  @ApiOperation({
    summary: 'Daily median first response',
    description: 'v_ticket_first_response_median_daily over the tickets visible to you, for the window (app.ticket_first_response_daily): per day (Asia/Jakarta) the tickets created that day that have a first response and their median first response in calendar and business minutes (Mon–Fri 08:00–17:00 minus holidays). Days without any are absent. Default range: the last 30 days.',
  })
  @ApiOkResponse({ type: FirstResponseSeriesDto, content: { 'application/json': { example: { items: [{ day: '2026-11-20', tickets: 4, median_first_response_minutes: 72.5, median_first_response_business_minutes: 45 }] } } } })
  @ApiUnprocessableEntityResponse({ description: 'from after to, or a range over 400 days' })
  firstResponse(@Query() q: FirstResponseQuery) {
    return this.tickets.firstResponseSeries(q);
  }

  @Get('sla/summary')
  @ApiOperation({ summary: 'SLA state counts of open tickets', description: 'Open tickets visible to you by SLA state (the v_ticket_sla rule, counted by app.ticket_sla_summary), plus the stale count.' })
  @ApiOkResponse({ type: SlaSummaryDto })
  slaSummary(@Query() q: SlaSummaryQuery) {
    return this.tickets.slaSummary(q.dept_target);
  }

  @Get('assignees')
  @ApiOperation({ summary: 'Who a ticket of a department may be assigned to', description: 'Active members of the department (from the directory).' })
  @ApiOkResponse({ type: AssigneeListDto })
  assignees(@Query() q: AssigneesQuery) {
    return this.tickets.assignees(q.dept_target);
  }

  @Get(':ticket_id')
  @ApiOperation({
    summary: 'A ticket with its SLA, allowed status moves and quotes',
    description: 'allowed_transitions lists the moves you may make now (from app.ticket_transitions). Operations on an unmasked ticket of their department get the related customer\'s name, contact, phone and address; a masked RFQ is 404 here for them (use /api/ops/rfqs/{id}).',
  })
  @ApiOkResponse({ type: TicketDetailDto })
  @ApiNotFoundResponse({ description: 'Not found or not visible to you' })
  get(@CurrentUser() user: AuthUser, @Param('ticket_id', TicketIdPipe) id: string) {
    return this.tickets.get(user, id);
  }

  @Patch(':ticket_id')
  @ApiOperation({
    summary: 'Change status, priority or assignee; record a quote',
    description: 'Status moves follow app.ticket_transitions: a refused move is 409 with `allowed` (the statuses you may move to). OPEN/IN_PROGRESS → CLOSED needs a reason; an inquiry enters QUOTED only with a quote {amount, currency, valid_until} (here or recorded before), else 422 errors[{field: "quote"}]. Timestamps and SLA events are written by the database.',
  })
  @ApiBody({
    type: UpdateTicketDto,
    examples: {
      start: { summary: 'Start working', value: { status: 'IN_PROGRESS' } },
      close: { summary: 'Close without resolving (reason required)', value: { status: 'CLOSED', reason: 'Salah departemen, diteruskan ke FIN' } },
      quote: { summary: 'Quote an RFQ', value: { status: 'QUOTED', quote: { amount: '1850.00', currency: 'USD', valid_until: '2026-12-15' } } },
      assign: { summary: 'Assign and raise priority', value: { assigned_to_user_id: '6f1c2a57-9d1e-4a55-8b1e-0c3b1a2d4e5f', priority: 'high' } },
    },
  })
  @ApiOkResponse({ type: TicketDetailDto })
  @ApiConflictResponse({ description: 'Status move not allowed; `allowed` lists the allowed targets', content: { 'application/problem+json': { example: { type: 'https://bcc.example/problems/409', title: 'Conflict', status: 409, detail: 'A ticket cannot move from OPEN to RESOLVED. Allowed: IN_PROGRESS, CLOSED', allowed: ['IN_PROGRESS', 'CLOSED'] } } } })
  @ApiUnprocessableEntityResponse({ description: 'Reason or quote missing, invalid values' })
  @ApiForbiddenResponse({ description: 'The director never writes' })
  @ApiNotFoundResponse()
  update(@CurrentUser() user: AuthUser, @Param('ticket_id', TicketIdPipe) id: string, @Body() dto: UpdateTicketDto) {
    return this.tickets.update(user, id, dto);
  }

  @Get(':ticket_id/messages')
  @ApiOperation({ summary: 'The thread of a ticket', description: 'Oldest first, keyset pagination. Internal notes only for the target department, super_admin and director.' })
  @ApiOkResponse({ type: MessageListDto })
  @ApiNotFoundResponse()
  messages(@CurrentUser() user: AuthUser, @Param('ticket_id', TicketIdPipe) id: string, @Query() q: PageQuery) {
    return this.tickets.listMessages(user, id, q.cursor, q.limit);
  }

  @Post(':ticket_id/messages')
  @ApiOperation({
    summary: 'Reply or add an internal note',
    description: 'The first non-internal message by anyone other than the creator is the first response (first_response_at, FIRST_RESPONSE event — exactly once). is_internal: target department (or super_admin) only. visible_to_ops: on a masked RFQ, lets operations read it.',
  })
  @ApiBody({ type: CreateMessageDto, examples: { reply: { value: { body: 'Terima kasih, kami cek dengan tim gudang.' } }, note: { value: { body: 'Cek CCTV shift malam.', is_internal: true } } } })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiForbiddenResponse({ description: 'Internal note outside the target department; the director never writes' })
  @ApiNotFoundResponse()
  addMessage(@CurrentUser() user: AuthUser, @Param('ticket_id', TicketIdPipe) id: string, @Body() dto: CreateMessageDto) {
    return this.tickets.addMessage(user, id, dto);
  }

  @Get(':ticket_id/attachments')
  @ApiOperation({ summary: 'Files of a ticket', description: 'Internal files only for the target department, super_admin and director.' })
  @ApiOkResponse({ type: AttachmentListDto })
  @ApiNotFoundResponse()
  attachments(@CurrentUser() user: AuthUser, @Param('ticket_id', TicketIdPipe) id: string) {
    return this.tickets.listAttachments(user, id);
  }

  @Post(':ticket_id/attachments')
  @NoTransaction()
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({
    summary: 'Attach a file',
    description: 'Multipart `file` (+ optional is_internal, visible_to_ops). Stored in bucket ticket-attachments; its type is judged from the content and its size and type checked against the bucket (413 too large, 415 type not accepted). Idempotency-Key is keyed on the file bytes.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        is_internal: { type: 'boolean', example: false },
        visible_to_ops: { type: 'boolean', example: false },
      },
    },
  })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiPayloadTooLargeResponse({ description: 'Larger than the bucket allows (20 MB)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Type not accepted (images, PDF, Office documents, text/CSV)' })
  @ApiNotFoundResponse()
  upload(
    @CurrentUser() user: AuthUser,
    @Param('ticket_id', TicketIdPipe) id: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: UploadAttachmentDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.uploads.run(file, user, req, res, { ...body }, (inspected) => this.tickets.addAttachment(user, id, inspected, body));
  }

  @Get(':ticket_id/attachments/:attachment_id')
  @ApiOperation({ summary: 'Download a file of a ticket', description: 'Only when you may see the attachment (else 404).' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes with their content type' })
  @ApiNotFoundResponse()
  async downloadAttachment(
    @CurrentUser() user: AuthUser,
    @Param('ticket_id', TicketIdPipe) id: string,
    @Param('attachment_id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) attachmentId: string,
  ): Promise<StreamableFile> {
    return download(this.storage, await this.tickets.attachmentObject(user, id, attachmentId));
  }

  @Get(':ticket_id/sla-events')
  @ApiOperation({ summary: 'SLA timeline of a ticket', description: 'FIRST_RESPONSE, STATUS_CHANGE {from, to, reason?} and RESOLVED, written by triggers only.' })
  @ApiOkResponse({ type: SlaEventListDto })
  @ApiNotFoundResponse()
  @HttpCode(200)
  slaEvents(@CurrentUser() user: AuthUser, @Param('ticket_id', TicketIdPipe) id: string) {
    return this.tickets.slaEvents(user, id);
  }
}
