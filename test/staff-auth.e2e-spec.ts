import { randomBytes, scryptSync } from 'node:crypto';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { uniq } from './helpers/fixtures.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';

/**
 * Staff accounts and roles: login (token and session cookie), 401 without credentials, 403 for
 * the wrong role, admin-only account management, and the audit log admins read.
 */
describe('staff login, accounts, roles and the audit log', () => {
  const { stack, app } = useStack();
  let campaigner: ApiClient;
  const campaignerAccount = { email: `campaigner.${uniq()}@amnesty.example`, password: 'campaigner-password-1' };

  beforeAll(async () => {
    expectStatus(await app.admin.post('/api/users', { ...campaignerAccount, role: 'campaigner' }), 201);
    campaigner = await app.api.login(campaignerAccount.email, campaignerAccount.password);
  });

  describe('POST /api/auth/login', () => {
    it('answers a token and the user, and sets an http-only, SameSite=Strict session cookie', async () => {
      const r = await app.api.post('/api/auth/login', { email: ` ${ADMIN.email.toUpperCase()} `, password: ADMIN.password });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        user: { id: expect.any(String), email: ADMIN.email, role: 'admin' },
      });
      const cookie = r.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(new RegExp(`^appeals_session=${r.json.accessToken.replace(/[.-]/g, '\\$&')};`));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).toMatch(/Max-Age=43200/);

      // the cookie alone is a login (the browser pages use it)
      const [pair] = cookie.split(';');
      const viaCookie = await app.api.call('GET', '/api/targets', undefined, { cookie: pair });
      expect(viaCookie.status).toBe(200);
    });

    it('answers the same 401 for a wrong password and for an unknown account', async () => {
      const wrong = await app.api.post('/api/auth/login', { email: ADMIN.email, password: 'not the password' });
      const unknown = await app.api.post('/api/auth/login', { email: `nobody.${uniq()}@amnesty.example`, password: 'whatever-password' });
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual({ statusCode: 401, message: 'Wrong email or password', error: 'Unauthorized' });
      expect(unknown.json).toEqual(wrong.json);
      expect(wrong.headers.get('set-cookie')).toBeNull();
    });

    it('400 names what is missing or unknown in the body', async () => {
      const r = await app.api.post('/api/auth/login', { email: ADMIN.email });
      expect(r.status).toBe(400);
      expect(r.json.message).toEqual(expect.arrayContaining([expect.stringMatching(/^password /)]));
      const extra = await app.api.post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password, role: 'admin' });
      expect(extra.status).toBe(400);
      expect(extra.json.message).toContain('property role should not exist');
    });

    it('logout clears the cookie', async () => {
      const r = await app.api.post('/api/auth/logout');
      expect(r.status).toBe(204);
      expect(r.headers.get('set-cookie')).toMatch(/^appeals_session=;/);
    });
  });

  describe('credentials', () => {
    it.each([
      ['GET', '/api/targets'],
      ['POST', '/api/targets/import'],
      ['GET', '/api/campaigns'],
      ['POST', '/api/campaigns/00000000-0000-4000-8000-000000000000/test-send'],
      ['GET', '/api/users'],
      ['GET', '/api/admin/audit'],
    ])('%s %s without a token is 401', async (method, path) => {
      const r = await app.api.call(method, path);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ statusCode: 401, message: 'Login required', error: 'Unauthorized' });
    });

    it('refuses a forged, a tampered or a foreign token with 401', async () => {
      const token = campaigner.token!;
      const [h, p, s] = token.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
      for (const bad of [`${h}.${promoted}.${s}`, 'not-a-jwt', `${h}.${p}.${s.slice(0, -4)}AAAA`]) {
        const r = await new ApiClient(app.url, bad).get('/api/users');
        expect(r.status).toBe(401);
        expect(r.json.message).toBe('Invalid or expired session: log in again');
      }
    });
  });

  describe('roles', () => {
    it.each([
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['GET', '/api/admin/stats'],
      ['GET', '/api/admin/deliveries'],
      ['GET', '/api/admin/audit'],
    ])('a campaigner gets 403 from %s %s', async (method, path) => {
      const r = await campaigner.call(method, path, method === 'POST' ? { email: 'x@y.example', password: 'long-enough-password', role: 'admin' } : undefined);
      expect(r.status).toBe(403);
      expect(r.json).toEqual({ statusCode: 403, message: 'This needs the admin role', error: 'Forbidden' });
    });

    it('a campaigner who tries to create an account gets 403, and no account exists', async () => {
      const email = `made.by.campaigner.${uniq()}@amnesty.example`;
      const account = { email, password: 'long-enough-password', role: 'admin' };
      const before = await stack.db.query(`SELECT id, email, role FROM users ORDER BY id`);
      const r = await campaigner.post('/api/users', account);
      expect(r.status).toBe(403);
      expect(r.json).toEqual({ statusCode: 403, message: 'This needs the admin role', error: 'Forbidden' });
      expect(await stack.db.query(`SELECT id, email, role FROM users ORDER BY id`)).toEqual(before);
      // the account cannot log in either: it was never made
      expect((await app.api.post('/api/auth/login', { email, password: account.password })).status).toBe(401);
      // the same request from an admin does create it: the 403 was the role's doing, not the body's
      expect((await app.admin.post('/api/users', { ...account, role: 'campaigner' })).status).toBe(201);
    });

    it('a campaigner reaches the campaigner routes; an admin reaches them too', async () => {
      for (const client of [campaigner, app.admin]) {
        expect((await client.get('/api/targets')).status).toBe(200);
        expect((await client.get('/api/campaigns')).status).toBe(200);
      }
    });
  });

  describe('staff accounts (admin)', () => {
    it('creates an account that can log in; the password is stored hashed and never shown', async () => {
      const email = `New.Campaigner.${uniq()}@Amnesty.Example`;
      const r = await app.admin.post('/api/users', { email, password: 'a-long-enough-password', role: 'campaigner' });
      expect(r.status).toBe(201);
      expect(r.json).toEqual({
        id: expect.any(String),
        email: email.toLowerCase(),
        role: 'campaigner',
        active: true,
        createdAt: expect.any(String),
        lastLoginAt: null,
      });
      expect(r.text).not.toContain('a-long-enough-password');
      const [row] = await stack.db.query(`SELECT password_hash FROM users WHERE id = $1`, [r.json.id]);
      expect(row.password_hash).toMatch(/^scrypt\$/);
      const login = await app.api.post('/api/auth/login', { email: email.toLowerCase(), password: 'a-long-enough-password' });
      expect(login.status).toBe(200);
      expect(login.json.user).toEqual({ id: r.json.id, email: email.toLowerCase(), role: 'campaigner' });

      const list = expectStatus(await app.admin.get('/api/users'), 200);
      const listed = list.items.find((u: { id: string }) => u.id === r.json.id);
      expect(listed.lastLoginAt).not.toBeNull();
      expect(list.items.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining([ADMIN.email, campaignerAccount.email]));
      expect(JSON.stringify(list)).not.toMatch(/password/i);
    });

    it('remakes a password hash made with older scrypt parameters at the next login', async () => {
      const email = `older.${uniq()}@amnesty.example`;
      const password = 'an-older-password-hash';
      const created = expectStatus(await app.admin.post('/api/users', { email, password, role: 'campaigner' }), 201);
      const salt = randomBytes(16);
      const key = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
      const older = ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
      await stack.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [created.id, older]);

      expect((await app.api.post('/api/auth/login', { email, password })).status).toBe(200);
      const [row] = await stack.db.query(`SELECT password_hash FROM users WHERE id = $1`, [created.id]);
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect((await app.api.post('/api/auth/login', { email, password })).status).toBe(200);
      expect((await app.api.post('/api/auth/login', { email, password: 'not-the-password-at-all' })).status).toBe(401);
    });

    it('409 for an email that has an account already, whatever its case', async () => {
      const r = await app.admin.post('/api/users', { email: campaignerAccount.email.toUpperCase(), password: 'another-long-password', role: 'admin' });
      expect(r.status).toBe(409);
      expect(r.json).toEqual({ statusCode: 409, message: `A staff account for ${campaignerAccount.email} exists already`, error: 'Conflict' });
      const [row] = await stack.db.query(`SELECT role FROM users WHERE email = $1`, [campaignerAccount.email]);
      expect(row.role).toBe('campaigner');
    });

    it('400 names each bad field and creates nothing', async () => {
      const before = await stack.db.query(`SELECT count(*)::int AS n FROM users`);
      const r = await app.admin.post('/api/users', { email: 'not-an-email', password: 'short', role: 'owner', extra: 1 });
      expect(r.status).toBe(400);
      expect(r.json.error).toBe('Bad Request');
      expect(r.json.message).toEqual(
        expect.arrayContaining([
          'email must be an email address',
          'password must be longer than or equal to 12 characters',
          'role must be one of the following values: admin, campaigner',
          'property extra should not exist',
        ]),
      );
      expect(await stack.db.query(`SELECT count(*)::int AS n FROM users`)).toEqual(before);
    });
  });

  describe('GET /api/admin/audit', () => {
    it('records who created an account, and the first admin as created by the system', async () => {
      const page = expectStatus(await app.admin.get('/api/admin/audit?action=user.create&limit=500'), 200);
      const byEmail = (email: string) => page.items.find((e: { details: { email: string } }) => e.details.email === email);
      const admin = byEmail(ADMIN.email);
      expect(admin).toMatchObject({
        actorId: null,
        actorEmail: null,
        action: 'user.create',
        subjectType: 'user',
        details: { role: 'admin', via: 'ADMIN_EMAIL' },
      });
      const created = byEmail(campaignerAccount.email);
      expect(created).toMatchObject({
        actorEmail: ADMIN.email,
        actorId: expect.any(String),
        action: 'user.create',
        subjectType: 'user',
        subjectId: expect.any(String),
        details: { role: 'campaigner', via: 'api' },
      });
      const bySubject = expectStatus(await app.admin.get(`/api/admin/audit?subjectId=${created.subjectId}`), 200);
      expect(bySubject.items.map((e: { id: string }) => e.id)).toEqual([created.id]);
    });

    it('pages newest first with a cursor, without repeating or skipping an entry', async () => {
      // a few more entries to walk through
      for (let i = 0; i < 3; i++) {
        expectStatus(await campaigner.post('/api/targets', { name: `Audit Official ${i}`, email: `audit${i}.${uniq()}@officials.example` }), 201);
      }
      const all = expectStatus(await app.admin.get('/api/admin/audit?limit=500'), 200);
      expect(all.nextCursor).toBeNull();
      expect(all.items.length).toBeGreaterThanOrEqual(6);
      const times = all.items.map((e: { at: string }) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(all.items[0]).toMatchObject({ action: 'target.create', actorEmail: campaignerAccount.email, subjectType: 'target' });

      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = expectStatus(
          await app.admin.get(`/api/admin/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        walked.push(...page.items.map((e: { id: string }) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(walked).toEqual(all.items.map((e: { id: string }) => e.id));
    });

    it('400 for a bad limit, action or cursor', async () => {
      for (const query of [
        'limit=0',
        'limit=501',
        'limit=abc',
        'action=DROP%20TABLE',
        'cursor=nonsense',
        `cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
      ]) {
        const r = await app.admin.get(`/api/admin/audit?${query}`);
        expect(r.status).toBe(400);
        expect(r.json.error).toBe('Bad Request');
      }
    });
  });
});
