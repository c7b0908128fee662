import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean, IsIn, IsNumber, IsObject, IsPositive, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, ValidateIf, ValidateNested,
} from 'class-validator';
import {
  IsDateOnly, LEAD_STATUSES, PageQuery, PROSPECT_STAGES, SERVICE_TYPES, SOURCE_CHANNELS, TICKET_PRIORITIES, ToBoolean, TrimToUndefined,
} from './common.dto.js';
import { ExportQueryOf } from '../../../core/http/export.js';

const REQUIRED = { message: 'is required' };

// ---------------------------------------------------------------- create ---

export class RfqDto {
  @ApiProperty({ example: 'Jakarta' })
  @IsString() @Matches(/\S/, REQUIRED) @MaxLength(200)
  origin!: string;

  @ApiProperty({ example: 'Singapore' })
  @IsString() @Matches(/\S/, REQUIRED) @MaxLength(200)
  destination!: string;

  @ApiProperty({ enum: SERVICE_TYPES, example: 'sea_fcl', description: 'Decides the default department: air/sea_fcl/sea_lcl → EXI, land → DOM, express → DTD' })
  @IsIn(SERVICE_TYPES as unknown as string[], { message: `must be one of ${SERVICE_TYPES.join(', ')}` })
  service_type!: string;

  @ApiPropertyOptional({ example: 'Frozen seafood' })
  @IsOptional() @IsString() @MaxLength(200)
  commodity?: string;

  @ApiPropertyOptional({ example: 1250.5, description: 'Kilograms, > 0, up to 2 decimals' })
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false }, { message: 'must be a number with at most 2 decimals' })
  @IsPositive() @Max(9_999_999_999.99)
  weight_kg?: number;

  @ApiPropertyOptional({ example: 12.345, description: 'Cubic metres, > 0, up to 3 decimals' })
  @IsOptional() @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false }, { message: 'must be a number with at most 3 decimals' })
  @IsPositive() @Max(999_999_999.999)
  volume_cbm?: number;

  @ApiPropertyOptional({ example: '2026-03-15', format: 'date' })
  @IsOptional() @IsDateOnly()
  ready_date?: string;

  @ApiPropertyOptional({ example: 'EXI', description: 'Operations department to send the RFQ to; default by service_type' })
  @IsOptional() @IsString() @Matches(/^[A-Z]{2,5}$/, { message: 'must be a department code' })
  dept_target?: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, default: 'normal' })
  @IsOptional() @IsIn(TICKET_PRIORITIES as unknown as string[])
  priority?: string;

  @ApiPropertyOptional({ example: '2 x 40ft reefer, door to port' })
  @IsOptional() @IsString() @MaxLength(10000)
  notes?: string;
}

export class CreateLeadDto {
  @ApiProperty({ example: 'PT Sinar Jaya Logistik' })
  @IsString() @Matches(/\S/, REQUIRED) @MaxLength(200)
  company_name!: string;

  @ApiProperty({ example: 'Bapak Hendra' })
  @IsString() @Matches(/\S/, REQUIRED) @MaxLength(200)
  contact_name!: string;

  @ApiPropertyOptional({ example: 'hendra@sinarjaya.co.id', description: 'Checked and normalised by the database' })
  @IsOptional() @IsString() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '0812 3456 7890', description: 'Indonesian or international; stored as typed, matched as E.164' })
  @IsOptional() @IsString() @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({ example: '01.234.567.8-901.000', description: '15 (legacy) or 16 digits, any punctuation' })
  @IsOptional() @IsString() @MaxLength(40)
  npwp?: string;

  @ApiProperty({ enum: SOURCE_CHANNELS, example: 'website' })
  @IsIn(SOURCE_CHANNELS as unknown as string[], { message: `must be one of ${SOURCE_CHANNELS.join(', ')}` })
  source_channel!: string;

  @ApiPropertyOptional({ example: 'Met at the JIExpo logistics fair' })
  @IsOptional() @IsString() @MaxLength(4000)
  notes?: string;

  @ApiPropertyOptional({ type: RfqDto, description: 'A tariff inquiry sent with the lead; creates a masked inquiry_tariff ticket. Incomplete → 422, nothing saved.' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => RfqDto)
  rfq?: RfqDto | null;
}

export class CreatedLeadDto {
  @ApiProperty({ example: 'LD-2026-000042' }) lead_id!: string;
  @ApiProperty({ example: 'CU-2026-000017' }) customer_id!: string;
  @ApiProperty({ example: 'PR-2026-000019' }) prospect_id!: string;
  @ApiProperty({ example: 'TK-2026-000120', nullable: true, type: String, description: 'The RFQ ticket; null without rfq' }) ticket_id!: string | null;
  @ApiProperty({ enum: ['npwp', 'email', 'phone', 'company_name', 'new'], description: 'How the customer was found (new = created)' }) customer_match!: string;
}

// ----------------------------------------------------------------- read ---

export class LeadListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Text search over company, contact, email, phone and NPWP' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: LEAD_STATUSES })
  @IsOptional() @IsIn(LEAD_STATUSES as unknown as string[])
  status?: string;

  @ApiPropertyOptional({ enum: SOURCE_CHANNELS })
  @IsOptional() @IsIn(SOURCE_CHANNELS as unknown as string[])
  source_channel?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  sales_owner_user_id?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only leads not yet handed over to sales' })
  @IsOptional() @ToBoolean() @IsBoolean()
  unassigned?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'Created on or after this Asia/Jakarta day' })
  @IsOptional() @IsDateOnly()
  created_from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Created on or before this Asia/Jakarta day' })
  @IsOptional() @IsDateOnly()
  created_to?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only leads that reached QUALIFIED or later (qualified, handed over, converted — also if disqualified afterwards)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  qualified?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only leads handed over to sales (handed_over_at set)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  handed_over?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only stuck leads — still NEW or QUALIFIED and unchanged for longer than the lead threshold (app.stale_thresholds)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  stale?: boolean;
}

export type LeadFilters = Omit<LeadListQuery, 'limit' | 'cursor'>;

/** The list's filters, without paging, plus format: an export returns every matching row (up to the export limit). */
export class LeadExportQuery extends ExportQueryOf(LeadListQuery) {}

export class LeadDto {
  @ApiProperty({ example: 'LD-2026-000042' }) lead_id!: string;
  @ApiProperty({ example: 'PT Sinar Jaya Logistik' }) company_name!: string;
  @ApiProperty({ example: 'Bapak Hendra' }) contact_name!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) npwp!: string | null;
  @ApiProperty({ enum: SOURCE_CHANNELS }) source_channel!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ enum: LEAD_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Rizky Staf Pemasaran' }) created_by_name!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sales_owner_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Siti Rahmawati' }) sales_owner_name!: string | null;
  @ApiProperty({ example: 'CU-2026-000017' }) customer_id!: string;
  @ApiProperty({ example: 'PR-2026-000019' }) prospect_id!: string;
  @ApiProperty({ enum: PROSPECT_STAGES, nullable: true, type: String, description: 'Stage of the linked prospect when visible to you' }) prospect_stage!: string | null;
  @ApiProperty({ enum: ['npwp', 'email', 'phone', 'company_name', 'new'] }) customer_match!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) handed_over_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) qualified_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) converted_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disqualified_at!: string | null;
  @ApiProperty({ nullable: true, type: String }) disqualified_reason!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-02-03T09:15:00.123+07:00' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ format: 'date-time' }) last_activity_at!: string;
}

export class LeadListDto {
  @ApiProperty({ type: [LeadDto] }) items!: LeadDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class LeadCustomerDto {
  @ApiProperty() customer_id!: string;
  @ApiProperty() company_name!: string;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ nullable: true, type: String }) industry!: string | null;
}

export class LeadProspectDto {
  @ApiProperty() prospect_id!: string;
  @ApiProperty({ enum: PROSPECT_STAGES }) stage!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) owner_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) owner_name!: string | null;
}

export class TicketSummaryDto {
  @ApiProperty({ example: 'TK-2026-000120' }) ticket_id!: string;
  @ApiProperty({ enum: ['inquiry_tariff', 'request_pickup', 'complaint', 'general_request'] }) ticket_type!: string;
  @ApiProperty({ example: 'RFQ Jakarta → Singapore, sea_fcl' }) subject!: string;
  @ApiProperty({ nullable: true, type: String, description: 'RFQs only' }) inquiry_status!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Non-RFQ tickets only' }) ticket_status!: string | null;
  @ApiProperty({ example: 'EXI' }) dept_target!: string;
  @ApiProperty({ enum: TICKET_PRIORITIES }) priority!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class LeadDetailDto extends LeadDto {
  @ApiProperty({ type: LeadCustomerDto, nullable: true }) customer!: LeadCustomerDto | null;
  @ApiProperty({ type: LeadProspectDto, nullable: true }) prospect!: LeadProspectDto | null;
  @ApiProperty({ type: [TicketSummaryDto] }) tickets!: TicketSummaryDto[];
}

export class TimelineItemDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['lead_event', 'activity', 'stage_change', 'audit'] }) kind!: string;
  @ApiProperty({ example: 'handed_over' }) title!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) detail?: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String }) actor_user_id?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) actor_name?: string | null;
}

export class TimelineDto {
  @ApiProperty({ type: [TimelineItemDto] }) items!: TimelineItemDto[];
}

// ---------------------------------------------------------------- update ---

const present = (field: string) => (o: Record<string, unknown>) => o[field] !== undefined;

export class UpdateLeadDto {
  @ApiPropertyOptional({ example: 'PT Sinar Jaya Logistik' })
  @ValidateIf(present('company_name')) @IsString() @Matches(/\S/, REQUIRED) @MaxLength(200)
  company_name?: string;

  @ApiPropertyOptional({ example: 'Ibu Sari' })
  @ValidateIf(present('contact_name')) @IsString() @Matches(/\S/, REQUIRED) @MaxLength(200)
  contact_name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional() @IsString() @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional() @IsString() @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional() @IsString() @MaxLength(40)
  npwp?: string | null;

  @ApiPropertyOptional({ enum: SOURCE_CHANNELS })
  @ValidateIf(present('source_channel')) @IsIn(SOURCE_CHANNELS as unknown as string[])
  source_channel?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @IsString() @MaxLength(4000)
  notes?: string | null;

  @ApiPropertyOptional({ enum: ['QUALIFIED', 'DISQUALIFIED'], description: 'NEW → QUALIFIED; NEW/QUALIFIED/HANDED_OVER → DISQUALIFIED (with a reason). HANDED_OVER only through assign; CONVERTED when the prospect is won.' })
  @ValidateIf(present('status')) @IsIn(['QUALIFIED', 'DISQUALIFIED'])
  status?: 'QUALIFIED' | 'DISQUALIFIED';

  @ApiPropertyOptional({ nullable: true, type: String, example: 'No budget this year' })
  @IsOptional() @IsString() @Length(1, 500)
  disqualified_reason?: string | null;
}

export class AssignLeadDto {
  @ApiProperty({ format: 'uuid', description: 'An active salesperson or sales manager (a sales manager assigns within their team)' })
  @IsUUID()
  sales_owner_user_id!: string;
}

export class AssignedLeadDto {
  @ApiProperty() lead_id!: string;
  @ApiProperty({ format: 'uuid' }) sales_owner_user_id!: string;
  @ApiProperty() prospect_id!: string;
  @ApiProperty({ enum: LEAD_STATUSES, example: 'HANDED_OVER' }) status!: string;
}

export class AssigneeDto {
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty({ example: 'Siti Rahmawati' }) full_name!: string;
  @ApiProperty({ enum: ['salesperson', 'sales_manager'] }) role!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) manager_user_id!: string | null;
}

export class AssigneeListDto {
  @ApiProperty({ type: [AssigneeDto] }) items!: AssigneeDto[];
}
