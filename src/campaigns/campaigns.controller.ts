import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { PageQuery } from '../common/pagination.dto.js';
import { UUID } from '../common/uuid-param.js';
import { CampaignsService } from './campaigns.service.js';
import { CreateCampaignDto, PreviewDto, UpdateCampaignDto } from './dto/campaign.dto.js';

@ApiTags('campaigns')
@ApiBearerAuth()
@Roles('campaigner')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @ApiConflictResponse({ description: 'the slug is taken' })
  create(@Body() dto: CreateCampaignDto, @Staff() staff: StaffPrincipal) {
    return this.campaigns.create(dto, staff);
  }

  @Get()
  list(@Query() query: PageQuery) {
    return this.campaigns.list(query);
  }

  @Get(':id')
  get(@Param('id', UUID) id: string) {
    return this.campaigns.get(id);
  }

  @Patch(':id')
  update(@Param('id', UUID) id: string, @Body() dto: UpdateCampaignDto, @Staff() staff: StaffPrincipal) {
    return this.campaigns.update(id, dto, staff);
  }

  @Post(':id/preview')
  @HttpCode(200)
  preview(@Param('id', UUID) id: string, @Body() dto: PreviewDto) {
    return this.campaigns.preview(id, dto.targetId);
  }

  @Post(':id/launch')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'illegal status change, no launched target, or an invalid letter' })
  launch(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal) {
    return this.campaigns.transition(id, 'launch', staff);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'illegal status change' })
  pause(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal) {
    return this.campaigns.transition(id, 'pause', staff);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'illegal status change' })
  close(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal) {
    return this.campaigns.transition(id, 'close', staff);
  }
}
