import type { Role } from '../../../core/auth/auth.models';

/** Shapes of the AR/DSO API (api.md "AR / DSO"); money is a decimal string in IDR. */

export const INVOICE_STATUSES = ['OPEN', 'PARTIALLY_PAID', 'OVERDUE', 'PAID'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const PAYMENT_METHODS = ['transfer', 'cash', 'giro', 'offset', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const AGING_BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** Who records invoices and payments (the server refuses everyone else with 403). */
export const AR_WRITER_ROLES: readonly Role[] = ['super_admin', 'finance'];
/** Who may open a collection ticket (the director reads only). */
export const COLLECTOR_ROLES: readonly Role[] = ['super_admin', 'finance', 'sales_manager', 'salesperson'];

export interface Invoice {
  invoice_id: string;
  invoice_number: string;
  customer_id: string;
  customer_company_name: string | null;
  invoice_date: string;
  due_date: string;
  amount: string;
  currency: string;
  notes: string | null;
  import_id: string | null;
  created_by: string;
  created_at: string;
  paid_amount: string;
  outstanding_amount: string;
  is_overdue: boolean;
  days_past_due: number;
  status: InvoiceStatus;
}

export interface Payment {
  payment_id: string;
  invoice_id: string;
  invoice_number: string;
  customer_id: string;
  customer_company_name: string | null;
  payment_date: string;
  amount: string;
  method: PaymentMethod;
  reference: string;
  notes: string | null;
  created_by: string;
  created_at: string;
}

export interface InvoiceDetail extends Invoice {
  payments: Payment[];
}

export interface CreatedPayment extends Payment {
  invoice: { paid_amount: string; outstanding_amount: string; status: InvoiceStatus };
}

export interface InvoiceListQuery {
  q?: string;
  customer_id?: string;
  overdue?: boolean;
  status?: InvoiceStatus;
  cursor?: string | null;
  limit?: number;
}

export interface NewInvoice {
  invoice_number: string;
  customer_id: string;
  invoice_date: string;
  due_date: string;
  amount: string;
  notes?: string;
}

export interface NewPayment {
  invoice_id: string;
  payment_date: string;
  amount: string;
  method: PaymentMethod;
  reference: string;
  notes?: string;
}

export type AgingBuckets = Record<AgingBucket | 'total', string>;

export interface AgingRow extends AgingBuckets {
  customer_id: string;
  company_name: string | null;
}

export interface Aging {
  as_of: string;
  items: AgingRow[];
  totals: AgingBuckets;
  next_cursor: string | null;
}

export interface OutstandingRow {
  customer_id: string;
  company_name: string | null;
  invoice_count: number;
  overdue_invoice_count: number;
  outstanding_amount: string;
  overdue_amount: string;
  max_days_past_due: number;
  oldest_due_date: string | null;
}

export interface Outstanding {
  as_of: string;
  items: OutstandingRow[];
  totals: { outstanding_amount: string; overdue_amount: string; overdue_pct: number | null };
  next_cursor: string | null;
}

export interface RollingPoint {
  day: string;
  ar_balance: string;
  credit_sales_30d: string;
  dso: number | null;
}

export interface Rolling {
  from: string;
  to: string;
  items: RollingPoint[];
  countback_dso: number | null;
}

export interface CustomerOption {
  customer_id: string;
  company_name: string;
  city: string | null;
  npwp: string | null;
}

export interface CollectionTicket {
  ticket_id: string;
  subject: string;
  dept_target: string;
  related_customer_id: string;
}

export function hasRole(role: Role | null | undefined, roles: readonly Role[]): boolean {
  return !!role && roles.includes(role);
}

/**
 * A money field as the API takes it: digits with an optional `.` or `,` and at most two
 * decimals; thousand separators (`1.500.000`) are dropped. Returns null when it is not an
 * amount. (The server checks again; this only keeps the form honest.)
 */
export function parseAmount(input: string): string | null {
  let s = input.trim().replace(/\s|Rp/gi, '');
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d{1,2}$/.test(s)) s = s.replace(',', '.');
  return /^\d{1,16}(\.\d{1,2})?$/.test(s) ? s : null;
}
