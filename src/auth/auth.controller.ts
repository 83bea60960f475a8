import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiInvalid, ErrorResponse } from '../common/error-responses.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { RateLimit } from '../rate-limit/rate-limit.decorator.js';
import { ApiStaffRoute } from './api-staff-route.js';
import { Public, Staff, type StaffPrincipal } from './auth.decorators.js';
import { AuthService, type LoginResult } from './auth.service.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginResponse } from './dto/login-response.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { setSessionCookie, clearSessionCookie } from './session-cookie-options.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Answers the token for API clients and sets the session cookie for the browser pages. Failed
   * attempts are limited per account (LOGIN_ATTEMPTS_PER_15_MIN) and, separately and higher, per
   * client address (LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN): see rate-limit-policies.ts.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({ summary: 'log in: a Bearer token, and the session cookie for the browser pages' })
  @ApiOkResponse({ type: LoginResponse, description: 'the token (also set as the session cookie) and who you are' })
  @ApiInvalid()
  @ApiUnauthorizedResponse({ description: 'wrong email or password (or a deactivated account)', type: ErrorResponse })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    return this.withCookie(reply, await this.auth.login(dto.email, dto.password));
  }

  /** The caller's own password. Every other session of the account ends; this answers a new one. */
  @Post('password')
  @HttpCode(200)
  @ApiStaffRoute()
  @ApiOperation({ summary: 'change your own password (your other sessions end; the answer is a new token and cookie)' })
  @ApiOkResponse({ type: LoginResponse, description: 'a new token (also set as the session cookie)' })
  @ApiInvalid('the current password is wrong, or the new one is too short or the same')
  async changePassword(
    @Body() dto: ChangePasswordDto,
    @Staff() staff: StaffPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return this.withCookie(reply, await this.auth.changePassword(staff, dto.currentPassword, dto.newPassword));
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'clears the session cookie of the browser pages' })
  @ApiNoContentResponse({ description: 'the cookie is cleared' })
  logout(@Res({ passthrough: true }) reply: FastifyReply) {
    clearSessionCookie(reply);
  }

  private withCookie(reply: FastifyReply, result: LoginResult): LoginResult {
    setSessionCookie(reply, this.config, result.accessToken);
    return result;
  }
}
