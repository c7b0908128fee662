import { Injectable } from '@nestjs/common';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, page } from '../../core/http/cursor.js';
import { type After, CrmRepository } from './crm.repository.js';
import type { CustomerListQuery } from './dto/customers.dto.js';

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

  async get360(customerId: string) {
    const c = await this.repo.getCustomer360(customerId);
    if (!c) throw problem.notFound('Customer not found');
    return c;
  }
}
