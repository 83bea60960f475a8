import { Injectable, Logger, ServiceUnavailableException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runsApi, type AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { HealthService } from './health.service.js';
import { MetricsService } from './metrics.service.js';

/**
 * A process without the HTTP API (ROLE=worker) still has metrics to give (its SMTP timings and
 * attempts, Node's own): it serves GET /metrics and GET /health on METRICS_PORT with node:http,
 * nothing else. Processes with the API serve both on their main port instead.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(MetricsServer.name);
  private server: Server | null = null;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly health: HealthService,
  ) {}

  /** where it listens, once it does (null in API processes, or when the port was taken) */
  get port(): number | null {
    return this.server ? (this.server.address() as AddressInfo).port : null;
  }

  async onApplicationBootstrap() {
    if (runsApi(this.config)) return;
    const server = createServer((req, res) => {
      this.handle(req.method ?? 'GET', (req.url ?? '/').split('?')[0]).then(
        ({ status, type, body }) => res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body),
        (e) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String((e as Error).message)),
      );
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.config.metricsPort, this.config.host, () => resolve());
      });
      this.server = server;
      this.log.log(`metrics and health on port ${this.port}`);
    } catch (e) {
      // a second worker on the same host: it runs, without a metrics port of its own
      this.log.warn(`metrics listener not started on port ${this.config.metricsPort}: ${(e as Error).message}`);
    }
  }

  async onApplicationShutdown() {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(method: string, path: string): Promise<{ status: number; type: string; body: string }> {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, type: 'text/plain', body: 'GET only\n' };
    if (path === '/metrics') return { status: 200, type: this.metrics.contentType, body: await this.metrics.render() };
    if (path === '/health') {
      try {
        return { status: 200, type: 'application/json', body: JSON.stringify(await this.health.check()) };
      } catch (e) {
        if (e instanceof ServiceUnavailableException) return { status: 503, type: 'application/json', body: JSON.stringify(e.getResponse()) };
        throw e;
      }
    }
    return { status: 404, type: 'text/plain', body: 'GET /metrics or GET /health\n' };
  }
}
