import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { AR_READERS, AR_WRITERS, COLLECTORS, DsoService } from './dso.service.js';
import {
  AgingDto, AgingExportQuery, AgingQuery, CollectionTicketDto, CollectionTicketResponseDto, CustomerLookupListDto, CustomerLookupQuery, OutstandingDto,
  OutstandingExportQuery, OutstandingQuery, RollingDto, RollingQuery,
} from './dto/dso.dto.js';

@ApiTags('ar')
@ApiBearerAuth()
@Controller('dso')
export class DsoController {
  constructor(private readonly dso: DsoService) {}

  @Get('outstanding')
  @Roles(...AR_READERS)
  @ApiOperation({
    summary: 'Outstanding and overdue per customer at a date',
    description: 'Customers with something outstanding at as_of (default today), the most overdue first; ?overdue=true lists only customers with overdue invoices (the collection work list). Totals cover every customer you may see, with overdue_pct (null = NA when nothing is outstanding).',
  })
  @ApiOkResponse({ type: OutstandingDto })
  @ApiForbiddenResponse({ description: 'Marketing and operations do not work with receivables' })
  outstanding(@Query() q: OutstandingQuery) {
    return this.dso.outstanding(q);
  }

  @Get('outstanding/export')
  @Roles(...AR_READERS)
  @ApiExport('Download outstanding per customer as CSV or XLSX', 'The most overdue first; amounts and counts are numbers (totals are not a row).', 'Marketing and operations do not work with receivables')
  async exportOutstanding(@Query() q: OutstandingExportQuery, @Res() res: Response): Promise<void> {
    await this.dso.exportOutstanding(q, res);
  }

  @Get('aging')
  @Roles(...AR_READERS)
  @ApiOperation({
    summary: 'Aging buckets per customer and in total',
    description: 'By days past due at as_of (default today): current (not yet due), 1–30, 31–60, 61–90, over 90. Buckets add up to the outstanding amount to the cent. Largest total first.',
  })
  @ApiOkResponse({ type: AgingDto })
  @ApiForbiddenResponse({ description: 'Marketing and operations do not work with receivables' })
  aging(@Query() q: AgingQuery) {
    return this.dso.aging(q);
  }

  @Get('aging/export')
  @Roles(...AR_READERS)
  @ApiExport('Download the aging buckets per customer as CSV or XLSX', 'Largest total first; buckets are numbers (totals are not a row).', 'Marketing and operations do not work with receivables')
  async exportAging(@Query() q: AgingExportQuery, @Res() res: Response): Promise<void> {
    await this.dso.exportAging(q, res);
  }

  @Get('rolling')
  @Roles(...AR_READERS)
  @ApiOperation({
    summary: 'Rolling 30-day DSO, one row per day',
    description: 'dso = AR balance ÷ credit sales of the 30 days up to the day × 30; null when those 30 days have no credit sales (NA, never 0). Default range: the 90 days up to today; at most 366 days. countback_dso is the countback figure at `to`.',
  })
  @ApiOkResponse({ type: RollingDto })
  @ApiUnprocessableEntityResponse({ description: 'to before from, or more than 366 days' })
  rolling(@Query() q: RollingQuery) {
    return this.dso.rolling(q);
  }

  @Post('collection-tickets')
  @Roles(...COLLECTORS)
  @ApiOperation({
    summary: 'Create a collection ticket for an overdue customer',
    description: 'Opens a general_request ticket to FIN related to the customer; subject and description are generated from the overdue invoices (nothing to type). 404 when the customer is not visible to you, 422 when nothing is overdue.',
  })
  @ApiCreatedResponse({ type: CollectionTicketResponseDto })
  @ApiNotFoundResponse({ description: 'Customer not found or not visible' })
  @ApiUnprocessableEntityResponse({ description: 'The customer has no overdue invoices' })
  @ApiForbiddenResponse({ description: 'The director reads but does not write; marketing and operations have no receivables' })
  collectionTicket(@Body() dto: CollectionTicketDto) {
    return this.dso.createCollectionTicket(dto);
  }

  @Get('customers')
  @Roles(...AR_WRITERS)
  @ApiOperation({ summary: 'Pick a customer for a new invoice', description: 'Search by company name, customer id or NPWP; at most 50 results.' })
  @ApiOkResponse({ type: CustomerLookupListDto })
  customers(@Query() q: CustomerLookupQuery) {
    return this.dso.lookupCustomers(q);
  }
}
