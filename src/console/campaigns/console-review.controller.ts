import { Body, Controller, Get, HttpException, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../admin/send-page.js';
import { Roles } from '../../auth/auth.decorators.js';
import { CampaignsService } from '../../campaigns/campaigns.service.js';
import { UUID } from '../../common/uuid-param.js';
import { ReviewDecisionDto, ReviewQuery, type ReviewList } from '../../moderation/dto/review.dto.js';
import { ReviewService } from '../../moderation/review.service.js';
import { ConsoleContexts, type ConsoleRequest } from '../console-context.js';
import { ConsoleExceptionFilter } from '../console-exception.filter.js';
import { formValues, messagesOf, optional, validateAs } from '../forms.js';
import { campaignReviewPage } from '../views/campaigns/campaign-review.js';

const PAGE_SIZE = 20;

const DONE: Record<string, (letters: number) => string> = {
  approved: (n) => `Approved: ${n === 1 ? 'its letter is' : `its ${n} letters are`} on the way, with the supporter's words.`,
  'approved-without-text': (n) => `Approved without the supporter's words: ${n === 1 ? 'the campaign’s letter goes' : `${n} letters go`} in their name.`,
  rejected: (n) => `Rejected: ${n === 1 ? 'its letter was' : `${n} letters were`} cancelled. The signature still counts.`,
};

/**
 * The review queue in the console (docs/moderation.md): the signatures whose own words wait, and
 * the decisions, through ReviewService (validated as the API validates, audited as signature.review).
 */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@Roles('campaigner')
@Controller('console/campaigns/:id/review')
export class ConsoleReviewController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly review: ReviewService,
    private readonly contexts: ConsoleContexts,
  ) {}

  /** The Review tab: `?status=&cursor=`, as GET /api/campaigns/:id/review takes them (a bad one shows the waiting list). */
  @Get()
  async list(@Param('id', UUID) id: string, @Query() query: Record<string, unknown>, @Req() req: ConsoleRequest, @Res() reply: FastifyReply) {
    const campaign = await this.campaigns.get(id);
    const values = formValues(query);
    const checked = await validateAs(ReviewQuery, { status: optional(values.status), cursor: optional(values.cursor), limit: PAGE_SIZE });
    const dto = checked.ok ? checked.dto : { limit: PAGE_SIZE };
    const page = await this.review.list(id, dto);
    const list: ReviewList = dto.status ?? 'pending';
    sendPage(reply, checked.ok ? 200 : 400, campaignReviewPage(await this.contexts.of(req, reply), campaign, { list, page, cursor: dto.cursor }));
  }

  /** A decision from the queue's form; a refusal (decided already, by whom) comes back as a message. */
  @Post(':signatureId')
  async decide(
    @Param('id', UUID) id: string,
    @Param('signatureId', UUID) signatureId: string,
    @Req() req: ConsoleRequest,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const values = formValues(body);
    const back = `/console/campaigns/${id}/review`;
    const checked = await validateAs(ReviewDecisionDto, { decision: values.decision, reason: optional(values.reason) });
    if (!checked.ok) return this.contexts.redirect(reply, back, { kind: 'error', text: `Not decided: ${Object.values(checked.errors).join(' ')}` });
    try {
      const done = await this.review.decide(id, signatureId, checked.dto, req.staff!);
      return this.contexts.redirect(reply, back, { kind: 'success', text: DONE[done.status](done.status === 'rejected' ? done.cancelled : done.released) });
    } catch (e) {
      if (!(e instanceof HttpException) || e.getStatus() >= 500 || e.getStatus() === 404) throw e;
      return this.contexts.redirect(reply, back, { kind: 'error', text: `Not decided: ${messagesOf(e).join(' ')}` });
    }
  }
}
