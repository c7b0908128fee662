import { Injectable } from '@nestjs/common';
import { Db } from '../../core/database/db.service.js';
import { likePattern } from './dto/common.dto.js';
import type {
  AgingBucketsDto, AgingRowDto, CustomerLookupDto, InvoiceDto, OutstandingRowDto, OutstandingTotalsDto, PaymentDto, RollingPointDto,
} from './dto/dso.dto.js';

export interface InvoiceFilterValues {
  q?: string;
  customer_id?: string;
  overdue?: boolean;
  status?: string;
  from?: string;
  to?: string;
  /** Outstanding, overdue and status as of this day (default today); only invoices dated on or before it. */
  as_of?: string;
  /** true: outstanding > 0 at as_of. */
  open?: boolean;
  /** Days past due at as_of, inclusive bounds (the aging buckets of the dashboard). */
  dpd_min?: number;
  dpd_max?: number;
}

const INVOICE_COLS = `o.invoice_id, o.invoice_number, o.customer_id, c.company_name AS customer_company_name, o.invoice_date, o.due_date,
  o.amount, o.currency, o.notes, o.import_id, o.created_by, o.created_at, o.paid_amount, o.outstanding_amount, o.is_overdue,
  o.days_past_due, o.status`;

const PAYMENT_COLS = `p.payment_id, p.invoice_id, i.invoice_number, i.customer_id, c.company_name AS customer_company_name, p.payment_date,
  p.amount, p.method, p.reference, p.notes, p.import_id, p.created_by, p.created_at`;
const PAYMENT_FROM = `FROM app.payments p JOIN app.invoices i ON i.invoice_id = p.invoice_id
  LEFT JOIN app.customers c ON c.customer_id = i.customer_id`;

/**
 * The only place with SQL for AR/DSO. Every statement runs in the request's
 * RLS transaction and reads the as-of functions / views of migrations
 * 0301–0303: no AR formula lives here.
 */
@Injectable()
export class DsoRepository {
  constructor(private readonly db: Db) {}

  async today(): Promise<string> {
    return (await this.db.one<{ d: string }>('SELECT app.today_jakarta() AS d'))!.d;
  }

  listInvoices(f: InvoiceFilterValues, after: [string, string] | null, limit: number): Promise<InvoiceDto[]> {
    return this.db.query<InvoiceDto>(
      `SELECT ${INVOICE_COLS}
         FROM app.ar_invoice_outstanding(coalesce($10::date, app.today_jakarta())) o
         LEFT JOIN app.customers c ON c.customer_id = o.customer_id
        WHERE ($1::text IS NULL OR o.invoice_number ILIKE $1 OR c.company_name ILIKE $1)
          AND ($2::text IS NULL OR o.customer_id = $2)
          AND ($3::boolean IS NULL OR o.is_overdue = $3)
          AND ($4::text IS NULL OR o.status = $4)
          AND ($5::date IS NULL OR o.invoice_date >= $5)
          AND ($6::date IS NULL OR o.invoice_date <= $6)
          AND ($7::date IS NULL OR (o.invoice_date, o.invoice_id) < ($7::date, $8::text))
          AND (NOT $11::boolean OR o.outstanding_amount > 0)
          AND ($12::int IS NULL OR o.days_past_due >= $12::int)
          AND ($13::int IS NULL OR o.days_past_due <= $13::int)
        ORDER BY o.invoice_date DESC, o.invoice_id DESC
        LIMIT $9`,
      [f.q ? likePattern(f.q) : null, f.customer_id ?? null, f.overdue ?? null, f.status ?? null, f.from ?? null, f.to ?? null,
        after?.[0] ?? null, after?.[1] ?? null, limit, f.as_of ?? null, f.open === true, f.dpd_min ?? null, f.dpd_max ?? null],
    );
  }

  getInvoice(invoiceId: string): Promise<InvoiceDto | undefined> {
    return this.db.one<InvoiceDto>(
      `SELECT ${INVOICE_COLS} FROM app.v_invoice_outstanding o LEFT JOIN app.customers c ON c.customer_id = o.customer_id
        WHERE o.invoice_id = $1`,
      [invoiceId],
    );
  }

  async createInvoice(v: { invoice_number: string; customer_id: string; invoice_date: string; due_date: string; amount: string; currency?: string; notes?: string }): Promise<string> {
    const r = await this.db.one<{ invoice_id: string }>(
      `INSERT INTO app.invoices (invoice_number, customer_id, invoice_date, due_date, amount, currency, notes)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, 'IDR'), $7) RETURNING invoice_id`,
      [v.invoice_number.trim(), v.customer_id.trim(), v.invoice_date, v.due_date, v.amount, v.currency ?? null, v.notes ?? null],
    );
    return r!.invoice_id;
  }

  paymentsOf(invoiceId: string): Promise<PaymentDto[]> {
    return this.db.query<PaymentDto>(
      `SELECT ${PAYMENT_COLS} ${PAYMENT_FROM}
        WHERE p.invoice_id = $1 ORDER BY p.payment_date, p.created_at, p.payment_id`,
      [invoiceId],
    );
  }

  listPayments(f: { invoice_id?: string; customer_id?: string; from?: string; to?: string }, after: [string, string] | null, limit: number): Promise<PaymentDto[]> {
    return this.db.query<PaymentDto>(
      `SELECT ${PAYMENT_COLS} ${PAYMENT_FROM}
        WHERE ($1::text IS NULL OR p.invoice_id = $1)
          AND ($2::text IS NULL OR i.customer_id = $2)
          AND ($3::date IS NULL OR p.payment_date >= $3)
          AND ($4::date IS NULL OR p.payment_date <= $4)
          AND ($5::date IS NULL OR (p.payment_date, p.payment_id) < ($5::date, $6::text))
        ORDER BY p.payment_date DESC, p.payment_id DESC
        LIMIT $7`,
      [f.invoice_id ?? null, f.customer_id ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async createPayment(v: { invoice_id: string; payment_date: string; amount: string; method?: string; reference: string; notes?: string }): Promise<PaymentDto> {
    const r = await this.db.one<{ payment_id: string }>(
      `INSERT INTO app.payments (invoice_id, payment_date, amount, method, reference, notes)
       VALUES ($1, $2, $3, coalesce($4, 'transfer'), $5, $6) RETURNING payment_id`,
      [v.invoice_id.trim(), v.payment_date, v.amount, v.method ?? null, v.reference.trim(), v.notes ?? null],
    );
    return (await this.db.one<PaymentDto>(
      `SELECT ${PAYMENT_COLS} ${PAYMENT_FROM} WHERE p.payment_id = $1`,
      [r!.payment_id],
    ))!;
  }

  /** GET /api/dso/outstanding rows: app.ar_outstanding_customers (0730; today from the AR counters, earlier dates per invoice). */
  outstanding(asOf: string, f: { customer_id?: string; overdue?: boolean }, after: [string, string, string] | null, limit: number): Promise<OutstandingRowDto[]> {
    return this.db.query<OutstandingRowDto>(
      `SELECT o.customer_id, o.company_name, o.invoice_count, o.overdue_invoice_count, o.outstanding_amount, o.overdue_amount,
              o.max_days_past_due, o.oldest_due_date
         FROM app.ar_outstanding_customers($1::date, $2::text, $3::boolean, $4::numeric, $5::numeric, $6::text, $7::int) o`,
      [asOf, f.customer_id ?? null, f.overdue ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit],
    );
  }

  async outstandingTotals(asOf: string, customerId?: string): Promise<OutstandingTotalsDto> {
    return (await this.db.one<OutstandingTotalsDto>(
      `SELECT s.outstanding AS outstanding_amount, s.overdue AS overdue_amount,
              (CASE WHEN $2::text IS NULL THEN app.ar_overdue_pct($1::date)
                    WHEN s.outstanding > 0 THEN round(100 * s.overdue / s.outstanding, 2) END)::float8 AS overdue_pct
         FROM app.ar_open_summary($1::date, $2::text) s`,
      [asOf, customerId ?? null],
    ))!;
  }

  /** GET /api/dso/aging rows: app.ar_aging_page (0730), a page of app.ar_aging. */
  aging(asOf: string, customerId: string | undefined, after: [string, string] | null, limit: number): Promise<AgingRowDto[]> {
    return this.db.query<AgingRowDto>(
      `SELECT a.customer_id, a.company_name, a."current", a.days_1_30, a.days_31_60, a.days_61_90, a.days_over_90, a.total
         FROM app.ar_aging_page($1::date, $2::text, $3::numeric, $4::text, $5::int) a`,
      [asOf, customerId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  async agingTotals(asOf: string, customerId?: string): Promise<AgingBucketsDto> {
    return (await this.db.one<AgingBucketsDto>(
      `SELECT s."current", s.days_1_30, s.days_31_60, s.days_61_90, s.days_over_90, s.outstanding AS total
         FROM app.ar_open_summary($1::date, $2::text) s`,
      [asOf, customerId ?? null],
    ))!;
  }

  rolling(from: string, to: string): Promise<RollingPointDto[]> {
    return this.db.query<RollingPointDto>(
      'SELECT s.day, s.ar_balance, s.credit_sales_30d, s.dso::float8 AS dso FROM app.dso_rolling_series($1::date, $2::date) s ORDER BY s.day',
      [from, to],
    );
  }

  async countback(asOf: string): Promise<number | null> {
    return (await this.db.one<{ v: number | null }>('SELECT app.dso_countback($1::date)::float8 AS v', [asOf]))!.v;
  }

  /** Resolves a period in SQL (Asia/Jakarta "today"): default to = today, from = to − 89. */
  async rollingRange(from?: string, to?: string): Promise<{ from: string; to: string; days: number }> {
    return (await this.db.one<{ from: string; to: string; days: number }>(
      `SELECT f AS "from", t AS "to", (t - f)::int AS days FROM (
         SELECT coalesce($1::date, coalesce($2::date, app.today_jakarta()) - 89) AS f, coalesce($2::date, app.today_jakarta()) AS t) x`,
      [from ?? null, to ?? null],
    ))!;
  }

  async createCollectionTicket(customerId: string): Promise<Record<string, unknown>> {
    const r = await this.db.one<{ ticket_id: string }>('SELECT app.dso_create_collection_ticket($1) AS ticket_id', [customerId.trim()]);
    return (await this.db.one<Record<string, unknown>>('SELECT t.* FROM app.tickets t WHERE t.ticket_id = $1', [r!.ticket_id]))!;
  }

  lookupCustomers(q: string | undefined, limit: number): Promise<CustomerLookupDto[]> {
    return this.db.query<CustomerLookupDto>(
      `SELECT c.customer_id, c.company_name, c.city, c.npwp FROM app.customers c
        WHERE $1::text IS NULL OR c.company_name ILIKE $2 OR c.customer_id = upper($1) OR c.npwp_norm = regexp_replace($1, '\\D', '', 'g')
        ORDER BY lower(c.company_name), c.customer_id
        LIMIT $3`,
      [q ?? null, q ? likePattern(q) : null, limit],
    );
  }
}
