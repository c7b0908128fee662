import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
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
import { CurrentUser, NoTransaction, Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { StorageService } from '../../core/storage/storage.service.js';
import { AttachmentDto, MessageDto } from './dto/tickets.dto.js';
import { MaskedRfqDetailDto, MaskedRfqListDto, OpsMessageDto, OpsRfqExportQuery, OpsRfqListQuery, OpsRfqUpdateDto, OpsUploadDto } from './dto/ops.dto.js';
import { TicketingService } from './ticketing.service.js';
import { download, TicketIdPipe, UploadRunner } from './upload.js';

@ApiTags('ops-rfqs')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Operations (and super_admin) only' })
@Roles('ops', 'super_admin')
@Controller('ops/rfqs')
export class OpsRfqsController {
  constructor(private readonly tickets: TicketingService, private readonly uploads: UploadRunner, private readonly storage: StorageService) {}

  @Get()
  @ApiOperation({
    summary: 'The masked RFQ queue of my department',
    description: 'From v_ops_rfqs_masked: tariff inquiries targeted at your department, company_name always MASKED, no contact, email, phone, NPWP or customer/lead id; everything needed to quote. Newest first, keyset pagination.',
  })
  @ApiOkResponse({ type: MaskedRfqListDto })
  list(@Query() q: OpsRfqListQuery) {
    return this.tickets.listRfqs(q);
  }

  @Get('export')
  @ApiExport(
    'Download the masked RFQ queue of my department as CSV or XLSX',
    'From v_ops_rfqs_masked only: company_name is MASKED and there is no contact, email, phone, NPWP or customer/lead column. Newest first.',
  )
  async export(@Query() q: OpsRfqExportQuery, @Res() res: Response): Promise<void> {
    await this.tickets.exportRfqs(q, res);
  }

  @Get(':ticket_id')
  @ApiOperation({
    summary: 'A masked RFQ with what ops may read of it',
    description: 'The masked row, the messages written by your department or marked visible_to_ops by the requester (identity redacted), visible files, quotes and the allowed status moves.',
  })
  @ApiOkResponse({ type: MaskedRfqDetailDto })
  @ApiNotFoundResponse({ description: 'Not an RFQ of your department' })
  get(@Param('ticket_id', TicketIdPipe) id: string) {
    return this.tickets.getRfq(id);
  }

  @Patch(':ticket_id')
  @ApiOperation({
    summary: 'Work a masked RFQ: status, quote, priority, assignee',
    description: 'Through app.ops_rfq_update(): QUOTED needs a quote {amount, currency, valid_until} (here or before), else 422 errors[{field: "quote"}]; refused moves are 409 with `allowed`.',
  })
  @ApiBody({
    type: OpsRfqUpdateDto,
    examples: {
      start: { value: { status: 'IN_PROGRESS' } },
      quote: { value: { status: 'QUOTED', quote: { amount: '1850.00', currency: 'USD', valid_until: '2026-12-15', notes: 'Termasuk trucking' } } },
    },
  })
  @ApiOkResponse({ type: MaskedRfqDetailDto })
  @ApiConflictResponse({ description: 'Status move not allowed (`allowed` lists the targets)' })
  @ApiUnprocessableEntityResponse({ description: 'Quote missing or invalid' })
  @ApiNotFoundResponse()
  update(@Param('ticket_id', TicketIdPipe) id: string, @Body() dto: OpsRfqUpdateDto) {
    return this.tickets.updateRfq(id, dto);
  }

  @Post(':ticket_id/messages')
  @ApiOperation({ summary: 'Reply on a masked RFQ', description: 'The requester sees the reply; the first one is the first response. is_internal keeps it inside the department.' })
  @ApiBody({ type: OpsMessageDto, examples: { reply: { value: { body: 'Tarif sedang kami minta ke shipping line, estimasi besok.' } } } })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiNotFoundResponse()
  addMessage(@Param('ticket_id', TicketIdPipe) id: string, @Body() dto: OpsMessageDto) {
    return this.tickets.postRfqMessage(id, dto);
  }

  @Post(':ticket_id/attachments')
  @NoTransaction()
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Attach a file (e.g. a rate sheet) to a masked RFQ', description: 'Multipart `file` (+ is_internal). Bucket ticket-attachments limits apply (413/415).' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, is_internal: { type: 'boolean', example: false } } } })
  @ApiCreatedResponse({ type: AttachmentDto })
  @ApiPayloadTooLargeResponse()
  @ApiUnsupportedMediaTypeResponse()
  @ApiNotFoundResponse()
  upload(
    @CurrentUser() user: AuthUser,
    @Param('ticket_id', TicketIdPipe) id: string,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: OpsUploadDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.uploads.run(file, user, req, res, { ...body }, (inspected) => this.tickets.addRfqAttachment(id, inspected, body));
  }

  @Get(':ticket_id/attachments/:attachment_id')
  @ApiOperation({ summary: 'Download a file of a masked RFQ you may see' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The bytes' })
  @ApiNotFoundResponse()
  async downloadAttachment(
    @Param('ticket_id', TicketIdPipe) id: string,
    @Param('attachment_id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) attachmentId: string,
  ): Promise<StreamableFile> {
    return download(this.storage, await this.tickets.rfqAttachmentObject(id, attachmentId));
  }
}
