import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { ListRepliesQuery, ReplySummaryQuery } from './dto/reply-query.dto.js';
import { ReplySummary } from './dto/reply-summary.view.js';
import { ReplyPage } from './dto/reply.view.js';
import { RepliesService } from './replies.service.js';

@ApiTags('replies')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/campaigns/:id/replies')
export class CampaignRepliesController {
  constructor(private readonly replies: RepliesService) {}

  @Get()
  @ApiOperation({
    summary: "officials' replies to the campaign's relayed letters, newest first (by target, by kind)",
    description: 'Only campaigns with delivery.replies "relay" get replies: their letters say Reply-To reply+TOKEN@MAIL_DOMAIN (docs/replies.md).',
  })
  @ApiOkResponse({ type: ReplyPage, description: 'a page of replies and the cursor of the next' })
  @ApiInvalid('the id or targetId is not a UUID, or a bad kind, limit or cursor')
  @ApiMissing('no such campaign')
  list(@Param('id', UUID) id: string, @Query() query: ListRepliesQuery): Promise<ReplyPage> {
    return this.replies.list(id, query);
  }

  @Get('summary')
  @ApiOperation({
    summary: 'per target the campaign launched: letters sent, replies, the last reply, the stance; ?responded=false lists the officials who have not answered',
  })
  @ApiOkResponse({ type: ReplySummary, description: 'the launched targets (now or before), in the order they were attached' })
  @ApiInvalid('the id is not a UUID, or responded is not true or false')
  @ApiMissing('no such campaign')
  summary(@Param('id', UUID) id: string, @Query() query: ReplySummaryQuery): Promise<ReplySummary> {
    return this.replies.summary(id, query);
  }
}
