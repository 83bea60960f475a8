import { ApiClient } from './helpers/api-client.js';
import { ConsoleClient, pageText, type ConsoleResponse } from './helpers/console-client.js';
import { newCampaigner, uniq } from './helpers/fixtures.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';

/** The password a page shows once (the account just created, or reset). */
const shownPassword = (r: ConsoleResponse) => r.text.match(/id="new-password"[^>]*value="([^"]+)"/)?.[1];
/** The "Older entries" link of a page, as the browser follows it. */
const olderLink = (r: ConsoleResponse, label: string) => r.text.match(new RegExp(`href="([^"]+)">${label}</a>`))?.[1]?.replace(/&amp;/g, '&');

/**
 * The console's admin pages over plain HTTP, as a browser without JavaScript uses them: staff
 * accounts (create, role, deactivate, reactivate, reset a password), the audit log and its
 * filters; a campaigner refused every admin page and form with a 403 page; CSRF on every change.
 */
describe('console: admin pages (staff accounts, audit log, access)', () => {
  const { stack, app } = useStack();
  let admin: ConsoleClient;
  let adminId: string;

  beforeAll(async () => {
    admin = await new ConsoleClient(app.url).signIn(ADMIN.email, ADMIN.password);
    [{ id: adminId }] = await stack.db.query(`SELECT id FROM users WHERE email = $1`, [ADMIN.email]);
  });

  const user = async (email: string) => (await stack.db.query(`SELECT id, role, active, password_hash FROM users WHERE email = $1`, [email]))[0];

  describe('staff accounts', () => {
    it('lists the accounts with their role, state, creation and last login', async () => {
      const r = await admin.get('/console/staff');
      expect(r.status).toBe(200);
      const text = pageText(r.text);
      expect(text).toContain('Staff accounts');
      expect(text).toMatch(/Email Role Active Created Last login/);
      expect(text).toContain(`${ADMIN.email} (you) admin Active`);
      expect(r.headers.get('cache-control')).toBe('no-store');
    });

    it('creates an account with a generated password, shown once; a form error keeps what was typed', async () => {
      const email = `new.${uniq()}@amnesty.example`;
      expect(pageText((await admin.get('/console/staff/new')).text)).toContain('Create account');

      const bad = await admin.post('/console/staff', { email: 'not an address', role: 'admin', passwordMode: 'typed', password: 'short' });
      expect(bad.status).toBe(400);
      const text = pageText(bad.text);
      expect(text).toContain('There is a problem');
      expect(text).toContain('Email: Must be an email address');
      expect(text).toMatch(/Password you choose: Must be longer than or equal to 12 characters/);
      expect(bad.text).toContain('value="not an address"');
      expect(bad.text).toMatch(/value="admin" checked/);
      expect(bad.text).toMatch(/value="typed" checked/);
      expect(bad.text).not.toContain('value="short"');
      const typedNothing = await admin.post('/console/staff', { email, role: 'campaigner', passwordMode: 'typed', password: '' });
      expect(pageText(typedNothing.text)).toContain('Type a password, or choose to generate one');
      expect(await user(email)).toBeUndefined();

      const made = await admin.post('/console/staff', { email: ` ${email.toUpperCase()} `, role: 'campaigner', passwordMode: 'generate', password: '' });
      expect(made.status).toBe(201);
      expect(pageText(made.text)).toContain(`${email} can sign in now, as a campaigner, with this password.`);
      expect(pageText(made.text)).toContain('Shown this once');
      const password = shownPassword(made)!;
      expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(made.headers.get('cache-control')).toBe('no-store');
      expect((await app.api.post('/api/auth/login', { email, password })).status).toBe(200);
      const row = await user(email);
      expect(row).toMatchObject({ role: 'campaigner', active: true });
      const [audit] = await stack.db.query(`SELECT actor_email, details FROM audit_log WHERE action = 'user.create' AND subject_id = $1`, [row.id]);
      expect(audit).toEqual({ actor_email: ADMIN.email, details: { email, role: 'campaigner', via: 'api' } });

      // the same address again: said beside the email field
      const again = await admin.post('/console/staff', { email, role: 'campaigner', passwordMode: 'generate' });
      expect(again.status).toBe(400);
      expect(pageText(again.text)).toContain(`Email: A staff account for ${email} exists already`);

      // a typed password: on to the account's page
      const typedEmail = `typed.${uniq()}@amnesty.example`;
      const typed = await admin.post('/console/staff', { email: typedEmail, role: 'admin', passwordMode: 'typed', password: 'a typed password 1' });
      expect(typed.status).toBe(303);
      const page = await admin.get(typed.location!);
      expect(pageText(page.text)).toContain(`Account created: ${typedEmail}, admin. They sign in with the password you typed.`);
      expect((await app.api.post('/api/auth/login', { email: typedEmail, password: 'a typed password 1' })).status).toBe(200);
    });

    it('changes a role, deactivates and reactivates after a confirmation, and resets a password', async () => {
      const email = `member.${uniq()}@amnesty.example`;
      expect((await admin.post('/console/staff', { email, role: 'campaigner', passwordMode: 'typed', password: 'member password 12' })).status).toBe(303);
      const { id } = await user(email);
      const theirs = await new ConsoleClient(app.url).signIn(email, 'member password 12');
      const token = (await app.api.login(email, 'member password 12')).token!;
      const base = `/console/staff/${id}`;

      const page = await admin.get(base);
      expect(page.status).toBe(200);
      expect(pageText(page.text)).toMatch(/Role campaigner Status Active Created .* Last login .*UTC/);
      expect(pageText(page.text)).toContain('Change role');

      // role: at their next request
      expect((await theirs.get('/console/staff')).status).toBe(403);
      const promoted = await admin.post(`${base}/role`, { role: 'admin' });
      expect(promoted.status).toBe(303);
      expect(pageText((await admin.get(promoted.location!)).text)).toContain(`Role changed: ${email} is an admin from their next request on.`);
      expect((await theirs.get('/console/staff')).status).toBe(200);
      const badRole = await admin.post(`${base}/role`, { role: 'boss' });
      expect(badRole.status).toBe(400);
      expect(pageText(badRole.text)).toMatch(/Role: Role must be one of the following values: admin, campaigner|Role: Must be one of the following values/);
      expect((await user(email)).role).toBe('admin');
      expect((await admin.post(`${base}/role`, { role: 'campaigner' })).status).toBe(303);

      // deactivate: the confirmation says the sessions end; then they do
      const confirm = await admin.get(`${base}/deactivate`);
      expect(pageText(confirm.text)).toContain(`Deactivate ${email}?`);
      expect(pageText(confirm.text)).toContain('Their sessions end at once');
      const off = await admin.post(`${base}/deactivate`);
      expect(off.status).toBe(303);
      expect(pageText((await admin.get(off.location!)).text)).toContain(`Deactivated: ${email} can no longer sign in, and their sessions have ended.`);
      expect((await user(email)).active).toBe(false);
      const bounced = await theirs.get('/console/campaigns');
      expect(bounced.status).toBe(303);
      expect(bounced.location).toMatch(/^\/console\/login/);
      expect((await new ApiClient(app.url, token).get('/api/campaigns')).status).toBe(401);
      expect(pageText((await admin.get('/console/staff')).text)).toContain(`${email} campaigner Deactivated`);

      expect(pageText((await admin.get(`${base}/reactivate`)).text)).toContain(`Reactivate ${email}?`);
      expect((await admin.post(`${base}/reactivate`)).status).toBe(303);
      expect((await user(email)).active).toBe(true);

      // reset: confirmation, then the new password shown once, the old one and its sessions gone
      const before = (await user(email)).password_hash;
      const resetConfirm = await admin.get(`${base}/reset-password`);
      expect(pageText(resetConfirm.text)).toContain(`Reset the password of ${email}?`);
      expect(pageText(resetConfirm.text)).toContain('Their sessions end at once');
      const reset = await admin.post(`${base}/reset-password`);
      expect(reset.status).toBe(200);
      expect(pageText(reset.text)).toContain('Hand it over safely');
      const password = shownPassword(reset)!;
      expect((await user(email)).password_hash).not.toBe(before);
      expect((await app.api.post('/api/auth/login', { email, password: 'member password 12' })).status).toBe(401);
      expect((await app.api.post('/api/auth/login', { email, password })).status).toBe(200);

      const actions = await stack.db.query(`SELECT action, actor_email FROM audit_log WHERE subject_id = $1 ORDER BY at`, [id]);
      expect(actions.map((a: { action: string }) => a.action)).toEqual([
        'user.create',
        'user.role',
        'user.role',
        'user.deactivate',
        'user.reactivate',
        'user.password-reset',
      ]);
      expect(actions.every((a: { actor_email: string }) => a.actor_email === ADMIN.email)).toBe(true);
    });

    it('does not let an admin change their own account, saying why', async () => {
      const page = await admin.get(`/console/staff/${adminId}`);
      expect(pageText(page.text)).toContain('This is your account');
      expect(page.text).not.toContain('Change role');
      const role = await admin.post(`/console/staff/${adminId}/role`, { role: 'campaigner' });
      expect(role.status).toBe(400);
      expect(pageText(role.text)).toContain('You cannot change the role of, or deactivate, your own account');
      const off = await admin.post(`/console/staff/${adminId}/deactivate`);
      expect(pageText((await admin.get(off.location!)).text)).toContain(
        `${ADMIN.email} was not deactivated: You cannot change the role of, or deactivate, your own account`,
      );
      const reset = await admin.post(`/console/staff/${adminId}/reset-password`);
      expect(reset.location).toBe('/console/account');
      expect(await user(ADMIN.email)).toMatchObject({ role: 'admin', active: true });
      expect((await admin.get('/console/staff')).status).toBe(200);
    });
  });

  describe('audit log', () => {
    it('shows each entry: when, who (or the system), action, subject linked to its page, details', async () => {
      const r = await admin.get('/console/audit');
      expect(r.status).toBe(200);
      const text = pageText(r.text);
      expect(text).toMatch(/When Who Action Subject Details/);
      // the first admin, made by the system at first start
      expect(text).toContain('the system user.create Account admin@test.example');
      expect(text).toMatch(/Account admin@test\.example [^]*via: ADMIN_EMAIL/);
      expect(r.text).toContain(`href="/console/staff/${adminId}"`);
      // the actions that exist, to choose from
      expect(r.text).toMatch(/<option value="user.create">user.create<\/option>/);
      expect(r.text).toMatch(/<option value="user.password-reset">/);
    });

    it('filters by who, what and when, and says when nothing matches; a bad date is shown beside its field', async () => {
      const byWhat = await admin.get(`/console/audit?actor=${encodeURIComponent(ADMIN.email)}&action=user.deactivate`);
      expect(byWhat.status).toBe(200);
      expect(byWhat.text).toContain(`<option value="${ADMIN.email}" selected>`);
      expect(byWhat.text).toContain('<option value="user.deactivate" selected>');
      const rows = byWhat.text.match(/<td><code>[^<]+<\/code><\/td>/g) ?? [];
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(new Set(rows)).toEqual(new Set(['<td><code>user.deactivate</code></td>']));

      const today = new Date().toISOString().slice(0, 10);
      const todays = await admin.get(`/console/audit?action=user.deactivate&from=${today}&to=${today}`);
      expect(todays.text.match(/<td><code>user.deactivate<\/code><\/td>/g)).toHaveLength(rows.length);
      const past = await admin.get(`/console/audit?action=user.deactivate&from=2012-02-01&to=2012-02-08`);
      expect(pageText(past.text)).toContain('No entry matches these filters.');
      expect(past.text).toContain('value="2012-02-08"');

      const bad = await admin.get('/console/audit?from=yesterday&action=user.create');
      expect(bad.status).toBe(400);
      expect(pageText(bad.text)).toContain('From: Must be a date or date and time (ISO 8601)');
      expect(bad.text).toContain('value="yesterday"');
      const backwards = await admin.get(`/console/audit?from=2026-02-02&to=2026-02-01`);
      expect(backwards.status).toBe(400);
      expect(pageText(backwards.text)).toContain('To: Must be later than from');
    });

    it('pages with "Older entries", keeping the filters', async () => {
      await stack.db.query(
        `INSERT INTO audit_log (actor_id, actor_email, action, subject_type, subject_id, details, at)
         SELECT $1::uuid, $2, 'test.paging', 'user', $1::text, jsonb_build_object('n', g), now() - g * interval '1 second' FROM generate_series(1, 55) g`,
        [adminId, ADMIN.email],
      );
      const first = await admin.get('/console/audit?action=test.paging');
      expect(first.text.match(/<td><code>test.paging<\/code><\/td>/g)).toHaveLength(50);
      const next = olderLink(first, 'Older entries')!;
      expect(next).toMatch(/^\/console\/audit\?action=test.paging&cursor=/);
      const second = await admin.get(next);
      expect(second.status).toBe(200);
      expect(second.text.match(/<td><code>test.paging<\/code><\/td>/g)).toHaveLength(5);
      expect(pageText(second.text)).toContain('n: 55');
      expect(olderLink(second, 'Older entries')).toBeUndefined();
    });
  });

  describe('a campaigner', () => {
    let campaigner: ConsoleClient;
    let other: { id: string; email: string };

    beforeAll(async () => {
      const made = await newCampaigner(app);
      campaigner = await new ConsoleClient(app.url).signIn(made.email, 'campaigner-password-1');
      const email = `other.${uniq()}@amnesty.example`;
      expect((await admin.post('/console/staff', { email, role: 'campaigner', passwordMode: 'typed', password: 'other password 12' })).status).toBe(303);
      other = { id: (await user(email)).id, email };
    });

    it('does not see the admin sections in the navigation', async () => {
      const r = await campaigner.get('/console/campaigns');
      expect(r.text).not.toContain('href="/console/staff"');
      expect(r.text).not.toContain('href="/console/audit"');
      expect(r.text).toContain('href="/console/campaigns"');
    });

    it('gets a 403 page (not JSON) on every admin page and every admin form, and nothing changes', async () => {
      const someId = '00000000-0000-4000-8000-000000000000';
      const pages = [
        '/console/staff',
        '/console/staff/new',
        `/console/staff/${other.id}`,
        `/console/staff/${other.id}/deactivate`,
        `/console/staff/${other.id}/reactivate`,
        `/console/staff/${other.id}/reset-password`,
        '/console/audit',
        '/console/audit?action=user.create',
        '/console/letters',
        `/console/letters/${someId}`,
        `/console/letters/retry-failed?campaignId=${someId}&reason=x`,
        '/console/data-requests',
      ];
      const forms: [string, Record<string, string>][] = [
        ['/console/staff', { email: `sneaky.${uniq()}@amnesty.example`, role: 'admin', passwordMode: 'typed', password: 'sneaky password 1' }],
        [`/console/staff/${other.id}/role`, { role: 'admin' }],
        [`/console/staff/${other.id}/deactivate`, {}],
        [`/console/staff/${other.id}/reactivate`, {}],
        [`/console/staff/${other.id}/reset-password`, {}],
        [`/console/letters/${someId}/retry`, {}],
        ['/console/letters/retry-failed', { campaignId: someId, reason: 'x' }],
        ['/console/data-requests/export', { 'export-email': 'amal@example.org', 'export-format': 'json' }],
        ['/console/data-requests/erase', { 'erase-email': 'amal@example.org', 'erase-emailAgain': 'amal@example.org' }],
      ];
      const [{ n: auditBefore }] = await stack.db.query(`SELECT count(*)::int AS n FROM audit_log`);
      const usersBefore = await stack.db.query(`SELECT id, role, active, password_hash, session_epoch FROM users ORDER BY id`);
      for (const path of pages) {
        const r = await campaigner.get(path);
        expect([path, r.status]).toEqual([path, 403]);
        expect([path, r.headers.get('content-type')]).toEqual([path, 'text/html; charset=utf-8']);
        expect([path, pageText(r.text)]).toEqual([path, expect.stringContaining('Admins only')]);
        expect(pageText(r.text)).toContain('This page is for admins.');
      }
      for (const [path, fields] of forms) {
        await campaigner.get('/console/campaigns');
        const r = await campaigner.post(path, fields);
        expect([path, r.status]).toEqual([path, 403]);
        expect([path, r.headers.get('content-type')]).toEqual([path, 'text/html; charset=utf-8']);
        expect([path, pageText(r.text)]).toEqual([path, expect.stringContaining('Admins only')]);
      }
      expect(await stack.db.query(`SELECT id, role, active, password_hash, session_epoch FROM users ORDER BY id`)).toEqual(usersBefore);
      expect((await stack.db.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n).toBe(auditBefore);
    });
  });

  describe('CSRF', () => {
    it('refuses an admin form without its token (403) and changes nothing', async () => {
      const email = `csrf.${uniq()}@amnesty.example`;
      await admin.get('/console/staff/new');
      const create = await admin.post('/console/staff', { email, role: 'admin', passwordMode: 'typed', password: 'csrf password 123' }, { csrf: false });
      expect(create.status).toBe(403);
      expect(pageText(create.text)).toContain('CSRF token missing or wrong');
      expect(await user(email)).toBeUndefined();

      const [target] = await stack.db.query(`SELECT id, role, active, session_epoch, password_hash FROM users WHERE role = 'campaigner' AND active LIMIT 1`);
      for (const path of [`/console/staff/${target.id}/deactivate`, `/console/staff/${target.id}/reset-password`, `/console/staff/${target.id}/role`]) {
        const r = await admin.post(path, { role: 'admin' }, { csrf: false });
        expect([path, r.status]).toEqual([path, 403]);
        const forged = await admin.post(path, { role: 'admin', _csrf: 'x'.repeat(43) });
        expect([path, forged.status]).toEqual([path, 403]);
      }
      expect(await stack.db.query(`SELECT id, role, active, session_epoch, password_hash FROM users WHERE id = $1`, [target.id])).toEqual([target]);
    });
  });
});
