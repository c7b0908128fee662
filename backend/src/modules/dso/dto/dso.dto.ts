import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ExportQueryOf } from '../../../core/http/export.js';
import { IsDateOnly, IsDecimalAmount, PageQuery, ToBoolean, ToDecimalString, TrimToUndefined } from './common.dto.js';

export const PAYMENT_METHODS = ['transfer', 'cash', 'giro', 'offset', 'other'] as const;
export const INVOICE_STATUSES = ['OPEN', 'PARTIALLY_PAID', 'OVERDUE', 'PAID'] as const;

// ------------------------------------------------------------------ invoices ---
export class CreateInvoiceDto {
  @ApiProperty({ example: 'INV/2026/02/0042', description: 'Number from the accounting system; unique (409 when already recorded)' })
  @IsString() @Matches(/\S/, { message: 'is required' }) @MaxLength(64)
  invoice_number!: string;

  @ApiProperty({ example: 'CU-2026-000012' })
  @IsString() @Matches(/\S/, { message: 'is required' }) @MaxLength(50)
  customer_id!: string;

  @ApiProperty({ format: 'date', example: '2026-02-03', description: 'Not in the future (Asia/Jakarta)' })
  @IsDateOnly()
  invoice_date!: string;

  @ApiProperty({ format: 'date', example: '2026-03-05', description: 'On or after invoice_date' })
  @IsDateOnly()
  due_date!: string;

  @ApiProperty({ example: '15750000.00', description: 'IDR, > 0, decimal string (a JSON number is accepted)' })
  @ToDecimalString() @IsDecimalAmount({ positive: true })
  amount!: string;

  @ApiPropertyOptional({ enum: ['IDR'], default: 'IDR' })
  @IsOptional() @IsIn(['IDR'], { message: 'only IDR is supported' })
  currency?: string;

  @ApiPropertyOptional({ example: 'Jasa ekspor FCL 2x40\'HC Jakarta → Rotterdam' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(2000)
  notes?: string;
}

export class InvoiceFilters extends PageQuery {
  @ApiPropertyOptional({ description: 'Search in invoice number and customer name' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: 'CU-2026-000012' })
  @IsOptional() @IsString() @MaxLength(50)
  customer_id?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only overdue invoices (outstanding and past due at as_of, default today); false: only those that are not' })
  @IsOptional() @ToBoolean() @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: INVOICE_STATUSES })
  @IsOptional() @IsIn(INVOICE_STATUSES as unknown as string[])
  status?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Invoice date on or after' })
  @IsOptional() @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Invoice date on or before' })
  @IsOptional() @IsDateOnly()
  to?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Compute paid, outstanding, overdue, days past due and status as of this day (default today, Asia/Jakarta); only invoices dated on or before it are listed. Dashboard drill-downs pass it.' })
  @IsOptional() @IsDateOnly()
  as_of?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only invoices with something outstanding (at as_of)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ minimum: 0, description: 'Days past due (at as_of) at least this many (aging buckets: 1, 31, 61, 91)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100000)
  dpd_min?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Days past due (at as_of) at most this many (aging buckets: 30, 60, 90)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100000)
  dpd_max?: number;
}

export class InvoiceListQuery extends InvoiceFilters {}

/** Exports: the list's filters without limit/cursor, plus format (core/http/export). */
export class InvoiceExportQuery extends ExportQueryOf(InvoiceListQuery) {}

export class InvoiceDto {
  @ApiProperty({ example: 'IV-2026-000042' }) invoice_id!: string;
  @ApiProperty({ example: 'INV/2026/02/0042' }) invoice_number!: string;
  @ApiProperty({ example: 'CU-2026-000012' }) customer_id!: string;
  @ApiProperty({ nullable: true, type: String, example: 'PT Otomotif Prima Mandiri' }) customer_company_name!: string | null;
  @ApiProperty({ format: 'date' }) invoice_date!: string;
  @ApiProperty({ format: 'date' }) due_date!: string;
  @ApiProperty({ example: '15750000.00' }) amount!: string;
  @ApiProperty({ example: 'IDR' }) currency!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set when an import created the invoice' }) import_id!: string | null;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ example: '5000000.00', description: 'Σ payments so far' }) paid_amount!: string;
  @ApiProperty({ example: '10750000.00', description: 'amount − paid_amount, never negative' }) outstanding_amount!: string;
  @ApiProperty({ description: 'Outstanding and due before today (Asia/Jakarta)' }) is_overdue!: boolean;
  @ApiProperty({ example: 12, description: 'Today − due_date when overdue, else 0' }) days_past_due!: number;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: string;
}

export class InvoiceListDto {
  @ApiProperty({ type: [InvoiceDto] }) items!: InvoiceDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

// ------------------------------------------------------------------ payments ---
export class CreatePaymentDto {
  @ApiProperty({ example: 'IV-2026-000042' })
  @IsString() @Matches(/\S/, { message: 'is required' }) @MaxLength(50)
  invoice_id!: string;

  @ApiProperty({ format: 'date', example: '2026-02-20', description: 'Not before the invoice date, not in the future' })
  @IsDateOnly()
  payment_date!: string;

  @ApiProperty({ example: '5000000.00', description: 'IDR, > 0 and at most the outstanding amount (422 otherwise, also under concurrency)' })
  @ToDecimalString() @IsDecimalAmount({ positive: true })
  amount!: string;

  @ApiPropertyOptional({ enum: PAYMENT_METHODS, default: 'transfer' })
  @IsOptional() @IsIn(PAYMENT_METHODS as unknown as string[], { message: `must be one of ${PAYMENT_METHODS.join(', ')}` })
  method?: string;

  @ApiProperty({ example: 'BCA-TRF-20260220-0091', description: 'Bank/giro reference; unique per invoice (409 when already recorded), so a retry never pays twice' })
  @IsString() @Matches(/\S/, { message: 'is required' }) @MaxLength(100)
  reference!: string;

  @ApiPropertyOptional({ example: 'Pelunasan sebagian' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(2000)
  notes?: string;
}

export class PaymentListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'IV-2026-000042' }) @IsOptional() @IsString() @MaxLength(50) invoice_id?: string;
  @ApiPropertyOptional({ example: 'CU-2026-000012' }) @IsOptional() @IsString() @MaxLength(50) customer_id?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Payment date on or after' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Payment date on or before' }) @IsOptional() @IsDateOnly() to?: string;
}

export class PaymentDto {
  @ApiProperty({ example: 'PY-2026-000031' }) payment_id!: string;
  @ApiProperty({ example: 'IV-2026-000042' }) invoice_id!: string;
  @ApiProperty({ example: 'INV/2026/02/0042' }) invoice_number!: string;
  @ApiProperty({ example: 'CU-2026-000012' }) customer_id!: string;
  @ApiProperty({ nullable: true, type: String, example: 'PT Otomotif Prima Mandiri' }) customer_company_name!: string | null;
  @ApiProperty({ format: 'date' }) payment_date!: string;
  @ApiProperty({ example: '5000000.00' }) amount!: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) method!: string;
  @ApiProperty({ example: 'BCA-TRF-20260220-0091' }) reference!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ nullable: true, type: String }) import_id!: string | null;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class PaymentListDto {
  @ApiProperty({ type: [PaymentDto] }) items!: PaymentDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class InvoiceDetailDto extends InvoiceDto {
  @ApiProperty({ type: [PaymentDto], description: 'Oldest first' }) payments!: PaymentDto[];
}

export class InvoiceBalanceDto {
  @ApiProperty({ example: '10000000.00' }) paid_amount!: string;
  @ApiProperty({ example: '5750000.00' }) outstanding_amount!: string;
  @ApiProperty({ enum: INVOICE_STATUSES }) status!: string;
}

export class CreatedPaymentDto extends PaymentDto {
  @ApiProperty({ type: InvoiceBalanceDto, description: 'The invoice right after this payment' }) invoice!: InvoiceBalanceDto;
}

// ----------------------------------------------------------------------- dso ---
export class AsOfQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Default: today (Asia/Jakarta)' })
  @IsOptional() @IsDateOnly()
  as_of?: string;

  @ApiPropertyOptional({ example: 'CU-2026-000012' })
  @IsOptional() @IsString() @MaxLength(50)
  customer_id?: string;
}

export class OutstandingQuery extends AsOfQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only customers with something overdue' })
  @IsOptional() @ToBoolean() @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class AgingQuery extends AsOfQuery {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000, description: 'Customers per page, largest total first' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class RollingQuery {
  @ApiPropertyOptional({ format: 'date', description: 'First day; default: 89 days before `to`' })
  @IsOptional() @IsDateOnly()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day; default: today (Asia/Jakarta). At most 366 days after `from`.' })
  @IsOptional() @IsDateOnly()
  to?: string;
}

export class CollectionTicketDto {
  @ApiProperty({ example: 'CU-2026-000012', description: 'A customer with overdue invoices that you may see' })
  @IsString() @Matches(/\S/, { message: 'is required' }) @MaxLength(50)
  customer_id!: string;
}

export class CustomerLookupQuery {
  @ApiPropertyOptional({ description: 'Company name, customer id or NPWP' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50)
  limit?: number;
}

export class AgingBucketsDto {
  @ApiProperty({ example: '42500000.00', description: 'Not yet due' }) current!: string;
  @ApiProperty({ example: '18750000.00' }) days_1_30!: string;
  @ApiProperty({ example: '0.00' }) days_31_60!: string;
  @ApiProperty({ example: '27250000.00' }) days_61_90!: string;
  @ApiProperty({ example: '95400000.00' }) days_over_90!: string;
  @ApiProperty({ example: '183900000.00', description: 'Σ buckets = outstanding, to the cent' }) total!: string;
}

export class AgingRowDto extends AgingBucketsDto {
  @ApiProperty({ example: 'CU-2026-000012' }) customer_id!: string;
  @ApiProperty({ nullable: true, type: String, example: 'PT Otomotif Prima Mandiri' }) company_name!: string | null;
}

export class AgingDto {
  @ApiProperty({ format: 'date' }) as_of!: string;
  @ApiProperty({ type: [AgingRowDto] }) items!: AgingRowDto[];
  @ApiProperty({ type: AgingBucketsDto, description: 'Over every customer you may see (not only this page)' }) totals!: AgingBucketsDto;
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class OutstandingRowDto {
  @ApiProperty({ example: 'CU-2026-000012' }) customer_id!: string;
  @ApiProperty({ nullable: true, type: String }) company_name!: string | null;
  @ApiProperty({ example: 3 }) invoice_count!: number;
  @ApiProperty({ example: 2 }) overdue_invoice_count!: number;
  @ApiProperty({ example: '183900000.00' }) outstanding_amount!: string;
  @ApiProperty({ example: '141400000.00' }) overdue_amount!: string;
  @ApiProperty({ example: 110 }) max_days_past_due!: number;
  @ApiProperty({ format: 'date', nullable: true, type: String }) oldest_due_date!: string | null;
}

export class OutstandingTotalsDto {
  @ApiProperty({ example: '1855442000.00' }) outstanding_amount!: string;
  @ApiProperty({ example: '1267600000.00' }) overdue_amount!: string;
  @ApiProperty({ nullable: true, type: Number, example: 68.32, description: 'Overdue ÷ outstanding × 100; null = NA (nothing outstanding)' }) overdue_pct!: number | null;
}

export class OutstandingDto {
  @ApiProperty({ format: 'date' }) as_of!: string;
  @ApiProperty({ type: [OutstandingRowDto] }) items!: OutstandingRowDto[];
  @ApiProperty({ type: OutstandingTotalsDto }) totals!: OutstandingTotalsDto;
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class RollingPointDto {
  @ApiProperty({ format: 'date' }) day!: string;
  @ApiProperty({ example: '1855442000.00' }) ar_balance!: string;
  @ApiProperty({ example: '645623000.00', description: 'Σ invoices dated day−29 … day' }) credit_sales_30d!: string;
  @ApiProperty({ nullable: true, type: Number, example: 86.22, description: 'ar_balance ÷ credit_sales_30d × 30; null = NA (no credit sales in the window)' }) dso!: number | null;
}

export class RollingDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ type: [RollingPointDto], description: 'One row for every day of the range' }) items!: RollingPointDto[];
  @ApiProperty({ nullable: true, type: Number, example: 80.32, description: 'Countback DSO at `to` (null = NA)' }) countback_dso!: number | null;
}

export class CustomerLookupDto {
  @ApiProperty() customer_id!: string;
  @ApiProperty() company_name!: string;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ nullable: true, type: String }) npwp!: string | null;
}

export class CustomerLookupListDto {
  @ApiProperty({ type: [CustomerLookupDto] }) items!: CustomerLookupDto[];
}

export class CollectionTicketResponseDto {
  @ApiProperty({ example: 'TK-2026-000019' }) ticket_id!: string;
  @ApiProperty({ example: 'general_request' }) ticket_type!: string;
  @ApiProperty({ example: 'Penagihan PT Nusantara Kargo Abadi: 2 faktur lewat jatuh tempo (Rp 180.798.000)' }) subject!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'FIN' }) dept_target!: string;
  @ApiProperty({ example: 'high' }) priority!: string;
  @ApiProperty() related_customer_id!: string;
  @ApiProperty({ example: 'OPEN' }) ticket_status!: string;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

// ------------------------------------------------------------------- exports ---
// Each export takes its list's filters (minus limit/cursor) plus format; see core/http/export.
export class PaymentExportQuery extends ExportQueryOf(PaymentListQuery) {}
export class OutstandingExportQuery extends ExportQueryOf(OutstandingQuery) {}
export class AgingExportQuery extends ExportQueryOf(AgingQuery) {}
