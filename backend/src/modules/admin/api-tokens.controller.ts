import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IdempotencyRedact } from '../../core/auth/decorators.js';
import { AdminService } from './admin.service.js';
import { ApiTokenListDto, CreateApiTokenDto, CreatedApiTokenDto } from './dto/admin.dto.js';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

class TokenListQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(500) cursor?: string;
}

@ApiTags('api-tokens')
@ApiBearerAuth()
@Controller('api-tokens')
export class ApiTokensController {
  constructor(private readonly admin: AdminService) {}

  @Get()
  @ApiOperation({ summary: 'My partner API tokens (never the secret)' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ type: ApiTokenListDto })
  list(@Query() q: TokenListQuery) {
    return this.admin.listTokens(q.cursor, q.limit);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a partner API token',
    description: 'The token (bcc_pat_...) is returned once; only its hash is stored (an idempotent replay returns token: null). Use it as `Authorization: Bearer bcc_pat_...`; it acts as you, under your role and row-level security.',
  })
  @ApiCreatedResponse({ type: CreatedApiTokenDto })
  @IdempotencyRedact('token')
  create(@Body() dto: CreateApiTokenDto) {
    return this.admin.createToken(dto);
  }

  @Delete(':token_id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token (own; super_admin any)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async revoke(@Param('token_id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    await this.admin.revokeToken(id);
  }
}
