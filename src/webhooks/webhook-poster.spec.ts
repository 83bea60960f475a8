import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../config/app-config.js';
import { WebhookPoster } from './webhook-poster.js';

/** Just the part of the configuration the poster reads. */
const configWith = (allowPrivate: boolean, timeoutMs = 300) => ({ webhooks: { allowPrivate, timeoutMs } }) as AppConfig;

describe('posting a webhook', () => {
  let server: Server;
  let base: string;
  let handle: (req: IncomingMessage, res: ServerResponse, body: string) => void;
  const posters: WebhookPoster[] = [];
  const poster = (allowPrivate: boolean, timeoutMs?: number) => {
    const p = new WebhookPoster(configWith(allowPrivate, timeoutMs));
    posters.push(p);
    return p;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const p of posters) p.onModuleDestroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('POSTs the body with its headers and answers the status and the start of the answer', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; body?: string } = {};
    handle = (req, res, body) => {
      seen = { method: req.method, headers: req.headers, body };
      res.writeHead(204).end();
    };
    const out = await poster(true).post(`${base}/hooks`, { 'content-type': 'application/json', 'webhook-id': 'e1' }, '{"a":1}');
    expect(out).toMatchObject({ statusCode: 204, response: null, error: null });
    expect(seen).toMatchObject({ method: 'POST', body: '{"a":1}', headers: expect.objectContaining({ 'webhook-id': 'e1', 'content-length': '7' }) });
  });

  it('follows no redirect: a 3xx is the answer', async () => {
    handle = (_, res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end('moved');
    expect(await poster(true).post(`${base}/hooks`, {}, '{}')).toMatchObject({ statusCode: 302, response: 'moved' });
  });

  it('keeps 500 characters of a long answer, and reads no more than 16 KB of it', async () => {
    handle = (_, res) => {
      res.writeHead(500);
      res.write('x'.repeat(20_000));
      // never ended: the poster must not wait for the rest
    };
    const out = await poster(true, 2000).post(`${base}/hooks`, {}, '{}');
    expect(out.statusCode).toBe(500);
    expect(out.response).toBe('x'.repeat(500));
    expect(out.durationMs).toBeLessThan(2000);
  });

  it('gives up after WEBHOOK_TIMEOUT_MS', async () => {
    handle = () => undefined;
    const out = await poster(true, 200).post(`${base}/hooks`, {}, '{}');
    expect(out).toMatchObject({ statusCode: null, error: 'no answer within 200 ms' });
  });

  it('refuses an address webhooks may not reach without connecting, named or written as an IP', async () => {
    let hits = 0;
    handle = (_, res) => {
      hits++;
      res.end();
    };
    const refusing = poster(false);
    expect(await refusing.post(`${base}/hooks`, {}, '{}')).toMatchObject({ statusCode: null, error: '127.0.0.1 is a loopback address (this machine)' });
    expect((await refusing.post(base.replace('127.0.0.1', 'localhost'), {}, '{}')).error).toMatch(
      /^localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
    expect(await refusing.post('http://[::ffff:a9fe:a9fe]/', {}, '{}')).toMatchObject({ error: expect.stringContaining('a cloud metadata address') });
    expect(hits).toBe(0);
  });

  it('answers a malformed URL or header as a failed attempt, never throws', async () => {
    expect((await poster(true).post('not a url', {}, '{}')).error).toMatch(/Invalid URL/);
    expect((await poster(true).post(`${base}/hooks`, { 'x-bad': 'a\nb' }, '{}')).error).toMatch(/Invalid character in header/);
  });
});
