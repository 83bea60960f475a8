import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { newCampaigner, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';

const ARAB_LEAGUE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'arab-league-foreign-ministers.csv'), 'utf8');
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** The directory of officials: create, search, read, update, deactivate, and the CSV import. */
describe('the targets directory', () => {
  const { stack, app } = useStack();
  let staff: ApiClient;

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
  });

  const csv = (body: string, client = staff) => client.call('POST', '/api/targets/import', body, { 'content-type': 'text/csv; charset=utf-8' });
  const targetCount = async () => (await stack.db.query(`SELECT count(*)::int AS n FROM targets`))[0].n as number;

  describe('create, read, update, deactivate', () => {
    it('creates a target with a normalised email and country, and the default locale', async () => {
      const r = await staff.post('/api/targets', {
        name: '  Sergei Lavrov ',
        title: 'Minister of Foreign Affairs',
        organization: 'Russian Federation',
        country: 'ru',
        email: ' Minister.Lavrov@MID-RU.example ',
      });
      expect(r.status).toBe(201);
      expect(r.json).toEqual({
        id: expect.any(String),
        name: 'Sergei Lavrov',
        title: 'Minister of Foreign Affairs',
        organization: 'Russian Federation',
        country: 'RU',
        email: 'minister.lavrov@mid-ru.example',
        locale: 'en',
        // Russia has several time zones: none until one is set (office hours, test/office-hours.e2e-spec.ts)
        timeZone: null,
        timeZoneSource: 'none',
        active: true,
        tags: [],
        // no bounce yet (see test/bounces-dsn.e2e-spec.ts)
        hardBounces: 0,
        failingSince: null,
        lastBounceAt: null,
        lastBounceReason: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(expectStatus(await staff.get(`/api/targets/${r.json.id}`), 200)).toEqual(r.json);
    });

    it('400 names each bad field and creates nothing', async () => {
      const before = await targetCount();
      const r = await staff.post('/api/targets', { name: '', email: 'not-an-email', country: 'XX', locale: 'english please', colour: 'red' });
      expect(r.status).toBe(400);
      expect(r.json.message).toEqual(
        expect.arrayContaining([
          'name is required',
          'email must be an email address',
          'country must be an ISO 3166-1 alpha-2 country code such as "LB"',
          'locale must be a BCP 47 language tag such as "en" or "ar"',
          'property colour should not exist',
        ]),
      );
      const header = await staff.post('/api/targets', { name: 'Eve\r\nBcc: victim@example.org', email: `eve.${uniq()}@officials.example` });
      expect(header.status).toBe(400);
      expect(header.json.message).toEqual(['name must be one line without control characters']);
      expect(await targetCount()).toBe(before);
    });

    it('409 for an email the directory has, whatever its case', async () => {
      const email = `dup.${uniq()}@officials.example`;
      expectStatus(await staff.post('/api/targets', { name: 'First', email }), 201);
      const r = await staff.post('/api/targets', { name: 'Second', email: email.toUpperCase() });
      expect(r.status).toBe(409);
      expect(r.json).toEqual({ statusCode: 409, message: `A target with email ${email} exists already`, error: 'Conflict' });
    });

    it('404 for an unknown id, 400 for one that is not a UUID', async () => {
      for (const [method, body] of [['GET'], ['PATCH', { name: 'X' }], ['DELETE']] as const) {
        const missing = await staff.call(method, `/api/targets/${MISSING_ID}`, body);
        expect(missing.status).toBe(404);
        expect(missing.json).toEqual({ statusCode: 404, message: `No target ${MISSING_ID}`, error: 'Not Found' });
        const bad = await staff.call(method, '/api/targets/42', body);
        expect(bad.status).toBe(400);
        expect(bad.json.message).toMatch(/uuid is expected/i);
      }
    });

    it('updates only the fields given; 409 when the new email is taken; 400 for a bad field', async () => {
      const a = expectStatus(await staff.post('/api/targets', { name: 'Official A', email: `a.${uniq()}@officials.example`, country: 'LB' }), 201);
      const b = expectStatus(await staff.post('/api/targets', { name: 'Official B', email: `b.${uniq()}@officials.example` }), 201);
      const r = await staff.patch(`/api/targets/${a.id}`, { title: 'Minister of Foreign Affairs and Emigrants', locale: 'ar' });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ name: 'Official A', country: 'LB', title: 'Minister of Foreign Affairs and Emigrants', locale: 'ar' });
      const taken = await staff.patch(`/api/targets/${a.id}`, { email: b.email });
      expect(taken.status).toBe(409);
      const bad = await staff.patch(`/api/targets/${a.id}`, { country: 'Lebanon' });
      expect(bad.status).toBe(400);
      const nulls = await staff.patch(`/api/targets/${a.id}`, { name: null, email: null });
      expect(nulls.status).toBe(400);
      expect(nulls.json.message).toEqual(['name cannot be null', 'email cannot be null']);
      expect(expectStatus(await staff.get(`/api/targets/${a.id}`), 200)).toMatchObject({ email: a.email, country: 'LB' });
    });

    it('DELETE deactivates: the target stays in the directory, inactive, and can be listed apart', async () => {
      const t = expectStatus(await staff.post('/api/targets', { name: `Retired Official ${uniq()}`, email: `retired.${uniq()}@officials.example` }), 201);
      const r = await staff.delete(`/api/targets/${t.id}`);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ id: t.id, active: false });
      expect(expectStatus(await staff.delete(`/api/targets/${t.id}`), 200).active).toBe(false);
      expect(expectStatus(await staff.get(`/api/targets/${t.id}`), 200).active).toBe(false);
      const inactive = expectStatus(await staff.get(`/api/targets?active=false&q=${encodeURIComponent(t.name)}`), 200);
      expect(inactive.items.map((x: { id: string }) => x.id)).toEqual([t.id]);
      expect(expectStatus(await staff.get(`/api/targets?active=true&q=${encodeURIComponent(t.name)}`), 200).items).toEqual([]);
      const audit = expectStatus(await app.admin.get(`/api/admin/audit?subjectId=${t.id}`), 200);
      expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['target.deactivate', 'target.create']);
    });
  });

  describe('POST /api/targets/import (CSV)', () => {
    it("imports the Arab League's 22 foreign ministers in one call", async () => {
      const before = await targetCount();
      const r = await csv(ARAB_LEAGUE);
      expect(r.status).toBe(200);
      expect(r.json.summary).toEqual({ created: 22, updated: 0, unchanged: 0, rejected: 0 });
      expect(r.json.rows).toHaveLength(22);
      expect(r.json.rows.map((row: { line: number }) => row.line)).toEqual(Array.from({ length: 22 }, (_, i) => i + 2));
      expect(r.json.rows.every((row: { status: string; id: string }) => row.status === 'created' && /^[0-9a-f-]{36}$/.test(row.id))).toBe(true);
      expect(await targetCount()).toBe(before + 22);

      const [lebanon] = expectStatus(await staff.get('/api/targets?q=Lebanese'), 200).items;
      expect(lebanon).toMatchObject({
        name: 'Adnan Mansour',
        title: 'Minister of Foreign Affairs and Emigrants',
        organization: 'Lebanese Republic',
        country: 'LB',
        email: 'minister@mfa-lb.example',
        locale: 'ar',
        active: true,
      });
      // a quoted field with commas in it
      const [comoros] = expectStatus(await staff.get('/api/targets?q=KM'), 200).items;
      expect(comoros.title).toBe('Minister of External Relations and Cooperation, in charge of the Diaspora, Francophonie and the Arab World');
      const countries = await stack.db.query(`SELECT country FROM targets WHERE email LIKE 'minister@%' ORDER BY country`);
      expect(countries.map((c) => c.country)).toEqual([
        'AE',
        'BH',
        'DJ',
        'DZ',
        'EG',
        'IQ',
        'JO',
        'KM',
        'KW',
        'LB',
        'LY',
        'MA',
        'MR',
        'OM',
        'PS',
        'QA',
        'SA',
        'SD',
        'SO',
        'SY',
        'TN',
        'YE',
      ]);

      // the same file again changes nothing
      const again = expectStatus(await csv(ARAB_LEAGUE), 200);
      expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 22, rejected: 0 });
      expect(again.rows.map((row: { id: string }) => row.id)).toEqual(r.json.rows.map((row: { id: string }) => row.id));
      expect(await targetCount()).toBe(before + 22);
    });

    it('reports every row: created, updated, unchanged, and rejected with the reason', async () => {
      const tag = uniq();
      const existing = expectStatus(
        await staff.post('/api/targets', { name: 'Old Name', title: 'Old title', email: `update.${tag}@officials.example`, country: 'JO' }),
        201,
      );
      const same = expectStatus(await staff.post('/api/targets', { name: 'Same', email: `same.${tag}@officials.example` }), 201);
      const file = [
        'email,name,title,organization,country,locale', // any column order
        `new1.${tag}@officials.example,New One,Minister,Ministry,lb,ar`, // 2 created (country upper-cased)
        `UPDATE.${tag}@Officials.example,New Name,New title,Ministry,JO,en`, // 3 updated, matched case-insensitively
        `not-an-email,Bad Email,,,,`, // 4
        `noname.${tag}@officials.example,,,,,`, // 5
        `country.${tag}@officials.example,Bad Country,,,Lebanon,`, // 6
        `locale.${tag}@officials.example,Bad Locale,,,,not a locale`, // 7
        `new1.${tag}@officials.example,Duplicate,,,,`, // 8 duplicate of line 2
        `short.${tag}@officials.example,Too Few Fields`, // 9
        `same.${tag}@officials.example,Same,,,,`, // 10 unchanged
        `intl.${tag}@officials.example,International Body,Secretary-General,League of Arab States,,`, // 11 created, no country
      ].join('\n');
      const r = await csv(file);
      expect(r.status).toBe(200);
      expect(r.json.summary).toEqual({ created: 2, updated: 1, unchanged: 1, rejected: 6 });
      const byLine = Object.fromEntries(r.json.rows.map((row: { line: number }) => [row.line, row]));
      expect(byLine[2]).toEqual({ line: 2, email: `new1.${tag}@officials.example`, status: 'created', id: expect.any(String) });
      expect(byLine[3]).toEqual({ line: 3, email: `update.${tag}@officials.example`, status: 'updated', id: existing.id });
      expect(byLine[4]).toEqual({ line: 4, email: 'not-an-email', status: 'rejected', reasons: ['email must be an email address'] });
      expect(byLine[5]).toEqual({ line: 5, email: `noname.${tag}@officials.example`, status: 'rejected', reasons: ['name is required'] });
      expect(byLine[6]).toMatchObject({ status: 'rejected', reasons: ['country must be an ISO 3166-1 alpha-2 country code such as "LB"'] });
      expect(byLine[7]).toMatchObject({ status: 'rejected', reasons: ['locale must be a BCP 47 language tag such as "en" or "ar"'] });
      expect(byLine[8]).toMatchObject({ status: 'rejected', reasons: [`email new1.${tag}@officials.example is on line 2 already: one row per target`] });
      expect(byLine[9]).toMatchObject({ status: 'rejected', reasons: ['the row has 2 field(s), the header 6'] });
      expect(byLine[10]).toEqual({ line: 10, email: `same.${tag}@officials.example`, status: 'unchanged', id: same.id });
      expect(byLine[11]).toMatchObject({ status: 'created' });

      expect(expectStatus(await staff.get(`/api/targets/${existing.id}`), 200)).toMatchObject({
        name: 'New Name',
        title: 'New title',
        organization: 'Ministry',
        locale: 'en',
      });
      expect(expectStatus(await staff.get(`/api/targets/${byLine[2].id}`), 200)).toMatchObject({ name: 'New One', country: 'LB', locale: 'ar' });
      expect(expectStatus(await staff.get(`/api/targets/${byLine[11].id}`), 200)).toMatchObject({
        country: null,
        locale: 'en',
        organization: 'League of Arab States',
      });
      // no rejected row reached the directory
      const rejectedEmails = ['noname', 'country', 'locale', 'short'].map((p) => `${p}.${tag}@officials.example`);
      expect(await stack.db.query(`SELECT email FROM targets WHERE email = ANY($1)`, [rejectedEmails])).toEqual([]);

      const [audit] = expectStatus(await app.admin.get('/api/admin/audit?action=target.import&limit=1'), 200).items;
      expect(audit).toMatchObject({ details: { rows: 10, created: 2, updated: 1, unchanged: 1, rejected: 6 } });
    });

    it('leaves the columns a file does not have as they are', async () => {
      const tag = uniq();
      const t = expectStatus(
        await staff.post('/api/targets', {
          name: 'Keeps Title',
          title: 'Minister',
          organization: 'Ministry',
          country: 'TN',
          locale: 'ar',
          email: `partial.${tag}@officials.example`,
        }),
        201,
      );
      const r = expectStatus(await csv(`name,email\nRenamed,partial.${tag}@officials.example\n`), 200);
      expect(r.summary).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
      expect(expectStatus(await staff.get(`/api/targets/${t.id}`), 200)).toMatchObject({
        name: 'Renamed',
        title: 'Minister',
        organization: 'Ministry',
        country: 'TN',
        locale: 'ar',
      });
    });

    it('400 naming a missing required column, or an unknown one, and nothing is imported', async () => {
      const before = await targetCount();
      const noEmail = await csv(`name,title,organization,country,locale\nA Name,Minister,Ministry,LB,ar\n`);
      expect(noEmail.status).toBe(400);
      expect(noEmail.json).toEqual({ statusCode: 400, message: 'Missing required column(s): email', error: 'Bad Request' });
      const noName = await csv(`email,title\nx.${uniq()}@officials.example,Minister\n`);
      expect(noName.json.message).toBe('Missing required column(s): name');
      const typo = await csv(`name,emial\nA,a.${uniq()}@officials.example\n`);
      expect(typo.status).toBe(400);
      expect(typo.json.message).toBe('Unknown column(s) "emial": the columns are name, title, organization, country, email, locale, tags, time_zone');
      expect(await targetCount()).toBe(before);
    });

    it('400 for a file that is not CSV or is empty; 415 for a body that is not text/csv; 413 over 2 MiB', async () => {
      const broken = await csv('name,email\n"unclosed,a@b.example\n');
      expect(broken.status).toBe(400);
      expect(broken.json.message).toMatch(/^The file is not valid CSV: /);
      expect((await csv('')).json.message).toMatch(/^The file is empty/);
      const json = await staff.post('/api/targets/import', { name: 'A', email: 'a@b.example' });
      expect(json.status).toBe(415);
      expect(json.json).toEqual({ statusCode: 415, message: 'Send the file as the body with Content-Type: text/csv', error: 'Unsupported Media Type' });
      const big = await csv(`name,email\n${'x'.repeat(2 * 1024 * 1024)}\n`);
      expect(big.status).toBe(413);
      expect(big.json).toMatchObject({ statusCode: 413 });
    });
  });

  describe('GET /api/targets', () => {
    it('searches name, organization and country, case-insensitively; % and _ are literal', async () => {
      const tag = uniq();
      await csv(
        [
          'name,organization,country,email',
          `Zed ${tag},Ministry of Foreign Affairs,QA,zed.${tag}@officials.example`,
          `Ann ${tag},League of Arab States,,ann.${tag}@officials.example`,
        ].join('\n'),
      );
      const names = async (q: string) =>
        expectStatus(await staff.get(`/api/targets?q=${encodeURIComponent(q)}`), 200).items.map((t: { name: string }) => t.name);
      expect(await names(`ZED ${tag}`)).toEqual([`Zed ${tag}`]);
      expect(await names('league of arab')).toContain(`Ann ${tag}`);
      expect(await names('qa')).toContain(`Zed ${tag}`);
      expect(await names('%')).toEqual([]);
      expect(await names('_')).toEqual([]);
    });

    it('pages by name with a cursor, without repeating or skipping a target', async () => {
      const all = expectStatus(await staff.get('/api/targets?limit=500'), 200);
      expect(all.nextCursor).toBeNull();
      expect(all.items.length).toBeGreaterThan(30);
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = expectStatus(
          await staff.get(`/api/targets?limit=7${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        walked.push(...page.items.map((t: { id: string }) => t.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(Math.ceil(all.items.length / 7));
      expect(walked).toEqual(all.items.map((t: { id: string }) => t.id));
      // by name (in the database's collation), then id
      const ordered = await stack.db.query(`SELECT id FROM targets ORDER BY name, id`);
      expect(walked).toEqual(ordered.map((t) => t.id));
    });

    it('400 for a bad limit or cursor', async () => {
      for (const q of ['limit=0', 'limit=501', 'cursor=garbage', `cursor=${Buffer.from('["a","not-a-uuid"]').toString('base64url')}`, 'active=maybe']) {
        const r = await staff.get(`/api/targets?${q}`);
        expect(r.status).toBe(400);
      }
    });
  });
});
