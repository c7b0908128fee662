import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExportQueryOf } from '../../../core/http/export.js';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { LEAD_STATUSES, PageQuery, PROSPECT_STAGES, SOURCE_CHANNELS, TrimToUndefined } from './common.dto.js';
import { TicketSummaryDto } from './leads.dto.js';
import { ActivityDto } from './activities.dto.js';

export class CustomerListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the company name (case, punctuation and legal forms like PT/CV/Tbk ignored), or an exact NPWP (any punctuation, 15 or 16 digits) or email' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: 'Surabaya' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ example: 'Manufacturing' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(100)
  industry?: string;
}

export class CustomerDto {
  @ApiProperty({ example: 'CU-2026-000017' }) customer_id!: string;
  @ApiProperty({ example: 'PT Sinar Jaya Logistik' }) company_name!: string;
  @ApiProperty({ nullable: true, type: String, example: '01.234.567.8-901.000' }) npwp!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String }) city!: string | null;
  @ApiProperty({ nullable: true, type: String }) industry!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class CustomerListDto {
  @ApiProperty({ type: [CustomerDto] }) items!: CustomerDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class CustomerProspectDto {
  @ApiProperty() prospect_id!: string;
  @ApiProperty({ enum: PROSPECT_STAGES }) stage!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null = unassigned (marketing pool)' }) owner_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) owner_name!: string | null;
  @ApiProperty({ format: 'date-time' }) stage_changed_at!: string;
}

export class LeadSummaryDto {
  @ApiProperty() lead_id!: string;
  @ApiProperty() company_name!: string;
  @ApiProperty() contact_name!: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status!: string;
  @ApiProperty({ enum: SOURCE_CHANNELS }) source_channel!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) sales_owner_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) sales_owner_name!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class DuplicateCandidateDto {
  @ApiProperty({ example: 'CU-2026-000003' }) other_customer_id!: string;
  @ApiProperty({ enum: ['npwp', 'email', 'phone', 'company_name', 'similar_name'] }) match_field!: string;
  @ApiProperty({ nullable: true, type: Number, example: 0.812 }) similarity!: number | null;
  @ApiProperty({ enum: ['open', 'merged', 'dismissed'] }) status!: string;
}

export class Customer360Dto {
  @ApiProperty({ type: CustomerDto }) customer!: CustomerDto;
  @ApiProperty({ type: [CustomerProspectDto] }) prospects!: CustomerProspectDto[];
  @ApiProperty({ type: [LeadSummaryDto], description: 'Newest first, at most 100' }) leads!: LeadSummaryDto[];
  @ApiProperty({ type: [TicketSummaryDto], description: 'Newest first, at most 100' }) tickets!: TicketSummaryDto[];
  @ApiProperty({ type: [ActivityDto], description: 'The last 20 activities, system entries included' }) recent_activities!: ActivityDto[];
  @ApiProperty({ nullable: true, type: Object, description: 'Filled once the AR module ships; null until then' }) invoices_summary!: null;
  @ApiProperty({ type: [DuplicateCandidateDto], description: 'Possible duplicates, where your role reviews them' }) duplicate_candidates!: DuplicateCandidateDto[];
}

/** The list's filters without limit/cursor, plus format (core/http/export). */
export class CustomerExportQuery extends ExportQueryOf(CustomerListQuery) {}
