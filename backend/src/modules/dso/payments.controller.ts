import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { AR_READERS, AR_WRITERS, DsoService } from './dso.service.js';
import { CreatedPaymentDto, CreatePaymentDto, PaymentExportQuery, PaymentListDto, PaymentListQuery } from './dto/dso.dto.js';

@ApiTags('ar')
@ApiBearerAuth()
@Controller('payments')
export class PaymentsController {
  constructor(private readonly dso: DsoService) {}

  @Post()
  @Roles(...AR_WRITERS)
  @ApiOperation({
    summary: 'Record a payment against an invoice (finance)',
    description: 'A payment larger than the outstanding amount is refused with 422 (errors[{field: "amount"}]), also when two payments arrive at the same moment: the invoice row is locked while the amount is checked, so outstanding never goes negative. The reference is unique per invoice (409), so a retried request never pays twice.',
  })
  @ApiCreatedResponse({ type: CreatedPaymentDto })
  @ApiUnprocessableEntityResponse({ description: 'Overpayment, a payment date before the invoice date or in the future, an unknown invoice' })
  @ApiConflictResponse({ description: 'This reference is already recorded for the invoice' })
  @ApiForbiddenResponse({ description: 'Only finance and super_admin record payments' })
  create(@Body() dto: CreatePaymentDto) {
    return this.dso.createPayment(dto);
  }

  @Get()
  @Roles(...AR_READERS)
  @ApiOperation({ summary: 'Payments of the invoices you may see', description: 'Newest payment date first; keyset pagination.' })
  @ApiOkResponse({ type: PaymentListDto })
  @ApiForbiddenResponse({ description: 'Marketing and operations do not work with receivables' })
  list(@Query() q: PaymentListQuery) {
    return this.dso.listPayments(q);
  }

  @Get('export')
  @Roles(...AR_READERS)
  @ApiExport('Download the filtered payments as CSV or XLSX', 'Newest payment date first; amounts are numbers.', 'Marketing and operations do not work with receivables')
  async export(@Query() q: PaymentExportQuery, @Res() res: Response): Promise<void> {
    await this.dso.exportPayments(q, res);
  }
}
