import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { CampaignForecast } from './dto/drain-forecast.dto.js';
import { DrainForecastService } from './drain-forecast.service.js';

@ApiTags('campaigns')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/campaigns')
export class DrainForecastController {
  constructor(private readonly forecasts: DrainForecastService) {}

  @Get(':id/forecast')
  @ApiOperation({
    summary:
      "drain forecast: per launched target, the backlog, the current send rate and when the last letter can go under its pacing limit, warning when that passes the campaign's endsAt",
    description:
      'Paced targets (maxPerTargetPerHour) get maxPerHour letters per pacing window, shared by every paced campaign writing to the address: ' +
      'the slots left in the current window go first, then maxPerHour at the start of each window. Unpaced targets are projected at the rate of the last hour.',
  })
  @ApiOkResponse({ type: CampaignForecast, description: 'the forecast, target by target' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such campaign')
  forecast(@Param('id', UUID) id: string): Promise<CampaignForecast> {
    return this.forecasts.forecast(id);
  }
}
