import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../core/auth/decorators.js';
import { ApiExport } from '../../core/http/export.js';
import { AdminService } from './admin.service.js';
import { CreateUserDto, ProfileDto, ProfileListDto, ResetPasswordDto, UpdateUserDto, UserExportQuery, UserListQuery } from './dto/admin.dto.js';

@ApiTags('users')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Only super_admin manages users' })
@Roles('super_admin')
@Controller('users')
export class UsersController {
  constructor(private readonly admin: AdminService) {}

  @Get()
  @ApiOperation({ summary: 'List users', description: 'Sorted by name; keyset pagination with ?cursor=.' })
  @ApiOkResponse({ type: ProfileListDto })
  list(@Query() q: UserListQuery) {
    return this.admin.listUsers(q);
  }

  @Get('export')
  @ApiExport('Download the filtered users as CSV or XLSX', 'Sorted by name. No password or token data.')
  async export(@Query() q: UserExportQuery, @Res() res: Response): Promise<void> {
    await this.admin.exportUsers(q, res);
  }

  @Get(':user_id')
  @ApiOkResponse({ type: ProfileDto })
  @ApiNotFoundResponse()
  get(@Param('user_id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return this.admin.getUser(id);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user with an initial password' })
  @ApiCreatedResponse({ type: ProfileDto })
  @ApiConflictResponse({ description: 'Email already in use' })
  @ApiUnprocessableEntityResponse({ description: 'Validation failed (errors[] per field)' })
  create(@Body() dto: CreateUserDto) {
    return this.admin.createUser(dto);
  }

  @Patch(':user_id')
  @ApiOperation({ summary: 'Change role, department, manager, name or active status', description: 'Deactivating ends every session of the user.' })
  @ApiOkResponse({ type: ProfileDto })
  @ApiNotFoundResponse()
  update(@Param('user_id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @Body() dto: UpdateUserDto) {
    return this.admin.updateUser(id, dto);
  }

  @Post(':user_id/password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Reset a user\'s password (ends their sessions)' })
  @ApiNoContentResponse()
  async resetPassword(@Param('user_id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @Body() dto: ResetPasswordDto) {
    await this.admin.resetPassword(id, dto.password);
  }
}
