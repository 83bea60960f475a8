import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UntypedJson } from './api-client.js';

/** One request a receiver got: what it answered, and the body as sent (the signature covers exactly these bytes). */
export interface ReceivedHook {
  at: number;
  headers: IncomingHttpHeaders;
  raw: string;
  body: UntypedJson;
  answered: number;
}

/**
 * A webhook receiver of the test's own, on 127.0.0.1: it records every request and answers what
 * `answer` says (200 by default), as a CRM's endpoint would. `accepted` are the requests it
 * answered 2xx: what a receiver took in.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  answer: (hook: Omit<ReceivedHook, 'answered'>) => number = () => 200;
  private server: Server | null = null;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}/hooks/appeals`;
  }

  get accepted() {
    return this.received.filter((h) => h.answered >= 200 && h.answered < 300);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: UntypedJson = null;
        try {
          body = JSON.parse(raw);
        } catch {
          // recorded as is
        }
        const hook = { at: Date.now(), headers: req.headers, raw, body };
        const answered = this.answer(hook);
        this.received.push({ ...hook, answered });
        res.writeHead(answered, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: answered < 300 }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/**
 * Verifies a request the Standard Webhooks way, computed here with node:crypto alone (not with
 * Appeals' code): HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${raw body}`, keyed by the
 * base64-decoded part of the secret after `whsec_`, base64, compared with each `v1,` signature of
 * the header. Answers whether one matches.
 */
export function verifySignature(secret: string, hook: Pick<ReceivedHook, 'headers' | 'raw'>): boolean {
  const id = String(hook.headers['webhook-id'] ?? '');
  const timestamp = String(hook.headers['webhook-timestamp'] ?? '');
  if (!id || !/^\d+$/.test(timestamp)) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${hook.raw}`).digest();
  return String(hook.headers['webhook-signature'] ?? '')
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',', 2);
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}
