import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { DeliveryReportsService } from '../deliveries/delivery-reports.service.js';
import { CampaignLetters } from '../deliveries/dto/campaign-letters.response.js';
import { CampaignsService } from './campaigns.service.js';

@ApiTags('campaigns')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/campaigns')
export class CampaignLettersController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly reports: DeliveryReportsService,
  ) {}

  @Get(':id/letters')
  @ApiOperation({ summary: "the campaign's letters per target: how many queued, sent, failed, bounced, … and why the failed ones failed" })
  @ApiOkResponse({ type: CampaignLetters, description: 'per target, its letters by status and its failure reasons' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such campaign')
  async letters(@Param('id', UUID) id: string): Promise<CampaignLetters> {
    await this.campaigns.get(id);
    return this.reports.perTarget(id);
  }
}
