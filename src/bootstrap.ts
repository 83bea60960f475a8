import { type INestApplicationContext, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import { Logger as PinoLogger } from 'nestjs-pino';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from './app.module.js';
import { runsApi, type AppConfig } from './config/app-config.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { BootstrapAdmin } from './users/bootstrap-admin.js';

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'public');
/** JSON and form bodies (Nest registers both parsers); the CSV import route raises its own limit. */
export const BODY_LIMIT = 64 * 1024;

export type App = NestFastifyApplication | INestApplicationContext;

/**
 * Builds the application for config.role: with HTTP (api, all) a Fastify app, not yet listening;
 * without (worker), an application context whose queue consumers start at init.
 */
export async function createApp(config: AppConfig): Promise<App> {
  const module = AppModule.forRoot(config);
  if (!runsApi(config)) {
    const ctx = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    ctx.useLogger(ctx.get(PinoLogger));
    ctx.enableShutdownHooks();
    return ctx;
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy: process.env.TRUST_PROXY === 'true' }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  await app.register(fastifyCookie);
  app.useStaticAssets({ root: PUBLIC_DIR, prefix: '/assets/', decorateReply: false, maxAge: '1h' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );
  const docs = new DocumentBuilder()
    .setTitle('Appeals API')
    .setDescription(
      'Advocacy campaigns with an action queue. Staff routes need a Bearer token from POST /api/auth/login; ' +
        'public routes (supporters) need nothing.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, docs), { jsonDocumentUrl: 'api/docs/openapi.json' });
  await app.init();
  return app;
}

export interface StartupReport {
  admin: { email: string; password?: string } | null;
  demoCampaignId: string | null;
}

/** The first admin and, in development on an empty database, the demo campaign. */
export async function runStartupTasks(app: App, config: AppConfig): Promise<StartupReport> {
  const admin = await app.get(BootstrapAdmin).ensure();
  const demoCampaignId = config.seedDemo ? await app.get(DemoSeeder).seed(true) : null;
  return { admin, demoCampaignId };
}

export const isHttpApp = (app: App): app is NestFastifyApplication => 'listen' in app;

export const bootLog = new Logger('Appeals');
