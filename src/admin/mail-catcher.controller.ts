import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { AdminSession } from './admin-session.js';
import { forbiddenPage, mailListPage, mailMessagePage, notFoundPage } from './admin-views.js';
import { CaughtMailService } from './caught-mail.service.js';
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
    private readonly session: AdminSession,
    private readonly mail: CaughtMailService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@Query('before') before: string | undefined, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const staff = await this.allowed(req, reply, '/admin/mail');
    if (!staff) return;
    const { rows, older } = await this.mail.page(typeof before === 'string' ? before : undefined);
    sendPage(reply, 200, mailListPage(staff, rows, older));
  }

  @Get(':id')
  async message(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const staff = await this.allowed(req, reply, `/admin/mail/${id}`);
    if (!staff) return;
    try {
      sendPage(reply, 200, mailMessagePage(staff, await this.mail.message(id)));
    } catch (e) {
      if (!(e instanceof NotFoundException)) throw e;
      sendPage(reply, 404, notFoundPage('No such message: the catcher keeps the latest 2,000.'));
    }
  }

  private async allowed(req: FastifyRequest, reply: FastifyReply, here: string) {
    if (this.config.smtpUrl) {
      sendPage(reply, 404, notFoundPage('Mail goes to the SMTP server in SMTP_URL: there is no caught mail to show.'));
      return null;
    }
    const access = await this.session.admin(req);
    if (access.ok) return access.staff;
    if (access.status === 401) reply.status(302).header('location', `/admin/login?next=${encodeURIComponent(here)}`).send();
    else sendPage(reply, 403, forbiddenPage(access.staff!));
    return null;
  }
}
