import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type { CustomerDto, CustomerExportQuery, CustomerListQuery } from './dto/customers.dto.js';
import { columns, filtersOf as exportFilters, keysetRows, sendExport } from '../../core/http/export.js';

const CUSTOMER_EXPORT_COLUMNS = columns<CustomerDto>([
  'customer_id', 'company_name', 'npwp', 'email', 'phone', 'address', 'city', 'industry', 'created_at', 'updated_at',
]);

/** Customers and the customer 360; rows are whatever RLS lets the caller see. */
@Injectable()
export class CustomersService {
  constructor(private readonly repo: CrmRepository) {}

  async list(q: CustomerListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as After;
    const rows = await this.repo.listCustomers(q, after, limit + 1);
    return page(rows, limit, (r) => [r.company_name, r.customer_id]);
  }

  /** GET /api/customers/export: the list's query in keyset batches, streamed. */
  async export(q: CustomerExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listCustomers(f, after, n), (r): [string, string] => [r.company_name, r.customer_id]);
    await sendExport(res, q.format, 'customers', CUSTOMER_EXPORT_COLUMNS, rows);
  }

  async get360(customerId: string) {
    const c = await this.repo.getCustomer360(customerId);
    if (!c) throw problem.notFound('Customer not found');
    return c;
  }
}
