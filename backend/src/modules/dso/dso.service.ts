import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Role } from '../../core/auth/auth-user.js';
import { problem } from '../../core/errors/problem.js';
import { clampLimit, decodeCursor, encodeCursor, page } from '../../core/http/cursor.js';
import { DsoRepository, type InvoiceFilterValues } from './dso.repository.js';
import type {
  AgingDto, AgingExportQuery, AgingQuery, AgingRowDto, CollectionTicketDto, CreatedPaymentDto, CreateInvoiceDto, CreatePaymentDto, CustomerLookupQuery,
  InvoiceDetailDto, InvoiceDto, InvoiceExportQuery, InvoiceListQuery, OutstandingDto, OutstandingExportQuery, OutstandingQuery, OutstandingRowDto,
  PaymentDto, PaymentExportQuery, PaymentListQuery, RollingDto,
  RollingQuery,
} from './dto/dso.dto.js';
import { columns, filtersOf as exportFilters, keysetRows, sendExport } from '../../core/http/export.js';

/** Who may call the AR routes at all (others 403); RLS decides which rows (rls.md). */
export const AR_READERS: Role[] = ['super_admin', 'director', 'finance', 'sales_manager', 'salesperson'];
export const AR_WRITERS: Role[] = ['super_admin', 'finance'];
export const COLLECTORS: Role[] = ['super_admin', 'finance', 'sales_manager', 'salesperson'];

/** The longest rolling-DSO series one request returns. */
export const ROLLING_MAX_DAYS = 366;

const INVOICE_EXPORT_COLUMNS = columns<InvoiceDto>(
  ['invoice_id', 'invoice_number', 'customer_id', 'customer_company_name', 'invoice_date', 'due_date', 'currency', 'amount', 'paid_amount',
    'outstanding_amount', 'status', 'is_overdue', 'days_past_due', 'notes', 'import_id', 'created_by', 'created_at'],
  ['amount', 'paid_amount', 'outstanding_amount', 'days_past_due'],
);
const PAYMENT_EXPORT_COLUMNS = columns<PaymentDto>(
  ['payment_id', 'invoice_id', 'invoice_number', 'customer_id', 'customer_company_name', 'payment_date', 'amount', 'method', 'reference', 'notes', 'import_id', 'created_by', 'created_at'],
  ['amount'],
);
const OUTSTANDING_EXPORT_COLUMNS = columns<OutstandingRowDto>(
  ['customer_id', 'company_name', 'invoice_count', 'overdue_invoice_count', 'outstanding_amount', 'overdue_amount', 'max_days_past_due', 'oldest_due_date'],
  ['invoice_count', 'overdue_invoice_count', 'outstanding_amount', 'overdue_amount', 'max_days_past_due'],
);
const AGING_BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total'] as const;
const AGING_EXPORT_COLUMNS = columns<AgingRowDto>(['customer_id', 'company_name', ...AGING_BUCKETS], AGING_BUCKETS);

function filtersOf(q: InvoiceListQuery | InvoiceExportQuery): InvoiceFilterValues {
  return {
    q: q.q, customer_id: q.customer_id, overdue: q.overdue, status: q.status, from: q.from, to: q.to,
    as_of: q.as_of, open: q.open, dpd_min: q.dpd_min, dpd_max: q.dpd_max,
  };
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

  // ------------------------------------------------------------ exports ---
  // Each streams its list's own query in keyset batches (core/http/export).

  async exportInvoices(q: InvoiceExportQuery, res: Response): Promise<void> {
    const f = filtersOf(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listInvoices(f, after, n), (r): [string, string] => [r.invoice_date, r.invoice_id]);
    await sendExport(res, q.format, 'invoices', INVOICE_EXPORT_COLUMNS, rows);
  }

  async exportPayments(q: PaymentExportQuery, res: Response): Promise<void> {
    const f = exportFilters(q);
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.listPayments(f, after, n), (r): [string, string] => [r.payment_date, r.payment_id]);
    await sendExport(res, q.format, 'payments', PAYMENT_EXPORT_COLUMNS, rows);
  }

  async exportOutstanding(q: OutstandingExportQuery, res: Response): Promise<void> {
    const asOf = q.as_of ?? (await this.repo.today());
    const f = exportFilters(q);
    const rows = keysetRows(
      (after: [string, string, string] | null, n) => this.repo.outstanding(asOf, f, after, n),
      (r): [string, string, string] => [r.overdue_amount, r.outstanding_amount, r.customer_id],
    );
    await sendExport(res, q.format, 'outstanding', OUTSTANDING_EXPORT_COLUMNS, rows);
  }

  async exportAging(q: AgingExportQuery, res: Response): Promise<void> {
    const asOf = q.as_of ?? (await this.repo.today());
    const rows = keysetRows((after: [string, string] | null, n) => this.repo.aging(asOf, q.customer_id, after, n), (r): [string, string] => [r.total, r.customer_id]);
    await sendExport(res, q.format, 'aging', AGING_EXPORT_COLUMNS, rows);
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
