import { randomUUID } from 'node:crypto';
import { PinoLogger, type Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from './config/app-config.js';

/**
 * pino JSON logs with a request id. Credentials and supporters' personal data never reach a log
 * line: fields that hold them are redacted by name wherever they could appear, and, as a last
 * line of defence, anything shaped like an email address is replaced by `<address>` in every
 * line before it is written (an SMTP server's refusal, a database error, a message built by
 * hand: none can leak an address into the logs).
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    // No request middleware: it would run every request inside an AsyncLocalStorage, which on Node
    // 20 slows every promise of the process (a fifth of the signing path's CPU). Requests are
    // logged by the Fastify hook below instead, through this same pino logger.
    forRoutes: [],
    pinoHttp: [
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
        },
      },
      addressScrubbingStream(pino.destination({ dest: 1, sync: true })),
    ],
  };
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
export function logRequests(fastify: {
  addHook(name: 'onResponse', hook: (req: LoggedRequest, reply: { statusCode: number; elapsedTime: number }) => Promise<void>): unknown;
}): void {
  fastify.addHook('onResponse', async (req, reply) => {
    const level = reply.statusCode >= 500 ? 'error' : reply.statusCode >= 400 ? 'info' : 'debug';
    const root = PinoLogger.root;
    if (!root?.isLevelEnabled(level)) return;
    const path = req.url.split('?')[0];
    if (path === '/health' || path === '/metrics') return;
    root[level]({ req: { id: req.id, method: req.method, url: req.url }, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) }, 'request completed');
  });
}

/** A request's id: the caller's X-Request-Id when it sends one (tracing through a proxy), else a new one. */
export function requestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  return (typeof given === 'string' && given.slice(0, 100)) || randomUUID();
}
