import pg from 'pg';
import { ApiClient, expectStatus, type UntypedJson } from './helpers/api-client.js';
import { uniq } from './helpers/fixtures.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * Managing staff accounts over the API: PATCH /api/users/:id (role, active), POST
 * /api/users/:id/password-reset and POST /api/auth/password (one's own), each taking effect on
 * the account's sessions at once and audited; and the audit log's filters by who and when.
 */
describe('staff accounts: role, deactivation, password reset, own password', () => {
  const { stack, app } = useStack();
  let adminId: string;

  beforeAll(async () => {
    [{ id: adminId }] = await stack.db.query(`SELECT id FROM users WHERE email = $1`, [ADMIN.email]);
  });

  const PASSWORD = 'staff-password-12345';

  /** A new account, and a client logged in as it (with the session cookie of the same login). */
  async function account(role: 'admin' | 'campaigner') {
    const email = `${role}.${uniq()}@amnesty.example`;
    const { id } = expectStatus(await app.admin.post('/api/users', { email, password: PASSWORD, role }), 201);
    const login = await app.api.post('/api/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('appeals_session='))!
      .split(';')[0];
    return { id: id as string, email, api: new ApiClient(app.url, login.json.accessToken), cookie };
  }

  /** A request as a browser page makes it: the session cookie only. */
  const withCookie = (cookie: string, path: string) => fetch(app.url + path, { headers: { cookie, accept: 'application/json' } });

  const audit = (action: string, subjectId: string) =>
    stack.db.query(`SELECT actor_email, details FROM audit_log WHERE action = $1 AND subject_id = $2 ORDER BY at`, [action, subjectId]);

  describe('PATCH /api/users/:id', () => {
    it('changes the role, which takes effect at the account’s next request, and audits it', async () => {
      const c = await account('campaigner');
      expect((await c.api.get('/api/users')).status).toBe(403);
      const promoted = expectStatus(await app.admin.patch(`/api/users/${c.id}`, { role: 'admin' }), 200);
      expect(promoted).toMatchObject({ id: c.id, email: c.email, role: 'admin', active: true });
      // the same token, not a new login
      expect((await c.api.get('/api/users')).status).toBe(200);
      expect((await withCookie(c.cookie, '/api/users')).status).toBe(200);
      expectStatus(await app.admin.patch(`/api/users/${c.id}`, { role: 'campaigner' }), 200);
      expect((await c.api.get('/api/users')).status).toBe(403);
      expect((await c.api.get('/api/campaigns')).status).toBe(200);

      expect(await audit('user.role', c.id)).toEqual([
        { actor_email: ADMIN.email, details: { email: c.email, from: { role: 'campaigner', active: true }, to: { role: 'admin', active: true } } },
        { actor_email: ADMIN.email, details: { email: c.email, from: { role: 'admin', active: true }, to: { role: 'campaigner', active: true } } },
      ]);
      // the same role again changes nothing and records nothing
      expectStatus(await app.admin.patch(`/api/users/${c.id}`, { role: 'campaigner' }), 200);
      expect(await audit('user.role', c.id)).toHaveLength(2);
    });

    it('deactivating ends the account’s sessions at once (token and cookie: 401); reactivating lets it log in again', async () => {
      const c = await account('campaigner');
      expect((await c.api.get('/api/campaigns')).status).toBe(200);
      expect((await withCookie(c.cookie, '/api/campaigns')).status).toBe(200);

      const off = expectStatus(await app.admin.patch(`/api/users/${c.id}`, { active: false }), 200);
      expect(off).toMatchObject({ id: c.id, active: false });
      expect((await c.api.get('/api/campaigns')).status).toBe(401);
      expect((await withCookie(c.cookie, '/api/campaigns')).status).toBe(401);
      expect((await app.api.post('/api/auth/login', { email: c.email, password: PASSWORD })).status).toBe(401);

      expectStatus(await app.admin.patch(`/api/users/${c.id}`, { active: true }), 200);
      // the sessions ended stay ended; a new login works
      expect((await c.api.get('/api/campaigns')).status).toBe(401);
      const again = await app.api.login(c.email, PASSWORD);
      expect((await again.get('/api/campaigns')).status).toBe(200);

      expect(await audit('user.deactivate', c.id)).toEqual([
        { actor_email: ADMIN.email, details: { email: c.email, from: { role: 'campaigner', active: true }, to: { role: 'campaigner', active: false } } },
      ]);
      expect(await audit('user.reactivate', c.id)).toHaveLength(1);
    });

    it('refuses (409) an admin changing their own account, and changes nothing', async () => {
      for (const body of [{ role: 'campaigner' }, { active: false }]) {
        const r = await app.admin.patch(`/api/users/${adminId}`, body);
        expect(r.status).toBe(409);
        expect(r.json.message).toMatch(/your own account/);
      }
      const [me] = await stack.db.query(`SELECT role, active FROM users WHERE id = $1`, [adminId]);
      expect(me).toEqual({ role: 'admin', active: true });
      expect((await app.admin.get('/api/users')).status).toBe(200);
    });

    it('400 for no change or a bad value, 404 for an unknown account, 403 for a campaigner', async () => {
      const c = await account('campaigner');
      for (const [body, name] of [
        [{}, 'role'],
        [{ role: 'boss' }, 'role'],
        [{ active: 'no' }, 'active'],
        [{ email: 'x@y.example' }, 'email'],
      ] as const) {
        const r = await app.admin.patch(`/api/users/${c.id}`, body);
        expect(r.status).toBe(400);
        expect(JSON.stringify(r.json.message)).toContain(name);
      }
      expect((await app.admin.patch('/api/users/00000000-0000-4000-8000-000000000000', { role: 'admin' })).status).toBe(404);
      expect((await app.admin.patch('/api/users/not-an-id', { role: 'admin' })).status).toBe(400);
      const other = await account('campaigner');
      expect((await c.api.patch(`/api/users/${other.id}`, { role: 'admin' })).status).toBe(403);
      expect((await c.api.post(`/api/users/${other.id}/password-reset`)).status).toBe(403);
      const [row] = await stack.db.query(`SELECT role, active FROM users WHERE id = $1`, [c.id]);
      expect(row).toEqual({ role: 'campaigner', active: true });
      expect(await stack.db.query(`SELECT 1 FROM audit_log WHERE subject_id = $1 AND action <> 'user.create'`, [c.id])).toHaveLength(0);
    });

    /**
     * Two admins demoting or deactivating each other at the same moment: both pass the role check,
     * then one at a time (a lock) the change is made; the second would leave no active admin and
     * is refused. The test holds that lock so that both requests are waiting on it, in order.
     */
    it('never leaves the installation without an active admin: the last one cannot be demoted or deactivated (409)', async () => {
      const b = await account('admin');
      const c = await account('admin');
      // B and C are the only active admins
      expectStatus(await b.api.patch(`/api/users/${adminId}`, { role: 'campaigner' }), 200);
      const lockHolder = new pg.Client({ connectionString: stack.db.url });
      await lockHolder.connect();
      const waiting = (n: number) =>
        waitFor(async () => {
          const [{ count }] = await stack.db.query(
            `SELECT count(*)::int AS count FROM pg_locks
                WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          );
          return count === n;
        }, `${n} admin change(s) waiting for the lock`);
      /** `first` then `second`, both past the role check before either is made. */
      async function race(first: () => Promise<{ status: number; json: UntypedJson }>, second: () => Promise<{ status: number; json: UntypedJson }>) {
        await lockHolder.query(`SELECT pg_advisory_lock(hashtext('appeals:staff-admins'))`);
        const one = first();
        await waiting(1);
        const two = second();
        await waiting(2);
        await lockHolder.query(`SELECT pg_advisory_unlock(hashtext('appeals:staff-admins'))`);
        return Promise.all([one, two]);
      }
      try {
        // C demotes B; B, at the same moment, deactivates C, the last active admin by then
        const [demoted, deactivate] = await race(
          () => c.api.patch(`/api/users/${b.id}`, { role: 'campaigner' }),
          () => b.api.patch(`/api/users/${c.id}`, { active: false }),
        );
        expect(demoted.status).toBe(200);
        expect(deactivate.status).toBe(409);
        expect(deactivate.json.message).toBe('This is the last active admin: make another account an admin first');
        expect(await stack.db.query(`SELECT 1 FROM users WHERE id = $1 AND active AND role = 'admin'`, [c.id])).toHaveLength(1);
        expect(await audit('user.deactivate', c.id)).toHaveLength(0);

        // and the other way round: B (an admin again) deactivates C; C, at the same moment, demotes B
        expectStatus(await c.api.patch(`/api/users/${b.id}`, { role: 'admin' }), 200);
        const [deactivated, demote] = await race(
          () => b.api.patch(`/api/users/${c.id}`, { active: false }),
          () => c.api.patch(`/api/users/${b.id}`, { role: 'campaigner' }),
        );
        expect(deactivated.status).toBe(200);
        expect(demote.status).toBe(409);
        expect(demote.json.message).toContain('last active admin');
        const admins = await stack.db.query(`SELECT id FROM users WHERE role = 'admin' AND active`);
        expect(admins).toEqual([{ id: b.id }]);
      } finally {
        await lockHolder.end();
        // the first admin back, for the tests after this one
        expectStatus(await b.api.patch(`/api/users/${adminId}`, { role: 'admin' }), 200);
      }
      expect((await app.admin.get('/api/users')).status).toBe(200);
    });
  });

  describe('POST /api/users/:id/password-reset', () => {
    it('answers a new password once, ends the account’s sessions, and audits it without the password', async () => {
      const c = await account('campaigner');
      const r = expectStatus(await app.admin.post(`/api/users/${c.id}/password-reset`), 200);
      expect(r.user).toMatchObject({ id: c.id, email: c.email, role: 'campaigner', active: true });
      expect(r.user.passwordHash).toBeUndefined();
      expect(r.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect((await c.api.get('/api/campaigns')).status).toBe(401);
      expect((await withCookie(c.cookie, '/api/campaigns')).status).toBe(401);
      expect((await app.api.post('/api/auth/login', { email: c.email, password: PASSWORD })).status).toBe(401);
      const fresh = await app.api.login(c.email, r.password);
      expect((await fresh.get('/api/campaigns')).status).toBe(200);
      const entries = await audit('user.password-reset', c.id);
      expect(entries).toEqual([{ actor_email: ADMIN.email, details: { email: c.email } }]);
      expect(JSON.stringify(await stack.db.query(`SELECT details FROM audit_log`))).not.toContain(r.password);
      expect((await app.admin.post('/api/users/00000000-0000-4000-8000-000000000000/password-reset')).status).toBe(404);
    });
  });

  describe('POST /api/auth/password (one’s own)', () => {
    it('refuses a wrong current password (400) and changes nothing', async () => {
      const c = await account('campaigner');
      for (const [body, name] of [
        [{ currentPassword: 'not my password', newPassword: 'a brand new password' }, 'currentPassword'],
        [{ currentPassword: PASSWORD, newPassword: 'short' }, 'newPassword'],
        [{ currentPassword: PASSWORD, newPassword: PASSWORD }, 'newPassword'],
        [{ newPassword: 'a brand new password' }, 'currentPassword'],
      ] as const) {
        const r = await c.api.post('/api/auth/password', body);
        expect(r.status).toBe(400);
        expect(JSON.stringify(r.json.message)).toContain(name);
        expect(r.headers.getSetCookie()).toEqual([]);
      }
      expect((await c.api.get('/api/campaigns')).status).toBe(200);
      expect((await app.api.post('/api/auth/login', { email: c.email, password: PASSWORD })).status).toBe(200);
      expect(await audit('user.password-change', c.id)).toHaveLength(0);
      expect((await app.api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' })).status).toBe(401);
    });

    it('changes it: every other session ends, the answer is a working new token and cookie, audited', async () => {
      const c = await account('campaigner');
      const elsewhere = await app.api.login(c.email, PASSWORD);
      const r = await c.api.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' });
      expect(r.status).toBe(200);
      expect(r.json.user).toEqual({ id: c.id, email: c.email, role: 'campaigner' });
      const cookie = r.headers.getSetCookie().find((x) => x.startsWith('appeals_session='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect((await elsewhere.get('/api/campaigns')).status).toBe(401);
      expect((await c.api.get('/api/campaigns')).status).toBe(401);
      expect((await withCookie(c.cookie, '/api/campaigns')).status).toBe(401);
      expect((await new ApiClient(app.url, r.json.accessToken).get('/api/campaigns')).status).toBe(200);
      expect((await withCookie(cookie.split(';')[0], '/api/campaigns')).status).toBe(200);
      expect((await app.api.post('/api/auth/login', { email: c.email, password: PASSWORD })).status).toBe(401);
      expect((await app.api.post('/api/auth/login', { email: c.email, password: 'a brand new password' })).status).toBe(200);
      expect(await audit('user.password-change', c.id)).toEqual([{ actor_email: c.email, details: {} }]);
    });
  });

  describe('GET /api/admin/audit filters', () => {
    let b: Awaited<ReturnType<typeof account>>;
    let target: Awaited<ReturnType<typeof account>>;

    beforeAll(async () => {
      b = await account('admin');
      target = await account('campaigner');
      expectStatus(await b.api.patch(`/api/users/${target.id}`, { role: 'admin' }), 200);
      expectStatus(await b.api.post(`/api/users/${target.id}/password-reset`), 200);
    });

    const list = async (query: string) => expectStatus(await app.admin.getAudit(query), 200);

    it('by who: one staff member’s actions, their email in any case', async () => {
      const mine = await list(`actor=${encodeURIComponent(` ${b.email.toUpperCase()} `)}`);
      expect(mine.items.map((e) => e.action).sort()).toEqual(['user.password-reset', 'user.role']);
      expect(mine.items.every((e) => e.actorEmail === b.email)).toBe(true);
      const combined = await list(`actor=${encodeURIComponent(b.email)}&action=user.role`);
      expect(combined.items).toHaveLength(1);
      expect(combined.items[0]).toMatchObject({ subjectType: 'user', subjectId: target.id });
      expect((await list('actor=nobody%40nowhere.example')).items).toEqual([]);
    });

    it('by when: from (included) and to (excluded), dates alone at midnight UTC', async () => {
      const all = (await list(`actor=${encodeURIComponent(b.email)}`)).items;
      const times = all.map((e) => Date.parse(e.at)).sort((x, y) => x - y);
      const first = new Date(times[0]).toISOString();
      const last = new Date(times[times.length - 1]).toISOString();
      expect((await list(`actor=${encodeURIComponent(b.email)}&from=${first}`)).items).toHaveLength(all.length);
      expect((await list(`actor=${encodeURIComponent(b.email)}&to=${first}`)).items).toHaveLength(0);
      expect((await list(`actor=${encodeURIComponent(b.email)}&from=${first}&to=${new Date(Date.parse(last) + 1).toISOString()}`)).items).toHaveLength(
        all.length,
      );
      const today = new Date().toISOString().slice(0, 10);
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      expect((await list(`actor=${encodeURIComponent(b.email)}&from=${today}&to=${tomorrow}`)).items).toHaveLength(all.length);
      expect((await list(`from=${tomorrow}`)).items).toEqual([]);
      // a time without a zone is UTC
      expect((await list(`actor=${encodeURIComponent(b.email)}&from=${first.slice(0, 19)}`)).items.length).toBeGreaterThanOrEqual(1);
    });

    it('pages through a filtered list without losing the filter', async () => {
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`actor=${encodeURIComponent(ADMIN.email)}&action=user.create&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.every((e) => e.action === 'user.create' && e.actorEmail === ADMIN.email)).toBe(true);
        walked.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      const all = await list(`actor=${encodeURIComponent(ADMIN.email)}&action=user.create&limit=500`);
      expect(walked).toEqual(all.items.map((e) => e.id));
      expect(walked.length).toBeGreaterThan(2);
    });

    it('lists the actions the log holds, and filters by any of them', async () => {
      const { actions } = expectStatus(await app.admin.get('/api/admin/audit/actions'), 200);
      expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.role', 'user.password-reset']));
      expect(actions).toEqual([...actions].sort());
      // an action with an underscore is one too
      expect((await app.admin.get('/api/admin/audit?action=delivery.retry_failed')).status).toBe(200);
      const campaigner = await account('campaigner');
      expect((await campaigner.api.get('/api/admin/audit/actions')).status).toBe(403);
    });

    it('400 names a bad actor, from or to, and a from after the to', async () => {
      for (const [query, name] of [
        ['from=yesterday', 'from'],
        ['to=2026-13-45', 'to'],
        [`actor=${'x'.repeat(300)}`, 'actor'],
        ['from=2026-02-02&to=2026-02-01', 'to must be later than from'],
      ] as const) {
        const r = await app.admin.get(`/api/admin/audit?${query}`);
        expect([query, r.status]).toEqual([query, 400]);
        expect(JSON.stringify(r.json.message)).toContain(name);
      }
    });
  });
});
