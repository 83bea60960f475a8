import { Body, Controller, Delete, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { UUID } from '../common/uuid-param.js';
import { CampaignTargetsService } from './campaign-targets.service.js';
import { AttachTargetDto } from './dto/campaign.dto.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@Roles('campaigner')
@Controller('api/campaigns/:id/targets')
export class CampaignTargetsController {
  constructor(private readonly campaignTargets: CampaignTargetsService) {}

  @Post()
  attach(@Param('id', UUID) id: string, @Body() dto: AttachTargetDto, @Staff() staff: StaffPrincipal) {
    return this.campaignTargets.attach(id, dto.targetId, staff);
  }

  /**
   * 200 when the launch is complete; 202 when signatures confirmed before it still need their
   * letters to this target, which a job creates in batches (`backfill: "queued"`).
   */
  @Post(':targetId/launch')
  @ApiOkResponse({ description: 'launched; nothing was owed from earlier signatures' })
  @ApiAcceptedResponse({ description: 'launched; letters for earlier signatures are being created by a job' })
  async launch(
    @Param('id', UUID) id: string,
    @Param('targetId', UUID) targetId: string,
    @Staff() staff: StaffPrincipal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.campaignTargets.launch(id, targetId, staff);
    reply.status(result.backfill === 'queued' ? 202 : 200);
    return result;
  }

  @Delete(':targetId')
  withdraw(@Param('id', UUID) id: string, @Param('targetId', UUID) targetId: string, @Staff() staff: StaffPrincipal) {
    return this.campaignTargets.withdraw(id, targetId, staff);
  }
}
