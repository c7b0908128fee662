import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ExportQueryOf } from '../../../core/http/export.js';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import {
  INQUIRY_STATUSES,
  IsNotBlank,
  PageQuery,
  SERVICE_TYPES,
  SLA_STATES,
  TICKET_PRIORITIES,
  ToBoolean,
} from './common.dto.js';
import { AttachmentDto, MessageDto, QuoteDto, QuoteViewDto, TransitionDto } from './tickets.dto.js';

export class OpsRfqListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INQUIRY_STATUSES, example: 'OPEN' }) @IsOptional() @IsIn(INQUIRY_STATUSES as unknown as string[]) status?: string;
  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: 'high' }) @IsOptional() @IsIn(TICKET_PRIORITIES as unknown as string[]) priority?: string;
  @ApiPropertyOptional({ enum: SERVICE_TYPES, example: 'sea_fcl' }) @IsOptional() @IsIn(SERVICE_TYPES as unknown as string[]) service_type?: string;
  @ApiPropertyOptional({ enum: SLA_STATES, example: 'breached' }) @IsOptional() @IsIn(SLA_STATES as unknown as string[]) sla_state?: string;
  @ApiPropertyOptional({ description: 'Only RFQs still to be worked (OPEN, IN_PROGRESS)', example: true }) @IsOptional() @ToBoolean() @IsBoolean() open?: boolean;
  @ApiPropertyOptional({ description: 'Search in ticket id, origin, destination, commodity', example: 'Singapore' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class OpsRfqUpdateDto {
  @ApiPropertyOptional({ enum: INQUIRY_STATUSES, example: 'QUOTED', description: 'QUOTED requires a quote (in this request or recorded before)' })
  @IsOptional() @IsIn(INQUIRY_STATUSES as unknown as string[])
  status?: string;

  @ApiPropertyOptional({ example: 'Tidak ada ruang kapal bulan ini', maxLength: 1000 })
  @IsOptional() @IsString() @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, example: 'high' })
  @IsOptional() @IsIn(TICKET_PRIORITIES as unknown as string[])
  priority?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'An active member of your department; null unassigns' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  assigned_to_user_id?: string | null;

  @ApiPropertyOptional({ type: QuoteDto })
  @IsOptional() @ValidateNested() @Type(() => QuoteDto)
  quote?: QuoteDto;
}

export class OpsMessageDto {
  @ApiProperty({ example: 'Tarif sedang kami minta ke shipping line, estimasi besok.', maxLength: 10000 })
  @IsString() @IsNotBlank() @MaxLength(10000)
  body!: string;

  @ApiPropertyOptional({ default: false, description: 'Internal note of the department (the requester does not see it)' })
  @IsOptional() @IsBoolean()
  is_internal?: boolean;
}

export class OpsUploadDto {
  @ApiPropertyOptional({ default: false, description: 'Internal file of the department' })
  @IsOptional() @ToBoolean() @IsBoolean()
  is_internal?: boolean;
}

export class MaskedRfqDto {
  @ApiProperty({ example: 'TK-2026-000001' }) ticket_id!: string;
  @ApiProperty({ example: 'inquiry_tariff' }) ticket_type!: string;
  @ApiProperty({ enum: INQUIRY_STATUSES, example: 'OPEN' }) inquiry_status!: string;
  @ApiProperty({ enum: INQUIRY_STATUSES, example: 'OPEN' }) status!: string;
  @ApiProperty({ example: 'MASKED', description: 'Always MASKED' }) company_name!: string;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Always null' }) contact_name!: null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Always null' }) email!: null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Always null' }) phone!: null;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Always null' }) npwp!: null;
  @ApiProperty({ example: 'RFQ Jakarta → Singapore, sea_fcl', description: 'Identity terms redacted as [MASKED]' }) subject!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: TICKET_PRIORITIES, example: 'normal' }) priority!: string;
  @ApiProperty({ example: 'EXI' }) dept_target!: string;
  @ApiProperty({ format: 'uuid', description: 'The requester (a colleague, not the customer)' }) created_by!: string;
  @ApiProperty({ example: 'Rizky Staf Pemasaran' }) created_by_name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigned_to_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) assigned_to_name!: string | null;
  @ApiProperty({ example: 'Jakarta' }) origin!: string;
  @ApiProperty({ example: 'Singapore' }) destination!: string;
  @ApiProperty({ enum: SERVICE_TYPES, example: 'sea_fcl' }) service_type!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Manufaktur' }) commodity!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '620.00' }) weight_kg!: string | null;
  @ApiProperty({ nullable: true, type: String, example: null }) volume_cbm!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) ready_date!: string | null;
  @ApiProperty({ nullable: true, type: String }) status_reason!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) last_activity_at!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) first_response_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolved_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) closed_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) first_response_due_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolution_due_at!: string | null;
  @ApiProperty({ enum: SLA_STATES, example: 'on_track' }) sla_state!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) next_due_at!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 95 }) business_minutes_to_due!: number | null;
  @ApiProperty({ nullable: true, type: String, example: '1850.00', description: 'Latest quote' }) quote_amount!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'USD' }) quote_currency!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) quote_valid_until!: string | null;
}

export class MaskedRfqListDto {
  @ApiProperty({ type: [MaskedRfqDto] }) items!: MaskedRfqDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class MaskedRfqDetailDto extends MaskedRfqDto {
  @ApiProperty({ type: [MessageDto], description: 'Messages of the department and those the requester marked visible_to_ops (identity redacted)' }) messages!: MessageDto[];
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
  @ApiProperty({ type: [QuoteViewDto] }) quotes!: QuoteViewDto[];
  @ApiProperty({ type: [TransitionDto] }) allowed_transitions!: TransitionDto[];
}

/** Exports: the list's filters without limit/cursor, plus format (core/http/export). */
export class OpsRfqExportQuery extends ExportQueryOf(OpsRfqListQuery) {}
