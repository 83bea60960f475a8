import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { CampaignTargetsService } from '../../campaigns/campaign-targets.service.js';
import { CampaignsService, type CampaignView } from '../../campaigns/campaigns.service.js';
import { DrainForecastService } from '../../campaigns/drain-forecast.service.js';
import { UUID } from '../../common/uuid-param.js';
import { DeliveryReportsService } from '../../deliveries/delivery-reports.service.js';
import { TargetsService } from '../../targets/targets.service.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf } from '../forms.js';
import { campaignCrumbs } from '../views/campaigns/campaign-header.js';
import { campaignTargetPage, campaignTargetsPage } from '../views/campaigns/campaign-targets.js';
import { confirmPage } from '../views/common-pages.js';
import { count } from '../views/format.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A campaign's officials in the console: attach from the directory, launch, withdraw, and each one's letters. */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('campaigner')
@Controller('console/campaigns/:id/targets')
export class ConsoleCampaignTargetsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly campaignTargets: CampaignTargetsService,
    private readonly targets: TargetsService,
    private readonly reports: DeliveryReportsService,
    private readonly forecasts: DrainForecastService,
    private readonly contexts: ConsoleContexts,
  ) {}

  @Get()
  async list(@Param('id', UUID) id: string, @Query('q') q: unknown, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const query = typeof q === 'string' ? q.trim().slice(0, 200) : '';
    const [letters, forecast, results] = await Promise.all([
      this.reports.perTarget(id),
      this.forecasts.forecast(id),
      query ? this.targets.list({ q: query, limit: 20 }).then((p) => p.items) : Promise.resolve(null),
    ]);
    sendPage(reply, 200, campaignTargetsPage(await this.contexts.of(req, reply), campaign, { letters, forecast, q: query, results }));
  }

  @Post()
  async attach(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const values = formValues(body);
    const back = `/console/campaigns/${id}/targets${values.q ? `?q=${encodeURIComponent(values.q)}` : ''}`;
    if (!UUID_RE.test(values.targetId ?? '')) return this.contexts.redirect(reply, back, { kind: 'error', text: 'Choose an official to attach.' });
    try {
      const t = await this.campaignTargets.attach(id, values.targetId!, req.staff!);
      return this.contexts.redirect(reply, back, {
        kind: 'success',
        text: `${t.name} attached. Launch them to owe them a letter for every confirmed signature.`,
      });
    } catch (e) {
      return this.refused(e, reply, back, 'attached');
    }
  }

  @Get(':targetId')
  async detail(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const target = this.attached(campaign, targetId);
    const [letters, forecast] = await Promise.all([this.reports.perTarget(id), this.forecasts.forecast(id)]);
    sendPage(
      reply,
      200,
      campaignTargetPage(await this.contexts.of(req, reply), campaign, target, {
        letters: letters.targets.find((t) => t.targetId === targetId),
        forecast: forecast.targets.find((t) => t.targetId === targetId),
      }),
    );
  }

  @Get(':targetId/launch')
  async confirmLaunch(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const target = this.attached(campaign, targetId);
    const confirmed = campaign.counts.confirmed;
    const when =
      campaign.status === 'draft'
        ? 'Letters start when the campaign itself is launched.'
        : campaign.status === 'paused'
          ? 'The campaign is paused: the letters wait until you resume it.'
          : 'They go out under the campaign’s pacing.';
    await this.confirm(req, reply, campaign, {
      title: `Launch ${target.name}?`,
      lead: `From now on every confirmed signature of “${campaign.title}” owes ${target.name} a letter${target.locale ? `, in the ${target.locale} letter if there is one` : ''}.`,
      consequences: [
        confirmed
          ? `${count(confirmed, 'letter')} for the signatures confirmed so far are created in the background.`
          : 'No signature is confirmed yet: letters come as supporters confirm.',
        when,
        'Withdrawing the official later cancels the letters not yet sent.',
      ],
      action: `/console/campaigns/${id}/targets/${targetId}/launch`,
      button: 'Launch',
    });
  }

  @Post(':targetId/launch')
  async launch(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const back = `/console/campaigns/${id}/targets`;
    try {
      const t = await this.campaignTargets.launch(id, targetId, req.staff!);
      return this.contexts.redirect(reply, back, {
        kind: 'success',
        text: `${t.name} launched${t.backfill === 'queued' ? ': the letters for earlier signatures are being created' : ''}.`,
      });
    } catch (e) {
      return this.refused(e, reply, back, 'launched');
    }
  }

  @Get(':targetId/withdraw')
  async confirmWithdraw(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const target = this.attached(campaign, targetId);
    const letters = (await this.reports.perTarget(id)).targets.find((t) => t.targetId === targetId);
    const unsent = letters ? letters.counts.queued + letters.counts.retrying : 0;
    const sent = letters?.counts.sent ?? 0;
    await this.confirm(req, reply, campaign, {
      title: `Withdraw ${target.name}?`,
      lead: `${target.name} will get no more letters from “${campaign.title}”.`,
      consequences: [
        unsent ? `${count(unsent, 'letter')} not yet sent will be cancelled.` : 'No letter to them is waiting: nothing is cancelled.',
        sent ? `${count(sent, 'letter')} already sent stay on the proof of delivery.` : 'No letter has been sent to them.',
        'You can attach and launch them again later: every confirmed signature then owes them a letter again.',
      ],
      action: `/console/campaigns/${id}/targets/${targetId}/withdraw`,
      button: 'Withdraw',
      danger: true,
    });
  }

  @Post(':targetId/withdraw')
  async withdraw(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const back = `/console/campaigns/${id}/targets`;
    try {
      const t = await this.campaignTargets.withdraw(id, targetId, req.staff!);
      return this.contexts.redirect(reply, back, { kind: 'success', text: `${t.name} withdrawn: ${count(t.cancelled, 'unsent letter')} cancelled.` });
    } catch (e) {
      return this.refused(e, reply, back, 'withdrawn');
    }
  }

  /** "Are you sure?" about one of the campaign's officials; Cancel goes back to its targets. */
  private async confirm(
    req: ConsoleRequest,
    reply: FastifyReply,
    campaign: CampaignView,
    opts: { title: string; lead: string; consequences: string[]; action: string; button: string; danger?: boolean },
  ) {
    const back = `/console/campaigns/${campaign.id}/targets`;
    const ctx = await this.contexts.of(req, reply);
    sendPage(
      reply,
      200,
      confirmPage(ctx, { ...opts, section: 'campaigns', crumbs: campaignCrumbs(campaign, [{ href: back, label: 'Targets' }]), cancel: back }),
    );
  }

  private attached(campaign: CampaignView, targetId: string) {
    const target = campaign.targets.find((t) => t.id === targetId);
    if (!target) throw new NotFoundException(`This official is not attached to “${campaign.title}”`);
    return target;
  }

  /** A refusal (409: closed campaign, deactivated or withdrawn target) back on the targets page, in words. */
  private refused(e: unknown, reply: FastifyReply, back: string, verb: string) {
    if (!(e instanceof HttpException) || e.getStatus() >= 500 || e.getStatus() === 404) throw e;
    return this.contexts.redirect(reply, back, { kind: 'error', text: `Not ${verb}: ${messagesOf(e).join(' ')}` });
  }
}
