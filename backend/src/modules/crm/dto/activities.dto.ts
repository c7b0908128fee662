import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExportQueryOf } from '../../../core/http/export.js';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ACTIVITY_TYPES, IsDateOnly, IsTimestamp, PageQuery, ToBoolean, USER_ACTIVITY_TYPES } from './common.dto.js';

export class LocationDto {
  @ApiProperty({ example: -6.2, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }) @Min(-90) @Max(90)
  lat!: number;

  @ApiProperty({ example: 106.816666, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }) @Min(-180) @Max(180)
  lng!: number;

  @ApiPropertyOptional({ example: 12.5, description: 'Metres' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number' }) @Min(0) @Max(9_999_999)
  accuracy_m?: number;
}

export class CreateActivityDto {
  @ApiProperty({ enum: USER_ACTIVITY_TYPES, description: 'A visit needs a photo (evidence_object_id) and location' })
  @IsIn(USER_ACTIVITY_TYPES as unknown as string[], { message: `must be one of ${USER_ACTIVITY_TYPES.join(', ')}` })
  activity_type!: string;

  @ApiProperty({ example: 'PR-2026-000019', description: 'A prospect you own (a sales manager: of the team)' })
  @IsString() @Matches(/\S/, { message: 'is required' }) @MaxLength(50)
  prospect_id!: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-02-03T10:30:00+07:00', description: 'Default: now; never in the future' })
  @IsOptional() @IsTimestamp()
  occurred_at?: string;

  @ApiPropertyOptional({ example: 'Met the logistics head; wants a sea_fcl quote' })
  @IsOptional() @IsString() @MaxLength(4000)
  notes?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ format: 'uuid', description: 'object_id of a photo you uploaded with POST /api/files to bucket prospect-evidence' })
  @IsOptional() @IsUUID()
  evidence_object_id?: string;
}

export class ActivityListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) prospect_id?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) customer_id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() owner_user_id?: string;
  @ApiPropertyOptional({ enum: ACTIVITY_TYPES }) @IsOptional() @IsIn(ACTIVITY_TYPES as unknown as string[]) activity_type?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Occurred on or after this Asia/Jakarta day' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Occurred on or before this Asia/Jakarta day' }) @IsOptional() @IsDateOnly() to?: string;
  @ApiPropertyOptional({ type: Boolean, default: true, description: 'false: only what people did (no stage_change/rfq_created/handover)' })
  @IsOptional() @ToBoolean() @IsBoolean()
  include_system?: boolean;
}

export class ActivityLocationDto {
  @ApiProperty() lat!: number;
  @ApiProperty() lng!: number;
  @ApiProperty({ nullable: true, type: Number }) accuracy_m!: number | null;
}

export class ActivityDto {
  @ApiProperty({ format: 'uuid' }) activity_id!: string;
  @ApiProperty({ enum: ACTIVITY_TYPES }) activity_type!: string;
  @ApiProperty() prospect_id!: string;
  @ApiProperty() customer_id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the customer is visible to you' }) customer_company_name!: string | null;
  @ApiProperty({ format: 'uuid' }) owner_user_id!: string;
  @ApiProperty({ nullable: true, type: String }) owner_name!: string | null;
  @ApiProperty({ format: 'date-time' }) occurred_at!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ type: ActivityLocationDto, nullable: true }) location!: ActivityLocationDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Download with GET /api/files/{object_id}' }) evidence_object_id!: string | null;
  @ApiProperty({ description: 'Derived by the system (stage_change, rfq_created, handover)' }) is_system!: boolean;
  @ApiProperty({ nullable: true, type: String }) related_lead_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) related_ticket_id!: string | null;
  @ApiProperty({ nullable: true, type: Object }) metadata!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class ActivityListDto {
  @ApiProperty({ type: [ActivityDto] }) items!: ActivityDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

/** The list's filters without limit/cursor, plus format (core/http/export). */
export class ActivityExportQuery extends ExportQueryOf(ActivityListQuery) {}
