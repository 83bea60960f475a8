import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import type { ConsoleContext, ConsoleRequest } from '../console/console-context.js';
import { notFoundPage } from '../console/views/common-pages.js';
import { AdminPageAccess } from './admin-page-access.js';
import { CaughtMailService } from './caught-mail.service.js';
import { mailListPage, mailMessagePage } from './mail-catcher-views.js';
import { sendPage } from './send-page.js';

/**
 * /admin/mail: what the embedded development mail catcher received. It exists only when
 * SMTP_URL is unset (the development default); with a real SMTP server it is a 404.
 */
@ApiExcludeController()
@Public()
@Controller('admin/mail')
export class MailCatcherController {
  constructor(
    private readonly access: AdminPageAccess,
    private readonly mail: CaughtMailService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Query('before') before: string | undefined, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const ctx = await this.allowed(req, reply, '/admin/mail');
    if (!ctx) return;
    const { rows, older } = await this.mail.page(typeof before === 'string' ? before : undefined);
    sendPage(reply, 200, mailListPage(ctx, rows, older));
  }

  @Get(':id')
  async message(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const ctx = await this.allowed(req, reply, `/admin/mail/${id}`);
    if (!ctx) return;
    try {
      sendPage(reply, 200, mailMessagePage(ctx, await this.mail.message(id)));
    } catch (e) {
      if (!(e instanceof NotFoundException)) throw e;
      sendPage(reply, 404, notFoundPage(ctx, this.config.mail.orgName, 'No such message: the catcher keeps the latest 2,000.'));
    }
  }

  /**
   * The message's HTML part, as the message page frames it (<iframe sandbox>). Its own
   * Content-Security-Policy (content-security-policy.ts) runs no script and loads nothing from
   * elsewhere, even when the URL is opened directly; only this site may frame it.
   */
  @Get(':id/html')
  async htmlPart(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const ctx = await this.allowed(req, reply, `/admin/mail/${id}`);
    if (!ctx) return;
    let part: string | null;
    try {
      part = await this.mail.htmlPart(id);
    } catch (e) {
      if (!(e instanceof NotFoundException)) throw e;
      part = null;
    }
    if (part === null) return sendPage(reply, 404, notFoundPage(ctx, this.config.mail.orgName, 'This message has no HTML part.'));
    reply.status(200).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').header('x-frame-options', 'SAMEORIGIN').send(part);
  }

  private async allowed(req: ConsoleRequest, reply: FastifyReply, here: string): Promise<ConsoleContext | null> {
    if (this.config.smtpUrl) {
      sendPage(reply, 404, notFoundPage(null, this.config.mail.orgName, 'Mail goes to the SMTP server in SMTP_URL: there is no caught mail to show.'));
      return null;
    }
    return this.access.context(req, reply, here);
  }
}
