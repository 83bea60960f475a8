import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiStaffRoute } from '../auth/api-staff-route.js';
import { Roles } from '../auth/auth.decorators.js';
import { ApiInvalid } from '../common/error-responses.js';
import { AuditService } from './audit.service.js';
import { AuditActions, AuditPage } from './dto/audit-entry.view.js';
import { ListAuditQuery } from './dto/list-audit.query.js';

@ApiTags('admin: audit log')
@ApiStaffRoute()
@Roles('admin')
@Controller('api/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'who did what, newest first (keyset pagination), filtered by action, subject, actor and time' })
  @ApiOkResponse({ type: AuditPage, description: 'a page of entries and the cursor of the next (older) page' })
  @ApiInvalid('a bad limit, action, actor, from, to or cursor')
  list(@Query() query: ListAuditQuery): Promise<AuditPage> {
    return this.audit.list(query);
  }

  @Get('actions')
  @ApiOperation({ summary: 'the actions the log holds (what `action` can filter by)' })
  @ApiOkResponse({ type: AuditActions, description: 'every distinct action, in alphabetical order' })
  async actions(): Promise<AuditActions> {
    return { actions: await this.audit.actions() };
  }
}
