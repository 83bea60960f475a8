import { expectStatus } from '../helpers/api-client.js';
import { createLiveCampaign, createTargets, supporter, uniq } from '../helpers/fixtures.js';
import { startApp } from '../helpers/stack.js';
import { useStack } from '../helpers/use-stack.js';
import { waitFor } from '../helpers/wait.js';
import { createDemoLikeCampaign, linkIn, stampIn } from './support.js';

/**
 * The supporter pages over plain HTTP, as a browser without JavaScript (or a bot) meets them:
 * languages, honest states, the form's errors and bot friction, the pages behind the emailed
 * links, the localised emails, and CORS on the public JSON API. The real browser is in
 * sign-in-browser.e2e-spec.ts.
 */
const FRIEND = 'https://friends-of-homs.example';
const MIN_FILL_SECONDS = 1;

describe('supporter pages', () => {
  const { stack, app } = useStack({ app: { PUBLIC_CORS_ORIGINS: `${FRIEND}, http://localhost:8080`, FORM_MIN_FILL_SECONDS: String(MIN_FILL_SECONDS) } });
  let campaign: { id: string; slug: string; title: string };
  /** a stamp from a form shown at the start: old enough to pass the minimum fill time later */
  let oldStamp: string;
  let stampedAt: number;

  beforeAll(async () => {
    campaign = await createDemoLikeCampaign(app.admin);
    oldStamp = stampIn((await app.api.get(`/c/${campaign.slug}`)).text);
    stampedAt = Date.now();
  });

  const page = (path: string, headers: Record<string, string> = {}) => app.api.call('GET', path, undefined, headers);
  const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.api.call('POST', path, new URLSearchParams(fields).toString(), { 'content-type': 'application/x-www-form-urlencoded', ...headers });
  /** a form the way a person sends it: with a stamp older than the minimum fill time */
  const personForm = async (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
    // the rule is about time itself: wait (once) until the first stamp is old enough
    await waitFor(() => Date.now() - stampedAt > MIN_FILL_SECONDS * 1000, 'the form stamp to age past the minimum fill time');
    return form(path, { ...fields, stamp: oldStamp, website: '' }, headers);
  };
  const signatures = (slug: string) =>
    stack.db.query(
      `SELECT s.status, s.locale, s.source, s.comment, p.email, p.first_name FROM signatures s
         JOIN campaigns c ON c.id = s.campaign_id JOIN supporters p ON p.id = s.supporter_id WHERE c.slug = $1`,
      [slug],
    );

  describe('the campaign page', () => {
    it('shows the campaign, its officials, the letter with its blanks explained, the count and the form, with no inline script or style', async () => {
      const r = await page(`/c/${campaign.slug}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-language')).toBe('en');
      expect(r.text).toContain('<html lang="en" dir="ltr">');
      expect(r.text).toContain('<h1 dir="auto">Stop the assault on Homs</h1>');
      expect(r.text).toContain('Sergei Lavrov');
      expect(r.text).toContain('Minister of Foreign Affairs, Russian Federation');
      expect(r.text).toContain('Secretary-General, League of Arab States');
      expect(r.text).not.toContain('@mid-ru'); // never an official's address
      expect(r.text).toContain('<mark class="slot">your name</mark>');
      expect(r.text).not.toContain('{{');
      expect(r.text).toContain('Be the first to sign');
      expect(r.text).toMatch(/<progress max="10000" value="0"/);
      for (const f of ['firstName', 'lastName', 'email', 'country', 'postcode', 'comment']) expect(r.text).toMatch(new RegExp(`<label for="${f}">`));
      expect(r.text).toContain('<option value="LB">Lebanon</option>');
      expect(r.text).toContain('1,000 characters left');
      expect(r.text).toContain('By signing, you ask Test Org to email this letter in your name');
      // a strict Content-Security-Policy is possible: every script and style is a file of the app
      expect(r.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(r.text).not.toMatch(/\sstyle=|<style/);
      expect(r.text).toMatch(/<script src="\/assets\/sign-form\.js\?v=[\w-]+" defer><\/script>/);
      for (const asset of ['/assets/sign-form.js', '/assets/app.css', '/assets/share.js']) expect((await page(asset)).status).toBe(200);
    });

    it('speaks Arabic (right to left) or Russian, chosen by ?lang= and then Accept-Language, and keeps the campaign text as written', async () => {
      const ar = await page(`/c/${campaign.slug}?lang=ar`);
      expect(ar.text).toContain('<html lang="ar" dir="rtl">');
      expect(ar.headers.get('content-language')).toBe('ar');
      expect(ar.text).toContain('وقّع النداء');
      expect(ar.text).toContain('<option value="LB">لبنان</option>');
      expect(ar.text).toContain('<h1 dir="auto">Stop the assault on Homs</h1>');
      expect(ar.text).toContain('action="/c/' + campaign.slug + '?lang=ar"');

      const ru = await page(`/c/${campaign.slug}`, { 'accept-language': 'de-DE, ru;q=0.8, en;q=0.5' });
      expect(ru.text).toContain('<html lang="ru" dir="ltr">');
      expect(ru.text).toContain('Подписать обращение');
      expect(ru.text).toContain('Осталось 1\u00a0000 символов');
      // ?lang= wins over the browser; an unknown language falls back to English
      expect((await page(`/c/${campaign.slug}?lang=ar`, { 'accept-language': 'ru' })).text).toContain('lang="ar"');
      expect((await page(`/c/${campaign.slug}?lang=xx`, { 'accept-language': 'fr, de' })).text).toContain('lang="en"');
      expect(ru.headers.get('vary')).toMatch(/Accept-Language/i);
      // the language switcher keeps where the supporter came from
      const withSource = await page(`/c/${campaign.slug}?source=newsletter`);
      expect(withSource.text).toContain(`href="/c/${campaign.slug}?source=newsletter&amp;lang=ar"`);
      expect(withSource.text).toContain('<input type="hidden" name="source" value="newsletter">');
    });

    it('escapes what campaigners write and keeps their line breaks', async () => {
      const [t] = await createTargets(app.admin, 1);
      const c = await createLiveCampaign(app.admin, {
        targets: [t],
        body: {
          title: 'Tom & Jerry <script>alert(1)</script>',
          summary: '"quoted" <b>bold</b>',
          appeal: { subject: 'Hi {{target.name}}', body: 'Line one\nline two\n\nParagraph {{supporter.comment}}' },
        },
      });
      const r = await page(`/c/${c.slug}`);
      expect(r.text).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(r.text).toContain('&quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;');
      expect(r.text).not.toContain('<script>alert(1)');
      expect(r.text).toContain('<p dir="auto">Line one<br>line two</p>');
      expect(r.text).toContain('<mark class="slot">your personal message, if you write one</mark>');
      expect(r.text).toContain('Hi <mark class="slot">official’s name</mark>');
    });

    it('shows an honest state instead of the form for paused, closed, ended and draft campaigns, and a real 404 for an unknown one', async () => {
      const [t] = await createTargets(app.admin, 1);
      const paused = await createLiveCampaign(app.admin, { targets: [t] });
      expectStatus(await app.admin.post(`/api/campaigns/${paused.id}/pause`), 200);
      const p = await page(`/c/${paused.slug}`);
      expect(p.status).toBe(200);
      expect(p.text).toContain('This campaign is paused and takes no signatures for now');
      expect(p.text).not.toContain('data-sign-form');
      expect(p.text).not.toContain('sign-form.js');
      expect((await page(`/c/${paused.slug}?lang=ru`)).text).toContain('Эта кампания приостановлена');

      const closed = await createLiveCampaign(app.admin, { targets: [t] });
      expectStatus(await app.admin.post(`/api/campaigns/${closed.id}/close`), 200);
      const c = await page(`/c/${closed.slug}`);
      expect(c.text).toContain('This campaign is closed and takes no more signatures');
      expect(c.text).not.toContain('data-sign-form');

      const ended = await createLiveCampaign(app.admin, { targets: [t] });
      await stack.db.query(`UPDATE campaigns SET ends_at = now() - interval '1 minute' WHERE id = $1`, [ended.id]);
      const e = await page(`/c/${ended.slug}`);
      expect(e.text).toContain('This campaign has ended');
      expect(e.text).not.toContain('data-sign-form');

      const draftSlug = `draft-${uniq()}`;
      expectStatus(await app.admin.post('/api/campaigns', { slug: draftSlug, title: 'Secret plans', appeal: { subject: 's', body: 'b' } }), 201);
      const d = await page(`/c/${draftSlug}`);
      expect(d.status).toBe(404);
      expect(d.text).toContain('This campaign is not open yet');
      expect(d.text).not.toContain('Secret plans');

      const unknown = await page(`/c/no-such-campaign-${uniq()}?lang=ar`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('text/html');
      expect(unknown.text).toContain('الحملة غير موجودة');

      // posting to a paused campaign signs nobody and says why, keeping what was typed
      const s = supporter(1);
      const r = await personForm(`/c/${paused.slug}`, s);
      expect(r.status).toBe(409);
      expect(r.text).toContain('This campaign is paused and takes no signatures for now');
      expect(r.text).not.toContain('data-sign-form');
      const json = await personForm(`/c/${paused.slug}?lang=ar`, s, { accept: 'application/json' });
      expect(json.status).toBe(409);
      expect(json.json).toEqual({ statusCode: 409, error: 'Conflict', message: 'هذه الحملة متوقفة مؤقتًا ولا تقبل توقيعات الآن.' });
      expect(await signatures(paused.slug)).toHaveLength(0);
    });
  });

  describe('the form without JavaScript', () => {
    it('signs, records the language, and redirects to a "check your email" page in that language', async () => {
      const s = { ...supporter(2), comment: 'Протестую.', source: 'newsletter' };
      const r = await personForm(`/c/${campaign.slug}?lang=ru`, s);
      expect(r.status).toBe(303);
      expect(r.headers.get('location')).toBe(`/c/${campaign.slug}/signed?lang=ru`);
      const next = await page(r.headers.get('location')!);
      expect(next.status).toBe(200);
      expect(next.text).toContain('Проверьте почту');
      const [row] = await signatures(campaign.slug).then((rows) => rows.filter((x) => x.email === s.email));
      expect(row).toMatchObject({ status: 'pending', locale: 'ru', source: 'newsletter', comment: 'Протестую.' });
      // its confirmation email is sent by a worker: let it arrive here, not during a later test that counts emails
      await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email.toLowerCase()));
    });

    it('re-renders the form with what was typed and each error beside its field, and changes nothing', async () => {
      const r = await personForm(`/c/${campaign.slug}`, { firstName: 'Amal', lastName: '', email: 'not-an-email', country: 'LB', comment: 'Keep <this>' });
      expect(r.status).toBe(400);
      expect(r.text).toContain('<title>Error: Stop the assault on Homs</title>');
      expect(r.text).toMatch(/<input id="firstName" name="firstName" value="Amal"/);
      expect(r.text).toMatch(/<input id="email" name="email" value="not-an-email"[^>]*aria-describedby="email-hint email-error" aria-invalid="true">/);
      expect(r.text).toContain(
        '<p class="error" id="email-error"><span class="visually-hidden">Error: </span>Enter a valid email address, like name@example.org.</p>',
      );
      expect(r.text).toContain('<p class="error" id="lastName-error">');
      expect(r.text).not.toContain('id="firstName-error"');
      expect(r.text).toContain('<option value="LB" selected>Lebanon</option>');
      expect(r.text).toContain('>Keep &lt;this&gt;</textarea>');
      // the summary at the top links to each field, and takes the focus
      expect(r.text).toMatch(/<div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" autofocus>/);
      expect(r.text).toContain('<li><a href="#lastName">Enter your last name');
      // the first stamp is kept: correcting a typo is not "too fast"
      expect(stampIn(r.text)).toBe(oldStamp);
      expect(await stack.db.query(`SELECT 1 FROM supporters WHERE first_name = 'Amal' AND email = 'not-an-email'`)).toHaveLength(0);

      const ar = await personForm(`/c/${campaign.slug}?lang=ar`, { firstName: 'Amal', lastName: 'H', email: 'x@', country: 'ZZ' });
      expect(ar.text).toContain('أدخل عنوان بريد إلكتروني صالحًا');
      expect(ar.text).toContain('اختر بلدك.');
    });

    it('quietly signs nobody when the honeypot is filled, the stamp is missing or forged, or the form came back too fast, but answers like a success', async () => {
      const before = stack.smtp.received.length;
      const tries = [
        { ...supporter(3), stamp: oldStamp, website: 'http://spam.example' },
        { ...supporter(4) },
        { ...supporter(5), stamp: oldStamp.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) },
        { ...supporter(6), stamp: `${(Date.now() - 60_000).toString(36)}.${oldStamp.split('.')[1]}` },
        { ...supporter(7), stamp: stampIn((await page(`/c/${campaign.slug}`)).text) }, // sent back at once
      ];
      for (const fields of tries) {
        const r = await form(`/c/${campaign.slug}`, fields);
        expect(r.status).toBe(303);
        expect(r.headers.get('location')).toBe(`/c/${campaign.slug}/signed?lang=en`);
        const json = await form(`/c/${campaign.slug}`, fields, { accept: 'application/json' });
        expect(json.status).toBe(202);
        expect(json.json).toEqual({ status: 'pending_confirmation' });
      }
      const emails = tries.map((t) => t.email);
      expect((await signatures(campaign.slug)).filter((s) => emails.includes(s.email))).toHaveLength(0);
      expect(await stack.db.query(`SELECT 1 FROM supporters WHERE email = ANY($1)`, [emails])).toHaveLength(0);
      expect(stack.smtp.received.length).toBe(before);
    });
  });

  describe('a campaign that asks no email confirmation, with an end date', () => {
    it('says when it closes, and thanks at once instead of asking to check email', async () => {
      const [t] = await createTargets(app.admin, 1);
      const c = await createLiveCampaign(app.admin, { targets: [t], body: { requireConfirmation: false, endsAt: '2099-03-01T12:00:00Z' } });
      const shown = await page(`/c/${c.slug}`);
      expect(shown.text).toContain('Open for signatures until 1 March 2099.');
      expect(shown.text).not.toContain('Nothing is sent until you confirm by email.');
      expect(shown.text).toContain('<h3>Thank you for signing</h3>');
      expect((await page(`/c/${c.slug}?lang=ru`)).text).toContain('Подписать можно до 1 марта 2099 г.');

      const r = await personForm(`/c/${c.slug}`, supporter(13));
      expect(r.status).toBe(303);
      expect((await page(r.headers.get('location')!)).text).toContain('Your signature is counted and your letter is on its way');
      const json = await personForm(`/c/${c.slug}`, supporter(14), { accept: 'application/json' });
      expect(json.json).toEqual({ status: 'confirmed' });
      expect((await signatures(c.slug)).map((x) => x.status)).toEqual(['confirmed', 'confirmed']);
    });
  });

  describe('the form with JavaScript (Accept: application/json)', () => {
    it('answers 202 like the JSON API, or 400 with a localised message per field', async () => {
      const s = supporter(8);
      const ok = await personForm(`/c/${campaign.slug}?lang=ar`, s, { accept: 'application/json' });
      expect(ok.status).toBe(202);
      expect(ok.json).toEqual({ status: 'pending_confirmation' });
      expect((await signatures(campaign.slug)).find((x) => x.email === s.email)).toMatchObject({ locale: 'ar' });

      const bad = await personForm(`/c/${campaign.slug}?lang=ar`, { ...s, email: 'nope', postcode: 'x'.repeat(21) }, { accept: 'application/json' });
      expect(bad.status).toBe(400);
      expect(bad.json).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: ['أدخل عنوان بريد إلكتروني صالحًا، مثل name@example.org.', 'لا يتجاوز الرمز البريدي 20 حرفًا.'],
        errors: { email: 'أدخل عنوان بريد إلكتروني صالحًا، مثل name@example.org.', postcode: 'لا يتجاوز الرمز البريدي 20 حرفًا.' },
      });
    });
  });

  describe('emails and the pages behind their links', () => {
    it('writes the confirmation and thank-you emails in the language of the signature, in text and HTML, and confirms through the page', async () => {
      const s = { ...supporter(9), firstName: 'Ахмед' };
      expect((await personForm(`/c/${campaign.slug}?lang=ru`, s)).status).toBe(303);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-notification']);
      expect(mail.subject).toBe('Подтвердите подпись: Stop the assault on Homs');
      expect(mail.headers['content-language']).toBe('ru');
      expect(mail.text).toContain('Здравствуйте, Ахмед!');
      expect(mail.text).toContain('Ссылка действует 7 дней.');
      expect(mail.html).toContain('<html lang="ru" dir="ltr">');
      expect(mail.html).toContain('Подтвердить подпись</a>');
      const confirm = linkIn(mail.text, 'confirm');
      expect(confirm).toMatch(/\?lang=ru$/);
      expect(linkIn(mail.text, 'withdraw')).toMatch(/\?lang=ru$/);

      const path = new URL(confirm).pathname + new URL(confirm).search;
      const done = await page(path);
      expect(done.status).toBe(200);
      expect(done.text).toContain('Спасибо: ваша подпись подтверждена');
      expect(done.headers.get('cache-control')).toBe('no-store');
      expect(done.headers.get('referrer-policy')).toBe('no-referrer');
      expect(done.text).toContain('<meta name="referrer" content="no-referrer">');
      // share links for the campaign, each telling where it was shared
      expect(done.text).toContain(`https://wa.me/?text=`);
      expect(done.text).toContain(encodeURIComponent(`/c/${campaign.slug}?source=share-whatsapp`));
      expect(done.text).toContain(`https://t.me/share/url?url=`);
      expect(done.text).toContain(`value="${app.url}/c/${campaign.slug}?source=share-link"`);
      expect((await page(path)).text).toContain('Ваша подпись уже была подтверждена');

      const [thanks] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-thank-you']);
      expect(thanks.headers['x-appeal-notification']).toBeUndefined();
      expect(thanks.subject).toBe('Спасибо: ваша подпись подтверждена – Stop the assault on Homs');
      expect(thanks.text).toContain('- Sergei Lavrov – Minister of Foreign Affairs, Russian Federation');
      expect(thanks.text).toContain(`${app.url}/c/${campaign.slug}?source=thank-you-email`);
      expect(thanks.html).toContain('<strong>Nabil Elaraby</strong>, Secretary-General, League of Arab States');
      expect(thanks.text).not.toMatch(/\/confirm\//);
      expect(linkIn(thanks.text, 'withdraw')).toMatch(/\?lang=ru$/);
      // one thank-you, however often the link is followed
      await page(path);
      const [row] = await stack.db.query(
        `SELECT count(*)::int AS n FROM notifications n JOIN signatures g ON g.id = n.signature_id JOIN supporters p ON p.id = g.supporter_id
          WHERE p.email = $1 AND n.kind = 'thank_you'`,
        [s.email],
      );
      expect(row.n).toBe(1);
      // the count went up (the only signature confirmed on this campaign so far)
      expect((await page(`/c/${campaign.slug}`)).text).toContain('<p class="count" id="count">1 person has signed</p>');
    });

    it('writes Arabic emails right to left', async () => {
      const s = { ...supporter(10), firstName: 'أمل' };
      expect((await personForm(`/c/${campaign.slug}?lang=ar`, s)).status).toBe(303);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
      expect(mail.subject).toBe('يرجى تأكيد توقيعك: Stop the assault on Homs');
      expect(mail.html).toContain('<html lang="ar" dir="rtl">');
      expect(mail.html).toContain('text-align:right');
      expect(mail.text).toContain('مرحبًا أمل،');
      expect(mail.text).toContain('يعمل هذا الرابط لمدة 7 أيام.');
    });

    it('signing through the JSON API (no language given) writes in English', async () => {
      const s = supporter(11);
      expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
      expect(mail.subject).toBe('Please confirm your signature: Stop the assault on Homs');
      expect(mail.headers['content-language']).toBe('en');
      expect((await signatures(campaign.slug)).find((x) => x.email === s.email)?.locale).toBeNull();
    });

    it('explains an expired link (with a way to sign again), an unknown one, and a withdrawn signature', async () => {
      const s = supporter(12);
      expect((await personForm(`/c/${campaign.slug}`, s)).status).toBe(303);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email));
      const confirm = new URL(linkIn(mail.text, 'confirm'));
      const withdraw = new URL(linkIn(mail.text, 'withdraw'));

      await stack.db.query(
        `UPDATE signature_tokens t SET expires_at = now() - interval '1 second' FROM signatures g JOIN supporters p ON p.id = g.supporter_id
          WHERE g.id = t.signature_id AND p.email = $1 AND t.purpose = 'confirm'`,
        [s.email],
      );
      const expired = await page(confirm.pathname);
      expect(expired.status).toBe(404);
      expect(expired.text).toContain('This link has expired');
      expect(expired.text).toContain(`<a href="/c/${campaign.slug}?lang=en">Sign again</a>`);

      const unknown = await page(`/confirm/${'A'.repeat(43)}?lang=ar`);
      expect(unknown.status).toBe(404);
      expect(unknown.text).toContain('هذا الرابط غير معروف');
      expect((await page('/confirm/not-a-token')).status).toBe(404);

      // withdrawing: GET only asks (mail scanners follow links), POST withdraws
      const ask = await page(withdraw.pathname + withdraw.search);
      expect(ask.status).toBe(200);
      expect(ask.text).toContain('Withdraw your signature?');
      expect(ask.text).toContain(`<form method="post" action="${withdraw.pathname}?lang=en"`);
      expect((await signatures(campaign.slug)).find((x) => x.email === s.email)?.status).toBe('pending');
      const done = await app.api.call('POST', `${withdraw.pathname}?lang=en`);
      expect(done.status).toBe(200);
      expect(done.text).toContain('Your signature is withdrawn');
      expect((await signatures(campaign.slug)).find((x) => x.email === s.email)?.status).toBe('withdrawn');
      expect((await page(withdraw.pathname)).text).toContain('You are no longer a signatory of “Stop the assault on Homs”');
      expect((await page(`/withdraw/${'B'.repeat(43)}`)).status).toBe(404);

      // a withdrawn signature cannot be confirmed, even with a fresh link
      await stack.db.query(`UPDATE signature_tokens SET expires_at = now() + interval '1 hour' WHERE purpose = 'confirm'`);
      const late = await page(confirm.pathname);
      expect(late.status).toBe(409);
      expect(late.text).toContain('This signature was withdrawn');
    });
  });

  describe('the signing rate limit on the form', () => {
    it('answers a page in the supporter’s language without JavaScript, and JSON to the script, with Retry-After', async () => {
      const limited = await startApp(stack, { ROLE: 'api', RATE_LIMIT_SIGN_PER_MINUTE: '2' });
      try {
        const post = (headers: Record<string, string> = {}) =>
          limited.api.call('POST', `/c/${campaign.slug}?lang=ar`, new URLSearchParams(supporter(15)).toString(), {
            'content-type': 'application/x-www-form-urlencoded',
            ...headers,
          });
        const page429 = await waitFor(async () => {
          const r = await post();
          return r.status === 429 ? r : null;
        }, 'the third form in a minute to be refused');
        expect(page429.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(page429.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(page429.text).toContain('<html lang="ar" dir="rtl">');
        expect(page429.text).toContain('يرجى الانتظار قليلًا');
        const json = await post({ accept: 'application/json' });
        expect(json.status).toBe(429);
        expect(json.json).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      } finally {
        await limited.stop();
      }
    });
  });

  describe('CORS on the public JSON API', () => {
    const preflight = (path: string, origin: string) =>
      app.api.call('OPTIONS', path, undefined, { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });

    it('answers the origins in PUBLIC_CORS_ORIGINS, on /api/public/* only', async () => {
      const path = `/api/public/campaigns/${campaign.slug}/signatures`;
      const ok = await preflight(path, FRIEND);
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(FRIEND);
      expect(ok.headers.get('access-control-allow-methods')).toBe('GET, POST');
      expect(ok.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
      expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
      expect((await preflight(path, 'http://localhost:8080')).headers.get('access-control-allow-origin')).toBe('http://localhost:8080');

      const get = await app.api.call('GET', `/api/public/campaigns/${campaign.slug}`, undefined, { origin: FRIEND });
      expect(get.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin')).toBe(FRIEND);

      const stranger = await preflight(path, 'https://evil.example');
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
      expect(stranger.status).toBe(404);
      const strangerGet = await app.api.call('GET', `/api/public/campaigns/${campaign.slug}`, undefined, { origin: 'https://evil.example' });
      expect(strangerGet.headers.get('access-control-allow-origin')).toBeNull();
      // staff routes and pages never answer CORS
      expect((await preflight('/api/campaigns', FRIEND)).headers.get('access-control-allow-origin')).toBeNull();
      expect((await app.api.call('GET', `/c/${campaign.slug}`, undefined, { origin: FRIEND })).headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
