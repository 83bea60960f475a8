import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiInvalid } from '../common/error-responses.js';
import { DeliveryStatsService } from './delivery-stats.service.js';
import { SentPerMinuteQuery } from './dto/sent-per-minute.query.js';
import { QueueCounts, SentPerMinuteResponse, StatsResponse } from './dto/stats.response.js';

@ApiTags('admin: delivery monitoring')
@ApiStaffRoute()
@ApiExtraModels(QueueCounts)
@Roles('admin')
@Controller('api/admin/stats')
export class AdminStatsController {
  constructor(private readonly stats: DeliveryStatsService) {}

  @Get()
  @ApiOperation({
    summary: 'per campaign: signatures and letters by status, sent in the last hour and day, the oldest unsent letter; per queue: jobs by state',
    description: 'Read from summaries that triggers keep up to date (never a scan of the letters): it answers in milliseconds with millions of deliveries.',
  })
  @ApiOkResponse({ type: StatsResponse, description: 'the figures' })
  get(): Promise<StatsResponse> {
    return this.stats.stats();
  }

  @Get('sent-per-minute')
  @ApiOperation({ summary: "letters sent per minute (the dashboard's chart), all campaigns or one" })
  @ApiOkResponse({ type: SentPerMinuteResponse, description: 'one entry per minute, oldest first' })
  @ApiInvalid()
  sentPerMinute(@Query() q: SentPerMinuteQuery): Promise<SentPerMinuteResponse> {
    return this.stats.sentPerMinute(q.campaignId ?? null, q.minutes ?? 60);
  }
}
