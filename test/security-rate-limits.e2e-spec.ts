import { ApiClient, expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from './helpers/fixtures.js';
import { spawnServer, type ServerProcess } from './helpers/processes.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * Abuse limits hold across API processes: two built servers (`node dist/main.js`, ROLE=api) on
 * one Redis and one PostgreSQL, behind a "proxy" (TRUST_PROXY=true, the client address in
 * X-Forwarded-For), and a worker sending the mail.
 */
describe('abuse limits across two API processes', () => {
  let one: ServerProcess;
  let two: ServerProcess;
  // the worker sending the mail, in this process; the two API processes are the built server
  const { stack } = useStack({ app: { ROLE: 'worker' }, stopFirst: () => Promise.all([one?.stop(), two?.stop()]) });
  let admin: ApiClient;
  let campaigns: { id: string; slug: string }[];

  beforeAll(async () => {
    const env = {
      ...stack.env,
      TRUST_PROXY: 'true',
      RATE_LIMIT_SIGN_PER_MINUTE: '4',
      LOGIN_ATTEMPTS_PER_15_MIN: '3',
      LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN: '5',
      FORM_MIN_FILL_SECONDS: '0',
    };
    [one, two] = await Promise.all([spawnServer(env, 'api'), spawnServer(env, 'api')]);
    admin = await new ApiClient(one.url!).login(ADMIN.email, ADMIN.password);
    const [target] = await createTargets(admin, 1);
    campaigns = [];
    for (let i = 0; i < 4; i++) campaigns.push(await createLiveCampaign(admin, { targets: [target] }));
  }, 90_000);

  const from = (address: string) => ({ 'x-forwarded-for': address });
  const signApi = (server: ServerProcess, slug: string, s: object, address: string) =>
    new ApiClient(server.url!).call('POST', `/api/public/campaigns/${slug}/signatures`, s, from(address));
  async function signForm(server: ServerProcess, slug: string, s: Record<string, string>, address: string) {
    const page = await new ApiClient(server.url!).call('GET', `/c/${slug}`, undefined, from(address));
    const stamp = /name="stamp" value="([^"]+)"/.exec(page.text)![1];
    return new ApiClient(server.url!).call('POST', `/c/${slug}`, new URLSearchParams({ ...s, stamp }).toString(), {
      ...from(address),
      'content-type': 'application/x-www-form-urlencoded',
    });
  }
  const supporterRow = async (email: string) => (await stack.db.query(`SELECT 1 FROM supporters WHERE email = $1`, [email])).length;

  it('signing: RATE_LIMIT_SIGN_PER_MINUTE per client address, counted once for both processes and both doors (API and form)', async () => {
    const address = '203.0.113.7';
    const tag = uniq();
    const slug = campaigns[0].slug;
    expect((await signApi(one, slug, supporter(1, tag), address)).status).toBe(202);
    expect((await signForm(two, slug, supporter(2, tag), address)).status).toBe(303);
    expect((await signForm(one, slug, supporter(3, tag), address)).status).toBe(303);
    const fourth = await signApi(two, slug, supporter(4, tag), address);
    expect(fourth.status).toBe(202);
    expect(fourth.headers.get('ratelimit-remaining')).toBe('0');

    const api = await signApi(one, slug, supporter(5, tag), address);
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(api.json.message).toMatch(/^Too many signatures from this address: try again in \d+ seconds$/);
    const page = await signForm(two, slug, supporter(6, tag), address);
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await supporterRow(supporter(5, tag).email)).toBe(0);
    expect(await supporterRow(supporter(6, tag).email)).toBe(0);

    // another address is not held back by this one
    expect((await signApi(two, slug, supporter(7, tag), '198.51.100.23')).status).toBe(202);
  });

  it('confirmation emails: at most 3 an hour to one address, whatever campaigns and processes: the 4th is not sent', async () => {
    const tag = uniq();
    const target = supporter(0, tag); // the inbox someone tries to flood
    const servers = [one, two, one, two];
    for (const [i, c] of campaigns.entries()) {
      // from four addresses: the signing limit is not what stops it
      const r = await signApi(servers[i], c.slug, target, `192.0.2.${10 + i}`);
      // the same answer every time: nothing tells the sender that the flood protection applies
      expect([r.status, r.json]).toEqual([202, { status: 'pending_confirmation' }]);
    }
    // and again on the first campaign, from elsewhere
    expect((await signApi(two, campaigns[0].slug, target, '192.0.2.50')).status).toBe(202);

    await stack.smtp.waitFor((m) => m.rcptTo.includes(target.email), 3);
    // someone else's email, signed after, arrives: the queue is not simply slow
    const control = supporter(1, tag);
    expect((await signApi(one, campaigns[3].slug, control, '192.0.2.60')).status).toBe(202);
    await stack.smtp.waitFor((m) => m.rcptTo.includes(control.email));
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM notifications WHERE status IN ('queued', 'sending', 'retrying')`)).length === 0,
      'the outbox to be empty',
    );

    expect(stack.smtp.to(target.email)).toHaveLength(3);
    const notes = await stack.db.query(
      `SELECT c.slug FROM notifications n JOIN signatures s ON s.id = n.signature_id JOIN supporters p ON p.id = s.supporter_id
         JOIN campaigns c ON c.id = s.campaign_id WHERE p.email = $1 ORDER BY n.created_at`,
      [target.email],
    );
    expect(notes.map((n) => n.slug)).toEqual(campaigns.slice(0, 3).map((c) => c.slug));
    // the fourth signature is kept (signing again after the hour sends its email), but was owed none now
    expect(await stack.db.query(`SELECT 1 FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1`, [target.email])).toHaveLength(4);
  });

  it('logins: LOGIN_ATTEMPTS_PER_15_MIN failures per account, whichever process and address they come from', async () => {
    const email = `campaigner.${uniq()}@amnesty.example`;
    expectStatus(await admin.post('/api/users', { email, password: 'the-right-password', role: 'campaigner' }), 201);
    const login = (server: ServerProcess, password: string, address: string) =>
      new ApiClient(server.url!).call('POST', '/api/auth/login', { email, password }, from(address));
    expect((await login(one, 'wrong-1', '198.51.100.1')).status).toBe(401);
    expect((await login(two, 'wrong-2', '198.51.100.2')).status).toBe(401);
    expect((await login(one, 'wrong-3', '198.51.100.3')).status).toBe(401);
    const blocked = await login(two, 'the-right-password', '198.51.100.4');
    expect(blocked.status).toBe(429);
    expect(blocked.json.accessToken).toBeUndefined();
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('logins: and LOGIN_ATTEMPTS_PER_ADDRESS_PER_15_MIN per client address, whichever accounts it tries', async () => {
    const address = '198.51.100.77';
    const attempt = (server: ServerProcess, email: string) =>
      new ApiClient(server.url!).call('POST', '/api/auth/login', { email, password: 'guess' }, from(address));
    for (const [i, server] of [one, two, one, two, one].entries()) expect((await attempt(server, `guess${i}.${uniq()}@staff.example`)).status).toBe(401);
    const stopped = await new ApiClient(two.url!).call('POST', '/api/auth/login', ADMIN, from(address));
    expect(stopped.status).toBe(429);
    expect(stopped.json.message).toMatch(/^Too many failed logins from this address: try again in \d+ minutes$/);
    // the admin, from their own address, is not locked out by it
    expect((await new ApiClient(two.url!).call('POST', '/api/auth/login', ADMIN, from('198.51.100.78'))).status).toBe(200);
  });
});
