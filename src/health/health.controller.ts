import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { HealthService } from './health.service.js';

/** 200 {status: "ok"} when PostgreSQL and Redis answer, 503 when either does not (SMTP is reported, not required). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check();
  }
}
