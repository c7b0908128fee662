import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ExportQueryOf } from '../../../core/http/export.js';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ROLES } from '../../../core/auth/auth-user.js';
import { MIN_PASSWORD_LENGTH } from '../../../core/auth/password.js';

export class ProfileDto {
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() full_name!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ example: 'SAL' }) dept_code!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) manager_user_id!: string | null;
  @ApiProperty() is_active!: boolean;
  @ApiProperty({ enum: ['id', 'en'] }) locale!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class ProfileListDto {
  @ApiProperty({ type: [ProfileDto] }) items!: ProfileDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

export class CreateUserDto {
  @ApiProperty({ example: 'sales4@demo.local' })
  @IsEmail({}, { message: 'must be an email address' }) @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Dian Sastro' })
  @IsString() @Length(1, 200)
  full_name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES as unknown as string[])
  role!: string;

  @ApiProperty({ example: 'SAL' })
  @IsString() @Matches(/^[A-Z]{2,5}$/, { message: 'must be a department code' })
  dept_code!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional() @IsUUID()
  manager_user_id?: string | null;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, description: 'Initial password; the user should change it' })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({ enum: ['id', 'en'], default: 'id' })
  @IsOptional() @IsIn(['id', 'en'])
  locale?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES as unknown as string[]) role?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Z]{2,5}$/, { message: 'must be a department code' }) dept_code?: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  manager_user_id?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() is_active?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) full_name?: string;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(256)
  password!: string;
}

export class UserListQuery {
  @ApiPropertyOptional({ description: 'Search in name and email' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES as unknown as string[]) role?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Z]{2,5}$/) dept_code?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque cursor from next_cursor' }) @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ example: 'ERP integration' })
  @IsString() @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ default: 90, minimum: 1, maximum: 365, description: 'Days until the token expires' })
  @IsOptional() @IsInt() @Min(1) @Max(3650)
  expires_in_days?: number;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' }) token_id!: string;
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'bcc_pat_AbCd', description: 'Start of the token, to recognise it' }) token_prefix!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) expires_at!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_used_at!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revoked_at!: string | null;
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The token itself. Shown once: store it now.', example: 'bcc_pat_...' }) token!: string;
}

export class ApiTokenListDto {
  @ApiProperty({ type: [ApiTokenDto] }) items!: ApiTokenDto[];
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
}

/** The users list's filters without limit/cursor, plus format (core/http/export). */
export class UserExportQuery extends ExportQueryOf(UserListQuery) {}
