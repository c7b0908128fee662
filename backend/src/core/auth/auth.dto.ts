import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { MIN_PASSWORD_LENGTH } from './password.js';
import { ROLES } from './auth-user.js';

export class LoginDto {
  @ApiProperty({ example: 'sales1@demo.local' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Demo#2026!' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh (single use).' })
  @IsString()
  @Length(10, 200)
  refresh_token!: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) user_id!: string;
  @ApiProperty({ example: 'sales1@demo.local' }) email!: string;
  @ApiProperty({ example: 'Siti Rahmawati' }) full_name!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ example: 'SAL' }) dept_code!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) manager_user_id!: string | null;
  @ApiProperty({ enum: ['id', 'en'] }) locale!: string;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'JWT (HS256), short-lived' }) access_token!: string;
  @ApiProperty({ description: 'Opaque, rotating; each use returns a new one' }) refresh_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expires_in!: number;
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'Siti Rahmawati' })
  @IsOptional() @IsString() @Length(1, 200)
  full_name?: string;

  @ApiPropertyOptional({ enum: ['id', 'en'] })
  @IsOptional() @IsIn(['id', 'en'])
  locale?: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @Length(1, 256)
  current_password!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString() @MinLength(MIN_PASSWORD_LENGTH, { message: `must be at least ${MIN_PASSWORD_LENGTH} characters` }) @MaxLength(256)
  new_password!: string;
}
