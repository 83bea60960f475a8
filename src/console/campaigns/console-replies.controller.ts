import { Body, Controller, Get, HttpException, NotFoundException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { CampaignsService, type CampaignView } from '../../campaigns/campaigns.service.js';
import { UUID } from '../../common/uuid-param.js';
import { DeliveryReportsService } from '../../deliveries/delivery-reports.service.js';
import type { DeliveryDetail } from '../../deliveries/dto/delivery-item.response.js';
import { MarkReplyDto } from '../../replies/dto/mark-reply.dto.js';
import { ListRepliesQuery } from '../../replies/dto/reply-query.dto.js';
import type { ReplyPage, ReplyView } from '../../replies/dto/reply.view.js';
import { RepliesService } from '../../replies/replies.service.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf, optional, serviceErrors, validateAs } from '../forms.js';
import { campaignRepliesPage, REPLY_FILTER_LABELS } from '../views/campaigns/campaign-replies.js';
import { MARK_LABELS, replyPage, type MarkFormAgain } from '../views/campaigns/reply-page.js';
import type { FormErrors } from '../views/form-kit.js';
import { markedText, markOf } from './reply-mark-form.js';
import { unclassifiedCount } from './unclassified-count.js';

const PAGE_SIZE = 25;

/**
 * Officials' replies in the console: a campaign's inbox (newest first, by official and kind, in
 * keyset pages) with who has and has not answered, one reply with its letter, and marking and
 * publishing it, through RepliesService (validated as the API validates, audited as reply.mark).
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('campaigner')
@Controller('console/campaigns/:id/replies')
export class ConsoleRepliesController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly replies: RepliesService,
    private readonly reports: DeliveryReportsService,
    private readonly contexts: ConsoleContexts,
  ) {}

  /** The Replies tab: `?targetId=&kind=&cursor=`, as GET /api/campaigns/:id/replies takes them. */
  @Get()
  async list(@Param('id', UUID) id: string, @Query() query: Record<string, unknown>, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const filters = formValues(query);
    const checked = await validateAs(ListRepliesQuery, {
      targetId: optional(filters.targetId),
      kind: optional(filters.kind),
      cursor: optional(filters.cursor),
      limit: PAGE_SIZE,
    });
    let errors: FormErrors = checked.ok ? {} : checked.errors;
    let page: ReplyPage = { items: [], nextCursor: null };
    if (checked.ok) {
      try {
        page = await this.replies.list(id, checked.dto);
      } catch (e) {
        errors = serviceErrors(e, Object.keys(REPLY_FILTER_LABELS));
      }
    }
    const [unclassified, { targets: summary }] = await Promise.all([unclassifiedCount(this.replies, id), this.replies.summary(id, {})]);
    const ctx = await this.contexts.of(req, reply);
    sendPage(
      reply,
      Object.keys(errors).length ? 400 : 200,
      campaignRepliesPage(ctx, campaign, { filters, errors, items: page.items, nextCursor: page.nextCursor, unclassified, summary }),
    );
  }

  @Get(':replyId')
  async detail(@Param('id', UUID) id: string, @Param('replyId', UUID) replyId: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    await this.replyPage(req, reply, campaign, await this.ofCampaign(campaign, replyId), 200);
  }

  /** Marks it (kind, and a substantive one's stance); a form refused comes back with what was chosen and why. */
  @Post(':replyId/mark')
  async mark(
    @Param('id', UUID) id: string,
    @Param('replyId', UUID) replyId: string,
    @Req() req: ConsoleRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const campaign = await this.campaigns.get(id);
    const before = await this.ofCampaign(campaign, replyId);
    const values = formValues(body);
    const form = markOf(values, before);
    let errors = form.ok ? {} : form.errors;
    if (form.ok) {
      const checked = await validateAs(MarkReplyDto, { ...form.dto });
      if (!checked.ok) errors = checked.errors;
      else
        try {
          const after = await this.replies.mark(replyId, checked.dto, req.staff!);
          return this.contexts.redirect(reply, this.pathOf(before), { kind: 'success', text: markedText(before, after) });
        } catch (e) {
          errors = serviceErrors(e, Object.keys(MARK_LABELS));
        }
    }
    await this.replyPage(req, reply, campaign, before, 400, { values, errors });
  }

  /** Publishes or unpublishes it; a refusal (not an acknowledgement or substantive reply) says so, on its page. */
  @Post(':replyId/publish')
  async publish(
    @Param('id', UUID) id: string,
    @Param('replyId', UUID) replyId: string,
    @Req() req: ConsoleRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const campaign = await this.campaigns.get(id);
    const before = await this.ofCampaign(campaign, replyId);
    const published = formValues(body).published === 'true';
    const verb = published ? 'published' : 'unpublished';
    try {
      const after = await this.replies.mark(replyId, { published }, req.staff!);
      const text =
        before.published === after.published
          ? `Nothing changed: it was ${verb} already.`
          : published
            ? `Published: it is on the campaign page, under “Responses from officials”, without the letter it quotes.`
            : 'Unpublished: it is no longer on the campaign page.';
      return this.contexts.redirect(reply, this.pathOf(before), { kind: 'success', text });
    } catch (e) {
      return this.refused(e, reply, this.pathOf(before), verb, published ? ' Mark it an acknowledgement or substantive first.' : '');
    }
  }

  /** Sends it on to the supporter whose letter it answers (once); a refusal says why, on its page. */
  @Post(':replyId/forward')
  async forward(@Param('id', UUID) id: string, @Param('replyId', UUID) replyId: string, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const before = await this.ofCampaign(campaign, replyId);
    try {
      await this.replies.forward(replyId, req.staff!);
      return this.contexts.redirect(reply, this.pathOf(before), {
        kind: 'success',
        text: 'Forwarded: it is on its way to the supporter who wrote the letter, in their language, from your address.',
      });
    } catch (e) {
      return this.refused(e, reply, this.pathOf(before), 'forwarded');
    }
  }

  /** The reply, when it is one of this campaign's (a 404 page otherwise). */
  private async ofCampaign(campaign: CampaignView, replyId: string): Promise<ReplyView> {
    const r = await this.replies.get(replyId);
    if (r.campaignId !== campaign.id) throw new NotFoundException(`No reply ${replyId} to “${campaign.title}”`);
    return r;
  }

  private pathOf(r: Pick<ReplyView, 'id' | 'campaignId'>) {
    return `/console/campaigns/${r.campaignId}/replies/${r.id}`;
  }

  private async replyPage(req: ConsoleRequest, reply: FastifyReply, campaign: CampaignView, r: ReplyView, status: number, mark?: MarkFormAgain) {
    const letter: DeliveryDetail | null = await this.reports.get(r.deliveryId).catch((e: unknown) => {
      if (e instanceof NotFoundException) return null;
      throw e;
    });
    const officialEmail = campaign.targets.find((t) => t.id === r.target.id)?.email;
    sendPage(reply, status, replyPage(await this.contexts.of(req, reply), campaign, r, { letter, officialEmail, mark }));
  }

  /** A refusal (400, 409) back on the reply's page, in words. */
  private refused(e: unknown, reply: FastifyReply, back: string, verb: string, more = '') {
    if (!(e instanceof HttpException) || e.getStatus() >= 500 || e.getStatus() === 404) throw e;
    return this.contexts.redirect(reply, back, { kind: 'error', text: `Not ${verb}: ${messagesOf(e).join(' ').replace(/\.?$/, '.')}${more}` });
  }
}
