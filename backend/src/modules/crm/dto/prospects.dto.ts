import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExportQueryOf } from '../../../core/http/export.js';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQuery, PROSPECT_STAGES, ToBoolean, TrimToUndefined } from './common.dto.js';

export class ProspectListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'CU-2026-000017' }) @IsOptional() @IsString() @MaxLength(50) customer_id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() owner_user_id?: string;
  @ApiPropertyOptional({ enum: PROSPECT_STAGES }) @IsOptional() @IsIn(PROSPECT_STAGES as unknown as string[]) stage?: string;
  @ApiPropertyOptional({ description: 'Part of the customer\'s company name (case, punctuation and legal forms ignored)' }) @IsOptional() @TrimToUndefined() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ type: Boolean, description: 'true: only the unassigned marketing pool' })
  @IsOptional() @ToBoolean() @IsBoolean()
  unassigned?: boolean;
  @ApiPropertyOptional({ type: Boolean, description: 'true: only open prospects (not WON or LOST)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  open?: boolean;
  @ApiPropertyOptional({ type: Boolean, description: 'true: only prospects with an owner (for a sales manager: the team\'s, without the unassigned pool)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  assigned?: boolean;
  @ApiPropertyOptional({ type: Boolean, description: 'true: only stuck prospects — open with no activity or stage change for longer than the prospect threshold (app.stale_thresholds)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  stale?: boolean;
}

export class ProspectDto {
  @ApiProperty({ example: 'PR-2026-000019' }) prospect_id!: string;
  @ApiProperty({ example: 'CU-2026-000017' }) customer_id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the customer is visible to you' }) customer_company_name!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null = unassigned' }) owner_user_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) owner_name!: string | null;
  @ApiProperty({ enum: PROSPECT_STAGES }) stage!: string;
  @ApiProperty({ format: 'date-time' }) stage_changed_at!: string;
  @ApiProperty({ nullable: true, type: String }) lost_reason!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) created_by!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ format: 'date-time' }) last_activity_at!: string;
  @ApiProperty({
    enum: PROSPECT_STAGES, isArray: true,
    description: 'Stages you may move this prospect to now (empty when you cannot update it): explains refused moves on the pipeline board',
  })
  allowed_stages!: string[];
}

export class ProspectListDto {
  @ApiProperty({ type: [ProspectDto] }) items!: ProspectDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class UpdateProspectDto {
  @ApiProperty({ enum: PROSPECT_STAGES, example: 'CONTACTED', description: 'Forward (may skip) or LOST; back and reopen for managers. Refused moves → 409 with allowed[]' })
  @IsIn(PROSPECT_STAGES as unknown as string[])
  stage!: string;

  @ApiPropertyOptional({ example: 'Chose a competitor on price', description: 'Kept with stage LOST' })
  @IsOptional() @IsString() @Length(1, 500)
  lost_reason?: string;
}

export class StageHistoryDto {
  @ApiProperty({ enum: PROSPECT_STAGES, nullable: true, type: String, description: 'null for the creation entry' }) from_stage!: string | null;
  @ApiProperty({ enum: PROSPECT_STAGES }) to_stage!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) changed_by!: string | null;
  @ApiProperty({ nullable: true, type: String }) changed_by_name!: string | null;
  @ApiProperty({ format: 'date-time' }) changed_at!: string;
}

export class StageHistoryListDto {
  @ApiProperty({ type: [StageHistoryDto] }) items!: StageHistoryDto[];
}

/** The list's filters without limit/cursor, plus format (core/http/export). */
export class ProspectExportQuery extends ExportQueryOf(ProspectListQuery) {}
