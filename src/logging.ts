import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
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
    // every route, the root included (nestjs-pino's default pattern matches nothing under Nest 12 on Fastify)
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        level: config.logLevel,
        genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID(),
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
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url.replace(/\/(confirm|withdraw)\/[^/?#]+/, '/$1/[token]').replace(/([?&]email=)[^&]*/, '$1[redacted]'),
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
        // (Nest's middleware sees the path after its route pattern as req.url: the full one is originalUrl)
        autoLogging: {
          ignore: (req) => ['/health', '/metrics'].includes(((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0]),
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
