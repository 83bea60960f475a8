import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_CAMPAIGN, DEMO_TRANSLATIONS } from '../../src/seed/demo-campaign.js';
import { freePort } from '../helpers/stack.js';
import { expectStatus } from '../helpers/api-client.js';
import { useStack } from '../helpers/use-stack.js';
import { supporter, uniq } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/wait.js';
import { artifact, createDemoLikeCampaign, launchChromium, linkIn, ROOT, seriousViolations, seriousViolationsWithoutJs } from './support.js';

/**
 * A supporter in a real browser (Debian's chromium through playwright-core): signs with
 * JavaScript and without, meets the inline errors, follows the link from the captured email,
 * sees the count go up; axe-core checks the pages; screenshots land in test/artifacts/.
 */
const MIN_FILL_SECONDS = 1;

describe('signing in a real browser', () => {
  let browser: Browser;
  let campaign: { id: string; slug: string; title: string };
  let embedServer: Server;
  let embedPort: number;
  let embedOrigin: string;
  const contexts: BrowserContext[] = [];
  const { stack, app } = useStack({
    beforeApps: async () => {
      embedPort = await freePort();
      embedOrigin = `http://localhost:${embedPort}`;
    },
    // a robot types faster than a person: with JavaScript the form's script waits out the minimum fill time
    app: () => ({ FORM_MIN_FILL_SECONDS: String(MIN_FILL_SECONDS), PUBLIC_CORS_ORIGINS: embedOrigin }),
    stopFirst: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await new Promise((r) => embedServer?.close(r));
    },
  });
  /** the supporter who signs with JavaScript, and later withdraws */
  let first: ReturnType<typeof supporter> & { comment: string };

  beforeAll(async () => {
    browser = await launchChromium();
    campaign = await createDemoLikeCampaign(app.admin);
    embedServer = await serveEmbedPage(embedPort, embedSnippet(app.url, campaign.slug));
  });

  /** A fresh browser profile; strict CSP pages still accept the injected axe-core (bypassCSP). */
  async function open(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, ...options });
    contexts.push(context);
    return context.newPage();
  }

  async function fill(page: Page, s: { firstName: string; lastName: string; email: string; country: string; comment?: string }) {
    await page.getByLabel('First name').fill(s.firstName);
    await page.getByLabel('Last name').fill(s.lastName);
    await page.getByLabel('Email address').fill(s.email);
    await page.getByLabel('Country').selectOption(s.country);
    if (s.comment) await page.getByLabel('Personal message').fill(s.comment);
  }

  const confirmationTo = async (email: string) => (await stack.smtp.waitFor((m) => m.rcptTo.includes(email) && !!m.headers['x-appeal-notification']))[0];
  const confirmedCount = async () =>
    (await stack.db.query(`SELECT count(*)::int AS n FROM signatures WHERE campaign_id = $1 AND status = 'confirmed'`, [campaign.id]))[0].n;

  it('with JavaScript: shows errors inline without a page load, signs, and the emailed link confirms and counts', async () => {
    const page = await open();
    await page.goto(`${app.url}/c/${campaign.slug}`);
    expect(await page.locator('h1').textContent()).toBe('Stop the assault on Homs');
    expect(await page.locator('#count').textContent()).toBe('Be the first to sign');
    expect(await seriousViolations(page)).toEqual([]);
    // a marker that a page load would wipe out
    await page.evaluate(() => ((globalThis as unknown as { stillHere: boolean }).stillHere = true));

    // the keyboard goes through the form in reading order, past the hidden honeypot
    await page.getByLabel('First name').focus();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = (globalThis as unknown as { document: { activeElement: { id: string; tagName: string; textContent: string } } }).document.activeElement;
          return el.id || `${el.tagName.toLowerCase()}:${el.textContent}`;
        }),
      );
    }
    expect(order).toEqual(['lastName', 'email', 'country', 'postcode', 'comment', 'button:Sign the appeal']);

    // the character counter follows the message
    await page.getByLabel('Personal message').fill('Stop the shelling.');
    await waitFor(async () => (await page.locator('#comment-counter').textContent()) === '982 characters left', 'the counter to say 982');

    const s = (first = { ...supporter(1), comment: 'Stop the shelling.' });
    await fill(page, { ...s, email: 'amal@not-an-address' });
    await page.getByRole('button', { name: 'Sign the appeal' }).click();
    const error = page.locator('#email-error');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toBe('Error: Enter a valid email address, like name@example.org.');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Email address').getAttribute('aria-describedby')).toBe('email-hint email-error');
    // the list of errors takes the focus (and is announced: role="alert"); its link leads to the field
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe(
      'error-summary',
    );
    expect(await page.locator('#error-summary li').allTextContents()).toEqual(['Enter a valid email address, like name@example.org.']);
    expect(await page.title()).toBe('Error: Stop the assault on Homs');
    expect(await page.getByLabel('First name').inputValue()).toBe(s.firstName);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('form-errors-en-desktop.png'), fullPage: true });
    await page.locator('#error-summary a').click();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('email');

    await page.getByLabel('Email address').fill(s.email);
    await page.getByRole('button', { name: 'Sign the appeal' }).click();
    await page.locator('#sign-done').waitFor({ state: 'visible' });
    expect(
      await page.locator('#sign-done').evaluate((el) => (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el),
    ).toBe(true);
    expect(await page.locator('#sign-done h3').textContent()).toBe('Check your email');
    expect(await page.locator('#email-error').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect(page.url()).toBe(`${app.url}/c/${campaign.slug}`);

    const mail = await confirmationTo(s.email);
    const before = await confirmedCount();
    await page.goto(linkIn(mail.text, 'confirm'));
    expect(await page.locator('h1').textContent()).toBe('Thank you: your signature is confirmed');
    expect(await page.getByRole('link', { name: 'WhatsApp' }).getAttribute('href')).toContain('https://wa.me/?text=');
    // the copy button appears with JavaScript, and copies
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await page.getByRole('button', { name: 'Copy the link' }).click();
    await page.getByText('Link copied').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('confirmed-en-desktop.png'), fullPage: true });
    expect(await confirmedCount()).toBe(before + 1);

    await page.goto(`${app.url}/c/${campaign.slug}`);
    expect(await page.locator('#count').textContent()).toBe('1 person has signed');
    expect(await page.locator('progress').getAttribute('value')).toBe('1');
  });

  it('with JavaScript, at autofill speed: the script waits out the minimum fill time, so a fast person is not taken for a bot', async () => {
    const page = await open();
    await page.goto(`${app.url}/c/${campaign.slug}`);
    const s = supporter(3);
    await fill(page, s);
    await page.getByRole('button', { name: 'Sign the appeal' }).click();
    await page.locator('#sign-done').waitFor({ state: 'visible' });
    const [row] = await stack.db.query(`SELECT s.status FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1`, [s.email]);
    expect(row).toEqual({ status: 'pending' });
  });

  it('without JavaScript: the server answers the errors beside their fields, then a "check your email" page; the link confirms', async () => {
    const page = await open({ javaScriptEnabled: false });
    const checker = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    contexts.push(checker);
    const violations = () => seriousViolationsWithoutJs(checker, page);
    await page.goto(`${app.url}/c/${campaign.slug}?source=leaflet`);
    const shownAt = Date.now();
    const s = supporter(2);
    await fill(page, { ...s, lastName: '', email: 'no-at-sign' });
    await Promise.all([page.waitForURL(`${app.url}/c/${campaign.slug}?lang=en`), page.getByRole('button', { name: 'Sign the appeal' }).click()]);
    expect(await page.title()).toBe('Error: Stop the assault on Homs');
    expect(await page.locator('#email-error').textContent()).toBe('Error: Enter a valid email address, like name@example.org.');
    expect(await page.locator('#lastName-error').textContent()).toBe('Error: Enter your last name (at most 100 characters, on one line).');
    expect(await page.getByLabel('First name').inputValue()).toBe(s.firstName);
    expect(await page.getByLabel('Country').inputValue()).toBe('LB');
    expect(await violations()).toEqual([]);

    await page.getByLabel('Last name').fill(s.lastName);
    await page.getByLabel('Email address').fill(s.email);
    // without JavaScript nothing waits for the supporter: a form back sooner than the minimum fill time would be ignored
    await waitFor(() => Date.now() - shownAt > MIN_FILL_SECONDS * 1000, 'the minimum fill time to pass, as it does for a person');
    await Promise.all([page.waitForURL(`${app.url}/c/${campaign.slug}/signed?lang=en`), page.getByRole('button', { name: 'Sign the appeal' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('Check your email');
    expect(await violations()).toEqual([]);
    const [row] = await stack.db.query(`SELECT s.source, s.locale FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1`, [s.email]);
    expect(row).toEqual({ source: 'leaflet', locale: 'en' });

    const mail = await confirmationTo(s.email);
    await page.goto(linkIn(mail.text, 'confirm'));
    expect(await page.locator('h1').textContent()).toBe('Thank you: your signature is confirmed');
    expect(await violations()).toEqual([]);
    await page.goto(`${app.url}/c/${campaign.slug}`);
    expect(await page.locator('#count').textContent()).toBe('2 people have signed');
  });

  it('in Arabic, right to left, at desktop and phone width: screenshots of the form, and no serious accessibility violation', async () => {
    const shots: [string, string, Parameters<Browser['newContext']>[0]][] = [
      ['en', 'desktop', { viewport: { width: 1280, height: 900 } }],
      ['en', 'phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
      ['ar', 'desktop', { viewport: { width: 1280, height: 900 } }],
      ['ar', 'phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
    ];
    for (const [lang, width, options] of shots) {
      const page = await open({ ...options, locale: lang });
      // no ?lang=: the browser's language chooses
      await page.goto(`${app.url}/c/${campaign.slug}`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await page.locator('#sign-h').textContent()).toBe(lang === 'ar' ? 'أضف اسمك' : 'Add your name');
      // the page fits the screen: nothing to scroll sideways
      expect(
        await page.evaluate(() => {
          const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
          return d.documentElement.scrollWidth <= d.documentElement.clientWidth;
        }),
      ).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: artifact(`form-${lang}-${width}.png`), fullPage: width === 'desktop' });
      await page.context().close();
    }
    // right to left means mirrored: in Arabic the organisation's name heads the page from the right
    const page = await open({ locale: 'ar', viewport: { width: 390, height: 844 } });
    await page.goto(`${app.url}/c/${campaign.slug}`);
    const org = await page.locator('header.site .org').boundingBox();
    expect(org!.x + org!.width).toBeGreaterThan(390 - 40);
    expect(org!.x).toBeGreaterThan(390 / 2);
  });

  it('a campaign whose officials depend on the country: names them as the country is chosen, warns before signing, and refuses beside the field', async () => {
    const targeted = await createDemoLikeCampaign(app.admin);
    const view = expectStatus(await app.admin.get(`/api/campaigns/${targeted.id}`), 200);
    const lavrov = view.targets.find((t: { country: string | null }) => t.country === 'RU');
    const league = view.targets.find((t: { country: string | null }) => t.country !== 'RU');
    expectStatus(await app.admin.patch(`/api/campaigns/${targeted.id}/targets/${lavrov.id}`, { audience: { mode: 'same-country' } }), 200);
    expectStatus(
      await app.admin.patch(`/api/campaigns/${targeted.id}/targets/${league.id}`, { audience: { mode: 'countries', countries: ['LB', 'SY', 'RU'] } }),
      200,
    );

    const page = await open();
    await page.goto(`${app.url}/c/${targeted.slug}`);
    expect(await page.locator('.targets').textContent()).toContain('Who receives your letter depends on your country');
    await page.getByLabel('Country').selectOption('RU');
    await waitFor(async () => (await page.locator('#recipients').textContent())?.includes('Sergei Lavrov'), 'the recipients for Russia');
    expect(await page.locator('#recipients').textContent()).toContain(league.name);
    await page.getByLabel('Country').selectOption('LB');
    await waitFor(async () => !(await page.locator('#recipients').textContent())?.includes('Sergei Lavrov'), 'the recipients for Lebanon');
    expect(await page.locator('#recipients li').count()).toBe(1);
    const shot = artifact('campaign-recipients-desktop.png');
    await page.locator('#sign').screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOTS) copyFileSync(shot, join(ROOT, 'docs', 'screenshots', 'campaign-recipients-desktop.png'));
    expect(await seriousViolations(page)).toEqual([]);

    const who = supporter(91);
    await fill(page, { ...who, country: 'BR' });
    await waitFor(async () => (await page.locator('#recipients .warning').count()) === 1, 'the warning for Brazil');
    expect(await page.locator('#recipients').textContent()).toContain('No official of this appeal receives letters from supporters in Brazil');
    await page.getByRole('button', { name: 'Sign the appeal' }).click();
    await waitFor(async () => (await page.locator('#country-error').count()) === 1, 'the refusal beside the country');
    expect(await page.locator('#country-error').textContent()).toContain('Brazil');
    expect(await page.locator('#error-summary').isVisible()).toBe(true);
    expect(await stack.db.query(`SELECT 1 FROM supporters WHERE email = $1`, [who.email])).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('asks for consent to further contact with an unticked box, and records it only when ticked', async () => {
    const asking = await createDemoLikeCampaign(app.admin, { optIn: { enabled: true } });
    const page = await open();
    await page.goto(`${app.url}/c/${asking.slug}`);
    const box = page.getByLabel('Yes, Test Org may email me about this and other campaigns. I can unsubscribe at any time.');
    expect(await box.isChecked()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    const who = supporter(92);
    await fill(page, who);
    await box.check();
    const shot = artifact('form-consent-desktop.png');
    await page.locator('.sign-form').screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOTS) copyFileSync(shot, join(ROOT, 'docs', 'screenshots', 'form-consent-desktop.png'));
    await page.getByRole('button', { name: 'Sign the appeal' }).click();
    await waitFor(async () => page.locator('#sign-done').isVisible(), 'the "check your email" message');
    const [row] = await stack.db.query(
      `SELECT s.opt_in_text, s.opt_in_locale FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1 AND s.campaign_id = $2`,
      [who.email, asking.id],
    );
    expect(row).toEqual({ opt_in_text: 'Yes, Test Org may email me about this and other campaigns. I can unsubscribe at any time.', opt_in_locale: 'en' });
    await page.context().close();
  }, 60_000);

  it('a campaign whose supporters write their own letter: the text to rewrite in a box with its counter, sent with the form', async () => {
    const own = await createDemoLikeCampaign(app.admin, { letterEditing: 'body' });
    const page = await open();
    await page.goto(`${app.url}/c/${own.slug}`);
    const box = page.getByRole('textbox', { name: 'Your letter' });
    const offered = await box.inputValue();
    expect(offered).toContain('[');
    expect(offered).not.toContain('{{');
    expect(await page.locator('#comment').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    const text = 'I write in my own words: {{target.name}} stays as I typed it.';
    await box.fill(text);
    await waitFor(
      async () => (await page.locator('#letterBody-counter').textContent()) === `${(5000 - text.length).toLocaleString('en')} characters left`,
      'the counter',
    );
    const who = supporter(93);
    await fill(page, who);
    await page.getByRole('button', { name: 'Sign the appeal' }).click();
    await waitFor(async () => page.locator('#sign-done').isVisible(), 'the "check your email" message');
    const [row] = await stack.db.query(
      `SELECT s.letter_body FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1 AND s.campaign_id = $2`,
      [who.email, own.id],
    );
    expect(row).toEqual({ letter_body: text });
    await page.context().close();
  }, 60_000);

  it('a translated campaign speaks Russian and Arabic throughout (title, summary, letter), with screenshots for the docs', async () => {
    const translated = await createDemoLikeCampaign(app.admin, {
      translations: DEMO_TRANSLATIONS.campaign,
      appeal: { ...DEMO_CAMPAIGN.appeal, translations: DEMO_TRANSLATIONS.appeal },
    });
    const shots: [string, 'ru' | 'ar', Parameters<Browser['newContext']>[0]][] = [
      ['campaign-ru-desktop.png', 'ru', { viewport: { width: 1280, height: 900 } }],
      ['campaign-ar-phone.png', 'ar', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
    ];
    for (const [name, lang, options] of shots) {
      // the browser's language chooses, as for any visitor
      const page = await open({ ...options, locale: lang });
      await page.goto(`${app.url}/c/${translated.slug}`);
      expect(await page.locator('h1').textContent()).toBe(DEMO_TRANSLATIONS.campaign[lang].title);
      expect(await page.locator('.summary').textContent()).toBe(DEMO_TRANSLATIONS.campaign[lang].summary);
      expect(await page.locator('.letter .subject').textContent()).toContain(DEMO_TRANSLATIONS.appeal[lang].subject);
      expect(await page.locator('.letter .paper').textContent()).not.toContain('Dear');
      expect(await seriousViolations(page)).toEqual([]);
      const shot = artifact(name);
      await page.screenshot({ path: shot, fullPage: lang === 'ru' });
      if (process.env.UPDATE_SCREENSHOTS) {
        mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
        copyFileSync(shot, join(ROOT, 'docs', 'screenshots', name));
      }
      await page.context().close();
    }
    // a campaign of its own, two browsers and two accessibility checks: more than one page's time on a busy machine
  }, 120_000);

  it('the documented snippet signs from another site, through CORS on the public JSON API', async () => {
    const page = await open();
    await page.goto(`${embedOrigin}/`);
    const email = `embed.${uniq()}@supporters.example`;
    await page.getByLabel('First name').fill('Nour');
    await page.getByLabel('Last name').fill('Khalil');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Country').fill('SY');
    await page.getByRole('button', { name: 'Sign the appeal' }).click();
    await page.getByText('Thank you! Check your email to confirm.').waitFor();
    const [row] = await stack.db.query(`SELECT s.source, s.status FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1`, [email]);
    expect(row).toEqual({ source: 'embed', status: 'pending' });
    await confirmationTo(email);

    // what the API refuses comes back as its message
    await page.getByLabel('Country').fill('Syria');
    await page.getByRole('button', { name: 'Sign the appeal' }).click();
    await page.getByText('country must be an ISO 3166-1 alpha-2 country code such as "LB"').waitFor();
  });

  it('withdraws from the link in the thank-you email: a question first, then the signature is gone from the count', async () => {
    const [thanks] = await stack.smtp.waitFor((m) => m.rcptTo.includes(first.email) && !!m.headers['x-appeal-thank-you']);
    const before = await confirmedCount();
    const page = await open({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(linkIn(thanks.text, 'withdraw'));
    expect(await page.locator('h1').textContent()).toBe('Withdraw your signature?');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await confirmedCount()).toBe(before);
    await Promise.all([page.waitForURL(/\/withdraw\//), page.getByRole('button', { name: 'Withdraw my signature' }).click()]);
    await page.getByRole('heading', { name: 'Your signature is withdrawn' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await confirmedCount()).toBe(before - 1);
  });
});

/** The "sign from your own site" snippet of docs/supporter-pages.md, pointed at the app under test. */
function embedSnippet(appUrl: string, slug: string): string {
  const readme = readFileSync(join(ROOT, 'docs', 'supporter-pages.md'), 'utf8');
  const m = readme.match(/<!-- embed-snippet -->\s*```html\n([\s\S]*?)```/);
  if (!m) throw new Error('docs/supporter-pages.md has no embed snippet (<!-- embed-snippet --> then an html block)');
  return m[1].replaceAll('https://appeals.example.org', appUrl).replaceAll('stop-the-assault-on-homs', slug);
}

function serveEmbedPage(port: number, snippet: string): Promise<Server> {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Friends of Homs</title></head><body><main>${snippet}</main></body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body));
  return new Promise((resolve) => server.listen(port, 'localhost', () => resolve(server)));
}
