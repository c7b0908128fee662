import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { AR_READERS, AR_WRITERS, DsoService } from './dso.service.js';
import { CreateInvoiceDto, InvoiceDetailDto, InvoiceDto, InvoiceExportQuery, InvoiceListDto, InvoiceListQuery } from './dto/dso.dto.js';

@ApiTags('ar')
@ApiBearerAuth()
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly dso: DsoService) {}

  @Post()
  @Roles(...AR_WRITERS)
  @ApiOperation({
    summary: 'Record an invoice (finance)',
    description: 'The invoice_id (IV-YYYY-NNNNNN) is generated. invoice_number is the accounting system\'s and unique; a retry with the same number answers 409 and never records twice (or send Idempotency-Key to get the original response replayed).',
  })
  @ApiCreatedResponse({ type: InvoiceDto })
  @ApiConflictResponse({ description: 'invoice_number already recorded (errors[{field: "invoice_number"}])' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid fields, e.g. due_date before invoice_date, a future invoice_date, an unknown customer' })
  @ApiForbiddenResponse({ description: 'Only finance and super_admin record invoices' })
  create(@Body() dto: CreateInvoiceDto) {
    return this.dso.createInvoice(dto);
  }

  @Get()
  @Roles(...AR_READERS)
  @ApiOperation({
    summary: 'Invoices you may see, with paid, outstanding and overdue as of today',
    description: 'Newest invoice date first; keyset pagination with ?cursor=. Finance and the director see all, a salesperson the invoices of customers they own a prospect of, a sales manager those of the team.',
  })
  @ApiOkResponse({ type: InvoiceListDto })
  @ApiForbiddenResponse({ description: 'Marketing and operations do not work with receivables' })
  list(@Query() q: InvoiceListQuery) {
    return this.dso.listInvoices(q);
  }

  @Get('export')
  @Roles(...AR_READERS)
  @ApiExport('Download the filtered invoices as CSV or XLSX', 'Newest invoice date first; amounts are numbers.', 'Marketing and operations do not work with receivables')
  async export(@Query() q: InvoiceExportQuery, @Res() res: Response): Promise<void> {
    await this.dso.exportInvoices(q, res);
  }

  @Get(':invoice_id')
  @ApiOperation({ summary: 'One invoice with its payments and outstanding amount' })
  @ApiOkResponse({ type: InvoiceDetailDto })
  @ApiNotFoundResponse({ description: 'No such invoice, or not visible to you' })
  get(@Param('invoice_id') id: string) {
    return this.dso.getInvoice(id);
  }
}
