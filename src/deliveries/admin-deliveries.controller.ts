import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { UUID } from '../common/uuid-param.js';
import { DeliveryReportsService } from './delivery-reports.service.js';
import { ListDeliveriesQuery } from './dto/list-deliveries.query.js';

@ApiTags('admin: delivery monitoring')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/admin')
export class AdminDeliveriesController {
  constructor(private readonly reports: DeliveryReportsService) {}

  @Get('stats')
  stats() {
    return this.reports.stats();
  }

  @Get('deliveries')
  list(@Query() query: ListDeliveriesQuery) {
    return this.reports.list(query);
  }

  @Get('deliveries/:id')
  get(@Param('id', UUID) id: string) {
    return this.reports.get(id);
  }
}
