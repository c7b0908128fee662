import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ExportQueryOf } from '../../core/http/export.js';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditQuery {
  @ApiPropertyOptional({ example: 'leads' }) @IsOptional() @Matches(/^[a-z_]{1,63}$/, { message: 'must be a table name' }) table_name?: string;
  @ApiPropertyOptional({ example: 'LD-2026-000042' }) @IsOptional() @IsString() @MaxLength(100) record_id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() changed_by?: string;
  @ApiPropertyOptional({ enum: ['INSERT', 'UPDATE', 'DELETE'] }) @IsOptional() @IsIn(['INSERT', 'UPDATE', 'DELETE']) action?: string;
  @ApiPropertyOptional({ description: 'From (inclusive): a date (Asia/Jakarta day) or timestamp', example: '2026-11-01' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ description: 'To (inclusive): a date (Asia/Jakarta day) or timestamp', example: '2026-11-30' }) @IsOptional() @IsISO8601() to?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class AuditChangeDto {
  @ApiProperty({ example: 'status' }) field!: string;
  @ApiProperty({ nullable: true, example: 'NEW' }) before!: unknown;
  @ApiProperty({ nullable: true, example: 'QUALIFIED' }) after!: unknown;
}

export class AuditRowDto {
  @ApiProperty({ example: '1234' }) id!: string;
  @ApiProperty({ example: 'leads' }) table_name!: string;
  @ApiProperty({ example: 'LD-2026-000042', nullable: true, type: String }) record_id!: string | null;
  @ApiProperty({ enum: ['INSERT', 'UPDATE', 'DELETE'] }) action!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) changed_by!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Maya Manajer Pemasaran' }) changed_by_name!: string | null;
  @ApiProperty({ format: 'date-time' }) changed_at!: string;
  @ApiProperty({ nullable: true, type: Object }) before_data!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object }) after_data!: Record<string, unknown> | null;
  @ApiProperty({ type: [AuditChangeDto], description: 'Fields that differ (UPDATE), or every field (INSERT/DELETE); bookkeeping columns left out' }) changes!: AuditChangeDto[];
}

export class AuditListDto {
  @ApiProperty({ type: [AuditRowDto] }) items!: AuditRowDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

/** The audit list's filters without limit/cursor, plus format (core/http/export). */
export class AuditExportQuery extends ExportQueryOf(AuditQuery) {}
