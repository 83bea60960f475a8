import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { MarkReplyDto } from './dto/mark-reply.dto.js';
import { ReplyView } from './dto/reply.view.js';
import { RepliesService } from './replies.service.js';

@ApiTags('replies')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/replies')
export class RepliesController {
  constructor(private readonly replies: RepliesService) {}

  @Get(':id')
  @ApiOperation({ summary: "one official's reply" })
  @ApiOkResponse({ type: ReplyView, description: 'the reply' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such reply')
  get(@Param('id', UUID) id: string): Promise<ReplyView> {
    return this.replies.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'mark a reply: kind (acknowledgement, substantive), stance (substantive only), published (audited as reply.mark)',
  })
  @ApiOkResponse({ type: ReplyView, description: 'the reply, marked' })
  @ApiInvalid('the id is not a UUID, nothing to mark, a bad kind or stance, or a stance on a reply that is not substantive')
  @ApiMissing('no such reply')
  @ApiConflict('publishing a reply that is not an acknowledgement or substantive (or making a published one anything else)')
  mark(@Param('id', UUID) id: string, @Body() dto: MarkReplyDto, @Staff() staff: StaffPrincipal): Promise<ReplyView> {
    return this.replies.mark(id, dto, staff);
  }

  @Post(':id/forward')
  @HttpCode(200)
  @ApiOperation({ summary: "send this reply on to the supporter whose letter it answers, once, whatever the campaign's forwardReplies (audited)" })
  @ApiOkResponse({ type: ReplyView, description: 'the reply, its `forward` now owed (the email goes through the supporter-email outbox)' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such reply')
  @ApiConflict('forwarded already, automatic, a reply to a digest, or its supporter withdrew or was erased')
  forward(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<ReplyView> {
    return this.replies.forward(id, staff);
  }
}
