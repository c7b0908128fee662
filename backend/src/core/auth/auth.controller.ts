import { Body, Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from './auth-user.js';
import { ChangePasswordDto, LoginDto, RefreshDto, TokenResponseDto, UpdateMeDto, UserDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { CurrentUser, NoTransaction, Public } from './decorators.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @Public()
  @NoTransaction()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password', description: 'Returns a short-lived access token (JWT) and a rotating refresh token. Failed attempts are throttled per account (5 per 15 min) and per IP.' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Email or password is incorrect (same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; Retry-After says when to try again' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<TokenResponseDto> {
    return this.auth.login(body.email, body.password, req.ip);
  }

  @Post('auth/refresh')
  @Public()
  @NoTransaction()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens', description: 'Single use: the presented token is spent. Presenting a spent token again revokes every token of that sign-in (reuse detection).' })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired or reused refresh token' })
  refresh(@Body() body: RefreshDto): Promise<TokenResponseDto> {
    return this.auth.refresh(body.refresh_token);
  }

  @Post('auth/logout')
  @Public()
  @NoTransaction()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revokes the refresh token and its whole family' })
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refresh_token);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.auth.me(user);
  }

  @Patch('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Update own name or language' })
  @ApiOkResponse({ type: UserDto })
  updateMe(@CurrentUser() user: AuthUser, @Body() body: UpdateMeDto): Promise<UserDto> {
    return this.auth.updateMe(user, body);
  }

  @Post('me/password')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Change own password (ends other sessions)' })
  @ApiNoContentResponse()
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, body.current_password, body.new_password);
  }
}
