import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { AdminSession } from './admin-session.js';
import { safeNext } from './safe-next.js';
import { dashboardPage, forbiddenPage, loginPage } from './admin-views.js';
import { sendPage } from './send-page.js';

/**
 * The delivery-monitoring dashboard (GET /admin) and its login page. Public as far as the API
 * guard goes: these handlers check the session themselves, to answer a browser with a login
 * page or a 403 page instead of JSON.
 */
@ApiExcludeController()
@Public()
@Controller('admin')
export class AdminPagesController {
  constructor(
    private readonly session: AdminSession,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  async dashboard(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const access = await this.session.admin(req);
    if (!access.ok && access.status === 401) return reply.status(302).header('location', '/admin/login').send();
    if (!access.ok) return sendPage(reply, 403, forbiddenPage(access.staff!));
    sendPage(reply, 200, dashboardPage(access.staff, !this.config.smtpUrl, this.config.bounceHardLimit));
  }

  @Get('login')
  login(@Query('next') next: unknown, @Res() reply: FastifyReply) {
    sendPage(reply, 200, loginPage(safeNext(next)));
  }
}
