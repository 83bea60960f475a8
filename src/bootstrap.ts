import { type INestApplicationContext, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppModule } from './app.module.js';
import { countAnswered } from './queue/worker-governor.js';
import { logRequests, PinoNestLogger, requestId, ROOT_LOGGER } from './logging.js';
import { runsApi, runsWorkers, type AppConfig } from './config/app-config.js';
import { DemoSeeder } from './seed/demo-seeder.js';
import { registerHttpSecurity } from './security/http-security.js';
import { CSV_BODY_LIMIT } from './targets/target-csv.js';
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
    const ctx = await NestFactory.createApplicationContext(module, { bufferLogs: true, abortOnError: false });
    ctx.useLogger(ctx.get(PinoNestLogger));
    return ctx;
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy: config.trustProxy, genReqId: requestId }),
    // a failed start throws (main.ts reports it and exits), rather than exiting the process here
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(PinoNestLogger));
  logRequests(app.getHttpAdapter().getInstance(), app.get(ROOT_LOGGER));
  // one process answering and sending: the worker governor reads how busy the pages are
  if (runsWorkers(config)) app.getHttpAdapter().getInstance().addHook('onResponse', countAnswered);
  await app.register(fastifyCookie);
  await registerHttpSecurity(app, config);
  if (config.publicCorsOrigins.length) await app.register(fastifyCors, { delegator: publicApiCors(config.publicCorsOrigins) });
  // the target import (POST /api/targets/import) takes CSV, with a body limit of its own
  app.useBodyParser('text/csv', { bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) => done(null, body.toString('utf8')));
  // the console's file upload (the target import): a form's fields and its one file, as text
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: CSV_BODY_LIMIT, files: 1, fields: 20, fieldSize: CSV_BODY_LIMIT, parts: 21 },
    onFile: async (part) => {
      (part as unknown as { value: string }).value = (await part.toBuffer()).toString('utf8');
    },
  });
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
      'Advocacy campaigns with an action queue. Staff routes need a Bearer token from POST /api/auth/login; ' + 'public routes (supporters) need nothing.',
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

/**
 * CORS on the public JSON API only (/api/public/*), for the origins in PUBLIC_CORS_ORIGINS: their
 * pages may show a signing form of their own. No credentials: the public API needs none.
 */
function publicApiCors(origins: string[]) {
  return (req: { url: string; headers: { origin?: string } }, cb: (e: Error | null, o: Record<string, unknown>) => void) =>
    cb(
      null,
      req.url.startsWith('/api/public/') && origins.includes(req.headers.origin ?? '')
        ? { origin: origins, methods: ['GET', 'POST'], allowedHeaders: ['Content-Type', 'Accept', 'Accept-Language'], maxAge: 600 }
        : { origin: false },
    );
}

export const isHttpApp = (app: App): app is NestFastifyApplication => 'listen' in app;

export const bootLog = new Logger('Appeals');
