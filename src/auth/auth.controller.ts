import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { RateLimit } from '../rate-limit/rate-limit.decorator.js';
import { ApiInvalid, ErrorResponse } from './api-responses.js';
import { Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginResponse } from './dto/login-response.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { SESSION_COOKIE } from './session-cookie.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Answers the token for API clients and sets the session cookie for the browser pages. Failed
   * attempts are limited per client address and per account (LOGIN_ATTEMPTS_PER_15_MIN).
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
    const result = await this.auth.login(dto.email, dto.password);
    reply.setCookie(SESSION_COOKIE, result.accessToken, {
      httpOnly: true,
      secure: this.config.publicUrl.startsWith('https:'),
      sameSite: 'strict',
      path: '/',
      maxAge: this.config.jwtTtlMinutes * 60,
    });
    return result;
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'clears the session cookie of the browser pages' })
  @ApiNoContentResponse({ description: 'the cookie is cleared' })
  logout(@Res({ passthrough: true }) reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
