import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ExportQueryOf } from '../../../core/http/export.js';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const IMPORT_MODULES = ['leads', 'customers', 'invoices', 'payments', 'kpi_entries', 'marketing_spend'] as const;
export type ImportModule = (typeof IMPORT_MODULES)[number];
export const IMPORT_STATUSES = ['UPLOADED', 'STAGED', 'PROCESSING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'] as const;
export const IMPORT_ROW_STATUSES = ['PENDING', 'OK', 'ERROR'] as const;
export const DSO_IMPORT_MODULES = ['invoices', 'payments'] as const;

/** Multipart booleans arrive as text. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class PageQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from next_cursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;
}

/** The form fields that go with the file of POST /api/imports. */
export class UploadImportDto {
  @ApiProperty({ enum: IMPORT_MODULES })
  @IsIn(IMPORT_MODULES as unknown as string[], { message: `must be one of ${IMPORT_MODULES.join(', ')}` })
  module!: ImportModule;

  @ApiPropertyOptional({ description: 'true: start processing right after staging (same as POST /process)', default: false })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  process?: boolean;
}

/** POST /api/kpi/import: the module is kpi_entries. */
export class UploadKpiImportDto {
  @ApiPropertyOptional({ description: 'true: start processing right after staging', default: false })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  process?: boolean;
}

/** POST /api/dso/import: invoices or payments. */
export class UploadDsoImportDto {
  @ApiProperty({ enum: DSO_IMPORT_MODULES })
  @IsIn(DSO_IMPORT_MODULES as unknown as string[], { message: `must be one of ${DSO_IMPORT_MODULES.join(', ')}` })
  module!: 'invoices' | 'payments';

  @ApiPropertyOptional({ description: 'true: start processing right after staging', default: false })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  process?: boolean;
}

export class ImportListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IMPORT_MODULES }) @IsOptional() @IsIn(IMPORT_MODULES as unknown as string[]) module?: string;
  @ApiPropertyOptional({ enum: IMPORT_STATUSES }) @IsOptional() @IsIn(IMPORT_STATUSES as unknown as string[]) status?: string;
  @ApiPropertyOptional({ description: 'true: only imports you uploaded' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'Uploaded on or after this Asia/Jakarta day' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' })
  created_from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Uploaded on or before this Asia/Jakarta day' })
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: 'must be a date YYYY-MM-DD' })
  created_to?: string;

  @ApiPropertyOptional({ description: 'true: only imports not finished (UPLOADED, STAGED, PROCESSING)' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ description: 'true: only stuck imports — not finished and not progressing for longer than the import threshold (app.stale_thresholds)' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  stale?: boolean;
}

export class ImportRowsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IMPORT_ROW_STATUSES }) @IsOptional() @IsIn(IMPORT_ROW_STATUSES as unknown as string[]) status?: string;
}

export class ImportDto {
  @ApiProperty({ example: 'IM-2026-000042' }) import_id!: string;
  @ApiProperty({ enum: IMPORT_MODULES }) module!: string;
  @ApiProperty({ enum: IMPORT_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String }) file_name!: string | null;
  @ApiProperty({ enum: ['csv', 'xlsx'] }) file_format!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) file_object_id!: string | null;
  @ApiProperty({ type: [String], description: 'The header of the file (normalised names, file order)' }) columns!: string[];
  @ApiProperty({ description: 'Data rows staged' }) total_rows!: number;
  @ApiProperty({ description: 'Rows imported (derived from the rows)' }) success_rows!: number;
  @ApiProperty({ description: 'Rows refused with an error (derived from the rows)' }) error_rows!: number;
  @ApiProperty({ description: 'Rows the current run has gone through (progress)' }) progress_rows!: number;
  @ApiProperty({ description: 'How many times processing was started' }) run_count!: number;
  @ApiProperty({ description: 'PROCESSING without a committed batch for a while: its process died; it may be processed again' }) is_stalled!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last run failed' }) last_error!: string | null;
  @ApiProperty({ format: 'uuid' }) created_by!: string;
  @ApiProperty({ nullable: true, type: String }) created_by_name!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) started_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) processed_at!: string | null;
}

export class ImportListDto {
  @ApiProperty({ type: [ImportDto] }) items!: ImportDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class ImportRowDto {
  @ApiProperty({ description: 'Row in the spreadsheet (the header is row 1)' }) row_number!: number;
  @ApiProperty({ enum: IMPORT_ROW_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: String, example: 'invoice_date: must be a date (YYYY-MM-DD or DD/MM/YYYY)' }) error_message!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The cells as uploaded' }) row_data!: Record<string, string>;
  @ApiProperty({ nullable: true, type: String, description: 'The record the row created or matched' }) target_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) processed_at!: string | null;
}

export class ImportRowListDto {
  @ApiProperty({ type: [ImportRowDto] }) items!: ImportRowDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class ImportTemplateColumnDto {
  @ApiProperty() column_name!: string;
  @ApiProperty({ nullable: true, type: String, description: 'NULL: optional; columns sharing a group are alternatives' }) required_group!: string | null;
  @ApiProperty() example!: string;
}

export class ImportTemplateDto {
  @ApiProperty({ enum: IMPORT_MODULES }) module!: string;
  @ApiProperty({ type: [ImportTemplateColumnDto] }) columns!: ImportTemplateColumnDto[];
}

/** Exports: the list's filters without limit/cursor, plus format (core/http/export). */
export class ImportExportQuery extends ExportQueryOf(ImportListQuery) {}
export class ImportRowsExportQuery extends ExportQueryOf(ImportRowsQuery) {}
