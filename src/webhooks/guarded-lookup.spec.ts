import { createServer, request, Agent, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { assertAddressAllowed, guardedLookup, RefusedAddressError, type Resolver } from './guarded-lookup.js';
import { endpointUrlProblem, redactedUrl } from './endpoint-url.js';

/** A resolver of the test's own: names to addresses, as a DNS server (or an attacker's) would answer. */
function fakeDns(records: Record<string, LookupAddress[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (host: string) => {
    asked.push(host);
    const found = records[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };
  return Object.assign(resolve, { asked });
}

const v4 = (address: string): LookupAddress => ({ address, family: 4 });
const v6 = (address: string): LookupAddress => ({ address, family: 6 });

/** Calls a lookup function the way net.connect does, with or without `all`. */
function lookUp(lookup: ReturnType<typeof guardedLookup>, host: string, options: { all?: boolean; family?: number } = {}) {
  return new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
    lookup(host, options, (err, address, family) => resolve({ err, address, family })),
  );
}

describe('the connect-time lookup of webhook connections', () => {
  const dns = fakeDns({
    'crm.example.org': [v4('93.184.216.34'), v6('2606:2800:220:1:248:1893:25c8:1946')],
    'rebind.example.org': [v4('127.0.0.1')],
    'mixed.example.org': [v4('93.184.216.34'), v4('10.0.0.7')],
    'metadata.example.org': [v4('169.254.169.254')],
    'mapped.example.org': [v6('::ffff:192.168.0.1')],
  });

  it('answers a public host like dns.lookup: the first address, or all of them when asked (Node 20 asks, to race IPv6 and IPv4)', async () => {
    const lookup = guardedLookup(false, dns);
    expect(await lookUp(lookup, 'crm.example.org')).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect(await lookUp(lookup, 'crm.example.org', { all: true })).toEqual({
      err: null,
      address: [v4('93.184.216.34'), v6('2606:2800:220:1:248:1893:25c8:1946')],
      family: undefined,
    });
    expect(await lookUp(lookup, 'crm.example.org', { family: 6 })).toEqual({ err: null, address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 });
  });

  it.each([
    ['rebind.example.org', '127.0.0.1, a loopback address'],
    ['mixed.example.org', '10.0.0.7, a private address'],
    ['metadata.example.org', '169.254.169.254, a cloud metadata address'],
    ['mapped.example.org', '::ffff:192.168.0.1, a private address'],
  ])('refuses %s, in either answer shape: %s', async (host, why) => {
    const lookup = guardedLookup(false, dns);
    for (const options of [{}, { all: true }]) {
      const { err } = await lookUp(lookup, host, options);
      expect(err).toBeInstanceOf(RefusedAddressError);
      expect(err!.message).toContain(`${host} resolves to ${why}`);
    }
  });

  it('lets WEBHOOK_ALLOW_PRIVATE through, but never the metadata address', async () => {
    const lookup = guardedLookup(true, dns);
    expect((await lookUp(lookup, 'rebind.example.org')).address).toBe('127.0.0.1');
    expect((await lookUp(lookup, 'metadata.example.org')).err).toBeInstanceOf(RefusedAddressError);
  });

  it('passes on a failure to resolve', async () => {
    const { err } = await lookUp(guardedLookup(false, dns), 'nowhere.example.org');
    expect(err?.code).toBe('ENOTFOUND');
  });

  it('judges an IP address in the URL itself (a connection to one asks no lookup)', () => {
    expect(() => assertAddressAllowed('127.0.0.1', false)).toThrow(RefusedAddressError);
    expect(() => assertAddressAllowed('[::1]', false)).toThrow('::1 is a loopback address');
    expect(() => assertAddressAllowed('[::ffff:169.254.169.254]', true)).toThrow('cloud metadata');
    expect(() => assertAddressAllowed('127.0.0.1', true)).not.toThrow();
    expect(() => assertAddressAllowed('93.184.216.34', false)).not.toThrow();
    expect(() => assertAddressAllowed('crm.example.org', false)).not.toThrow();
  });

  describe('through a real http.Agent, to a server on this machine', () => {
    let server: Server;
    let port: number;
    let hits = 0;

    beforeAll(async () => {
      server = createServer((_, res) => {
        hits++;
        res.end('ok');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((r) => server.close(r)));

    /** GET http://host:port/ through an agent whose lookup is guarded; answers the status or the error. */
    const get = (agent: Agent, host: string) =>
      new Promise<number | Error>((resolve) => {
        const req = request({ host, port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', resolve);
        req.end();
      });

    it('refuses to connect when the name resolves to a loopback address now (DNS rebinding after registration)', async () => {
      const agent = new Agent({ lookup: guardedLookup(false, dns) });
      const before = hits;
      const outcome = await get(agent, 'rebind.example.org');
      expect(outcome).toBeInstanceOf(RefusedAddressError);
      expect(hits).toBe(before);
      agent.destroy();
    });

    it('connects when WEBHOOK_ALLOW_PRIVATE allows it', async () => {
      const agent = new Agent({ lookup: guardedLookup(true, dns) });
      const before = hits;
      expect(await get(agent, 'rebind.example.org')).toBe(200);
      expect(hits).toBe(before + 1);
      agent.destroy();
    });
  });
});

describe('an endpoint URL, when it is registered', () => {
  const dns = fakeDns({ 'crm.example.org': [v4('93.184.216.34')], 'intranet.example.org': [v4('192.168.10.4')], 'imds.example.org': [v6('fd00:ec2::254')] });
  const dev = { production: false, allowPrivate: false };
  const prod = { production: true, allowPrivate: false };

  it('takes https anywhere, http outside production', async () => {
    expect(await endpointUrlProblem('https://crm.example.org/hooks', prod, dns)).toBeNull();
    expect(await endpointUrlProblem('http://crm.example.org/hooks', dev, dns)).toBeNull();
    expect(await endpointUrlProblem('http://crm.example.org/hooks', prod, dns)).toBe('url must use https in production (NODE_ENV=production)');
  });

  it.each([
    ['ftp://crm.example.org/', 'url must start with https:// (or http://), not ftp://'],
    ['crm.example.org/hooks', 'url must be an absolute URL such as https://crm.example.org/hooks/appeals'],
    ['https://crm.example.org/hooks#x', 'url must not have a #fragment (it is never sent)'],
    ['https://nowhere.example.org/', "url's host nowhere.example.org does not resolve (ENOTFOUND)"],
  ])('refuses %s', async (url, problem) => {
    expect(await endpointUrlProblem(url, dev, dns)).toBe(problem);
  });

  it('refuses a URL longer than 2000 characters', async () => {
    expect(await endpointUrlProblem(`https://crm.example.org/${'a'.repeat(2000)}`, dev, dns)).toBe('url must be at most 2000 characters');
  });

  it.each([
    ['https://127.0.0.1:8080/', "url's host 127.0.0.1 is a loopback address (this machine): webhooks may not reach it"],
    ['https://[::1]/', "url's host ::1 is a loopback address (this machine): webhooks may not reach it"],
    ['https://169.254.169.254/latest/meta-data/', "url's host 169.254.169.254 is a cloud metadata address: webhooks may not reach it"],
    ['https://intranet.example.org/', "url's host intranet.example.org resolves to 192.168.10.4, a private address: webhooks may not reach it"],
    ['https://imds.example.org/', "url's host imds.example.org resolves to fd00:ec2::254, a cloud metadata address: webhooks may not reach it"],
    ['https://localhost/', "url's host localhost does not resolve (ENOTFOUND)"],
  ])('refuses a private destination in production: %s', async (url, problem) => {
    const found = await endpointUrlProblem(url, prod, dns);
    expect(found?.replace(/ \(set WEBHOOK_ALLOW_PRIVATE=true[^)]*\)$/, '')).toBe(problem);
  });

  it('says how to allow a private receiver, except the metadata address, which nothing allows', async () => {
    expect(await endpointUrlProblem('https://10.1.2.3/', prod, dns)).toMatch(/set WEBHOOK_ALLOW_PRIVATE=true/);
    expect(await endpointUrlProblem('https://10.1.2.3/', { production: true, allowPrivate: true }, dns)).toBeNull();
    expect(await endpointUrlProblem('https://169.254.169.254/', { production: true, allowPrivate: true }, dns)).toBe(
      "url's host 169.254.169.254 is a cloud metadata address: webhooks may not reach it",
    );
  });
});

describe('an endpoint URL in logs and the audit log', () => {
  it('has its password masked, nothing else changed', () => {
    expect(redactedUrl('https://crm:s3cret@crm.example.org/hooks?x=1')).toBe('https://crm:***@crm.example.org/hooks?x=1');
    expect(redactedUrl('https://crm.example.org/hooks')).toBe('https://crm.example.org/hooks');
    expect(redactedUrl('not a url')).toBe('not a url');
  });
});
