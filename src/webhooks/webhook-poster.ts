import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AppConfig } from '../config/app-config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { assertAddressAllowed, guardedLookup } from './guarded-lookup.js';

/** What one POST came to. */
export interface PostOutcome {
  startedAt: Date;
  durationMs: number;
  /** null: no answer (refused, reset, timed out, an address webhooks may not reach) */
  statusCode: number | null;
  /** the start of the answer's body */
  response: string | null;
  /** why there was no answer */
  error: string | null;
}

/** how much of an answer is kept in the attempt log */
const KEPT_CHARS = 500;
/** how much of an answer is read at all: a receiver cannot make a worker read a large body */
const READ_BYTES = 16 * 1024;

/**
 * POSTs a signed webhook: one request, no redirect followed (a 3xx is a failure, as it could point
 * anywhere), answered within WEBHOOK_TIMEOUT_MS or abandoned. Connections go through agents whose
 * DNS lookup refuses the addresses webhooks may not reach (guarded-lookup.ts), so the check holds
 * at the moment of connecting, whatever the name resolved to when the endpoint was registered; a
 * URL naming an IP address is checked here, since connecting to one asks no lookup. Connections
 * are kept alive and reused between deliveries to the same receiver.
 */
@Injectable()
export class WebhookPoster implements OnModuleDestroy {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    const options = { keepAlive: true, maxSockets: 16, lookup: guardedLookup(config.webhooks.allowPrivate), timeout: config.webhooks.timeoutMs };
    this.http = new HttpAgent(options);
    this.https = new HttpsAgent(options);
  }

  onModuleDestroy() {
    this.http.destroy();
    this.https.destroy();
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<PostOutcome> {
    const startedAt = new Date();
    const timeoutMs = this.config.webhooks.timeoutMs;
    return new Promise<PostOutcome>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (statusCode: number | null, response: string | null, error: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ startedAt, durationMs: Date.now() - startedAt.getTime(), statusCode, response, error });
      };
      let target: URL;
      try {
        target = new URL(url);
        assertAddressAllowed(target.hostname, this.config.webhooks.allowPrivate);
      } catch (e) {
        return finish(null, null, (e as Error).message);
      }
      const https = target.protocol === 'https:';
      try {
        const req = (https ? httpsRequest : httpRequest)(
          target,
          {
            method: 'POST',
            agent: https ? this.https : this.http,
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Appeals-Webhooks/1' },
          },
          (res) => readAnswer(res, (text, error) => finish(res.statusCode ?? null, text, error)),
        );
        timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        req.on('error', (e) => finish(null, null, e.message));
        req.end(body);
      } catch (e) {
        finish(null, null, (e as Error).message);
      }
    });
  }
}

/** Reads the start of an answer (READ_BYTES at most; the rest is not waited for) and hands over its first KEPT_CHARS characters. */
function readAnswer(res: IncomingMessage, done: (text: string | null, error: string | null) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  const text = () => (size ? Buffer.concat(chunks).toString('utf8').slice(0, KEPT_CHARS) : null);
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= READ_BYTES) {
      done(text(), null);
      res.destroy();
    }
  });
  res.on('end', () => done(text(), null));
  res.on('error', (e) => done(text(), `the answer broke off: ${e.message}`));
  res.on('close', () => done(text(), null));
}
