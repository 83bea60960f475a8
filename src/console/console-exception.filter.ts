import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { sendPage } from '../admin/send-page.js';
import { ConsoleContexts, type ConsoleRequest } from './console-context.js';
import { messagesOf } from './forms.js';
import { errorPage, forbiddenPage, notFoundPage, signInPage } from './views/common-pages.js';
import { SignInFailed } from './sign-in-failed.js';

/**
 * The console answers people, not programs: no session is a redirect to the sign-in page (and
 * back here afterwards), the wrong role a 403 page, an unknown id a 404 page, anything else a
 * page that says what went wrong, never a JSON error or a blank screen.
 */
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('Console');

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly contexts: ConsoleContexts,
  ) {}

  async catch(e: unknown, host: ArgumentsHost) {
    const req = host.switchToHttp().getRequest<ConsoleRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const org = this.config.mail.orgName;
    const status = e instanceof HttpException ? e.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (e instanceof SignInFailed) {
      return sendPage(reply, 401, signInPage(org, { next: e.next, email: e.email, errors: { '': 'Wrong email or password. Check both and try again.' } }));
    }
    if (status === HttpStatus.TOO_MANY_REQUESTS && req.url.startsWith('/console/login')) {
      return sendPage(reply, 429, signInPage(org, { next: '/console', errors: { '': messagesOf(e as HttpException).join(' ') } }));
    }
    if (status === HttpStatus.UNAUTHORIZED) {
      const next = req.method === 'GET' ? req.url : '/console';
      return reply
        .status(303)
        .header('location', `/console/login?next=${encodeURIComponent(next)}`)
        .header('cache-control', 'no-store')
        .send();
    }
    const ctx = req.session ? await this.contexts.of(req, reply).catch(() => null) : null;
    const message = e instanceof HttpException ? messagesOf(e).join(' ') : 'The server could not do that. It has been logged; try again in a moment.';
    if (status === HttpStatus.FORBIDDEN) return sendPage(reply, 403, forbiddenPage(ctx, org, req.staff ?? null, message));
    if (status === HttpStatus.NOT_FOUND) return sendPage(reply, 404, notFoundPage(ctx, org, message));
    if (status >= 500) this.log.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    if (e instanceof HttpException) {
      const retryAfter = reply.getHeader('retry-after');
      if (retryAfter) reply.header('retry-after', retryAfter);
    }
    sendPage(reply, status, errorPage(ctx, org, status, message));
  }
}
