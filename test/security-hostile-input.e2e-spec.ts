import { createHmac } from 'node:crypto';
import { expectStatus, type ApiClient, type ApiResponse } from './helpers/api-client.js';
import { changedTables, tableFingerprints } from './helpers/db-snapshot.js';
import { createLiveCampaign, createTargets, newCampaigner, uniq } from './helpers/fixtures.js';
import { confirmTokenIn } from './helpers/smtp-server.js';
import { startApp, type RunningApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';

/**
 * Hostile input: malformed and malicious requests to every door of Appeals. Each gets the right
 * 4xx, and afterwards every table is exactly as it was (no row written, changed or deleted) and
 * no email is owed or sent. Then the other half: hostile text that is valid input (HTML, template
 * syntax, SQL, unicode) is accepted as plain text and stays inert all the way to the letter.
 */
describe('hostile input', () => {
  let worker: RunningApp | undefined;
  // an API process only, so nothing but the requests can write (the workers start after them)
  const { stack, app } = useStack({ app: { ROLE: 'api' }, stopFirst: () => worker?.stop() });
  let campaigner: ApiClient;
  let campaign: { id: string; slug: string };
  let draftSlug: string;
  let campaignerToken: string;

  beforeAll(async () => {
    const [target] = await createTargets(app.admin, 1);
    campaign = await createLiveCampaign(app.admin, { targets: [target] });
    draftSlug = `draft-${uniq()}`;
    expectStatus(await app.admin.post('/api/campaigns', { slug: draftSlug, title: 'Draft', summary: 'Not yet.', appeal: { subject: 'S', body: 'B' } }), 201);
    campaigner = (await newCampaigner(app)).staff;
    campaignerToken = campaigner.token!;
  });

  const valid = () => ({ firstName: 'Amal', lastName: 'Haddad', email: `amal.${uniq()}@supporters.example`, country: 'LB' });
  const signPath = () => `/api/public/campaigns/${campaign.slug}/signatures`;
  const sign = (body: unknown, headers: Record<string, string> = {}) =>
    app.api.call(
      'POST',
      signPath(),
      typeof body === 'string' ? body : body,
      typeof body === 'string' ? { 'content-type': 'application/json', ...headers } : headers,
    );
  const signWith = (fields: Record<string, unknown>) => sign({ ...valid(), ...fields });
  const form = (fields: Record<string, string>, headers: Record<string, string> = {}, slug = campaign.slug) =>
    app.api.call('POST', `/c/${slug}`, new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  const formWith = (fields: Record<string, string>, headers: Record<string, string> = {}) => form({ ...valid(), stamp: 'whatever', ...fields }, headers);

  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const jwt = (payload: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }) => {
    const unsigned = `${b64(header)}.${b64(payload)}`;
    return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  };
  const now = () => Math.floor(Date.now() / 1000);
  const adminClaims = () => ({ sub: '00000000-0000-4000-8000-000000000001', email: 'mallory@evil.example', role: 'admin', iat: now(), exp: now() + 3600 });
  const newUser = () => ({ email: `mallory.${uniq()}@evil.example`, password: 'mallory-password-1', role: 'admin' });
  const asBearer = (token: string) => (method: string, path: string, body?: unknown) => app.api.call(method, path, body, { authorization: `Bearer ${token}` });

  type Case = [string, () => Promise<ApiResponse>, number];
  const cases: Case[] = [
    // wrong types and shapes
    ['sign: firstName is a number', () => signWith({ firstName: 42 }), 400],
    ['sign: firstName is an array', () => signWith({ firstName: ['Amal', 'Bcc: victim@evil.example'] }), 400],
    ['sign: firstName is an object', () => signWith({ firstName: { $ne: null } }), 400],
    ['sign: email missing', () => sign({ firstName: 'Amal', lastName: 'Haddad', country: 'LB' }), 400],
    ['sign: empty object', () => sign({}), 400],
    ['sign: a JSON array', () => sign('[{"firstName":"Amal"}]'), 400],
    ['sign: a JSON string', () => sign('"amal@supporters.example"'), 400],
    ['sign: JSON null', () => sign('null'), 400],
    ['sign: malformed JSON', () => sign('{"firstName": "Amal",'), 400],
    ['sign: text/plain body', () => app.api.call('POST', signPath(), 'firstName=Amal', { 'content-type': 'text/plain' }), 415],
    [
      'sign: XML body',
      () => app.api.call('POST', signPath(), '<signature><firstName>Amal</firstName></signature>', { 'content-type': 'application/xml' }),
      415,
    ],
    // huge strings and bodies
    ['sign: firstName of 101 characters', () => signWith({ firstName: 'A'.repeat(101) }), 400],
    ['sign: lastName of 10,000 characters', () => signWith({ lastName: 'H'.repeat(10_000) }), 400],
    ['sign: comment of 1,001 characters', () => signWith({ comment: 'c'.repeat(1001) }), 400],
    ['sign: comment of 60,000 characters', () => signWith({ comment: 'c'.repeat(60_000) }), 400],
    ['sign: a body over 64 KiB', () => signWith({ comment: 'c'.repeat(70_000) }), 413],
    ['sign: a 1 MiB body', () => sign(JSON.stringify({ ...valid(), pad: 'x'.repeat(1024 * 1024) })), 413],
    ['sign: 5,000 unknown fields', () => sign(Object.fromEntries([...Object.entries(valid()), ...Array.from({ length: 5000 }, (_, i) => [`f${i}`, 1])])), 400],
    // header injection: CR/LF and Bcc
    ['sign: CR/LF and Bcc: in firstName', () => signWith({ firstName: 'Amal\r\nBcc: victim@evil.example' }), 400],
    ['sign: LF and Bcc: in lastName', () => signWith({ lastName: 'Haddad\nBcc: victim@evil.example' }), 400],
    ['sign: a bare CR in lastName', () => signWith({ lastName: 'Haddad\rX-Injected: 1' }), 400],
    ['sign: CR/LF and Bcc: after the email', () => signWith({ email: 'amal@supporters.example\r\nBcc: victim@evil.example' }), 400],
    ['sign: LF and Bcc: after the email', () => signWith({ email: 'amal@supporters.example\nbcc:victim@evil.example' }), 400],
    ['sign: two addresses in email', () => signWith({ email: 'amal@supporters.example, victim@evil.example' }), 400],
    ['sign: a display name in email', () => signWith({ email: 'Amal <amal@supporters.example>' }), 400],
    ['sign: CR/LF in postcode', () => signWith({ postcode: '1100\r\nBcc: victim@evil.example' }), 400],
    ['sign: CR/LF in source', () => signWith({ source: 'utm\r\nBcc: victim@evil.example' }), 400],
    // email syntax and RFC 5321 limits
    ['sign: local part of 65 characters', () => signWith({ email: `${'a'.repeat(65)}@supporters.example` }), 400],
    ['sign: address of 255 characters', () => signWith({ email: `amal@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(57)}.org` }), 400],
    ['sign: no domain dot (amal@localhost)', () => signWith({ email: 'amal@localhost' }), 400],
    ['sign: full-width at sign', () => signWith({ email: 'amal＠supporters.example' }), 400],
    ['sign: an IP literal domain', () => signWith({ email: 'amal@[127.0.0.1]' }), 400],
    // unicode edge cases
    ['sign: NUL in firstName', () => signWith({ firstName: 'Amal\u0000' }), 400],
    ['sign: LINE SEPARATOR in firstName', () => signWith({ firstName: 'Amal\u2028Bcc: victim@evil.example' }), 400],
    ['sign: PARAGRAPH SEPARATOR in lastName', () => signWith({ lastName: 'Had\u2029dad' }), 400],
    ['sign: NEL (C1 control) in lastName', () => signWith({ lastName: 'Haddad\u0085Bcc: x' }), 400],
    ['sign: terminal escape in firstName', () => signWith({ firstName: '\u001b[31mAmal' }), 400],
    ['sign: tab in firstName', () => signWith({ firstName: 'Amal\tHaddad' }), 400],
    ['sign: DEL in postcode', () => signWith({ postcode: '11\u007f00' }), 400],
    ['sign: NUL in comment', () => signWith({ comment: 'Stop\u0000the shelling' }), 400],
    ['sign: escape sequence in comment', () => signWith({ comment: 'Stop \u001b]0;pwned\u0007 now' }), 400],
    ['sign: only spaces as firstName', () => signWith({ firstName: '   ' }), 400],
    // countries
    ['sign: unknown country XX', () => signWith({ country: 'XX' }), 400],
    ['sign: alpha-3 country', () => signWith({ country: 'LBN' }), 400],
    ['sign: SQL fragment as country', () => signWith({ country: "LB' OR '1'='1" }), 400],
    ['sign: source of 101 characters', () => signWith({ source: 's'.repeat(101) }), 400],
    // SQL fragments where they cannot be valid
    ['sign: SQL fragment in email', () => signWith({ email: "x@y.org'; DROP TABLE supporters;--" }), 400],
    ['sign: SQL fragment in the slug', () => app.api.call('POST', `/api/public/campaigns/${encodeURIComponent("x' OR '1'='1")}/signatures`, valid()), 404],
    ['sign: a draft campaign', () => app.api.call('POST', `/api/public/campaigns/${draftSlug}/signatures`, valid()), 404],
    // unknown fields and prototype pollution
    ['sign: unknown field status', () => signWith({ status: 'confirmed' }), 400],
    ['sign: unknown field isAdmin', () => signWith({ isAdmin: true }), 400],
    [
      'sign: __proto__',
      () => sign(`{"firstName":"Amal","lastName":"Haddad","email":"amal.${uniq()}@supporters.example","country":"LB","__proto__":{"isAdmin":true}}`),
      400,
    ],
    ['sign: constructor.prototype', () => signWith({ constructor: { prototype: { isAdmin: true } } }), 400],
    ['sign: captchaToken as a number', () => signWith({ captchaToken: 12345 }), 400],
    ['sign: captchaToken of 5,000 characters', () => signWith({ captchaToken: 't'.repeat(5000) }), 400],
    // bad tokens on the supporters' links
    ['confirm: no token', () => app.api.post('/api/public/signatures/confirm', {}), 400],
    ['confirm: token is a number', () => app.api.post('/api/public/signatures/confirm', { token: 1 }), 400],
    ['confirm: token of 201 characters', () => app.api.post('/api/public/signatures/confirm', { token: 'k'.repeat(201) }), 400],
    ['confirm: an unknown token', () => app.api.post('/api/public/signatures/confirm', { token: 'kq3ZYv4Qmb0b9d8WcRr0N7fN1c3cR2tNnV1y9k8HqWc' }), 404],
    ['confirm: SQL fragment as token', () => app.api.post('/api/public/signatures/confirm', { token: "' OR 1=1 --" }), 404],
    ['withdraw: token is an array', () => app.api.post('/api/public/signatures/withdraw', { token: ['a', 'b'] }), 400],
    ['withdraw: an unknown token', () => app.api.post('/api/public/signatures/withdraw', { token: 'no-such-token' }), 404],
    [
      'withdraw page: an unknown token',
      () => app.api.call('POST', '/withdraw/no-such-token', '', { 'content-type': 'application/x-www-form-urlencoded' }),
      404,
    ],
    // the web form
    ['form: CR/LF and Bcc: in firstName', () => formWith({ firstName: 'Amal\r\nBcc: victim@evil.example' }), 400],
    ['form: Bcc: after the email', () => formWith({ email: 'amal@supporters.example\nBcc: victim@evil.example' }), 400],
    ['form: unknown country', () => formWith({ country: 'ZZZ' }), 400],
    ['form: a body over 64 KiB', () => formWith({ comment: 'c'.repeat(70_000) }), 413],
    ['form: an unknown campaign', () => form({ ...valid(), stamp: 'x' }, {}, `nope-${uniq()}`), 404],
    ['form: posted from another site (Origin)', () => formWith({}, { origin: 'https://evil.example' }), 403],
    ['form: posted from another site (Sec-Fetch-Site)', () => formWith({}, { 'sec-fetch-site': 'cross-site' }), 403],
    // staff login
    ['login: email is an object', () => app.api.post('/api/auth/login', { email: { $gt: '' }, password: 'x' }), 400],
    ['login: password of 10,000 characters', () => app.api.post('/api/auth/login', { email: 'admin@test.example', password: 'p'.repeat(10_000) }), 400],
    ['login: unknown field role', () => app.api.post('/api/auth/login', { email: 'admin@test.example', password: 'x', role: 'admin' }), 400],
    ['login: SQL fragment as email', () => app.api.post('/api/auth/login', { email: "' OR '1'='1' --", password: "' OR '1'='1" }), 401],
    [
      'login: from another site',
      () => app.api.call('POST', '/api/auth/login', { email: 'admin@test.example', password: 'x' }, { origin: 'https://evil.example' }),
      403,
    ],
    // forged JWTs and another role's token
    ['staff: no token', () => app.api.post('/api/users', newUser()), 401],
    ['staff: "alg": "none" token', () => asBearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(adminClaims())}.`)('POST', '/api/users', newUser()), 401],
    [
      'staff: token signed with another secret',
      () => asBearer(jwt(adminClaims(), 'not-the-installation-secret-0123456789'))('POST', '/api/users', newUser()),
      401,
    ],
    [
      'staff: expired token with the right secret',
      () => asBearer(jwt({ ...adminClaims(), iat: now() - 7200, exp: now() - 3600 }, stack.env.JWT_SECRET))('POST', '/api/users', newUser()),
      401,
    ],
    [
      "staff: a campaigner's token with role changed to admin",
      () => {
        const [h, p, s] = campaignerToken.split('.');
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        return asBearer(`${h}.${b64({ ...claims, role: 'admin' })}.${s}`)('POST', '/api/users', newUser());
      },
      401,
    ],
    [
      'staff: HS512 header on an HS256 signature',
      () => asBearer(jwt(adminClaims(), stack.env.JWT_SECRET, { alg: 'HS512', typ: 'JWT' }))('POST', '/api/users', newUser()),
      401,
    ],
    ['staff: garbage bearer token', () => asBearer('not.a.jwt')('POST', '/api/users', newUser()), 401],
    [
      'staff: session cookie with a forged token',
      () => app.api.call('POST', '/api/users', newUser(), { cookie: `appeals_session=${jwt(adminClaims(), 'guess')}` }),
      401,
    ],
    ["admin route with a campaigner's token: create a user", () => campaigner.post('/api/users', newUser()), 403],
    [
      "admin route with a campaigner's token: erase a supporter",
      () => campaigner.post('/api/admin/supporters/erase', { email: 'amal@supporters.example' }),
      403,
    ],
    ["admin route with a campaigner's token: retry letters", () => campaigner.post('/api/admin/deliveries/retry-failed', {}), 403],
    ["admin route with a campaigner's token: export a supporter", () => campaigner.get('/api/admin/supporters/export?email=amal@supporters.example'), 403],
    // staff input: templates and headers
    [
      'campaign: template code in the letter',
      () =>
        campaigner.post('/api/campaigns', {
          slug: `t-${uniq()}`,
          title: 'T',
          summary: 'S',
          appeal: { subject: 'S', body: "{{constructor.constructor('return process')()}}" },
        }),
      400,
    ],
    [
      'campaign: CR/LF and Bcc: in the subject',
      () =>
        campaigner.post('/api/campaigns', {
          slug: `t-${uniq()}`,
          title: 'T',
          summary: 'S',
          appeal: { subject: 'Homs\r\nBcc: victim@evil.example', body: 'B' },
        }),
      400,
    ],
    [
      'campaign: SQL fragment as slug',
      () => campaigner.post('/api/campaigns', { slug: "x'; DROP TABLE campaigns;--", title: 'T', summary: 'S', appeal: { subject: 'S', body: 'B' } }),
      400,
    ],
    [
      'target: CR/LF and Bcc: after the email',
      () => campaigner.post('/api/targets', { name: 'Official', email: 'minister@mfa.example\r\nBcc: victim@evil.example' }),
      400,
    ],
    ['target: NUL in the name', () => campaigner.post('/api/targets', { name: 'Off\u0000icial', email: `m.${uniq()}@mfa.example` }), 400],
    ['target import: a PDF', () => campaigner.call('POST', '/api/targets/import', '%PDF-1.4', { 'content-type': 'application/pdf' }), 415],
    ['target import: no email column', () => campaigner.call('POST', '/api/targets/import', 'name,title\n=cmd|calc,x\n', { 'content-type': 'text/csv' }), 400],
    ['deliveries: SQL fragment as status', () => app.admin.get(`/api/admin/deliveries?status=${encodeURIComponent("sent' OR 1=1 --")}`), 400],
    ['deliveries: SQL fragment as id', () => app.admin.post(`/api/admin/deliveries/${encodeURIComponent('1; DROP TABLE deliveries')}/retry`), 400],
    ['deliveries: limit of a million', () => app.admin.get('/api/admin/deliveries?limit=1000000'), 400],
    ['erase: email is a number', () => app.admin.post('/api/admin/supporters/erase', { email: 123 }), 400],
    ['erase: SQL fragment as email', () => app.admin.post('/api/admin/supporters/erase', { email: "x@y.org' OR '1'='1" }), 400],
    ['erase: a LIKE wildcard as email', () => app.admin.post('/api/admin/supporters/erase', { email: '%@%' }), 400],
    ['erase: unknown field', () => app.admin.post('/api/admin/supporters/erase', { email: 'amal@supporters.example', everyone: true }), 400],
    ['export: a LIKE wildcard as email', () => app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent('%')}`), 400],
    ['export: unknown format', () => app.admin.get('/api/admin/supporters/export?email=amal@supporters.example&format=xlsx'), 400],
    ['erase: somebody nobody knows', () => app.admin.post('/api/admin/supporters/erase', { email: `nobody.${uniq()}@supporters.example` }), 404],
    [
      'admin action with the session cookie from another site',
      async () => {
        const login = await app.api.post('/api/auth/login', { email: 'admin@test.example', password: 'test-admin-password-1' });
        const cookie = login.headers.get('set-cookie')!.split(';')[0];
        return app.api.call('POST', '/api/admin/deliveries/retry-failed', {}, { cookie, 'sec-fetch-site': 'cross-site' });
      },
      403,
    ],
  ];

  it('has at least 60 of them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.map(([name, request, status]) => ({ name, request, status })))('$name → $status', async ({ name, request, status }) => {
    const before = await tableFingerprints(stack.db);
    const outbox = stack.smtp.received.length;
    const r = await request();
    expect([r.status, r.text.slice(0, 300)]).toEqual([status, expect.any(String)]);
    // a JSON error in the usual shape, never a stack trace
    if (r.json && typeof r.json === 'object' && !Array.isArray(r.json)) {
      expect(r.json.statusCode).toBe(status);
      expect(JSON.stringify(r.json)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|QueryFailedError|SELECT |INSERT /);
    }
    const changed = changedTables(before, await tableFingerprints(stack.db));
    // (the last case logs in first, which records when the admin last logged in)
    expect(changed.filter((t) => !(t === 'users' && name.startsWith('admin action with the session cookie')))).toEqual([]);
    expect(stack.smtp.received.length).toBe(outbox);
  });

  it('sent no email at all for any of them: the outbox is empty, and once workers run, only a valid signing gets one', async () => {
    expect(await stack.db.query(`SELECT 1 FROM notifications`)).toEqual([]);
    worker = await startApp(stack, { ROLE: 'worker' });
    const s = valid();
    expectStatus(await sign(s), 202);
    await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
    expect(stack.smtp.received.map((m) => m.rcptTo)).toEqual([[s.email]]);
  });

  describe('hostile text that is valid input is kept as text, and stays inert all the way to the letter', () => {
    const tag = uniq();
    const hostile = {
      firstName: '<img src=x onerror=alert(1)>',
      lastName: '{{target.email}}',
      email: `  Amal.${tag}@Supporters.EXAMPLE `,
      country: 'lb',
      comment:
        '<script>alert("x")</script> {{supporter.email}} {{constructor.constructor(\'return process\')()}} ${process.env.JWT_SECRET} ' +
        "Robert'); DROP TABLE signatures;-- أوقفوا القصف 🕊️ é ｆｕｌｌ",
      source: '"><svg onload=alert(1)>',
    };
    const email = `amal.${tag}@supporters.example`;
    let targetEmail: string;

    it('is accepted (202) and stored exactly as typed, trimmed and normalised', async () => {
      expectStatus(await sign(hostile), 202);
      const [row] = await stack.db.query(
        `SELECT p.email, p.first_name, p.last_name, p.country, s.comment, s.source FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1`,
        [email],
      );
      expect(row).toEqual({
        email,
        first_name: hostile.firstName,
        last_name: hostile.lastName,
        country: 'LB',
        comment: hostile.comment,
        source: hostile.source,
      });
      // the SQL in the comment was a value, not a statement
      expect((await stack.db.query(`SELECT count(*)::int AS n FROM signatures`))[0].n).toBeGreaterThan(0);
    });

    it('reaches its one recipient, escaped in the HTML of the confirmation email', async () => {
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(email));
      expect(mail.rcptTo).toEqual([email]);
      expect(mail.parsed.bcc).toBeUndefined();
      expect(Object.keys(mail.headers)).not.toContain('bcc');
      expect(mail.html).not.toContain('<img src=x');
      expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(mail) }), 200);
    });

    it('goes into the letter as text: no template evaluated, no HTML, no extra recipient', async () => {
      const [{ target_email }] = await stack.db.query(
        `SELECT t.email AS target_email FROM campaign_targets ct JOIN targets t ON t.id = ct.target_id WHERE ct.campaign_id = $1`,
        [campaign.id],
      );
      targetEmail = target_email;
      const [letter] = await stack.smtp.waitFor((m) => m.rcptTo.includes(targetEmail) && m.text.includes('DROP TABLE'));
      expect(letter.rcptTo).toEqual([targetEmail]);
      expect(letter.parsed.bcc).toBeUndefined();
      expect(letter.parsed.cc).toBeUndefined();
      // the templates in the supporter's words are words
      expect(letter.text).toContain('{{supporter.email}}');
      expect(letter.text).toContain("{{constructor.constructor('return process')()}}");
      expect(letter.text).toContain('${process.env.JWT_SECRET}');
      expect(letter.text).toContain('{{target.email}}');
      expect(letter.text).not.toContain(email);
      expect(letter.text).not.toContain(stack.env.JWT_SECRET);
      expect(letter.text).not.toContain(targetEmail);
      expect(letter.text).toContain('أوقفوا القصف 🕊️ é ｆｕｌｌ');
      // and the HTML part shows the markup, never runs it
      expect(letter.html).not.toMatch(/<script|<img src=x|<svg/i);
      expect(letter.html).toContain('&lt;script&gt;');
      // the supporter's address only where it belongs: Reply-To
      expect(letter.parsed.replyTo?.value.map((a) => a.address)).toEqual([email]);
      expect(letter.parsed.from?.value.map((a) => a.address)).toEqual([stack.env.MAIL_FROM]);
      expect(letter.parsed.from?.value[0].name).toContain('<img src=x onerror=alert(1)> {{target.email}}');
    });

    it('is never shown on the public page, where the names of signatories do not appear', async () => {
      const page = await app.api.get(`/c/${campaign.slug}`);
      expect(page.text).not.toContain('onerror');
      expect(page.text).not.toContain(email);
      const json = await app.api.get(`/api/public/campaigns/${campaign.slug}`);
      expect(json.text).not.toContain('onerror');
      expect(json.text).not.toContain(email);
    });
  });
});
