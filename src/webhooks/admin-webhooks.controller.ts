import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { ListWebhookDeliveriesQuery, WebhookDeliveryPage, WebhookReplayResponse } from './dto/webhook-delivery.view.js';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook-endpoint.dto.js';
import { WebhookEndpointList, WebhookEndpointView, WebhookEndpointWithSecret } from './dto/webhook-endpoint.view.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

@ApiTags('admin: webhooks')
@ApiStaffRoute()
@Roles('admin')
@Controller('api/admin/webhooks')
export class AdminWebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'register an endpoint: events are POSTed to it, signed (Standard Webhooks); its secret is answered this once (audited)' })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecret, description: 'the endpoint, with its signing secret' })
  @ApiInvalid('a bad url (not https in production, or a private, loopback, link-local or metadata address: the message says which) or an unknown event type')
  create(@Staff() staff: StaffPrincipal, @Body() dto: CreateWebhookDto): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.create(staff, dto);
  }

  @Get()
  @ApiOperation({ summary: 'every endpoint, oldest first, with whether it is failing or disabled and how many deliveries it is owed' })
  @ApiOkResponse({ type: WebhookEndpointList, description: 'the endpoints (never their secrets)' })
  async list(): Promise<WebhookEndpointList> {
    return { items: await this.endpoints.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'one endpoint' })
  @ApiOkResponse({ type: WebhookEndpointView, description: 'the endpoint (never its secret)' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such endpoint')
  get(@Param('id', UUID) id: string): Promise<WebhookEndpointView> {
    return this.endpoints.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'change its url, events or description; disable it, or enable it again (forgetting its failures, sending what waited); audited' })
  @ApiOkResponse({ type: WebhookEndpointView, description: 'the endpoint, changed' })
  @ApiInvalid('no field given, or a bad one (the message names it)')
  @ApiMissing('no such endpoint')
  update(@Staff() staff: StaffPrincipal, @Param('id', UUID) id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookEndpointView> {
    return this.endpoints.update(staff, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'delete it, with its deliveries and their attempts (audited)' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such endpoint')
  async remove(@Staff() staff: StaffPrincipal, @Param('id', UUID) id: string): Promise<void> {
    await this.endpoints.remove(staff, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'a new signing secret, answered this once; for 24 hours deliveries carry a signature with the old one too (audited)' })
  @ApiOkResponse({ type: WebhookEndpointWithSecret, description: 'the endpoint, with its new secret' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such endpoint')
  rotateSecret(@Staff() staff: StaffPrincipal, @Param('id', UUID) id: string): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.rotateSecret(staff, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "the endpoint's deliveries, newest first, each with every HTTP attempt (keyset pages)" })
  @ApiOkResponse({ type: WebhookDeliveryPage, description: 'a page of deliveries' })
  @ApiInvalid('a bad status, limit or cursor')
  @ApiMissing('no such endpoint')
  deliveriesOf(@Param('id', UUID) id: string, @Query() query: ListWebhookDeliveriesQuery): Promise<WebhookDeliveryPage> {
    return this.deliveries.list(id, query);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'sends a delivered or failed delivery again, with a fresh set of attempts (audited)' })
  @ApiOkResponse({ type: WebhookReplayResponse, description: 'owed again' })
  @ApiInvalid('an id is not a UUID')
  @ApiMissing('no such endpoint, or no such delivery to it')
  @ApiConflict('the delivery is still owed (queued, being attempted, retrying), or the endpoint is disabled')
  replay(@Staff() staff: StaffPrincipal, @Param('id', UUID) id: string, @Param('deliveryId', UUID) deliveryId: string): Promise<WebhookReplayResponse> {
    return this.deliveries.replay(staff, id, deliveryId);
  }

  @Post(':id/replay-failed')
  @HttpCode(200)
  @ApiOperation({ summary: 'sends every failed delivery of the endpoint again, in their order (audited)' })
  @ApiOkResponse({ type: WebhookReplayResponse, description: 'how many are owed again' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such endpoint')
  @ApiConflict('the endpoint is disabled')
  replayFailed(@Staff() staff: StaffPrincipal, @Param('id', UUID) id: string): Promise<WebhookReplayResponse> {
    return this.deliveries.replayFailed(staff, id);
  }
}
