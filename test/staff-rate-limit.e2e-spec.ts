import { expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { PrivateRedis } from './helpers/redis-server.js';
import { ADMIN, type RunningApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * Rate limits, counted in Redis so that every API process shares them: failed staff logins
 * (per account, and, several times higher, per client address) and signatures (per client
 * address). Over the limit the answer is 429 with Retry-After, the usual JSON error saying in
 * words how long to wait, and the request changes nothing.
 */
describe('rate limits', () => {
  // per address: more than per account (by default five times as many; 8 here keeps the test short)
  const limits = { LOGIN_ATTEMPTS_PER_15_MIN: '3', LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN: '8', RATE_LIMIT_SIGN_PER_MINUTE: '3' };
  // two API processes on one Redis (and one key prefix), as in production behind a proxy
  const {
    stack,
    apps: { one, two },
  } = useStack({ apps: { one: limits, two: { ...limits, ROLE: 'api' } } });

  const login = (app: RunningApp, email: string, password: string) => app.api.post('/api/auth/login', { email, password });

  it('counts only failed logins: staff who log in correctly are never limited', async () => {
    for (let i = 0; i < 6; i++) expect((await login(i % 2 ? one : two, ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it('after LOGIN_ATTEMPTS_PER_15_MIN failures, 429 with Retry-After, across API processes, even for the right password', async () => {
    const email = `campaigner.${uniq()}@amnesty.example`;
    expectStatus(await one.admin.post('/api/users', { email, password: 'the-right-password', role: 'campaigner' }), 201);

    // three failures, spread over both processes
    for (const app of [one, two, one]) {
      const r = await login(app, email, 'a wrong password');
      expect(r.status).toBe(401);
      expect(r.headers.get('ratelimit-limit')).toBe('3');
    }
    const limited = await login(two, email, 'a wrong password');
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      statusCode: 429,
      message: expect.stringMatching(/^Too many failed logins for this account: try again in \d+ minutes$/),
      error: 'Too Many Requests',
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(90);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // the message says the same wait as Retry-After, in minutes
    expect(limited.json.message).toContain(`in ${Math.ceil(retryAfter / 60)} minutes`);
    expect(limited.headers.get('set-cookie')).toBeNull();

    // the right password does not get through either: the account is limited, not the guess
    const right = await login(one, email, 'the-right-password');
    expect(right.status).toBe(429);
    expect(right.json.accessToken).toBeUndefined();
    const [user] = await stack.db.query(`SELECT last_login_at FROM users WHERE email = $1`, [email]);
    expect(user.last_login_at).toBeNull();
  });

  it("one account's failures slow only that account: another logs in from the same address", async () => {
    // the same address that just failed three times, and was refused twice more
    expect((await login(one, ADMIN.email, ADMIN.password)).status).toBe(200);
    const colleague = `campaigner.${uniq()}@amnesty.example`;
    expectStatus(await one.admin.post('/api/users', { email: colleague, password: 'colleague-password', role: 'campaigner' }), 201);
    expect((await login(two, colleague, 'a typo')).status).toBe(401);
    expect((await login(one, colleague, 'colleague-password')).status).toBe(200);
  });

  it('guessing across many accounts from one address is stopped by the address limit (8 here), for every account there', async () => {
    // counted for this address so far: 3 failures, then the colleague's typo (refused attempts and good logins count nothing)
    for (let i = 5; i < 8; i++) expect((await login(i % 2 ? one : two, `guess.${i}.${uniq()}@amnesty.example`, 'guess')).status).toBe(401);
    const eighth = await login(one, `guess.8.${uniq()}@amnesty.example`, 'guess');
    expect(eighth.status).toBe(401);
    expect(eighth.headers.get('ratelimit-limit')).toBe('8');
    expect(eighth.headers.get('ratelimit-remaining')).toBe('0');
    const stopped = await login(two, `guess.9.${uniq()}@amnesty.example`, 'guess');
    expect(stopped.status).toBe(429);
    expect(stopped.json.message).toMatch(/^Too many failed logins from this address: try again in \d+ minutes$/);
    expect(Number(stopped.headers.get('retry-after'))).toBeGreaterThan(90);
    // now even the right password from this address waits
    expect((await login(one, ADMIN.email, ADMIN.password)).status).toBe(429);
  });

  it('after RATE_LIMIT_SIGN_PER_MINUTE signatures from one address, 429 with Retry-After, and no signature is made', async () => {
    const [target] = await createTargets(one.admin, 1);
    const campaign = await createLiveCampaign(one.admin, { targets: [target] });
    const tag = uniq();
    for (const [i, app] of [one, two, one].entries()) {
      const r = await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(i, tag));
      expect(r.status).toBe(202);
      expect(r.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const limited = await two.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(3, tag));
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      statusCode: 429,
      message: expect.stringMatching(/^Too many signatures from this address: try again in \d+ seconds$/),
      error: 'Too Many Requests',
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const signatures = await stack.db.query(`SELECT 1 FROM signatures WHERE campaign_id = $1`, [campaign.id]);
    expect(signatures).toHaveLength(3);
    expect(await stack.db.query(`SELECT 1 FROM supporters WHERE email = $1`, [supporter(3, tag).email])).toHaveLength(0);
  });

  it('keeps its counts in Redis under QUEUE_PREFIX:rl:, with an expiry, and neither an email nor a client address in a key', async () => {
    const keys = await stack.redis.keys(`${stack.prefix}:rl:*`);
    const hashed = /^[A-Za-z0-9_-]{22}$/;
    for (const policy of ['login', 'sign']) {
      const counted = keys.filter((k) => k.startsWith(`${stack.prefix}:rl:${policy}:address:`));
      expect(counted).toHaveLength(1); // every request came from this machine: one keyed hash
      expect(counted[0].split(':').pop()).toMatch(hashed);
    }
    expect(keys.some((k) => k.startsWith(`${stack.prefix}:rl:login:account:`))).toBe(true);
    expect(keys.join(' ')).not.toContain('@');
    expect(keys.join(' ')).not.toMatch(/127\.0\.0\.1|::1/);
    for (const key of keys) {
      const ttl = await stack.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    }
  });
});

/** The limiter fails open: while Redis is away, supporters can still sign and staff log in. */
describe('rate limits while Redis is down', () => {
  let redis: PrivateRedis;
  const { stack, app } = useStack({
    beforeApps: async () => {
      redis = await new PrivateRedis().start();
    },
    app: () => ({ REDIS_URL: redis.url, ROLE: 'api', RATE_LIMIT_SIGN_PER_MINUTE: '2', LOGIN_ATTEMPTS_PER_15_MIN: '2' }),
    afterApps: () => redis?.stop(),
  });

  it('lets requests through unlimited while Redis does not answer, and limits again once it is back', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    const tag = uniq();
    const sign = (i: number) => app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, supporter(i, tag));
    expect((await sign(0)).status).toBe(202);
    expect((await sign(1)).status).toBe(202);
    expect((await sign(2)).status).toBe(429);

    await redis.stop();
    const during = await sign(3);
    expect(during.status).toBe(202);
    expect(during.json).toEqual({ status: 'pending_confirmation' });
    expect(await stack.db.query(`SELECT 1 FROM supporters WHERE email = $1`, [supporter(3, tag).email])).toHaveLength(1);
    for (let i = 0; i < 3; i++) expect((await login(app, ADMIN.email, 'wrong password')).status).toBe(401);
    expect((await login(app, ADMIN.email, ADMIN.password)).status).toBe(200);

    // back (empty): counting starts again
    await redis.start();
    await waitFor(async () => (await sign(10)).headers.get('ratelimit-remaining') !== null, 'the limiter to reach Redis again', {
      timeout: 15_000,
      interval: 200,
    });
    await waitFor(async () => (await sign(11)).status === 429, 'the limit to apply again', { timeout: 5000 });
  }, 60_000);

  const login = (a: RunningApp, email: string, password: string) => a.api.post('/api/auth/login', { email, password });
});
