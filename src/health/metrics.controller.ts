import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { MetricsService } from './metrics.service.js';

@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text format: counts by status, queue depths, SMTP timings, Node's own metrics. */
  @Get()
  @Header('cache-control', 'no-store')
  @ApiOkResponse({
    description: 'Prometheus exposition format (text/plain; version=0.0.4)',
    content: {
      'text/plain': {
        schema: {
          type: 'string',
          example:
            '# HELP appeals_deliveries Letters by status, all campaigns (cluster-wide)\n# TYPE appeals_deliveries gauge\nappeals_deliveries{status="sent"} 9470\n',
        },
      },
    },
  })
  async scrape(@Res() reply: FastifyReply) {
    const body = await this.metrics.render();
    reply.header('content-type', this.metrics.contentType).send(body);
  }
}
