import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles, Staff, type StaffPrincipal } from '../auth/auth.decorators.js';
import { ApiInvalid, ApiMissing } from '../common/error-responses.js';
import { UUID } from '../common/uuid-param.js';
import { ClearedTargetView, FailingTargetList } from './dto/failing-target.view.js';
import { FailingTargetsService } from './failing-targets.service.js';

@ApiTags('targets')
@ApiStaffRoute()
@Roles('campaigner')
@Controller('api/targets')
export class FailingTargetsController {
  constructor(private readonly failing: FailingTargetsService) {}

  @Get('failing')
  @ApiOperation({
    summary: 'targets whose address is failing (BOUNCE_HARD_LIMIT hard bounces), with the letters held for them',
    description: 'A failing address gets nothing: its owed letters stay queued (neither sent nor cancelled) until the flag is cleared.',
  })
  @ApiOkResponse({ type: FailingTargetList, description: 'every failing target, the most recent first' })
  async list(): Promise<FailingTargetList> {
    return { items: await this.failing.list() };
  }

  @Post(':id/clear-failing')
  @HttpCode(200)
  @ApiOperation({
    summary: 'clear the failing flag and the hard-bounce count: the held letters go to the queue again (audited as target.clear-failing)',
    description: 'Fix the address first (PATCH /api/targets/:id) if it was wrong. Clearing a target that is not failing only resets its count.',
  })
  @ApiOkResponse({ type: ClearedTargetView, description: 'the target, no longer failing, and how many held letters were released' })
  @ApiInvalid('the id is not a UUID')
  @ApiMissing('no such target')
  clear(@Param('id', UUID) id: string, @Staff() staff: StaffPrincipal): Promise<ClearedTargetView> {
    return this.failing.clear(id, staff);
  }
}
