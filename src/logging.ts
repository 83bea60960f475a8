import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from './config/app-config.js';

/**
 * pino JSON logs with a request id. Credentials and supporters' personal data never reach a log
 * line: they are redacted wherever they could appear.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID(),
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          'req.query.email',
          '*.email',
          '*.password',
          '*.firstName',
          '*.lastName',
          '*.token',
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
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    },
  };
}
