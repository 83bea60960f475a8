import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import type { ConsoleRequest } from '../console/console-context.js';
import { safeConsoleNext } from '../console/safe-next.js';
import { AdminPageAccess } from './admin-page-access.js';
import { dashboardPage } from './admin-views.js';
import { sendPage } from './send-page.js';

/**
 * The delivery-monitoring dashboard (GET /admin), a page of the console's admin area. Public as
 * far as the API guard goes: it checks the session itself, to answer a browser with the sign-in
 * page or a 403 page instead of JSON.
 */
@ApiExcludeController()
@Public()
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly access: AdminPageAccess,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  async dashboard(@Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const ctx = await this.access.context(req, reply, '/admin');
    if (ctx) sendPage(reply, 200, dashboardPage(ctx, this.config.bounceHardLimit, this.config.webhooks.disableAfterHours));
  }

  /** The admin area signs in through the console (one sign-in page for every staff page). */
  @Get('login')
  login(@Query('next') next: unknown, @Res() reply: FastifyReply) {
    reply
      .status(302)
      .header('location', `/console/login?next=${encodeURIComponent(safeConsoleNext(next ?? '/admin'))}`)
      .send();
  }
}
