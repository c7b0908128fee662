import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsDateOnly } from '../../crm/dto/common.dto.js';
import { TICKET_PRIORITIES, TICKET_TYPES } from '../../ticketing/dto/common.dto.js';

/*
 * Reference data (departments, holidays, SLA policies, stale thresholds).
 * The DTOs check types and the simple bounds; the SQL write functions of
 * migration 0540 state every rule again (incl. cross-field ones) and are what
 * finally decides, with the same 422 field errors.
 */

const SLA_NOTE =
  'Targets are business minutes (Mon–Fri 08:00–17:00 Asia/Jakarta minus holidays; one business day = 540 minutes). ' +
  'A ticket is at risk once 80 % of a target has elapsed. Due and at-risk times are stored on each ticket when it is created, ' +
  'so a change affects tickets created (or re-prioritised) afterwards only.';

// ------------------------------------------------------------- departments ---
export class DepartmentDto {
  @ApiProperty({ example: 'DOM', pattern: '^[A-Z]{2,5}$' }) dept_code!: string;
  @ApiProperty({ example: 'Domestik' }) name!: string;
  @ApiProperty({ example: 'Domestic' }) name_en!: string;
  @ApiProperty({ description: 'Operations department (has a ticket queue, receives RFQs). Not editable.' }) is_ops!: boolean;
  @ApiProperty({ example: 50, description: 'List order (ascending)' }) sort_order!: number;
}

export class DepartmentListDto {
  @ApiProperty({ type: [DepartmentDto] }) items!: DepartmentDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: reference lists are small and returned whole' }) next_cursor!: null;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: 'Domestik', minLength: 1, maxLength: 100 })
  @IsOptional() @IsString() @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ example: 'Domestic', minLength: 1, maxLength: 100 })
  @IsOptional() @IsString() @Length(1, 100)
  name_en?: string;

  @ApiPropertyOptional({ example: 50, minimum: 0, maximum: 10000 })
  @IsOptional() @IsInt({ message: 'must be a whole number' }) @Min(0) @Max(10000)
  sort_order?: number;
}

// ---------------------------------------------------------------- holidays ---
export class HolidayDto {
  @ApiProperty({ format: 'date', example: '2026-08-17' }) holiday_date!: string;
  @ApiProperty({ example: 'Hari Kemerdekaan Republik Indonesia' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Independence Day' }) name_en!: string | null;
  @ApiProperty({ minimum: 1, maximum: 7, example: 1, description: 'ISO weekday: 1 = Monday … 7 = Sunday' }) iso_weekday!: number;
  @ApiProperty({ description: 'Saturday or Sunday: not a business day anyway, so the holiday changes no business time' }) is_weekend!: boolean;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class HolidayListDto {
  @ApiProperty({ type: [HolidayDto] }) items!: HolidayDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: reference lists are small and returned whole' }) next_cursor!: null;
}

export class HolidayListQuery {
  @ApiPropertyOptional({ example: 2026, minimum: 2000, maximum: 2100, description: 'Only the holidays of this calendar year' })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'must be a year' }) @Min(2000) @Max(2100)
  year?: number;
}

export class CreateHolidayDto {
  @ApiProperty({ format: 'date', example: '2026-12-24', description: 'YYYY-MM-DD, between 2000-01-01 and 2100-12-31; one holiday per day (409 when taken)' })
  @IsDateOnly()
  holiday_date!: string;

  @ApiProperty({ example: 'Cuti Bersama Natal', minLength: 1, maxLength: 200 })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'Christmas Eve (collective leave)', maxLength: 200, nullable: true, type: String })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(200)
  name_en?: string | null;
}

export class UpdateHolidayDto {
  @ApiPropertyOptional({ example: 'Cuti Bersama Natal', minLength: 1, maxLength: 200 })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, type: String, description: 'null or "" removes the English name' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(200)
  name_en?: string | null;
}

// ------------------------------------------------------------ SLA policies ---
export class SlaPolicyDto {
  @ApiProperty({ enum: TICKET_TYPES }) ticket_type!: string;
  @ApiProperty({ enum: TICKET_PRIORITIES }) priority!: string;
  @ApiProperty({ example: 120, description: 'First-response target in business minutes (as stored)' }) first_response_minutes!: number;
  @ApiProperty({ example: 1080, description: 'Resolution target in business minutes (as stored)' }) resolution_minutes!: number;
  @ApiProperty({ example: 2, description: 'first_response_minutes ÷ 60, rounded to 2 decimals' }) first_response_hours!: number;
  @ApiProperty({ example: 18, description: 'resolution_minutes ÷ 60, rounded to 2 decimals' }) resolution_hours!: number;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class SlaPolicyListDto {
  @ApiProperty({ type: [SlaPolicyDto], description: 'Ordered by ticket type, then priority (low → urgent)' }) items!: SlaPolicyDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: reference lists are small and returned whole' }) next_cursor!: null;
}

export class UpdateSlaPolicyDto {
  @ApiPropertyOptional({ example: 120, minimum: 1, maximum: 100000, description: `Business minutes. ${SLA_NOTE}` })
  @IsOptional() @IsInt({ message: 'must be a whole number of business minutes' }) @Min(1) @Max(100000)
  first_response_minutes?: number;

  @ApiPropertyOptional({ example: 1080, minimum: 1, maximum: 1000000, description: 'Business minutes; at least the first-response target (after this change)' })
  @IsOptional() @IsInt({ message: 'must be a whole number of business minutes' }) @Min(1) @Max(1000000)
  resolution_minutes?: number;
}

// -------------------------------------------------------- stale thresholds ---
export class StaleThresholdDto {
  @ApiProperty({ example: 'ticket', description: 'What the threshold applies to (ticket, lead, prospect, import, …)' }) entity!: string;
  @ApiProperty({ example: '2 days', description: 'The stored interval, as PostgreSQL writes it' }) threshold!: string;
  @ApiProperty({ example: 2880, description: 'The threshold in whole minutes (exact)' }) threshold_minutes!: number;
  @ApiProperty({ example: 48, description: 'The threshold in hours (2 decimals)' }) threshold_hours!: number;
  @ApiProperty({ example: 2, description: 'The threshold in days (2 decimals)' }) threshold_days!: number;
  @ApiProperty({ example: 'Open ticket with no message, file or change for this long' }) description!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class StaleThresholdListDto {
  @ApiProperty({ type: [StaleThresholdDto] }) items!: StaleThresholdDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Always null: reference lists are small and returned whole' }) next_cursor!: null;
}

export class UpdateStaleThresholdDto {
  @ApiPropertyOptional({ example: 48, exclusiveMinimum: true, minimum: 0, maximum: 8760, description: 'Hours (days × 24); more than 0, at most 8760 (365 days), whole minutes (e.g. 0.5 = 30 minutes)' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of hours' })
  threshold_hours?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 500 })
  @IsOptional() @IsString() @Length(1, 500)
  description?: string;
}

export const SLA_POLICY_NOTE = SLA_NOTE;
