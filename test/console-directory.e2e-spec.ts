import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectStatus } from './helpers/api-client.js';
import { ConsoleClient, pageText } from './helpers/console-client.js';
import { newCampaigner, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';

const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'arab-league-foreign-ministers.csv');

/**
 * The directory of officials in the console, without JavaScript: search and filters, adding and
 * changing an official (errors beside their fields, what was typed kept), deactivating after a
 * confirmation, importing a CSV with every row's outcome shown, and clearing a failing address.
 */
describe('console: the directory of officials', () => {
  const { stack, app } = useStack();
  let browser: ConsoleClient;
  let staff: Awaited<ReturnType<typeof newCampaigner>>['staff'];
  const tag = uniq();

  beforeAll(async () => {
    const made = await newCampaigner(app);
    staff = made.staff;
    browser = await new ConsoleClient(app.url).signIn(made.email, 'campaigner-password-1');
  });

  it('imports a CSV, showing what happened to every row', async () => {
    const csv = readFileSync(FIXTURE, 'utf8');
    const withBad = `${csv.trimEnd()}\nNobody,,,,not-an-email,en\n`;
    await browser.get('/console/targets/import');
    const r = await browser.post('/console/targets/import', { csv: withBad.replace(/\n/g, '\r\n') });
    expect(r.status).toBe(200);
    const text = pageText(r.text);
    expect(text).toMatch(/Imported: 22 created, 0 updated, 0 unchanged, 1 rejected/);
    expect(text).toContain('email must be an email address');
    expect(await stack.db.query(`SELECT 1 FROM targets`)).toHaveLength(22);
    // the same file uploaded (multipart/form-data, as the file input sends it): every row known now
    const form = new FormData();
    form.append('_csrf', browser.csrf);
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'arab-league.csv');
    form.append('csv', '');
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const uploaded = await fetch(`${app.url}/console/targets/import`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
    expect(uploaded.status).toBe(200);
    expect(pageText(await uploaded.text())).toMatch(/Imported: 0 created, 0 updated, 22 unchanged, 0 rejected/);
    // without the page's token, nothing is imported
    const forged = new FormData();
    forged.append('file', new Blob(['name,email\nX,x@x.example\n'], { type: 'text/csv' }), 'x.csv');
    expect((await fetch(`${app.url}/console/targets/import`, { method: 'POST', body: forged, headers: { cookie }, redirect: 'manual' })).status).toBe(403);
    expect(await stack.db.query(`SELECT 1 FROM targets WHERE email = 'x@x.example'`)).toHaveLength(0);
    const notCsv = await browser.post('/console/targets/import', { csv: 'just some words\nand more' });
    expect(notCsv.status).toBe(400);
    expect(pageText(notCsv.text)).toContain('The file was not imported');
  });

  it('searches and filters the directory', async () => {
    const lb = await browser.get('/console/targets?country=lb');
    expect(lb.status).toBe(200);
    expect(pageText(lb.text)).toContain('Adnan Mansour');
    expect(pageText(lb.text)).not.toContain('Nasser Judeh');
    const q = await browser.get(`/console/targets?q=${encodeURIComponent('Hashemite')}`);
    expect(pageText(q.text)).toContain('Nasser Judeh');
    const none = await browser.get('/console/targets?organization=Atlantis');
    expect(pageText(none.text)).toContain('No official matches these filters');
    const bad = await browser.get('/console/targets?country=Narnia');
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Country');
    // the same filters on the API
    const api = expectStatus(await staff.get('/api/targets?organization=hashemite'), 200);
    expect(api.items.map((t: { name: string }) => t.name)).toEqual(['Nasser Judeh']);
  });

  it('adds and changes an official; an error keeps what was typed, beside its field', async () => {
    await browser.get('/console/targets/new');
    const fields = {
      name: `Sergei Lavrov ${tag}`,
      title: 'Minister of Foreign Affairs',
      organization: 'Russian Federation',
      country: 'ru',
      locale: 'ru',
      email: 'not an address',
    };
    const bad = await browser.post('/console/targets', fields);
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Email: Must be an email address');
    expect(bad.text).toContain(`value="Sergei Lavrov ${tag}"`);
    const ok = await browser.post('/console/targets', { ...fields, email: `lavrov.${tag}@mid-ru.example` });
    expect(ok.status).toBe(303);
    const id = ok.location!.split('/').pop()!;
    const [row] = await stack.db.query(`SELECT country, locale FROM targets WHERE id = $1`, [id]);
    expect(row).toEqual({ country: 'RU', locale: 'ru' });
    const dup = await browser.post('/console/targets', { ...fields, name: 'Another', email: `lavrov.${tag}@mid-ru.example` });
    expect(pageText(dup.text)).toContain(`exists already`);

    await browser.get(`/console/targets/${id}`);
    const changed = await browser.post(`/console/targets/${id}`, { ...fields, email: `lavrov.${tag}@mid-ru.example`, title: 'Foreign Minister', country: '' });
    expect(changed.status).toBe(303);
    expect((await stack.db.query(`SELECT title, country FROM targets WHERE id = $1`, [id]))[0]).toEqual({ title: 'Foreign Minister', country: null });

    const confirm = await browser.get(`/console/targets/${id}/deactivate`);
    expect(pageText(confirm.text)).toContain(`Deactivate Sergei Lavrov ${tag}?`);
    await browser.post(`/console/targets/${id}/deactivate`);
    expect((await stack.db.query(`SELECT active FROM targets WHERE id = $1`, [id]))[0].active).toBe(false);
    await browser.get(`/console/targets/${id}`);
    await browser.post(`/console/targets/${id}/reactivate`);
    expect((await stack.db.query(`SELECT active FROM targets WHERE id = $1`, [id]))[0].active).toBe(true);
    const actions = await stack.db.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY at`, [id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['target.create', 'target.update', 'target.deactivate', 'target.update']);
  });

  it('tags an official on the form (what was typed kept on an error), shows the tags as labels and filters by one', async () => {
    await browser.get('/console/targets/new');
    const form = {
      name: `Nabil Elaraby ${tag}`,
      title: 'Secretary-General',
      organization: 'League of Arab States',
      country: '',
      locale: 'en',
      email: `sg.${tag}@arab-league.example`,
      tags: 'Arab-League; secretary general, G20',
    };
    const bad = await browser.post('/console/targets', form);
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('Tags: Must each be 1 to 50 letters, digits, - or _: "secretary general" is not');
    expect(bad.text).toContain('value="Arab-League; secretary general, G20"');
    const badEmail = await browser.post('/console/targets', { ...form, email: 'not an address', tags: 'Arab-League; G20' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.text).toContain('value="Arab-League; G20"');
    expect(await stack.db.query(`SELECT 1 FROM targets WHERE name = $1`, [form.name])).toHaveLength(0);

    // commas or semicolons, any case, repeats and empty pieces: stored normalised
    const ok = await browser.post('/console/targets', { ...form, tags: 'Arab-League; secretary-general, G20,, arab-league' });
    expect(ok.status).toBe(303);
    const id = ok.location!.split('/').pop()!;
    expect((await stack.db.query(`SELECT tags FROM targets WHERE id = $1`, [id]))[0].tags).toEqual(['arab-league', 'g20', 'secretary-general']);

    // the official's page: the tags as labels linking to the filtered directory, and in the form
    const own = await browser.get(`/console/targets/${id}`);
    expect(own.text).toContain('value="arab-league, g20, secretary-general"');
    expect(own.text).toContain('<a class="pill tag" href="/console/targets?tag=secretary-general"');

    // the directory filtered by a tag (any case), its labels, and the tags in use offered
    const list = await browser.get('/console/targets?tag=Arab-League');
    expect(list.status).toBe(200);
    expect(pageText(list.text)).toContain(`Nabil Elaraby ${tag}`);
    expect(pageText(list.text)).not.toContain('Adnan Mansour');
    expect(list.text).toContain('<a class="pill tag" href="/console/targets?tag=g20"');
    expect(list.text).toMatch(/<input id="f-tag" name="tag" type="text" value="Arab-League"/);
    expect(list.text).toContain('<option value="secretary-general">');
    expect(pageText((await browser.get('/console/targets?tag=g20&country=LB')).text)).toContain('No official matches these filters');
    // the search box finds a whole tag too
    expect(pageText((await browser.get('/console/targets?q=secretary-general')).text)).toContain(`Nabil Elaraby ${tag}`);
    const badFilter = await browser.get(`/console/targets?tag=${encodeURIComponent('no such!')}`);
    expect(badFilter.status).toBe(400);
    expect(pageText(badFilter.text)).toContain('Tag: Must be 1 to 50 letters, digits, - or _: "no such!" is not');

    // a change: a bad tag keeps what was typed and changes nothing; an empty field removes the tags
    await browser.get(`/console/targets/${id}`);
    const badEdit = await browser.post(`/console/targets/${id}`, { ...form, title: 'Changed', tags: 'fine, not fine' });
    expect(badEdit.status).toBe(400);
    expect(badEdit.text).toContain('value="fine, not fine"');
    expect(pageText(badEdit.text)).toContain('"not fine" is not');
    expect((await stack.db.query(`SELECT title, tags FROM targets WHERE id = $1`, [id]))[0]).toEqual({
      title: 'Secretary-General',
      tags: ['arab-league', 'g20', 'secretary-general'],
    });
    const cleared = await browser.post(`/console/targets/${id}`, { ...form, tags: '' });
    expect(cleared.status).toBe(303);
    expect((await stack.db.query(`SELECT tags FROM targets WHERE id = $1`, [id]))[0].tags).toEqual([]);
  });

  it('imports a tags column, each bad tag named on its row', async () => {
    await browser.get('/console/targets/import');
    const r = await browser.post('/console/targets/import', {
      csv: `name,email,tags\r\nA ${tag},a.${tag}@officials.example,foreign-minister;G20\r\nB ${tag},b.${tag}@officials.example,foreign minister\r\n`,
    });
    expect(r.status).toBe(200);
    const text = pageText(r.text);
    expect(text).toMatch(/Imported: 1 created, 0 updated, 0 unchanged, 1 rejected/);
    expect(text).toContain('tags must each be 1 to 50 letters, digits, - or _: "foreign minister" is not');
    expect((await stack.db.query(`SELECT tags FROM targets WHERE email = $1`, [`a.${tag}@officials.example`]))[0].tags).toEqual(['foreign-minister', 'g20']);
  });

  it('lists failing addresses with their last bounce, and clears one', async () => {
    const [t] = await stack.db.query(`SELECT id, name FROM targets WHERE name = 'Adnan Mansour'`);
    await stack.db.query(
      `UPDATE targets SET failing_since = now(), hard_bounces = 3, last_bounce_at = now(), last_bounce_reason = 'bounce 5.1.1 smtp; 550 5.1.1 user unknown' WHERE id = $1`,
      [t.id],
    );
    const failing = await browser.get('/console/targets?status=failing');
    const text = pageText(failing.text);
    expect(text).toContain('Adnan Mansour');
    expect(text).toContain('550 5.1.1 user unknown');
    expect(text).not.toContain('Nasser Judeh');
    const cleared = await browser.post(`/console/targets/${t.id}/clear-failing`, { back: '/console/targets?status=failing' });
    expect(cleared.location).toBe('/console/targets?status=failing');
    expect(pageText((await browser.get(cleared.location!)).text)).toContain('Adnan Mansour: address cleared; 0 held letters handed to the queue.');
    expect((await stack.db.query(`SELECT failing_since FROM targets WHERE id = $1`, [t.id]))[0].failing_since).toBeNull();
  });
});
