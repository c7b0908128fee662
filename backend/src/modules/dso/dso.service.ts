import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Role } from '../../core/auth/auth-user.js';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, encodeCursor, page } from '../../core/http/cursor.js';
import { DsoRepository, type InvoiceFilterValues } from './dso.repository.js';
import type {
  AgingDto, AgingQuery, CollectionTicketDto, CreatedPaymentDto, CreateInvoiceDto, CreatePaymentDto, CustomerLookupQuery,
  InvoiceDetailDto, InvoiceDto, InvoiceExportQuery, InvoiceListQuery, OutstandingDto, OutstandingQuery, PaymentListQuery, RollingDto,
  RollingQuery,
} from './dto/dso.dto.js';
import { type ExportColumn, streamExport } from './export.js';

/** Who may call the AR routes at all (others 403); RLS decides which rows (rls.md). */
export const AR_READERS: Role[] = ['super_admin', 'director', 'finance', 'sales_manager', 'salesperson'];
export const AR_WRITERS: Role[] = ['super_admin', 'finance'];
export const COLLECTORS: Role[] = ['super_admin', 'finance', 'sales_manager', 'salesperson'];

/** The most rows one export returns. */
export const INVOICE_EXPORT_MAX_ROWS = 50_000;
/** The longest rolling-DSO series one request returns. */
export const ROLLING_MAX_DAYS = 366;

const EXPORT_COLUMNS: ExportColumn<InvoiceDto>[] = [
  { header: 'invoice_id', value: (r) => r.invoice_id },
  { header: 'invoice_number', value: (r) => r.invoice_number },
  { header: 'customer_id', value: (r) => r.customer_id },
  { header: 'customer_company_name', value: (r) => r.customer_company_name },
  { header: 'invoice_date', value: (r) => r.invoice_date },
  { header: 'due_date', value: (r) => r.due_date },
  { header: 'currency', value: (r) => r.currency },
  { header: 'amount', value: (r) => r.amount, type: 'number' },
  { header: 'paid_amount', value: (r) => r.paid_amount, type: 'number' },
  { header: 'outstanding_amount', value: (r) => r.outstanding_amount, type: 'number' },
  { header: 'status', value: (r) => r.status },
  { header: 'is_overdue', value: (r) => (r.is_overdue ? 'true' : 'false') },
  { header: 'days_past_due', value: (r) => r.days_past_due, type: 'number' },
  { header: 'notes', value: (r) => r.notes },
];

function filtersOf(q: InvoiceListQuery | InvoiceExportQuery): InvoiceFilterValues {
  return { q: q.q, customer_id: q.customer_id, overdue: q.overdue, status: q.status, from: q.from, to: q.to };
}

/**
 * AR/DSO orchestration: pagination, defaults, export streaming. Every figure
 * (outstanding, overdue, aging, DSO) comes from SQL (migrations 0301–0303).
 */
@Injectable()
export class DsoService {
  constructor(private readonly repo: DsoRepository) {}

  async listInvoices(q: InvoiceListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await this.repo.listInvoices(filtersOf(q), after, limit + 1);
    return page(rows, limit, (r) => [r.invoice_date, r.invoice_id]);
  }

  async *exportRows(f: InvoiceFilterValues): AsyncGenerator<InvoiceDto> {
    let after: [string, string] | null = null;
    let n = 0;
    const size = 2000;
    while (n < INVOICE_EXPORT_MAX_ROWS) {
      const batch = await this.repo.listInvoices(f, after, Math.min(size, INVOICE_EXPORT_MAX_ROWS - n));
      for (const r of batch) yield r;
      n += batch.length;
      if (batch.length < size) return;
      const last = batch[batch.length - 1];
      after = [last.invoice_date, last.invoice_id];
    }
  }

  async exportInvoices(q: InvoiceExportQuery, res: Response): Promise<void> {
    const today = await this.repo.today();
    await streamExport(res, {
      format: q.format,
      filename: `invoices-${today}`,
      sheet: 'invoices',
      columns: EXPORT_COLUMNS,
      rows: this.exportRows(filtersOf(q)),
    });
  }

  async getInvoice(id: string): Promise<InvoiceDetailDto> {
    const inv = await this.repo.getInvoice(id);
    if (!inv) throw problem.notFound('Invoice not found');
    return { ...inv, payments: await this.repo.paymentsOf(id) };
  }

  async createInvoice(dto: CreateInvoiceDto): Promise<InvoiceDto> {
    const id = await this.repo.createInvoice(dto);
    return (await this.repo.getInvoice(id))!;
  }

  async listPayments(q: PaymentListQuery) {
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await this.repo.listPayments(q, after, limit + 1);
    return page(rows, limit, (r) => [r.payment_date, r.payment_id]);
  }

  async createPayment(dto: CreatePaymentDto): Promise<CreatedPaymentDto> {
    const payment = await this.repo.createPayment(dto);
    const inv = (await this.repo.getInvoice(payment.invoice_id))!;
    return { ...payment, invoice: { paid_amount: inv.paid_amount, outstanding_amount: inv.outstanding_amount, status: inv.status } };
  }

  async outstanding(q: OutstandingQuery): Promise<OutstandingDto> {
    const asOf = q.as_of ?? (await this.repo.today());
    const limit = clampLimit(q.limit);
    const after = decodeCursor(q.cursor, 3) as [string, string, string] | null;
    const rows = await this.repo.outstanding(asOf, { customer_id: q.customer_id, overdue: q.overdue }, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      as_of: asOf,
      items,
      totals: await this.repo.outstandingTotals(asOf, q.customer_id),
      next_cursor: rows.length > limit ? encodeCursor([last.overdue_amount, last.outstanding_amount, last.customer_id]) : null,
    };
  }

  async aging(q: AgingQuery): Promise<AgingDto> {
    const asOf = q.as_of ?? (await this.repo.today());
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const after = decodeCursor(q.cursor, 2) as [string, string] | null;
    const rows = await this.repo.aging(asOf, q.customer_id, after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      as_of: asOf,
      items,
      totals: await this.repo.agingTotals(asOf, q.customer_id),
      next_cursor: rows.length > limit ? encodeCursor([last.total, last.customer_id]) : null,
    };
  }

  async rolling(q: RollingQuery): Promise<RollingDto> {
    const range = await this.repo.rollingRange(q.from, q.to);
    if (range.days < 0) throw problem.unprocessable('The range ends before it starts', [{ field: 'to', message: 'must be on or after from' }]);
    if (range.days >= ROLLING_MAX_DAYS) {
      throw problem.unprocessable(`A rolling DSO series covers at most ${ROLLING_MAX_DAYS} days`, [{ field: 'from', message: `must be at most ${ROLLING_MAX_DAYS - 1} days before to` }]);
    }
    return { from: range.from, to: range.to, items: await this.repo.rolling(range.from, range.to), countback_dso: await this.repo.countback(range.to) };
  }

  createCollectionTicket(dto: CollectionTicketDto) {
    return this.repo.createCollectionTicket(dto.customer_id);
  }

  async lookupCustomers(q: CustomerLookupQuery) {
    return { items: await this.repo.lookupCustomers(q.q, q.limit ?? 20) };
  }
}
