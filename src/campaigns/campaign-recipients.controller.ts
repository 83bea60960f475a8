import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { RecipientsQuery } from './dto/audience.dto.js';
import { StaffRecipients } from './dto/campaign-view.dto.js';
import { RecipientsService } from './recipients.service.js';

@ApiTags('campaigns')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/campaigns/:id/recipients')
export class CampaignRecipientsController {
  constructor(private readonly recipients: RecipientsService) {}

  @Get()
  @ApiOperation({ summary: 'who receives the letters of a supporter from a country: the launched targets whose audience includes it' })
  @ApiOkResponse({ type: StaffRecipients })
  @ApiInvalid('the id is not a UUID, or country is not an ISO 3166-1 alpha-2 code')
  @ApiMissing('no such campaign')
  get(@Param('id', UUID) id: string, @Query() query: RecipientsQuery): Promise<StaffRecipients> {
    return this.recipients.forCampaign(id, query.country);
  }
}
