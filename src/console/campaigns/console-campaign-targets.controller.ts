import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { describeAudience } from '../../campaigns/audience.js';
import { CampaignTargetsService } from '../../campaigns/campaign-targets.service.js';
import { CampaignsService, type CampaignTargetView, type CampaignView } from '../../campaigns/campaigns.service.js';
import { DrainForecastService } from '../../campaigns/drain-forecast.service.js';
import { AttachTargetDto, BulkAttachDto, SetAudienceDto } from '../../campaigns/dto/audience.dto.js';
import { RecipientsService } from '../../campaigns/recipients.service.js';
import { isCountryCode } from '../../common/countries.js';
import { UUID } from '../../common/uuid-param.js';
import { DeliveryReportsService } from '../../deliveries/delivery-reports.service.js';
import { TargetsService } from '../../targets/targets.service.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf } from '../forms.js';
import { campaignCrumbs } from '../views/campaigns/campaign-header.js';
import { campaignTargetPage, campaignTargetsPage, type FormAgain } from '../views/campaigns/campaign-targets.js';
import type { BulkAttachForm } from '../views/campaigns/bulk-attach.js';
import type { RecipientsCheck } from '../views/campaigns/recipients-check.js';
import { confirmPage } from '../views/common-pages.js';
import { count } from '../views/format.js';
import { checkAudienceForm, sameAudience } from './audience-form.js';
import { bulkFilterOf, bulkFilterText } from './bulk-attach-form.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A campaign's officials in the console: attach from the directory (one by one or many at once,
 * each with an audience), change an audience, check who receives a country's letters, launch,
 * withdraw, and each one's letters.
 */
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
    private readonly recipients: RecipientsService,
    private readonly contexts: ConsoleContexts,
  ) {}

  /** The Targets tab; `?q=` searches the directory, `?recipientsFor=FR` says who receives the letters of a supporter in France. */
  @Get()
  async list(
    @Param('id', UUID) id: string,
    @Query('q') q: unknown,
    @Query('recipientsFor') recipientsFor: unknown,
    @Req() req: ConsoleRequest,
    @Res() reply: FastifyReply,
  ) {
    const country = typeof recipientsFor === 'string' ? recipientsFor.trim().toUpperCase().slice(0, 10) : '';
    let recipients: RecipientsCheck | null = null;
    if (country && !isCountryCode(country)) recipients = { country, error: 'Choose a country from the list.' };
    else if (country) recipients = { country, result: await this.recipients.forCampaign(id, country) };
    await this.listPage(req, reply, id, recipients?.error ? 400 : 200, { q: typeof q === 'string' ? q : '', recipients });
  }

  /** Attaches one official found in the directory, with the audience chosen (the "Attach again" of a withdrawn one keeps theirs). */
  @Post()
  async attach(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const values = formValues(body);
    const back = `/console/campaigns/${id}/targets${values.q ? `?q=${encodeURIComponent(values.q)}` : ''}`;
    if (!UUID_RE.test(values.targetId ?? '')) return this.contexts.redirect(reply, back, { kind: 'error', text: 'Choose an official to attach.' });
    const checked = await checkAudienceForm(AttachTargetDto, values, (audience) => ({ targetId: values.targetId, audience }), 'none');
    if (!checked.ok) return this.listPage(req, reply, id, 400, { q: values.q ?? '', attach: { values, errors: checked.errors }, recipients: null });
    try {
      const t = await this.campaignTargets.attach(id, checked.dto, req.staff!);
      return this.contexts.redirect(reply, back, {
        kind: 'success',
        text: `${t.name} attached, with letters from ${describeAudience(t.audience)}. Launch them to owe them a letter for every confirmed signature their audience includes.`,
      });
    } catch (e) {
      return this.refused(e, reply, back, 'attached');
    }
  }

  /** Attaches every active official of the directory matching a tag, a country and an organization (those given), with one audience. */
  @Post('bulk')
  async attachMany(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const values = formValues(body);
    const back = `/console/campaigns/${id}/targets`;
    const filter = bulkFilterOf(values);
    if (!Object.keys(filter).length)
      return this.contexts.redirect(reply, back, {
        kind: 'error',
        text: 'Nothing attached: fill in a tag, a country or an organization (at least one). A filter naming nothing would take the whole directory.',
      });
    const checked = await checkAudienceForm(BulkAttachDto, values, (audience) => ({ filter, audience }));
    if (!checked.ok) return this.listPage(req, reply, id, 400, { q: '', bulk: { values, errors: checked.errors }, recipients: null });
    try {
      const { dto } = checked;
      const r = await this.campaignTargets.attachMatching(id, dto.filter, dto.audience, req.staff!);
      const tally = `${r.attached} attached, ${r.alreadyAttached} already attached (of ${r.matched} matching ${bulkFilterText(dto.filter)})`;
      if (!r.matched) return this.contexts.redirect(reply, back, { kind: 'error', text: `${tally}: no active official in the directory matches.` });
      return this.contexts.redirect(reply, back, {
        kind: 'success',
        text: `${tally}${r.attached ? `, with letters from ${describeAudience(dto.audience ?? { mode: 'everyone' })}. Launch them to owe them letters` : ''}.`,
      });
    } catch (e) {
      return this.refused(e, reply, back, 'attached');
    }
  }

  /** Launches every official still pending (after attaching many at once). */
  @Post('launch-pending')
  async launchPending(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const back = `/console/campaigns/${id}/targets`;
    try {
      const r = await this.campaignTargets.launchPending(id, req.staff!);
      const owed = r.backfilling ? ` ${r.backfilling} of them owe letters to earlier signatures: those are being created now.` : '';
      return this.contexts.redirect(reply, back, { kind: 'success', text: `${r.launched.length} officials launched.${owed}` });
    } catch (e) {
      return this.refused(e, reply, back, 'launched');
    }
  }

  @Get(':targetId')
  async detail(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    await this.detailPage(req, reply, campaign, this.attached(campaign, targetId), 200);
  }

  /** Changes whose letters an official receives; letters already owed stay owed (the flash says so). */
  @Post(':targetId/audience')
  async setAudience(
    @Param('id', UUID) id: string,
    @Param('targetId', UUID) targetId: string,
    @Req() req: ConsoleRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const campaign = await this.campaigns.get(id);
    const target = this.attached(campaign, targetId);
    const values = formValues(body);
    const back = `/console/campaigns/${id}/targets/${targetId}`;
    const checked = await checkAudienceForm(SetAudienceDto, values, (audience) => ({ audience }));
    if (!checked.ok) return this.detailPage(req, reply, campaign, target, 400, { values, errors: checked.errors });
    const audience = checked.dto.audience;
    if (target.status !== 'withdrawn' && sameAudience(target.audience, audience))
      return this.contexts.redirect(reply, back, {
        kind: 'success',
        text: `Nothing changed: ${target.name} already receives letters from ${describeAudience(audience)}.`,
      });
    try {
      const t = await this.campaignTargets.setAudience(id, targetId, audience, req.staff!);
      return this.contexts.redirect(reply, back, { kind: 'success', text: `${t.name} now receives letters from ${describeAudience(t.audience)}. ${t.note}` });
    } catch (e) {
      return this.refused(e, reply, back, 'changed');
    }
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

  /** The Targets tab, with a form shown again (`attach`, `bulk`) or the recipients check asked for. */
  private async listPage(
    req: ConsoleRequest,
    reply: FastifyReply,
    id: string,
    status: number,
    opts: { q: string; attach?: FormAgain; bulk?: BulkAttachForm; recipients: RecipientsCheck | null },
  ) {
    const campaign = await this.campaigns.get(id);
    const query = opts.q.trim().slice(0, 200);
    const [letters, forecast, results, knownTags] = await Promise.all([
      this.reports.perTarget(id),
      this.forecasts.forecast(id),
      query ? this.targets.list({ q: query, limit: 20 }).then((p) => p.items) : Promise.resolve(null),
      this.targets.tagsInUse(),
    ]);
    sendPage(reply, status, campaignTargetsPage(await this.contexts.of(req, reply), campaign, { ...opts, letters, forecast, q: query, results, knownTags }));
  }

  /** One official's page, with the audience form shown again when given. */
  private async detailPage(req: ConsoleRequest, reply: FastifyReply, campaign: CampaignView, target: CampaignTargetView, status: number, audience?: FormAgain) {
    const [letters, forecast] = await Promise.all([this.reports.perTarget(campaign.id), this.forecasts.forecast(campaign.id)]);
    sendPage(
      reply,
      status,
      campaignTargetPage(await this.contexts.of(req, reply), campaign, target, {
        letters: letters.targets.find((t) => t.targetId === target.id),
        forecast: forecast.targets.find((t) => t.targetId === target.id),
        audience,
      }),
    );
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
