import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { ConsoleContexts, type ConsoleContext, type ConsoleRequest } from '../console/console-context.js';
import { forbiddenPage } from '../console/views/common-pages.js';
import { AdminSession } from './admin-session.js';
import { sendPage } from './send-page.js';

/**
 * The admin area's pages (the dashboard, the caught mail) answer people like the console does:
 * no session is the sign-in page (and back here afterwards), a campaigner a 403 page; an admin
 * gets the console's page context.
 */
@Injectable()
export class AdminPageAccess {
  constructor(
    private readonly session: AdminSession,
    private readonly contexts: ConsoleContexts,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async context(req: ConsoleRequest, reply: FastifyReply, here: string): Promise<ConsoleContext | null> {
    const access = await this.session.admin(req);
    if (!access.ok && access.status === 401) {
      reply
        .status(302)
        .header('location', `/console/login?next=${encodeURIComponent(here)}`)
        .send();
      return null;
    }
    req.session = access.session!;
    req.staff = access.staff!;
    const ctx = await this.contexts.of(req, reply);
    if (!access.ok) {
      sendPage(reply, 403, forbiddenPage(ctx, this.config.mail.orgName, access.staff, access.message));
      return null;
    }
    return ctx;
  }
}
