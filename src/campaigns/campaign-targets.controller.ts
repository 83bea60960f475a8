import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { CampaignTargetsService } from './campaign-targets.service.js';
import { AttachTargetDto, BulkAttachDto, ChangeCampaignTargetDto } from './dto/audience.dto.js';
import {
  BulkAttachReport,
  ReleasedTargetView,
  TargetChangedView,
  LaunchPendingReport,
  CampaignTargetViewDto,
  LaunchedTargetView,
  WithdrawnTargetView,
} from './dto/campaign-view.dto.js';

@ApiTags('campaigns')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/campaigns/:id/targets')
export class CampaignTargetsController {
  constructor(private readonly campaignTargets: CampaignTargetsService) {}

  @Post()
  @ApiOperation({ summary: 'attach a target (pending); attaching again is harmless, a withdrawn one comes back as pending' })
  @ApiCreatedResponse({ type: CampaignTargetViewDto, description: 'the target, attached (pending)' })
  @ApiInvalid('targetId is not a UUID')
  @ApiMissing('no such campaign or target')
  @ApiConflict('the campaign is closed, or the target is deactivated')
  attach(@Param('id', UUID) id: string, @Body() dto: AttachTargetDto, @Staff() staff: StaffPrincipal): Promise<CampaignTargetViewDto> {
    return this.campaignTargets.attach(id, dto, staff);
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'attach every active target matching a filter (tag, country, organization, q), with one audience (audited)' })
  @ApiOkResponse({ type: BulkAttachReport, description: 'how many matched, were attached now, or were attached already (left as they were)' })
  @ApiInvalid('the filter names nothing, or a field or the audience is invalid')
  @ApiMissing('no such campaign')
  @ApiConflict('the campaign is closed')
  bulk(@Param('id', UUID) id: string, @Body() dto: BulkAttachDto, @Staff() staff: StaffPrincipal): Promise<BulkAttachReport> {
    return this.campaignTargets.attachMatching(id, dto.filter, dto.audience, staff);
  }

  @Post('launch-pending')
  @HttpCode(200)
  @ApiOperation({ summary: 'launch every target still pending (each audited as target.launch), e.g. after a bulk attach' })
  @ApiOkResponse({ type: LaunchPendingReport, description: 'the targets launched, and how many of them wait for a backfill job' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such campaign')
  @ApiConflict('the campaign is closed')
  launchPending(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<LaunchPendingReport> {
    return this.campaignTargets.launchPending(id, staff);
  }

  @Patch(':targetId')
  @ApiOperation({
    summary:
      'change whose letters a target receives (letters already owed stay owed), what a substantive reply from it does (onReply: continue, hold, digest), or both (audited)',
  })
  @ApiOkResponse({ type: TargetChangedView, description: 'the target as it is now, a note on what the change does, and the letters released (leaving a hold)' })
  @ApiInvalid('an id is not a UUID, neither audience nor onReply is given, or one is invalid')
  @ApiMissing('no such campaign, or the target is not attached to it')
  @ApiConflict('the target was withdrawn (attach it again first)')
  change(
    @Param('id', UUID) id: string,
    @Param('targetId', UUID) targetId: string,
    @Body() dto: ChangeCampaignTargetDto,
    @Staff() staff: StaffPrincipal,
  ): Promise<TargetChangedView> {
    return this.campaignTargets.change(id, targetId, { audience: dto.audience, onReply: dto.onReply }, staff);
  }

  @Post(':targetId/release')
  @HttpCode(200)
  @ApiOperation({
    summary: "release the letters held after the official's substantive reply (onReply: hold): each is handed to the queue again and sent once (audited)",
  })
  @ApiOkResponse({ type: ReleasedTargetView, description: 'the target, no longer held, and how many letters go now' })
  @ApiInvalid('an id is not a UUID')
  @ApiMissing('no such campaign, or the target is not attached to it')
  @ApiConflict('the letters to this target are not held after a reply')
  release(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Staff() staff: StaffPrincipal): Promise<ReleasedTargetView> {
    return this.campaignTargets.release(id, targetId, staff);
  }

  /**
   * 200 when the launch is complete; 202 when signatures confirmed before it still need their
   * letters to this target, which a job creates in batches (`backfill: "queued"`).
   */
  @Post(':targetId/launch')
  @ApiOperation({ summary: 'launch a target: every confirmed signature, past and future, owes it a letter (audited)' })
  @ApiOkResponse({ type: LaunchedTargetView, description: 'launched; nothing was owed from earlier signatures (or it was launched already)' })
  @ApiAcceptedResponse({ type: LaunchedTargetView, description: 'launched; letters for earlier signatures are being created by a job' })
  @ApiInvalid('an id is not a UUID')
  @ApiMissing('no such campaign, or the target is not attached to it')
  @ApiConflict('the campaign is closed, or the target was withdrawn (attach it again first)')
  async launch(
    @Param('id', UUID) id: string,
    @Param('targetId', UUID) targetId: string,
    @Staff() staff: StaffPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LaunchedTargetView> {
    const result = await this.campaignTargets.launch(id, targetId, staff);
    reply.status(result.backfill === 'queued' ? 202 : 200);
    return result;
  }

  @Delete(':targetId')
  @ApiOperation({ summary: 'withdraw a target: its unsent letters are cancelled (audited)' })
  @ApiOkResponse({ type: WithdrawnTargetView, description: 'the target, withdrawn, with the number of letters cancelled' })
  @ApiInvalid('an id is not a UUID')
  @ApiMissing('no such campaign, or the target is not attached to it')
  withdraw(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Staff() staff: StaffPrincipal): Promise<WithdrawnTargetView> {
    return this.campaignTargets.withdraw(id, targetId, staff);
  }
}
