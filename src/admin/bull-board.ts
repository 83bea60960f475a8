import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { safeConsoleNext } from '../console/safe-next.js';
import { publicConsolePage } from '../console/views/layout.js';
import { QUEUES } from '../queue/queues.js';
import { html } from '../views/html.js';
import { AdminSession } from './admin-session.js';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board (job-level view of the BullMQ queues) at /admin/queues, registered as a Fastify
 * plugin on the app's own server, behind an onRequest hook that lets only admins in (401 without
 * a login, 403 for a campaigner). Read-only: letters are retried from the dashboard, which moves
 * their rows in PostgreSQL (the truth); a job retried here would find its letter still failed.
 */
@Injectable()
export class BullBoardMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly session: AdminSession,
    @InjectConfig() private readonly config: AppConfig,
    @InjectQueue(QUEUES.letters) private readonly letters: Queue,
    @InjectQueue(QUEUES.notifications) private readonly notifications: Queue,
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
    @InjectQueue(QUEUES.webhooks) private readonly webhooks: Queue,
  ) {}

  onModuleInit() {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify) return; // no HTTP server in this process (ROLE=worker)
    const board = new BullBoardFastifyAdapter();
    createBullBoard({
      queues: [this.letters, this.notifications, this.maintenance, this.webhooks].map((q) => new BullMQAdapter(q, { readOnlyMode: true })),
      // @bull-board/fastify pins its own copy of @bull-board/api (a patch release apart): same shape, separate declarations
      serverAdapter: board as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: {
        uiConfig: {
          boardTitle: 'Appeals queues',
          miscLinks: [{ text: 'Delivery dashboard', url: '/admin' }],
          hideDocsLink: true,
        },
      },
    });
    board.setBasePath(BULL_BOARD_PATH);
    fastify.register(async (scope) => {
      scope.addHook('onRequest', (req, reply) => this.guard(req, reply));
      await scope.register(board.registerPlugin(), { prefix: BULL_BOARD_PATH });
    });
  }

  private async guard(req: FastifyRequest, reply: FastifyReply) {
    const access = await this.session.admin(req);
    if (access.ok) return;
    const error = access.status === 401 ? 'Unauthorized' : 'Forbidden';
    reply.status(access.status).header('cache-control', 'no-store');
    if (access.status === 401 && req.headers.accept?.includes('text/html')) {
      const next = encodeURIComponent(safeConsoleNext(req.url));
      return reply.header('content-type', 'text/html; charset=utf-8').send(
        publicConsolePage(this.config.mail.orgName, {
          title: 'Sign in required',
          body: html`<section class="narrow"><h1>Sign in required</h1><p><a href="/console/login?next=${next}">Sign in as an admin</a> to see the queues.</p></section>`,
        }),
      );
    }
    return reply.send({ statusCode: access.status, message: access.message, error });
  }
}
