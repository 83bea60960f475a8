import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiConflict, ApiInvalid, ApiMissing, ErrorResponse } from '../common/error-responses.js';
import { PageQuery } from '../common/pagination.dto.js';
import { UUID } from '../common/uuid-param.js';
import { CampaignsService } from './campaigns.service.js';
import { CampaignTextDto, CreateCampaignDto, LetterPreviewRequestDto, TestSendDto, UpdateCampaignDto } from './dto/campaign.dto.js';
import { CampaignPage, CampaignTextView, CampaignViewDto, LetterPreviewDto, LetterTemplateView, TestSendReceiptDto } from './dto/campaign-view.dto.js';
import { TestLetterService } from './test-letter.service.js';

@ApiTags('campaigns')
@ApiStaffRoute()
@ApiExtraModels(LetterTemplateView, CampaignTextView, CampaignTextDto)
@Roles('campaigner')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly testLetters: TestLetterService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'create a draft campaign with its letter (placeholders checked against the closed set)' })
  @ApiCreatedResponse({ type: CampaignViewDto, description: 'the campaign, a draft' })
  @ApiInvalid('a bad field, or an unknown placeholder in the letter (named)')
  @ApiConflict('the slug is taken')
  create(@Body() dto: CreateCampaignDto, @Staff() staff: StaffPrincipal): Promise<CampaignViewDto> {
    return this.campaigns.create(dto, staff);
  }

  @Get()
  @ApiOperation({ summary: 'campaigns, newest first, with their signature counts and targets' })
  @ApiOkResponse({ type: CampaignPage, description: 'a page of campaigns and the cursor of the next' })
  @ApiInvalid('a bad limit or cursor')
  list(@Query() query: PageQuery): Promise<CampaignPage> {
    return this.campaigns.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'one campaign, with its signature counts and its targets' })
  @ApiOkResponse({ type: CampaignViewDto, description: 'the campaign with its counts and targets' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such campaign')
  get(@Param('id', UUID) id: string): Promise<CampaignViewDto> {
    return this.campaigns.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'change a campaign (only the fields given; the slug only while a draft)' })
  @ApiOkResponse({ type: CampaignViewDto, description: 'the campaign, changed' })
  @ApiInvalid('a bad field, or an unknown placeholder in the letter (named)')
  @ApiMissing('no such campaign')
  @ApiConflict('the campaign is closed, the slug is taken, or the slug of a launched campaign')
  update(@Param('id', UUID) id: string, @Body() dto: UpdateCampaignDto, @Staff() staff: StaffPrincipal): Promise<CampaignViewDto> {
    return this.campaigns.update(id, dto, staff);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @ApiOperation({ summary: "the letter rendered for a target (in the target's language) from a sample supporter" })
  @ApiOkResponse({ type: LetterPreviewDto, description: 'the rendered letter' })
  @ApiInvalid('targetId is not a UUID')
  @ApiMissing('no such campaign, or the target is not attached to it')
  preview(@Param('id', UUID) id: string, @Body() dto: LetterPreviewRequestDto): Promise<LetterPreviewDto> {
    return this.campaigns.preview(id, dto.targetId, dto.appeal);
  }

  /** Nothing is owed and nothing is counted: the letter goes to the caller's own address. */
  @Post(':id/test-send')
  @HttpCode(202)
  @ApiOperation({ summary: 'mail the letter as rendered for a target to your own address, subject "[TEST] …" (sent by a worker)' })
  @ApiAcceptedResponse({ type: TestSendReceiptDto, description: 'queued: a worker mails it to your address' })
  @ApiInvalid('targetId is not a UUID')
  @ApiMissing('no such campaign, or the target is not attached to it')
  @ApiServiceUnavailableResponse({ description: 'the queue cannot be reached', type: ErrorResponse })
  testSend(@Param('id', UUID) id: string, @Body() dto: TestSendDto, @Staff() staff: StaffPrincipal): Promise<TestSendReceiptDto> {
    return this.testLetters.request(id, dto.targetId, staff);
  }

  @Post(':id/launch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'draft → live (audited as campaign.launch); a paused campaign is resumed too, as POST …/resume does (still accepted)',
  })
  @ApiOkResponse({ type: CampaignViewDto, description: 'the campaign, live' })
  @ApiMissing('no such campaign')
  @ApiConflict('illegal status change, no launched target, or an invalid letter')
  launch(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<CampaignViewDto> {
    return this.campaigns.transition(id, 'launch', staff);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({
    summary: 'paused → live: signatures are taken again and the held letters go (at delivery.startAt when that is still to come); audited as campaign.resume',
  })
  @ApiOkResponse({ type: CampaignViewDto, description: 'the campaign, live' })
  @ApiMissing('no such campaign')
  @ApiConflict('the campaign is not paused (a draft is launched, not resumed)')
  resume(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<CampaignViewDto> {
    return this.campaigns.transition(id, 'resume', staff);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'live → paused: no signatures taken, letters held (nothing lost)' })
  @ApiOkResponse({ type: CampaignViewDto, description: 'the campaign, paused' })
  @ApiMissing('no such campaign')
  @ApiConflict('illegal status change')
  pause(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<CampaignViewDto> {
    return this.campaigns.transition(id, 'pause', staff);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'live or paused → closed: no new signatures; letters owed are still sent' })
  @ApiOkResponse({ type: CampaignViewDto, description: 'the campaign, closed' })
  @ApiMissing('no such campaign')
  @ApiConflict('illegal status change')
  close(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<CampaignViewDto> {
    return this.campaigns.transition(id, 'close', staff);
  }
}
