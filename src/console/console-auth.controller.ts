import { Body, Controller, Get, Post, Query, Req, Res, UnauthorizedException, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import { clearSessionCookie, setSessionCookie } from '../auth/session-cookie-options.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { RateLimit } from '../rate-limit/rate-limit.decorator.js';
import { sendPage } from '../admin/send-page.js';
import { ConsoleContexts, type ConsoleRequest } from './console-context.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { formValues, serviceErrors } from './forms.js';
import { safeConsoleNext } from './safe-next.js';
import { accountPage } from './views/account-pages.js';
import { signInPage } from './views/common-pages.js';
import { SignInFailed } from './sign-in-failed.js';

/** Signing in and out of the console, and one's own password. */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Controller('console')
export class ConsoleAuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly contexts: ConsoleContexts,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('login')
  signIn(@Query('next') next: unknown, @Query('out') out: unknown, @Res() reply: FastifyReply) {
    sendPage(reply, 200, signInPage(this.config.mail.orgName, { next: safeConsoleNext(next), notice: out === '1' ? 'You are signed out.' : undefined }));
  }

  /**
   * The same login as POST /api/auth/login (the same rate limit, counted only when it fails),
   * then back to where the visitor was going.
   */
  @Public()
  @Post('login')
  @RateLimit('login')
  async signInPost(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const form = formValues(body);
    const next = safeConsoleNext(form.next);
    const email = (form.email ?? '').trim();
    if (!email || !form.password) throw new SignInFailed(email, next);
    const result = await this.auth.login(email, form.password).catch((e) => {
      throw e instanceof UnauthorizedException ? new SignInFailed(email, next) : e;
    });
    setSessionCookie(reply, this.config, result.accessToken);
    reply.status(303).header('location', next).header('cache-control', 'no-store');
  }

  @Post('logout')
  logout(@Res() reply: FastifyReply) {
    clearSessionCookie(reply);
    reply.status(303).header('location', '/console/login?out=1').header('cache-control', 'no-store').send();
  }

  @Get('account')
  async account(@Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    sendPage(reply, 200, accountPage(await this.contexts.of(req, reply), {}, {}));
  }

  /** One's own password: the other sessions end; this browser gets a new one. */
  @Post('account/password')
  async changePassword(@Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const form = formValues(body);
    const staff = req.staff!;
    const errors: Record<string, string> = {};
    if (!form.currentPassword) errors.currentPassword = 'Enter your current password';
    if ((form.newPassword ?? '').length < 12) errors.newPassword = 'Must be at least 12 characters';
    else if (form.newPassword !== form.confirmPassword) errors.confirmPassword = 'Does not match the new password';
    if (!Object.keys(errors).length) {
      try {
        const result = await this.auth.changePassword(staff, form.currentPassword!, form.newPassword!);
        setSessionCookie(reply, this.config, result.accessToken);
        return this.contexts.redirect(reply, '/console/account', { kind: 'success', text: 'Your password is changed. Your other sessions are signed out.' });
      } catch (e) {
        Object.assign(errors, serviceErrors(e, ['currentPassword', 'newPassword']));
      }
    }
    sendPage(reply, 400, accountPage(await this.contexts.of(req, reply), errors, {}));
  }
}
