import { Body, Controller, Delete, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { CampaignTargetsService } from './campaign-targets.service.js';
import { AttachTargetDto } from './dto/campaign.dto.js';
import { CampaignTargetViewDto, LaunchedTargetView, WithdrawnTargetView } from './dto/campaign-view.dto.js';

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
    return this.campaignTargets.attach(id, dto.targetId, staff);
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
