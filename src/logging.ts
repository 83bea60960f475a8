import { Global, Inject, Injectable, Module, type DynamicModule, type LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { AppConfig } from './config/app-config.js';

/**
 * pino JSON logs with a request id. Credentials and supporters' personal data never reach a log
 * line: fields that hold them are redacted by name wherever they could appear, and, as a last
 * line of defence, anything shaped like an email address is replaced by `<address>` in every
 * line before it is written (an SMTP server's refusal, a database error, a message built by
 * hand: none can leak an address into the logs).
 */
export function createRootLogger(
  config: Pick<AppConfig, 'logLevel'>,
  out: { write(s: string): unknown } = pino.destination({ dest: 1, sync: true }),
): pino.Logger {
  return pino(
    {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          'req.query.email',
          'req.body',
          'req.remoteAddress',
          // personal fields at the top of a line, and one level down
          'email',
          'password',
          'firstName',
          'lastName',
          'postcode',
          'comment',
          'token',
          '*.email',
          '*.password',
          '*.firstName',
          '*.lastName',
          '*.postcode',
          '*.comment',
          '*.token',
          '*.captchaToken',
          // a failed query's parameters (TypeORM's QueryFailedError) are the values a person typed
          'parameters',
          '*.parameters',
        ],
        censor: '[redacted]',
      },
      // confirmation and withdrawal links carry tokens: log the route, not the token
      serializers: {
        req: requestSummary,
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    addressScrubbingStream(out),
  );
}

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Nest's logger (every `new Logger(Context)` of the app, and Nest's own messages) writing through
 * the root pino logger: `{"level":30,…,"context":"LetterSender","msg":"…"}`. A stack given by
 * Nest's exception handlers (`error(message, stack)`) is logged as the error it describes.
 */
@Injectable()
export class PinoNestLogger implements LoggerService {
  constructor(@Inject(ROOT_LOGGER) private readonly root: pino.Logger) {}

  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: pino.Level, message: unknown, params: unknown[]) {
    if (!this.root.isLevelEnabled(level)) return;
    // Nest passes the context last
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (params.length && typeof params[params.length - 1] === 'string') {
      fields.context = params[params.length - 1];
      rest = params.slice(0, -1);
    }
    if (message instanceof Error) {
      fields.err = message;
      this.root[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.root[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else if (level === 'error' && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest[0];
      this.root[level]({ ...fields, err }, String(message));
    } else {
      this.root[level](fields, String(message));
    }
  }
}

/** The root logger and Nest's logger over it, for every module. */
@Global()
@Module({})
export class AppLoggerModule {
  static forRoot(config: Pick<AppConfig, 'logLevel'>): DynamicModule {
    return {
      module: AppLoggerModule,
      providers: [{ provide: ROOT_LOGGER, useValue: createRootLogger(config) }, PinoNestLogger],
      exports: [ROOT_LOGGER, PinoNestLogger],
    };
  }
}

/**
 * Something shaped like an email address inside a JSON log line: no quote, backslash, space,
 * bracket or slash on either side (so JSON stays valid and `node_modules/@nestjs/core` in a stack
 * trace is left alone), and a domain with a dot.
 */
const ADDRESS = /[^\s"\\<>()[\]{},;:@/]+@[^\s"'\\<>()[\]{},;:@/]+\.[^\s"'\\<>()[\]{},;:@/.]{2,}/g;

export function scrubAddresses(line: string): string {
  return line.includes('@') ? line.replace(ADDRESS, '<address>') : line;
}

export function addressScrubbingStream(out: { write(s: string): unknown }): pino.DestinationStream {
  return { write: (line: string) => out.write(scrubAddresses(line)) };
}

interface LoggedRequest {
  id: string;
  method: string;
  url: string;
}

/** What a request line says of the request: its route, never a token or an address. */
export function requestSummary(req: LoggedRequest) {
  return {
    id: req.id,
    method: req.method,
    url: req.url.replace(/\/(confirm|withdraw)\/[^/?#]+/, '/$1/[token]').replace(/([?&]email=)[^&]*/, '$1[redacted]'),
  };
}

/**
 * One line per request, written when the answer is sent, through the app's pino logger (the
 * redaction and the address scrubbing above apply): at debug for a success, info for a 4xx,
 * error for a 5xx; /health and /metrics are not logged. Nothing is computed for a level that is
 * off.
 */
export function logRequests(
  fastify: {
    addHook(name: 'onResponse', hook: (req: LoggedRequest, reply: { statusCode: number; elapsedTime: number }) => Promise<void>): unknown;
  },
  root: pino.Logger,
): void {
  fastify.addHook('onResponse', async (req, reply) => {
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'info' : 'debug';
    if (!root.isLevelEnabled(level)) return;
    const path = req.url.split('?')[0];
    if (path === '/health' || path === '/metrics') return;
    root[level](
      { req: { id: req.id, method: req.method, url: req.url }, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
}

/** A request's id: the caller's X-Request-Id when it sends one (tracing through a proxy), else a new one. */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return (typeof given === 'string' && given.slice(0, 100)) || randomUUID();
}
