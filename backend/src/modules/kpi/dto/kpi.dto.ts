import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ExportFormatQuery, ExportQueryOf } from '../../../core/http/export.js';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IsDateOnly, IsDecimalAmount, PageQuery, ToDecimalString, TrimToUndefined } from '../../dso/dto/common.dto.js';
import { METRIC_KEYS } from '../kpi-metric-queries.js';

export const KPI_DEPARTMENTS = ['MKT', 'SAL', 'OPS', 'FIN'] as const;
export const KPI_UNITS = ['count', 'idr', 'percent', 'hours', 'days'] as const;
export const KPI_SOURCES = ['AUTO', 'MANUAL', 'IMPORTED'] as const;
export const SOURCE_CHANNELS = ['website', 'referral', 'event', 'social_media', 'email_campaign', 'cold_call', 'whatsapp', 'other'] as const;

const METRIC_KEY = /^[A-Z][A-Z0-9_]{2,63}$/;

// --------------------------------------------------------------- metrics ---
export class MetricListQuery {
  @ApiPropertyOptional({ enum: KPI_DEPARTMENTS, description: 'OPS = every operations department' })
  @IsOptional() @IsIn(KPI_DEPARTMENTS as unknown as string[])
  department?: string;

  @ApiPropertyOptional({ enum: KPI_SOURCES })
  @IsOptional() @IsIn(KPI_SOURCES as unknown as string[])
  source?: string;
}

export class MetricDefinitionDto {
  @ApiProperty({ enum: METRIC_KEYS, example: 'SAL_WIN_RATE' }) metric_key!: string;
  @ApiProperty({ example: 'Rasio menang' }) name!: string;
  @ApiProperty({ example: 'Win rate' }) name_en!: string;
  @ApiProperty({ enum: KPI_DEPARTMENTS }) department!: string;
  @ApiProperty({ enum: KPI_UNITS }) unit!: string;
  @ApiProperty({ enum: KPI_SOURCES, description: 'AUTO = computed from the data; MANUAL/IMPORTED = Σ kpi_entries' }) source!: string;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] }) direction!: string;
  @ApiProperty({ enum: ['sum', 'avg', 'median', 'last', 'ratio'] }) aggregation!: string;
  @ApiProperty() description!: string;
  @ApiProperty() description_en!: string;
  @ApiProperty({ description: 'Can be filtered by source channel (GET /api/kpi/actuals)' }) supports_channel!: boolean;
  @ApiProperty() sort_order!: number;
}

export class MetricListDto {
  @ApiProperty({ type: [MetricDefinitionDto] }) items!: MetricDefinitionDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: the catalogue is one page' }) next_cursor!: null;
}

// --------------------------------------------------------------- targets ---
export class CreateTargetDto {
  @ApiProperty({ example: 'SAL_REVENUE' })
  @IsString() @Matches(METRIC_KEY, { message: 'must be a metric key' })
  metric_key!: string;

  @ApiProperty({ format: 'uuid', description: 'A member of your team (or yourself); super_admin: anyone in the metric\'s department' })
  @IsUUID()
  assignee_user_id!: string;

  @ApiProperty({ format: 'date', example: '2026-02-01' })
  @IsDateOnly()
  period_start!: string;

  @ApiProperty({ format: 'date', example: '2026-02-28', description: 'Inclusive; at most a year after period_start' })
  @IsDateOnly()
  period_end!: string;

  @ApiProperty({ example: '150000000', description: 'In the metric\'s unit (a percentage is at most 100); decimal string or number ≥ 0' })
  @ToDecimalString() @IsDecimalAmount({ positive: false })
  target_value!: string;

  @ApiPropertyOptional({ example: 'Target bulanan' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(1000)
  notes?: string;
}

export class UpdateTargetDto {
  @ApiPropertyOptional({ example: '175000000' })
  @IsOptional() @ToDecimalString() @IsDecimalAmount({ positive: false })
  target_value?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(1000)
  notes?: string | null;
}

export class TargetListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assignee_user_id?: string;
  @ApiPropertyOptional({ example: 'SAL_REVENUE' }) @IsOptional() @Matches(METRIC_KEY, { message: 'must be a metric key' }) metric_key?: string;
  @ApiPropertyOptional({ enum: KPI_DEPARTMENTS }) @IsOptional() @IsIn(KPI_DEPARTMENTS as unknown as string[]) department?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Targets whose period ends on or after this day' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Targets whose period starts on or before this day' }) @IsOptional() @IsDateOnly() to?: string;
}

export class TargetDto {
  @ApiProperty({ format: 'uuid' }) target_id!: string;
  @ApiProperty({ example: 'SAL_REVENUE' }) metric_key!: string;
  @ApiProperty({ example: 'Pendapatan' }) metric_name!: string;
  @ApiProperty({ example: 'Revenue' }) metric_name_en!: string;
  @ApiProperty({ enum: KPI_UNITS }) unit!: string;
  @ApiProperty({ enum: KPI_DEPARTMENTS }) department!: string;
  @ApiProperty({ format: 'uuid' }) assignee_user_id!: string;
  @ApiProperty({ example: 'Siti Rahmawati' }) assignee_name!: string;
  @ApiProperty({ format: 'date' }) period_start!: string;
  @ApiProperty({ format: 'date' }) period_end!: string;
  @ApiProperty({ example: '150000000.00' }) target_value!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class TargetListDto {
  @ApiProperty({ type: [TargetDto] }) items!: TargetDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

// --------------------------------------------------------------- entries ---
export class CreateEntryDto {
  @ApiProperty({ example: 'SAL_REFERRALS', description: 'A MANUAL or IMPORTED metric of the assignee\'s department (an AUTO metric answers 422)' })
  @IsString() @Matches(METRIC_KEY, { message: 'must be a metric key' })
  metric_key!: string;

  @ApiProperty({ format: 'date', example: '2026-02-03', description: 'Not in the future' })
  @IsDateOnly()
  entry_date!: string;

  @ApiProperty({ example: '2', description: 'Decimal string or number ≥ 0' })
  @ToDecimalString() @IsDecimalAmount({ positive: false })
  value!: string;

  @ApiPropertyOptional({ example: 'Referensi dari PT Sinar Jaya' })
  @IsOptional() @TrimToUndefined() @IsString() @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Default: yourself. Managers may enter for their team, super_admin for anyone.' })
  @IsOptional() @IsUUID()
  assignee_user_id?: string;
}

export class EntryListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() assignee_user_id?: string;
  @ApiPropertyOptional({ example: 'SAL_REFERRALS' }) @IsOptional() @Matches(METRIC_KEY, { message: 'must be a metric key' }) metric_key?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Entry date on or after' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Entry date on or before' }) @IsOptional() @IsDateOnly() to?: string;
}

export class EntryDto {
  @ApiProperty({ format: 'uuid' }) entry_id!: string;
  @ApiProperty({ example: 'SAL_REFERRALS' }) metric_key!: string;
  @ApiProperty({ example: 'Referensi' }) metric_name!: string;
  @ApiProperty({ enum: KPI_UNITS }) unit!: string;
  @ApiProperty({ format: 'date' }) entry_date!: string;
  @ApiProperty({ format: 'uuid' }) assignee_user_id!: string;
  @ApiProperty({ example: 'Siti Rahmawati' }) assignee_name!: string;
  @ApiProperty({ example: '2.00' }) value!: string;
  @ApiProperty({ enum: ['MANUAL', 'IMPORTED'] }) source!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Download with GET /api/files/{object_id}' }) evidence_object_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) import_id!: string | null;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class EntryListDto {
  @ApiProperty({ type: [EntryDto] }) items!: EntryDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class EvidenceUploadDto {
  @ApiProperty({ format: 'uuid', description: 'The KPI entry the file proves' })
  @IsUUID()
  kpi_entry_id!: string;
}

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' }) kpi_entry_id!: string;
  @ApiProperty({ format: 'uuid' }) object_id!: string;
  @ApiProperty({ example: 'kpi-evidence' }) bucket!: string;
  @ApiProperty({ example: 48213 }) size!: number;
  @ApiProperty({ example: 'application/pdf', description: 'Judged from the content' }) content_type!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ nullable: true, type: String }) original_name!: string | null;
}

// -------------------------------------------------------------- progress ---
export class ProgressQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Default: yourself. Managers: a team member; director and super_admin: anyone' })
  @IsOptional() @IsUUID()
  assignee_user_id?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Default: first day of the current month (Asia/Jakarta)' })
  @IsOptional() @IsDateOnly()
  period_start?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Default: last day of period_start\'s month' })
  @IsOptional() @IsDateOnly()
  period_end?: string;
}

export class ProgressItemDto {
  @ApiProperty({ example: 'SAL_WIN_RATE' }) metric_key!: string;
  @ApiProperty({ example: 'Rasio menang' }) name!: string;
  @ApiProperty({ example: 'Win rate' }) name_en!: string;
  @ApiProperty({ enum: KPI_DEPARTMENTS }) department!: string;
  @ApiProperty({ enum: KPI_SOURCES }) source!: string;
  @ApiProperty({ enum: KPI_UNITS }) unit!: string;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] }) direction!: string;
  @ApiProperty({ enum: ['sum', 'avg', 'median', 'last', 'ratio'] }) aggregation!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The target set for exactly this period' }) target_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '40.00' }) target_value!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '75.00', description: 'null when status is NA' }) actual_value!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 187.5, description: 'actual ÷ target × 100 (higher is better) or target ÷ actual × 100 (lower is better); null without a target or when the divisor is 0' }) achievement_pct!: number | null;
  @ApiProperty({ enum: ['OK', 'NA'], description: 'Describes actual_value' }) status!: string;
  @ApiProperty({ nullable: true, type: String, example: 'none_closed', enum: ['no_leads', 'none_closed', 'none_won', 'no_entries', 'no_credit_sales', 'nothing_outstanding', 'no_first_responses', 'no_quoted_rfqs', 'no_sla_targets'] }) na_code!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'No prospect was won or lost in the period' }) na_reason!: string | null;
}

export class ActualQuery extends ProgressQuery {
  @ApiPropertyOptional({ enum: SOURCE_CHANNELS, description: 'Only for metrics with supports_channel (MKT_LEADS, MKT_QUALIFIED_LEADS, MKT_SPEND, MKT_CPL)' })
  @IsOptional() @IsIn(SOURCE_CHANNELS as unknown as string[])
  channel?: string;
}

export class ActualDto {
  @ApiProperty({ example: 'MKT_CPL' }) metric_key!: string;
  @ApiProperty({ format: 'uuid' }) assignee_user_id!: string;
  @ApiProperty({ format: 'date' }) period_start!: string;
  @ApiProperty({ format: 'date' }) period_end!: string;
  @ApiProperty({ nullable: true, type: String, enum: SOURCE_CHANNELS }) channel!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2450000.00' }) actual_value!: string | null;
  @ApiProperty({ enum: ['OK', 'NA'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, example: 'no_leads' }) na_code!: string | null;
  @ApiProperty({ nullable: true, type: String }) na_reason!: string | null;
}

export class AssigneesQuery {
  @ApiPropertyOptional({ enum: ['targets', 'progress'], default: 'progress', description: 'targets: whom you may set targets for; progress: whose progress you may read' })
  @IsOptional() @IsIn(['targets', 'progress'])
  purpose?: 'targets' | 'progress';
}

export class AssigneeDto {
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty({ example: 'Siti Rahmawati' }) full_name!: string;
  @ApiProperty({ example: 'salesperson' }) role!: string;
  @ApiProperty({ example: 'SAL' }) dept_code!: string;
  @ApiProperty({ enum: KPI_DEPARTMENTS, nullable: true, type: String, description: 'KPI department family; null = no metrics (DIR)' }) department!: string | null;
  @ApiProperty() is_self!: boolean;
}

export class AssigneeListDto {
  @ApiProperty({ type: [AssigneeDto] }) items!: AssigneeDto[];
}

// --------------------------------------------------------------- exports ---
// Each export takes its list's filters (minus limit/cursor) plus format; see core/http/export.
export class MetricExportQuery extends IntersectionType(MetricListQuery, ExportFormatQuery) {}
export class TargetExportQuery extends ExportQueryOf(TargetListQuery) {}
export class EntryExportQuery extends ExportQueryOf(EntryListQuery) {}
export class ProgressExportQuery extends IntersectionType(ProgressQuery, ExportFormatQuery) {}
