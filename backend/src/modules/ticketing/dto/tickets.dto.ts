import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ExportQueryOf } from '../../../core/http/export.js';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ALL_STATUSES,
  DEPT_CODE,
  INQUIRY_STATUSES,
  IsDateOnly,
  IsNotBlank,
  IsPositiveMoney,
  PageQuery,
  QUOTE_CURRENCIES,
  RECORD_ID,
  SERVICE_TYPES,
  SLA_EVENT_TYPES,
  SLA_STATES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  ToBoolean,
  ToDecimalString,
  TrimToUndefined,
} from './common.dto.js';

// ------------------------------------------------------------------ input ---

export class RfqDto {
  @ApiProperty({ example: 'Jakarta', maxLength: 200 }) @IsString() @IsNotBlank() @MaxLength(200) origin!: string;
  @ApiProperty({ example: 'Singapore', maxLength: 200 }) @IsString() @IsNotBlank() @MaxLength(200) destination!: string;
  @ApiProperty({ enum: SERVICE_TYPES, example: 'sea_fcl' }) @IsIn(SERVICE_TYPES as unknown as string[]) service_type!: string;
  @ApiPropertyOptional({ example: 'Kopi biji (green beans)', maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) commodity?: string;
  @ApiPropertyOptional({ example: 1200, description: 'Gross weight in kg (> 0)' })
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(9999999999) weight_kg?: number;
  @ApiPropertyOptional({ example: 2.5, description: 'Volume in m³ (> 0)' })
  @IsOptional() @IsNumber({ maxDecimalPlaces: 3 }) @Min(0.001) @Max(999999999) volume_cbm?: number;
  @ApiPropertyOptional({ example: '2026-12-10', format: 'date' }) @IsOptional() @IsDateOnly() ready_date?: string;
}

export class CreateTicketDto {
  @ApiProperty({ enum: TICKET_TYPES, example: 'complaint' })
  @IsIn(TICKET_TYPES as unknown as string[])
  ticket_type!: string;

  @ApiPropertyOptional({ example: 'DOM', description: 'Target department (any). An RFQ without one goes to the department of its service (air/sea → EXI, land → DOM, express → DTD).' })
  @IsOptional() @IsString() @Matches(DEPT_CODE, { message: 'must be a department code' })
  dept_target?: string;

  @ApiPropertyOptional({ example: 'Karton penyok saat diterima', maxLength: 200, description: 'Required for general_request; generated from the minimal fields otherwise' })
  @IsOptional() @IsString() @TrimToUndefined() @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ example: 'Pelanggan melaporkan 3 dari 40 karton penyok.', maxLength: 10000, description: 'Required for complaint and general_request' })
  @IsOptional() @IsString() @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, default: 'normal', example: 'high' })
  @IsOptional() @IsIn(TICKET_PRIORITIES as unknown as string[])
  priority?: string;

  @ApiPropertyOptional({ example: 'CU-2026-000012', description: 'Must be visible to you' })
  @IsOptional() @IsString() @Matches(RECORD_ID, { message: 'must be a customer id' })
  related_customer_id?: string;

  @ApiPropertyOptional({ example: 'LD-2026-000031', description: 'Must be visible to you; its customer and prospect are linked too' })
  @IsOptional() @IsString() @Matches(RECORD_ID, { message: 'must be a lead id' })
  related_lead_id?: string;

  @ApiPropertyOptional({ example: 'PR-2026-000020', description: 'Must be visible to you; its customer is linked too' })
  @IsOptional() @IsString() @Matches(RECORD_ID, { message: 'must be a prospect id' })
  related_prospect_id?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An active member of the target department' })
  @IsOptional() @IsUUID()
  assigned_to_user_id?: string;

  @ApiPropertyOptional({ type: RfqDto, description: 'inquiry_tariff only: origin, destination and service_type are required' })
  @IsOptional() @ValidateNested() @Type(() => RfqDto)
  rfq?: RfqDto;

  @ApiPropertyOptional({ example: 'Jl. Raya Bekasi KM 21, Cakung, Jakarta Timur', maxLength: 500, description: 'Required for request_pickup' })
  @IsOptional() @IsString() @MaxLength(500)
  pickup_address?: string;

  @ApiPropertyOptional({ example: '2026-11-28', format: 'date', description: 'Required for request_pickup; today or later' })
  @IsOptional() @IsDateOnly()
  pickup_date?: string;

  @ApiPropertyOptional({ example: '12 palet suku cadang, 4,2 ton', maxLength: 1000, description: 'Required for request_pickup' })
  @IsOptional() @IsString() @MaxLength(1000)
  cargo_description?: string;

  @ApiPropertyOptional({ example: 'SHP-DOM-231107', maxLength: 100, description: 'The shipment/reference a complaint concerns (required for complaint)' })
  @IsOptional() @IsString() @MaxLength(100)
  shipment_reference?: string;
}

export class QuoteDto {
  @ApiProperty({ example: '1850.00', description: 'Decimal string (or number) > 0, at most 2 decimals' })
  @ToDecimalString() @IsPositiveMoney()
  amount!: string;

  @ApiProperty({ enum: QUOTE_CURRENCIES, example: 'USD' })
  @IsIn(QUOTE_CURRENCIES as unknown as string[])
  currency!: string;

  @ApiProperty({ example: '2026-12-15', format: 'date', description: 'Today or later' })
  @IsDateOnly()
  valid_until!: string;

  @ApiPropertyOptional({ example: 'Termasuk trucking dan dokumen ekspor', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  notes?: string;
}

export class UpdateTicketDto {
  @ApiPropertyOptional({ enum: ALL_STATUSES, example: 'IN_PROGRESS', description: 'Target status; refused with 409 and the allowed targets when the move is not allowed' })
  @IsOptional() @IsIn(ALL_STATUSES)
  status?: string;

  @ApiPropertyOptional({ example: 'Salah departemen, diteruskan ke FIN', maxLength: 1000, description: 'Required to close a ticket that was not resolved (OPEN/IN_PROGRESS → CLOSED)' })
  @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: 'high', description: 'Changes the SLA targets' })
  @IsOptional() @IsIn(TICKET_PRIORITIES as unknown as string[])
  priority?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'An active member of the target department; null unassigns' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  assigned_to_user_id?: string | null;

  @ApiPropertyOptional({ type: QuoteDto, description: 'inquiry_tariff only; required to enter QUOTED' })
  @IsOptional() @ValidateNested() @Type(() => QuoteDto)
  quote?: QuoteDto;
}

export class CreateMessageDto {
  @ApiProperty({ example: 'Terima kasih, kami cek dengan tim gudang.', maxLength: 10000 })
  @IsString() @IsNotBlank() @MaxLength(10000)
  body!: string;

  @ApiPropertyOptional({ default: false, description: 'Internal note: only the target department (and super_admin/director) see it' })
  @IsOptional() @IsBoolean()
  is_internal?: boolean;

  @ApiPropertyOptional({ default: false, description: 'On a masked RFQ: lets operations read this message (never include the customer’s identity)' })
  @IsOptional() @IsBoolean()
  visible_to_ops?: boolean;
}

export class UploadAttachmentDto {
  @ApiPropertyOptional({ default: false, description: 'Internal file (target department only)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  is_internal?: boolean;

  @ApiPropertyOptional({ default: false, description: 'On a masked RFQ: lets operations see this file' })
  @IsOptional() @ToBoolean() @IsBoolean()
  visible_to_ops?: boolean;
}

/** First-response SLA outcomes a ticket list can be filtered by (dashboard SLA compliance drill-down). */
export const FR_OUTCOMES = ['met', 'breached', 'known'] as const;

export class TicketListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TICKET_TYPES, example: 'complaint' }) @IsOptional() @IsIn(TICKET_TYPES as unknown as string[]) type?: string;
  @ApiPropertyOptional({ enum: ALL_STATUSES, example: 'OPEN' }) @IsOptional() @IsIn(ALL_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: 'urgent' }) @IsOptional() @IsIn(TICKET_PRIORITIES as unknown as string[]) priority?: string;
  @ApiPropertyOptional({ example: 'DOM' }) @IsOptional() @IsString() @Matches(DEPT_CODE, { message: 'must be a department code' }) dept_target?: string;
  @ApiPropertyOptional({ description: 'Tickets I opened or that are assigned to me', example: true }) @IsOptional() @ToBoolean() @IsBoolean() mine?: boolean;
  @ApiPropertyOptional({ description: 'The queue of my department (dept_target = my department)', example: true }) @IsOptional() @ToBoolean() @IsBoolean() queue?: boolean;
  @ApiPropertyOptional({ description: 'Only tickets not yet closed (not CLOSED/WON/LOST/CANCELLED)', example: true }) @IsOptional() @ToBoolean() @IsBoolean() open?: boolean;
  @ApiPropertyOptional({ enum: SLA_STATES, example: 'at_risk' }) @IsOptional() @IsIn(SLA_STATES as unknown as string[]) sla_state?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assigned_to_user_id?: string;
  @ApiPropertyOptional({ description: 'Search in ticket id, subject and shipment reference', example: 'SHP-DOM' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-11-01', description: 'Created on or after this Asia/Jakarta day' }) @IsOptional() @IsDateOnly() created_from?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-11-30', description: 'Created on or before this Asia/Jakarta day' }) @IsOptional() @IsDateOnly() created_to?: string;
  @ApiPropertyOptional({
    enum: FR_OUTCOMES, example: 'met',
    description: 'First-response SLA outcome: met (answered in time, or ended without breaching), breached, known (either; tickets still pending or without a target are left out)',
  })
  @IsOptional() @IsIn(FR_OUTCOMES as unknown as string[]) fr_outcome?: string;
  @ApiPropertyOptional({ description: 'Only stuck tickets: open with no message, file or change for longer than the ticket threshold (app.stale_thresholds)', example: true })
  @IsOptional() @ToBoolean() @IsBoolean() stale?: boolean;
}

export class StaleListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'DOM' }) @IsOptional() @IsString() @Matches(DEPT_CODE, { message: 'must be a department code' }) dept_target?: string;
  @ApiPropertyOptional({ example: true }) @IsOptional() @ToBoolean() @IsBoolean() mine?: boolean;
  @ApiPropertyOptional({ example: true }) @IsOptional() @ToBoolean() @IsBoolean() queue?: boolean;
}

export class FirstResponseQuery {
  @ApiPropertyOptional({ example: '2026-10-01', format: 'date', description: 'Default: 29 days before `to`' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ example: '2026-10-31', format: 'date', description: 'Default: today (Asia/Jakarta)' }) @IsOptional() @IsDateOnly() to?: string;
  @ApiPropertyOptional({ example: 'DOM', description: 'Only tickets targeted at this department' })
  @IsOptional() @IsString() @Matches(DEPT_CODE, { message: 'must be a department code' }) dept_target?: string;
}

export class SlaSummaryQuery {
  @ApiPropertyOptional({ example: 'DOM' }) @IsOptional() @IsString() @Matches(DEPT_CODE, { message: 'must be a department code' }) dept_target?: string;
}

export class AssigneesQuery {
  @ApiProperty({ example: 'DOM' }) @IsString() @Matches(DEPT_CODE, { message: 'must be a department code' }) dept_target!: string;
}

// ----------------------------------------------------------------- output ---

export class TransitionDto {
  @ApiProperty({ example: 'IN_PROGRESS' }) to_status!: string;
  @ApiProperty({ example: false }) requires_reason!: boolean;
  @ApiProperty({ example: false }) requires_quote!: boolean;
}

export class TicketSummaryDto {
  @ApiProperty({ example: 'TK-2026-000042' }) ticket_id!: string;
  @ApiProperty({ enum: TICKET_TYPES, example: 'complaint' }) ticket_type!: string;
  @ApiProperty({ example: 'IN_PROGRESS', description: 'ticket_status or inquiry_status, whichever the type uses' }) status!: string;
  @ApiProperty({ enum: TICKET_STATUSES, nullable: true, type: String, example: 'IN_PROGRESS' }) ticket_status!: string | null;
  @ApiProperty({ enum: INQUIRY_STATUSES, nullable: true, type: String, example: null }) inquiry_status!: string | null;
  @ApiProperty({ example: 'Karton penyok saat diterima di Surabaya' }) subject!: string;
  @ApiProperty({ enum: TICKET_PRIORITIES, example: 'high' }) priority!: string;
  @ApiProperty({ example: 'DOM' }) dept_target!: string;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ example: 'Siti Rahmawati' }) created_by_name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigned_to_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Hendra Gunawan' }) assigned_to_name!: string | null;
  @ApiProperty({ example: false }) need_customer_masking!: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-11-20T09:15:00+07:00' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) last_activity_at!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) first_response_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolved_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closed_at!: string | null;
  @ApiProperty({ enum: SLA_STATES, example: 'on_track' }) sla_state!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'The due time that matters now (first response, else resolution); null when closed or paused' }) next_due_at!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 95.5, description: 'Business minutes until next_due_at (negative = overdue)' }) business_minutes_to_due!: number | null;
}

export class TicketListDto {
  @ApiProperty({ type: [TicketSummaryDto] }) items!: TicketSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class SlaDto {
  @ApiProperty({ enum: SLA_STATES, example: 'at_risk' }) sla_state!: string;
  @ApiProperty({ example: true }) is_open!: boolean;
  @ApiProperty({ example: false }) is_paused!: boolean;
  @ApiProperty({ nullable: true, type: Number, example: 120 }) first_response_target_minutes!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 1620 }) resolution_target_minutes!: number | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) first_response_due_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolution_due_at!: string | null;
  @ApiProperty({ example: false }) first_response_breached!: boolean;
  @ApiProperty({ example: true }) first_response_at_risk!: boolean;
  @ApiProperty({ example: false }) resolution_breached!: boolean;
  @ApiProperty({ example: false }) resolution_at_risk!: boolean;
  @ApiProperty({ nullable: true, type: Number, example: 42.5 }) first_response_minutes!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 42.5 }) first_response_business_minutes!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 2880 }) resolution_minutes!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 610 }) resolution_business_minutes!: number | null;
  @ApiProperty({ example: 0, description: 'Business minutes spent waiting on the customer (not counted)' }) paused_business_minutes!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) next_due_at!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 18.5 }) business_minutes_to_due!: number | null;
}

export class QuoteViewDto {
  @ApiProperty({ example: '7' }) quote_id!: string;
  @ApiProperty({ example: '1850.00' }) amount!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '2026-12-15', format: 'date' }) valid_until!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class RelatedCustomerDto {
  @ApiProperty({ nullable: true, type: String, example: 'CU-2026-000012', description: 'Absent for operations (they never read customers)' }) customer_id?: string | null;
  @ApiProperty({ example: 'PT Nusantara Kargo Abadi' }) company_name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Dewi Lestari' }) contact_name!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '081200015838' }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Jl. Demo No. 2, Surabaya' }) address!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Surabaya' }) city!: string | null;
}

export class TicketDetailDto extends TicketSummaryDto {
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ nullable: true, type: String }) related_lead_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) related_customer_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) related_prospect_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Jakarta' }) origin!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Singapore' }) destination!: string | null;
  @ApiProperty({ enum: SERVICE_TYPES, nullable: true, type: String }) service_type!: string | null;
  @ApiProperty({ nullable: true, type: String }) commodity!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1200.00' }) weight_kg!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2.500' }) volume_cbm!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) ready_date!: string | null;
  @ApiProperty({ nullable: true, type: String }) pickup_address!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) pickup_date!: string | null;
  @ApiProperty({ nullable: true, type: String }) cargo_description!: string | null;
  @ApiProperty({ nullable: true, type: String }) shipment_reference!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Reason given with the latest status change' }) status_reason!: string | null;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ type: SlaDto }) sla!: SlaDto;
  @ApiProperty({ type: [TransitionDto], description: 'The status moves you may make now (empty when you cannot change the ticket)' }) allowed_transitions!: TransitionDto[];
  @ApiProperty({ example: true }) can_edit!: boolean;
  @ApiProperty({ example: true, description: 'You may write internal notes (member of the target department or super_admin)' }) can_write_internal!: boolean;
  @ApiProperty({ type: RelatedCustomerDto, nullable: true, description: 'Operations: name, contact, phone and address on an unmasked ticket of their department (what a pickup needs); others: the customer as their access allows' })
  customer!: RelatedCustomerDto | null;
  @ApiProperty({ type: [QuoteViewDto] }) quotes!: QuoteViewDto[];
}

export class MessageDto {
  @ApiProperty({ example: '315' }) message_id!: string;
  @ApiProperty({ example: 'TK-2026-000042' }) ticket_id!: string;
  @ApiProperty({ format: 'uuid' }) sender_user_id!: string;
  @ApiProperty({ example: 'Hendra Gunawan' }) sender_name!: string;
  @ApiProperty({ example: 'DOM' }) sender_dept!: string;
  @ApiProperty({ example: true, description: 'Written by a member of the target department' }) from_handling_department!: boolean;
  @ApiProperty({ example: 'Terima kasih, kami cek dengan tim gudang.' }) body!: string;
  @ApiProperty({ example: false }) is_internal!: boolean;
  @ApiProperty({ example: false }) visible_to_ops!: boolean;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class MessageListDto {
  @ApiProperty({ type: [MessageDto] }) items!: MessageDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) attachment_id!: string;
  @ApiProperty({ example: 'TK-2026-000042' }) ticket_id!: string;
  @ApiProperty({ format: 'uuid' }) uploaded_by!: string;
  @ApiProperty({ example: 'Siti Rahmawati' }) uploader_name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'foto-karton.jpg' }) file_name!: string | null;
  @ApiProperty({ example: 'image/jpeg', description: 'Judged from the content' }) content_type!: string;
  @ApiProperty({ example: 184233 }) size_bytes!: number;
  @ApiProperty({ example: false }) is_internal!: boolean;
  @ApiProperty({ example: false }) visible_to_ops!: boolean;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class AttachmentListDto {
  @ApiProperty({ type: [AttachmentDto] }) items!: AttachmentDto[];
}

export class SlaEventDto {
  @ApiProperty({ example: '88' }) event_id!: string;
  @ApiProperty({ enum: SLA_EVENT_TYPES, example: 'STATUS_CHANGE' }) event_type!: string;
  @ApiProperty({ example: { from: 'OPEN', to: 'IN_PROGRESS' }, description: 'STATUS_CHANGE {from, to, reason?}; FIRST_RESPONSE {message_id, by, minutes, business_minutes}; RESOLVED {status, minutes, business_minutes}' })
  metadata!: Record<string, unknown>;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actor_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Hendra Gunawan' }) actor_name!: string | null;
  @ApiProperty({ format: 'date-time' }) occurred_at!: string;
}

export class SlaEventListDto {
  @ApiProperty({ type: [SlaEventDto] }) items!: SlaEventDto[];
}

export class FirstResponseDayDto {
  @ApiProperty({ example: '2026-11-20', format: 'date' }) day!: string;
  @ApiProperty({ example: 4, description: 'Tickets created that day that have a first response' }) tickets!: number;
  @ApiProperty({ example: 72.5 }) median_first_response_minutes!: number;
  @ApiProperty({ example: 45 }) median_first_response_business_minutes!: number;
}

export class FirstResponseSeriesDto {
  @ApiProperty({ type: [FirstResponseDayDto], description: 'Days without any answered ticket are absent' }) items!: FirstResponseDayDto[];
}

export class SlaSummaryDto {
  @ApiProperty({ example: 12, description: 'Open tickets (paused included)' }) open!: number;
  @ApiProperty({ example: 7 }) on_track!: number;
  @ApiProperty({ example: 2 }) at_risk!: number;
  @ApiProperty({ example: 2 }) breached!: number;
  @ApiProperty({ example: 1 }) paused!: number;
  @ApiProperty({ example: 9 }) stale!: number;
}

export class StaleTicketDto {
  @ApiProperty({ example: 'TK-2026-000021' }) ticket_id!: string;
  @ApiProperty({ enum: TICKET_TYPES }) ticket_type!: string;
  @ApiProperty({ example: 'RESOLVED' }) status!: string;
  @ApiProperty({ enum: TICKET_PRIORITIES }) priority!: string;
  @ApiProperty({ example: 'FIN' }) dept_target!: string;
  @ApiProperty({ example: 'Permintaan faktur pajak pengganti' }) subject!: string;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigned_to_user_id!: string | null;
  @ApiProperty({ example: false }) need_customer_masking!: boolean;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) last_activity_at!: string;
  @ApiProperty({ example: 141.3 }) idle_hours!: number;
  @ApiProperty({ example: 48 }) threshold_hours!: number;
}

export class StaleListDto {
  @ApiProperty({ type: [StaleTicketDto] }) items!: StaleTicketDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class AssigneeDto {
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty({ example: 'Hendra Gunawan' }) full_name!: string;
  @ApiProperty({ example: 'ops' }) role!: string;
  @ApiProperty({ example: 'DOM' }) dept_code!: string;
}

export class AssigneeListDto {
  @ApiProperty({ type: [AssigneeDto] }) items!: AssigneeDto[];
}

/** Exports: the list's filters without limit/cursor, plus format (core/http/export). */
export class TicketExportQuery extends ExportQueryOf(TicketListQuery) {}
export class StaleExportQuery extends ExportQueryOf(StaleListQuery) {}
