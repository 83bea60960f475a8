import { ConfigError, loadConfig } from '../src/config/app-config.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { createLiveCampaign, createTargets, LETTER, newCampaigner, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { confirmTokenIn } from './helpers/smtp-server.js';

const ORG_URL = 'https://www.rights-watch.example/';
const PRIVACY_URL = 'https://www.rights-watch.example/privacy?from=appeals&lang=any';

/**
 * What a visitor meets besides a campaign (issue 21, item 7): the front page naming the
 * organisation with its live campaigns, the icon, the organisation's site (ORG_URL) and its
 * privacy policy (PRIVACY_URL) on the pages and in the emails, and dates that read well.
 */
describe('the front page and the organisation behind the pages', () => {
  const { stack, app } = useStack({ app: { ORG_NAME: 'Rights Watch', ORG_URL, PRIVACY_URL } });
  let staff: ApiClient;

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
  });

  const page = (path: string, headers: Record<string, string> = {}) => app.api.call('GET', path, undefined, headers);

  it('/ names the organisation and says no appeal is open when none is live', async () => {
    const r = await page('/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.text).toContain('<h1>Appeals by Rights Watch</h1>');
    expect(r.text).toContain('No appeal is open for signatures right now.');
    expect(r.text).not.toContain('class="campaign-list"');
  });

  it('/ lists the live campaigns (not drafts, paused or closed ones), each linked to its page, in the visitor’s language', async () => {
    const [target] = await createTargets(staff, 1);
    const live = await createLiveCampaign(staff, {
      targets: [target],
      body: {
        title: 'Stop the assault on Homs',
        summary: 'Urge them to act.',
        translations: { ru: { title: 'Остановите штурм Хомса', summary: 'Призовите их действовать.' } },
      },
    });
    const paused = await createLiveCampaign(staff, { targets: [target], body: { title: 'A paused appeal' } });
    expectStatus(await staff.post(`/api/campaigns/${paused.id}/pause`), 200);
    const closed = await createLiveCampaign(staff, { targets: [target], body: { title: 'A closed appeal' } });
    expectStatus(await staff.post(`/api/campaigns/${closed.id}/close`), 200);
    const ended = await createLiveCampaign(staff, { targets: [target], body: { title: 'An ended appeal' } });
    await stack.db.query(`UPDATE campaigns SET ends_at = now() - interval '1 minute' WHERE id = $1`, [ended.id]);
    expectStatus(await staff.post('/api/campaigns', { slug: `draft-${uniq()}`, title: 'A draft appeal', appeal: LETTER }), 201);

    const en = await page('/');
    expect(en.text).toContain(`<a href="/c/${live.slug}?lang=en">Stop the assault on Homs</a>`);
    expect(en.text).toContain('<p class="summary" dir="auto">Urge them to act.</p>');
    expect(en.text).toContain('Be the first to sign');
    for (const title of ['A paused appeal', 'A closed appeal', 'An ended appeal', 'A draft appeal']) expect(en.text).not.toContain(title);
    expect((await page(`/c/${live.slug}?lang=en`)).status).toBe(200);

    const ru = await page('/?lang=ru');
    expect(ru.text).toContain('<html lang="ru" dir="ltr">');
    expect(ru.text).toContain('<h1>Обращения организации Rights Watch</h1>');
    expect(ru.text).toContain(`<a href="/c/${live.slug}?lang=ru">Остановите штурм Хомса</a>`);
    const ar = await page('/', { 'accept-language': 'ar-LB,ar;q=0.9' });
    expect(ar.text).toContain('<html lang="ar" dir="rtl">');
    expect(ar.text).toContain('<h1>نداءات Rights Watch</h1>');
    expect(ar.headers.get('vary')).toMatch(/Accept-Language/i);
  });

  it('/favicon.ico answers an icon, and every page links the SVG one', async () => {
    const res = await fetch(`${app.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO header
    expect(bytes.readUInt16LE(4)).toBeGreaterThan(0);
    const home = await page('/');
    const svg = home.text.match(/<link rel="icon" href="(\/assets\/favicon\.svg\?v=[\w-]+)" type="image\/svg\+xml">/);
    expect(svg).not.toBeNull();
    const icon = await fetch(`${app.url}${svg![1]}`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  it('links the organisation’s name to ORG_URL (header and footer) and PRIVACY_URL beside the consent sentence and in the emails', async () => {
    const [target] = await createTargets(staff, 1);
    const c = await createLiveCampaign(staff, { targets: [target] });
    const r = await page(`/c/${c.slug}`);
    expect(r.text).toContain(`<p class="org"><a href="${ORG_URL}">Rights Watch</a></p>`);
    expect(r.text).toContain(`<footer class="site"><p>An appeal by <a href="${ORG_URL}">Rights Watch</a>.</p></footer>`);
    const privacyLink = `<a href="${PRIVACY_URL.replace(/&/g, '&amp;')}" rel="noopener">privacy policy</a>`;
    expect(r.text).toMatch(
      new RegExp(
        `<p class="consent" id="consent">[^<]*</p>\\s*<p class="privacy">How Rights Watch handles your data: ${privacyLink.replace(/[.?+()]/g, '\\$&')}</p>`,
      ),
    );
    const ru = await page(`/c/${c.slug}?lang=ru`);
    expect(ru.text).toContain(`<footer class="site"><p>Обращение организации <a href="${ORG_URL}">Rights Watch</a>.</p></footer>`);
    expect(ru.text).toContain('Как Rights Watch обращается с вашими данными:');

    const email = `privacy.${uniq()}@supporters.example`;
    expectStatus(await app.api.post(`/api/public/campaigns/${c.slug}/signatures`, { firstName: 'Amal', lastName: 'Haddad', email, country: 'LB' }), 202);
    const [confirmation] = await stack.smtp.waitFor((m) => m.rcptTo.includes(email) && !!m.headers['x-appeal-notification']);
    expect(confirmation.text).toContain(`How Rights Watch handles your data: ${PRIVACY_URL}`);
    expect(confirmation.html).toContain(`<a href="${PRIVACY_URL.replace(/&/g, '&amp;')}" style="color:#1d4ed8">privacy policy</a>`);
    expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(confirmation) }), 200);
    const [thanks] = await stack.smtp.waitFor((m) => m.rcptTo.includes(email) && !!m.headers['x-appeal-thank-you']);
    expect(thanks.text).toContain(PRIVACY_URL);
  });

  it('ORG_URL and PRIVACY_URL must be http(s) URLs: start-up names the bad one', () => {
    const base = { NODE_ENV: 'test' };
    expect(loadConfig({ ...base, ORG_URL, PRIVACY_URL })).toMatchObject({ orgUrl: ORG_URL, privacyUrl: PRIVACY_URL });
    expect(loadConfig(base)).toMatchObject({ orgUrl: null, privacyUrl: null });
    for (const [name, value] of [
      ['ORG_URL', 'www.rights-watch.example'],
      ['PRIVACY_URL', 'javascript:alert(1)'],
    ]) {
      let error: unknown;
      try {
        loadConfig({ ...base, [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([`${name}: must be a URL starting with https:// or http://`]);
    }
  });

  it('a Russian end date reads "2030 г." with one full stop', async () => {
    const [target] = await createTargets(staff, 1);
    const c = await createLiveCampaign(staff, { targets: [target], body: { endsAt: '2030-03-31T12:00:00Z' } });
    const ru = await page(`/c/${c.slug}?lang=ru`);
    expect(ru.text).toContain('<p class="ends">Подписать можно до 31 марта 2030 г.</p>');
    expect(ru.text).not.toContain('г..');
  });
});
