import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.decorators.js';
import type { CampaignAction } from '../../campaigns/campaign-status.js';
import { CampaignsService, type CampaignView } from '../../campaigns/campaigns.service.js';
import { CreateCampaignDto, UpdateCampaignDto } from '../../campaigns/dto/campaign.dto.js';
import { DrainForecastService } from '../../campaigns/drain-forecast.service.js';
import { UUID } from '../../common/uuid-param.js';
import { DeliveryReportsService } from '../../deliveries/delivery-reports.service.js';
import { DeliveryStatsService } from '../../deliveries/delivery-stats.service.js';
import { sendPage } from '../../admin/send-page.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf, serviceErrors, validateAs } from '../forms.js';
import { campaignFormPage, CAMPAIGN_LABELS } from '../views/campaigns/campaign-form.js';
import { campaignCrumbs } from '../views/campaigns/campaign-header.js';
import { campaignListPage } from '../views/campaigns/campaign-list.js';
import { campaignOverviewPage } from '../views/campaigns/campaign-overview.js';
import { confirmPage } from '../views/common-pages.js';
import { count } from '../views/format.js';
import { campaignBody, campaignValues } from './campaign-form-mapping.js';

const FIELDS = Object.keys(CAMPAIGN_LABELS);
/** A refusal's words that name a field without its path: shown beside that field. */
const HINTS = { slug: /\bslug\b/i };

/**
 * Campaigns in the console: the list, a new campaign, its overview, its settings and its status
 * changes. Every change goes through CampaignsService, validated by the API's own DTOs, audited
 * as the API audits it.
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('campaigner')
@Controller('console')
export class ConsoleCampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly stats: DeliveryStatsService,
    private readonly reports: DeliveryReportsService,
    private readonly forecasts: DrainForecastService,
    private readonly contexts: ConsoleContexts,
  ) {}

  @Get()
  home(@Res() reply: FastifyReply) {
    reply.status(302).header('location', '/console/campaigns').send();
  }

  @Get('campaigns')
  async list(@Req() req: ConsoleRequest, @Res() reply: FastifyReply, @Query('cursor') cursor?: string) {
    const page = await this.campaigns.list({ cursor: typeof cursor === 'string' ? cursor : undefined, limit: 25 });
    const stats = new Map((await this.stats.campaigns(page.items.map((c) => c.id))).map((s) => [s.id, s]));
    const items = page.items.map((campaign) => ({ campaign, stats: stats.get(campaign.id) }));
    sendPage(reply, 200, campaignListPage(await this.contexts.of(req, reply), items, page.nextCursor));
  }

  @Get('campaigns/new')
  async newForm(@Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const ctx = await this.contexts.of(req, reply);
    sendPage(
      reply,
      200,
      campaignFormPage(ctx, {
        mode: 'create',
        action: '/console/campaigns',
        values: { requireConfirmation: 'true', 'delivery.mode': 'individual' },
        errors: {},
        crumbs: [{ href: '/console/campaigns', label: 'Campaigns' }],
      }),
    );
  }

  @Post('campaigns')
  async create(@Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const values = formValues(body);
    const checked = await validateAs(CreateCampaignDto, campaignBody(values, 'create'));
    let errors = checked.ok ? {} : checked.errors;
    if (checked.ok) {
      try {
        const campaign = await this.campaigns.create(checked.dto, req.staff!);
        return this.contexts.redirect(reply, `/console/campaigns/${campaign.id}`, {
          kind: 'success',
          text: `Campaign created, as a draft. Next: attach its targets, then launch it.`,
        });
      } catch (e) {
        errors = serviceErrors(e, FIELDS, HINTS);
      }
    }
    const ctx = await this.contexts.of(req, reply);
    sendPage(
      reply,
      400,
      campaignFormPage(ctx, { mode: 'create', action: '/console/campaigns', values, errors, crumbs: [{ href: '/console/campaigns', label: 'Campaigns' }] }),
    );
  }

  @Get('campaigns/:id')
  async overview(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const [[stats], letters, forecast] = await Promise.all([this.stats.campaigns([id]), this.reports.perTarget(id), this.forecasts.forecast(id)]);
    sendPage(reply, 200, campaignOverviewPage(await this.contexts.of(req, reply), campaign, { stats, letters, forecast }));
  }

  @Get('campaigns/:id/settings')
  async settings(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    sendPage(reply, 200, this.settingsPage(await this.contexts.of(req, reply), campaign, campaignValues(campaign), {}));
  }

  @Post('campaigns/:id/settings')
  async saveSettings(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const values = formValues(body);
    const slugLocked = campaign.status !== 'draft';
    if (slugLocked) values.slug = campaign.slug;
    const checked = await validateAs(UpdateCampaignDto, campaignBody(values, 'update', slugLocked));
    let errors = checked.ok ? {} : checked.errors;
    if (checked.ok) {
      try {
        await this.campaigns.update(id, checked.dto, req.staff!);
        return this.contexts.redirect(reply, `/console/campaigns/${id}`, { kind: 'success', text: 'Settings saved.' });
      } catch (e) {
        errors = serviceErrors(e, FIELDS, HINTS);
      }
    }
    sendPage(reply, 400, this.settingsPage(await this.contexts.of(req, reply), campaign, values, errors));
  }

  @Get('campaigns/:id/launch')
  confirmLaunch(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.confirmAction(id, 'launch', req, reply);
  }

  @Get('campaigns/:id/pause')
  confirmPause(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.confirmAction(id, 'pause', req, reply);
  }

  @Get('campaigns/:id/resume')
  confirmResume(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.confirmAction(id, 'resume', req, reply);
  }

  @Get('campaigns/:id/close')
  confirmClose(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.confirmAction(id, 'close', req, reply);
  }

  @Post('campaigns/:id/launch')
  launch(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.doAction(id, 'launch', req, reply);
  }

  @Post('campaigns/:id/pause')
  pause(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.doAction(id, 'pause', req, reply);
  }

  @Post('campaigns/:id/resume')
  resume(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.doAction(id, 'resume', req, reply);
  }

  @Post('campaigns/:id/close')
  close(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    return this.doAction(id, 'close', req, reply);
  }

  /** "Are you sure?": what launching, pausing, resuming or closing will do, in numbers. */
  private async confirmAction(id: string, action: CampaignAction, req: ConsoleRequest, reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const [stats] = await this.stats.campaigns([id]);
    const ctx = await this.contexts.of(req, reply);
    const d = stats?.deliveries;
    const waiting = d ? d.queued + d.sending + d.retrying : 0;
    const launched = campaign.targets.filter((t) => t.status === 'launched');
    const pending = campaign.targets.filter((t) => t.status === 'pending');
    const page = `${ctx.publicUrl}/c/${campaign.slug}`;
    const texts: Record<CampaignAction, { title: string; lead: string; consequences: string[]; button: string; danger?: boolean }> = {
      launch: {
        title: `Launch “${campaign.title}”?`,
        lead: `The page opens for signatures at ${page}.`,
        consequences: [
          launched.length
            ? `Every confirmed signature becomes a letter to ${count(launched.length, 'launched target')}: ${launched.map((t) => t.name).join(', ')}.`
            : 'No target is launched yet: launch at least one on the Targets page first, or the launch is refused.',
          ...(pending.length
            ? [`${count(pending.length, 'attached target')} not launched (${pending.map((t) => t.name).join(', ')}) will get no letter until launched.`]
            : []),
          campaign.requireConfirmation
            ? 'Supporters confirm by email before their letter is owed.'
            : 'Signatures count at once: no email confirmation is asked.',
          'The slug cannot change after this.',
        ],
        button: 'Launch',
      },
      pause: {
        title: `Pause “${campaign.title}”?`,
        lead: 'The page stops taking signatures and no new letter is sent until you resume.',
        consequences: [
          waiting ? `${count(waiting, 'letter')} waiting will be held (not lost): they go when you resume.` : 'No letter is waiting to be sent now.',
          'Letters already in an SMTP conversation finish.',
        ],
        button: 'Pause',
      },
      resume: {
        title: `Resume “${campaign.title}”?`,
        lead: `The page takes signatures again at ${page}.`,
        consequences: [waiting ? `${count(waiting, 'letter')} held will be sent, under the campaign's pacing.` : 'No letter is held.'],
        button: 'Resume',
      },
      close: {
        title: `Close “${campaign.title}”?`,
        lead: 'The page stops taking signatures for good: a closed campaign cannot be reopened or changed.',
        consequences: [
          waiting ? `${count(waiting, 'letter')} already owed will still be sent.` : 'No letter is waiting: nothing more will be sent.',
          'The page stays up and says the campaign is closed.',
        ],
        button: 'Close',
        danger: true,
      },
    };
    const t = texts[action];
    sendPage(
      reply,
      200,
      confirmPage(ctx, {
        section: 'campaigns',
        crumbs: campaignCrumbs(campaign),
        title: t.title,
        lead: t.lead,
        consequences: t.consequences,
        action: `/console/campaigns/${id}/${action}`,
        button: t.button,
        danger: t.danger,
        cancel: `/console/campaigns/${id}`,
      }),
    );
  }

  /** The status change; a refusal comes back to the campaign's page, saying why in words. */
  private async doAction(id: string, action: CampaignAction, req: ConsoleRequest, reply: FastifyReply) {
    await this.campaigns.get(id);
    const [stats] = await this.stats.campaigns([id]);
    const d = stats?.deliveries;
    const waiting = d ? d.queued + d.sending + d.retrying : 0;
    try {
      const after = await this.campaigns.transition(id, action, req.staff!);
      const done: Record<CampaignAction, string> = {
        launch: `Launched: the page takes signatures at /c/${after.slug}.`,
        pause: `Paused: signing is closed${waiting ? ` and ${count(waiting, 'letter')} held` : ''}.`,
        resume: `Resumed: signing is open again${waiting ? ` and ${count(waiting, 'held letter')} are going out` : ''}.`,
        close: `Closed: no new signatures${waiting ? `; ${count(waiting, 'letter')} owed will still be sent` : ''}.`,
      };
      return this.contexts.redirect(reply, `/console/campaigns/${id}`, { kind: 'success', text: done[action] });
    } catch (e) {
      if (!(e instanceof HttpException) || e instanceof NotFoundException || e.getStatus() >= 500) throw e;
      const verb = { launch: 'launched', pause: 'paused', resume: 'resumed', close: 'closed' }[action];
      return this.contexts.redirect(reply, `/console/campaigns/${id}`, {
        kind: 'error',
        text: `The campaign was not ${verb}: ${messagesOf(e).join(' ')}`,
      });
    }
  }

  private settingsPage(
    ctx: Awaited<ReturnType<ConsoleContexts['of']>>,
    campaign: CampaignView,
    values: Record<string, string | undefined>,
    errors: Record<string, string>,
  ) {
    return campaignFormPage(ctx, {
      mode: 'update',
      action: `/console/campaigns/${campaign.id}/settings`,
      values,
      errors,
      crumbs: campaignCrumbs(campaign),
      slugLocked: campaign.status !== 'draft',
      campaignId: campaign.id,
      status: campaign.status,
    });
  }
}
