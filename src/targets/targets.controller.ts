import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { UUID } from '../common/uuid-param.js';
import { CreateTargetDto, ListTargetsQuery, UpdateTargetDto } from './dto/target.dto.js';
import { TargetsService } from './targets.service.js';

@ApiTags('targets')
@ApiBearerAuth()
@Roles('campaigner')
@Controller('api/targets')
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @Post()
  create(@Body() dto: CreateTargetDto) {
    return this.targets.create(dto);
  }

  @Get()
  list(@Query() query: ListTargetsQuery) {
    return this.targets.list(query);
  }

  @Get(':id')
  get(@Param('id', UUID) id: string) {
    return this.targets.get(id);
  }

  @Patch(':id')
  update(@Param('id', UUID) id: string, @Body() dto: UpdateTargetDto) {
    return this.targets.update(id, dto);
  }

  @Delete(':id')
  deactivate(@Param('id', UUID) id: string) {
    return this.targets.deactivate(id);
  }
}
