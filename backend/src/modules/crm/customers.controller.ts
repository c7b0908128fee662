import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Roles } from '../../core/auth/decorators.js';
import { CUSTOMER_READERS } from './crm.roles.js';
import { CustomersService } from './customers.service.js';
import { Customer360Dto, CustomerListDto, CustomerListQuery } from './dto/customers.dto.js';

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

  @Get(':customer_id')
  @ApiOperation({ summary: 'Customer 360: prospects, leads, tickets, recent activity, duplicates', description: 'Each part only as far as your role may see it; invoices_summary arrives with the AR module.' })
  @ApiOkResponse({ type: Customer360Dto })
  @ApiNotFoundResponse({ description: 'No such customer, or not visible to you' })
  get(@Param('customer_id') id: string) {
    return this.customers.get360(id);
  }
}
