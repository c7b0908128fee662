import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExportQueryOf } from '../../../core/http/export.js';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsDateOnly, IsPositiveMoney, MARKETING_EVENT_TYPES, PageQuery, SOURCE_CHANNELS, ToDecimalString } from './common.dto.js';

export class MarketingListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SOURCE_CHANNELS }) @IsOptional() @IsIn(SOURCE_CHANNELS as unknown as string[]) channel?: string;
  @ApiPropertyOptional({ format: 'date', description: 'On or after this day' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'On or before this day' }) @IsOptional() @IsDateOnly() to?: string;
}

export class CreateMarketingEventDto {
  @ApiProperty({ enum: MARKETING_EVENT_TYPES, example: 'event' })
  @IsIn(MARKETING_EVENT_TYPES as unknown as string[], { message: `must be one of ${MARKETING_EVENT_TYPES.join(', ')}` })
  event_type!: string;

  @ApiProperty({ enum: SOURCE_CHANNELS, example: 'event' })
  @IsIn(SOURCE_CHANNELS as unknown as string[], { message: `must be one of ${SOURCE_CHANNELS.join(', ')}` })
  channel!: string;

  @ApiProperty({ format: 'date', example: '2026-02-10' })
  @IsDateOnly()
  occurred_at!: string;

  @ApiProperty({ example: 'JIExpo Logistics Fair 2026' })
  @IsString() @Matches(/\S/, { message: 'is required' }) @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ example: 14, default: 0 })
  @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000)
  leads_generated?: number;

  @ApiPropertyOptional({ example: 'Booth B12, two days' })
  @IsOptional() @IsString() @MaxLength(4000)
  notes?: string;
}

export class MarketingEventDto {
  @ApiProperty({ format: 'uuid' }) event_id!: string;
  @ApiProperty({ enum: MARKETING_EVENT_TYPES }) event_type!: string;
  @ApiProperty({ enum: SOURCE_CHANNELS }) channel!: string;
  @ApiProperty({ format: 'date' }) occurred_at!: string;
  @ApiProperty() title!: string;
  @ApiProperty() leads_generated!: number;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ nullable: true, type: String }) created_by_name!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class MarketingEventListDto {
  @ApiProperty({ type: [MarketingEventDto] }) items!: MarketingEventDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class CreateMarketingSpendDto {
  @ApiProperty({ enum: SOURCE_CHANNELS, example: 'social_media' })
  @IsIn(SOURCE_CHANNELS as unknown as string[], { message: `must be one of ${SOURCE_CHANNELS.join(', ')}` })
  channel!: string;

  @ApiProperty({ format: 'date', example: '2026-02-01' })
  @IsDateOnly()
  spend_date!: string;

  @ApiProperty({ example: '1500000.00', description: 'IDR, > 0, at most 2 decimals; a decimal string (preferred) or a number', oneOf: [{ type: 'string' }, { type: 'number' }] })
  @ToDecimalString() @IsPositiveMoney()
  amount!: string;

  @ApiPropertyOptional({ example: 'Instagram ads, February' })
  @IsOptional() @IsString() @MaxLength(1000)
  notes?: string;
}

export class MarketingSpendDto {
  @ApiProperty({ format: 'uuid' }) spend_id!: string;
  @ApiProperty({ enum: SOURCE_CHANNELS }) channel!: string;
  @ApiProperty({ format: 'date' }) spend_date!: string;
  @ApiProperty({ example: '1500000.00', description: 'Decimal string' }) amount!: string;
  @ApiProperty({ example: 'IDR' }) currency!: string;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ nullable: true, type: String }) created_by_name!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}

export class MarketingSpendListDto {
  @ApiProperty({ type: [MarketingSpendDto] }) items!: MarketingSpendDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

/** The list's filters without limit/cursor, plus format (core/http/export). */
export class MarketingExportQuery extends ExportQueryOf(MarketingListQuery) {}
