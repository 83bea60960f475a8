import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { CampaignsService, type CampaignTargetView } from '../../campaigns/campaigns.service.js';
import { UUID } from '../../common/uuid-param.js';
import { html } from '../../views/html.js';
import { DeliveryReportsService } from '../../deliveries/delivery-reports.service.js';
import { DeliveryRetriesService } from '../../deliveries/delivery-retries.service.js';
import type { DeliveryPage } from '../../deliveries/dto/delivery-item.response.js';
import type { FailureGroup } from '../../deliveries/dto/failures.response.js';
import { ListDeliveriesQuery } from '../../deliveries/dto/list-deliveries.query.js';
import { RetryFailedDto } from '../../deliveries/dto/retry.dto.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf, optional, serviceErrors, validateAs } from '../forms.js';
import { letterPage, lettersCrumbs, lettersPage, lettersQuery, LETTER_FILTER_LABELS } from '../views/admin/letters-pages.js';
import { confirmPage } from '../views/common-pages.js';
import type { FormErrors } from '../views/form-kit.js';
import { count, num } from '../views/format.js';

const PAGE_SIZE = 50;
/** the campaigns the filter offers, newest first */
const CAMPAIGNS_IN_FILTER = 500;

/** Why a letter of a group was left as it was: DeliveryRetriesService retries only letters still owed. */
const NOT_OWED = 'no longer owed: its official was withdrawn from the campaign, or its supporter withdrew the signature';

/**
 * Every letter, for admins: GET /api/admin/deliveries' filters as a form, one letter with its
 * SMTP attempts, and sending failed letters again (one, or a failure group after a confirmation)
 * through DeliveryRetriesService, audited as the API's retries are.
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('admin')
@Controller('console/letters')
export class ConsoleLettersController {
  constructor(
    private readonly reports: DeliveryReportsService,
    private readonly retries: DeliveryRetriesService,
    private readonly campaigns: CampaignsService,
    private readonly contexts: ConsoleContexts,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const filters = formValues(query);
    const checked = await validateAs(ListDeliveriesQuery, {
      campaignId: optional(filters.campaignId),
      targetId: optional(filters.targetId),
      status: optional(filters.status),
      cursor: optional(filters.cursor),
      limit: PAGE_SIZE,
    });
    let errors: FormErrors = checked.ok ? {} : checked.errors;
    let page: DeliveryPage = { items: [], nextCursor: null };
    let failures: FailureGroup[] = [];
    let targets: CampaignTargetView[] | null = null;
    if (checked.ok) {
      try {
        const campaignId = checked.dto.campaignId ?? null;
        [page, { groups: failures }, targets] = await Promise.all([
          this.reports.list(checked.dto),
          this.reports.failures(campaignId),
          campaignId ? this.campaigns.get(campaignId).then((c) => c.targets) : Promise.resolve(null),
        ]);
      } catch (e) {
        errors = serviceErrors(e, Object.keys(LETTER_FILTER_LABELS));
      }
    }
    const campaigns = (await this.campaigns.list({ limit: CAMPAIGNS_IN_FILTER })).items.map((c) => ({ id: c.id, title: c.title }));
    const ctx = await this.contexts.of(req, reply);
    sendPage(
      reply,
      Object.keys(errors).length ? 400 : 200,
      lettersPage(ctx, { filters, errors, campaigns, targets, items: page.items, nextCursor: page.nextCursor, failures }),
    );
  }

  /** "Retry all N?": the group, its number, what retrying does. */
  @Get('retry-failed')
  async confirmRetryGroup(@Query() query: Record<string, unknown>, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const found = await this.group(formValues(query));
    if ('refused' in found) return this.contexts.redirect(reply, '/console/letters', { kind: 'error', text: found.refused });
    const { group } = found;
    const n = group.failed + group.bounced;
    const ctx = await this.contexts.of(req, reply);
    sendPage(
      reply,
      200,
      confirmPage(ctx, {
        section: 'letters',
        crumbs: lettersCrumbs(),
        title: `Retry ${count(n, 'letter')}?`,
        lead: `${count(n, 'letter')} of “${group.campaign.title}” ${n === 1 ? 'has' : 'have'} failed with: ${group.reason}`,
        consequences: [
          `${num(group.failed)} failed and ${num(group.bounced)} bounced go back to the queue, each with a fresh set of attempts; their history keeps the earlier ones and their Message-ID stays the same.`,
          'Fix the cause first (the address, the receiving server’s policy), or they fail again.',
          `A letter ${NOT_OWED}, is left as it is.`,
        ],
        action: '/console/letters/retry-failed',
        button: `Retry ${count(n, 'letter')}`,
        cancel: `/console/letters${lettersQuery({ campaignId: group.campaign.id })}`,
        extra: hidden({ campaignId: group.campaign.id, reason: group.reason }),
      }),
    );
  }

  @Post('retry-failed')
  async retryGroup(@Body() body: unknown, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const found = await this.group(formValues(body));
    if ('refused' in found) return this.contexts.redirect(reply, '/console/letters', { kind: 'error', text: found.refused });
    const { group } = found;
    const before = group.failed + group.bounced;
    const { retried } = await this.retries.retryFailed(req.staff!, { campaignId: group.campaign.id, reason: group.reason });
    const left = before - retried;
    return this.contexts.redirect(reply, `/console/letters${lettersQuery({ campaignId: group.campaign.id })}`, {
      kind: retried ? 'success' : 'error',
      text: `${retried ? `Retried: ${count(retried, 'letter')} queued again.` : 'Nothing was retried.'}${
        left > 0 ? ` ${count(left, 'letter')} ${left === 1 ? 'was' : 'were'} left as ${left === 1 ? 'it was' : 'they were'}: ${NOT_OWED}.` : ''
      }`,
    });
  }

  @Get(':id')
  async letter(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const detail = await this.reports.get(id);
    sendPage(reply, 200, letterPage(await this.contexts.of(req, reply), detail));
  }

  /** One letter again; a refusal (not failed, or no longer owed) says why, on the letter's page. */
  @Post(':id/retry')
  async retry(@Param('id', UUID) id: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    try {
      await this.retries.retryOne(req.staff!, id);
      return this.contexts.redirect(reply, `/console/letters/${id}`, {
        kind: 'success',
        text: 'Retried: the letter is queued again with a fresh set of attempts. Reload this page to follow it.',
      });
    } catch (e) {
      if (!(e instanceof HttpException) || e instanceof NotFoundException || e.getStatus() >= 500) throw e;
      return this.contexts.redirect(reply, `/console/letters/${id}`, { kind: 'error', text: `Not retried: ${messagesOf(e).join(' ')}` });
    }
  }

  /**
   * The failure group a form or link names (campaign and reason, as GET failures gives them), as it
   * is now; or why there is none to retry.
   */
  private async group(values: Record<string, string | undefined>): Promise<{ group: FailureGroup } | { refused: string }> {
    const checked = await validateAs(RetryFailedDto, { campaignId: values.campaignId ?? '', reason: values.reason ?? '' });
    if (!checked.ok)
      return {
        refused: `Nothing was retried: ${Object.entries(checked.errors)
          .map(([k, m]) => `${k}: ${m}`)
          .join('; ')}`,
      };
    const { groups } = await this.reports.failures(checked.dto.campaignId!);
    const group = groups.find((g) => g.reason === checked.dto.reason);
    return group ? { group } : { refused: 'Nothing was retried: no letter of this campaign is failed or bounced with this reason any more.' };
  }
}

/** The confirmation form carries the group it confirms. */
const hidden = (fields: Record<string, string>) => html`${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
