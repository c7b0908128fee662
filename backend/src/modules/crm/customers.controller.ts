import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { CUSTOMER_READERS } from './crm.roles.js';
import { CustomersService } from './customers.service.js';
import { Customer360Dto, CustomerExportQuery, CustomerListDto, CustomerListQuery } from './dto/customers.dto.js';

@ApiTags('customers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid bearer token' })
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @Roles(...CUSTOMER_READERS)
  @ApiOperation({ summary: 'List customers you may see', description: 'Sorted by company name; keyset pagination with ?cursor=.' })
  @ApiOkResponse({ type: CustomerListDto })
  @ApiForbiddenResponse({ description: 'Operations never read customers' })
  list(@Query() q: CustomerListQuery) {
    return this.customers.list(q);
  }

  @Get('export')
  @Roles(...CUSTOMER_READERS)
  @ApiExport('Download the filtered customers as CSV or XLSX', 'Sorted by company name.', 'Operations never read customers')
  async export(@Query() q: CustomerExportQuery, @Res() res: Response): Promise<void> {
    await this.customers.export(q, res);
  }

  @Get(':customer_id')
  @ApiOperation({ summary: 'Customer 360: prospects, leads, tickets, recent activity, duplicates', description: 'Each part only as far as your role may see it; invoices_summary arrives with the AR module.' })
  @ApiOkResponse({ type: Customer360Dto })
  @ApiNotFoundResponse({ description: 'No such customer, or not visible to you' })
  get(@Param('customer_id') id: string) {
    return this.customers.get360(id);
  }
}
