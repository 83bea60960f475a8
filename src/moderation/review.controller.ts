import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { ReviewDecisionDto, ReviewQuery } from './dto/review.dto.js';
import { ReviewDecisionView, ReviewPage } from './dto/review.view.js';
import { ReviewService } from './review.service.js';

@ApiTags('moderation')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/campaigns/:id/review')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get()
  @ApiOperation({
    summary: 'the review queue: signatures whose own words wait for a campaigner (their letters owed, not sent), with the rules they tripped',
    description: "The campaign's `moderation` decides what waits (docs/moderation.md). ?status= lists the decided ones, or every flagged text, instead.",
  })
  @ApiOkResponse({ type: ReviewPage, description: "a page, oldest confirmation first, the cursor of the next, and every list's count" })
  @ApiInvalid('the id is not a UUID, or a bad status, limit or cursor')
  @ApiMissing('no such campaign')
  list(@Param('id', UUID) id: string, @Query() query: ReviewQuery): Promise<ReviewPage> {
    return this.review.list(id, query);
  }

  @Post(':signatureId')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "decide, once: approve (the letters go as written), approve-without-text (the campaign's letter goes, without the supporter's words), reject (the letters are cancelled); audited as signature.review",
  })
  @ApiOkResponse({ type: ReviewDecisionView, description: 'the decision and the letters it released or cancelled' })
  @ApiInvalid('an id is not a UUID, a bad decision, or a reason over 500 characters')
  @ApiMissing('no such campaign, or no such signature in it')
  @ApiConflict('the signature is not waiting for review: decided already (by whom, when), never held, withdrawn or erased')
  decide(
    @Param('id', UUID) id: string,
    @Param('signatureId', UUID) signatureId: string,
    @Body() dto: ReviewDecisionDto,
    @Staff() staff: StaffPrincipal,
  ): Promise<ReviewDecisionView> {
    return this.review.decide(id, signatureId, dto, staff);
  }
}
