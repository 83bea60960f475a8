import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { DeliveryReportsService } from './delivery-reports.service.js';
import { DeliveryRetriesService } from './delivery-retries.service.js';
import { DeliveryDetail, DeliveryPage } from './dto/delivery-item.response.js';
import { FailuresQuery, FailuresResponse } from './dto/failures.response.js';
import { ListDeliveriesQuery } from './dto/list-deliveries.query.js';
import { RetryFailedDto, RetryResponse } from './dto/retry.dto.js';

@ApiTags('admin: delivery monitoring')
@ApiStaffRoute()
@Roles('admin')
@Controller('api/admin/deliveries')
export class AdminDeliveriesController {
  constructor(
    private readonly reports: DeliveryReportsService,
    private readonly retries: DeliveryRetriesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'every letter, newest first, filtered by campaign, target, status and when it became owed (keyset pages)' })
  @ApiOkResponse({ type: DeliveryPage, description: 'a page of letters' })
  @ApiInvalid('a bad filter, limit or cursor (the message names it)')
  list(@Query() query: ListDeliveriesQuery): Promise<DeliveryPage> {
    return this.reports.list(query);
  }

  @Get('failures')
  @ApiOperation({ summary: 'failed and bounced letters grouped by campaign and cause, largest groups first' })
  @ApiOkResponse({ type: FailuresResponse, description: 'the failure groups' })
  @ApiInvalid()
  failures(@Query() query: FailuresQuery): Promise<FailuresResponse> {
    return this.reports.failures(query.campaignId ?? null);
  }

  @Post('retry-failed')
  @HttpCode(200)
  @ApiOperation({ summary: "failed (or bounced) letters back to the queue: all, one campaign's, or one failure group's (audited)" })
  @ApiOkResponse({ type: RetryResponse, description: 'how many letters were queued again' })
  @ApiInvalid()
  @ApiMissing('no such campaign')
  retryFailed(@Staff() staff: StaffPrincipal, @Body() dto: RetryFailedDto): Promise<RetryResponse> {
    return this.retries.retryFailed(staff, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'one letter, with every SMTP attempt and every staff action on it' })
  @ApiOkResponse({ type: DeliveryDetail, description: 'the letter' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such delivery')
  get(@Param('id', UUID) id: string): Promise<DeliveryDetail> {
    return this.reports.get(id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'sends one failed (or bounced) letter again, with a fresh set of attempts (audited)' })
  @ApiOkResponse({ type: RetryResponse, description: 'queued again' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such delivery')
  @ApiConflict('the letter is not failed or bounced, or is no longer owed (its target or signature was withdrawn)')
  retry(@Staff() staff: StaffPrincipal, @Param('id', UUID) id: string): Promise<RetryResponse> {
    return this.retries.retryOne(staff, id);
  }
}
