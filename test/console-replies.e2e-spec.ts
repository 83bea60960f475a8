import { BounceListener } from '../src/bounces/bounce-listener.js';
import { expectStatus, type TargetJson } from './helpers/api-client.js';
import { ConsoleClient, pageText } from './helpers/console-client.js';
import { createLiveCampaign, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import type { ReceivedMail } from './helpers/smtp-server.js';
import { sendReply } from './helpers/replies.js';
import { useStack } from './helpers/use-stack.js';

/** The official's mail server, answering (helpers/replies.ts). */
const sendMail = (port: number, to: string, raw: string, from: string) => sendReply(port, to, raw, from);

/** the console's page size for replies */
const PAGE = 25;
/** automatic replies to Juppé's letter: with the three others, more than a page */
const AUTO_REPLIES = 25;

/**
 * Officials' replies in the console, as a browser without JavaScript uses it: real MIME answers fed
 * over SMTP to the inbound listener, then the campaign's Replies tab (newest first, in keyset
 * pages, by official and kind, its label counting the unclassified), a reply's page (the full text
 * escaped, its attachments, its letter), marking it (errors keep what was chosen), publishing it
 * onto the campaign page (refused for an unclassified one, in words), and who has not answered.
 */
describe('console: the replies inbox', () => {
  const { stack, app } = useStack({ app: { BOUNCE_SMTP_PORT: '0', HOST: '127.0.0.1' } });
  let browser: ConsoleClient;
  let campaignerEmail: string;
  let port: number;
  let campaign: { id: string; slug: string };
  let base: string;
  let signer: ReturnType<typeof supporter>;
  let pressOffice: string;
  const targets: Record<'lavrov' | 'elaraby' | 'juppe', TargetJson> = {} as never;
  const letterTo: Record<string, ReceivedMail> = {};
  /** reply ids by name */
  const reply: Record<string, string> = {};
  const autoIds: string[] = [];

  /** Feeds a reply to the letter to `target` over SMTP and answers its id. */
  async function answer(target: keyof typeof targets, raw: { headers: string; body: string; from?: string; multipart?: string }): Promise<string> {
    const letter = letterTo[target];
    const to = letter.parsed.replyTo!.value[0].address!;
    const from = raw.from ?? targets[target].email;
    const content = raw.multipart
      ? `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="${raw.multipart}"\n\n${raw.body}`
      : `Content-Type: text/plain; charset=utf-8\n\n${raw.body}\n`;
    const message = `From: ${from}\nTo: ${to}\nMessage-ID: <${uniq()}@officials.example>\n${raw.headers}\n${content}`;
    expect(await sendMail(port, to, message, from)).toMatch(/^250 /);
    const [row] = await stack.db.query(`SELECT id FROM replies WHERE delivery_id = $1 ORDER BY received_at DESC LIMIT 1`, [
      letter.headers['x-appeal-delivery'],
    ]);
    return row.id;
  }

  /** The replies the inbox lists, in its order (the links to their pages). */
  const listed = (html: string) => [...html.matchAll(new RegExp(`href="${base}/replies/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1]);
  const row = async (id: string) => (await stack.db.query(`SELECT kind, stance, published FROM replies WHERE id = $1`, [id]))[0];
  const flashOf = (html: string) => pageText(html.match(/<div class="flash [^"]+"[^>]*>([\s\S]*?)<\/div>/)?.[1] ?? '');
  /** The link of the Older replies pager, as a path with its query (entities decoded). */
  const olderLink = (html: string) => html.match(/<a href="([^"]+)">Older replies<\/a>/)?.[1].replace(/&amp;/g, '&') ?? null;

  beforeAll(async () => {
    port = app.app.get(BounceListener).port!;
    const made = await newCampaigner(app);
    campaignerEmail = made.email;
    const staff = made.staff;
    browser = await new ConsoleClient(app.url).signIn(made.email, 'campaigner-password-1');
    const tag = uniq();
    const make = async (name: string, title: string, organization: string, email: string) =>
      expectStatus(await staff.createTarget({ name, title, organization, email: `${email}.${tag}@officials.example` }), 201);
    targets.lavrov = await make('Sergei Lavrov', 'Minister of Foreign Affairs', 'Russian Federation', 'lavrov');
    targets.elaraby = await make('Nabil Elaraby', 'Secretary-General', 'League of Arab States', 'elaraby');
    targets.juppe = await make('Alain Juppé', 'Minister of Foreign Affairs', 'French Republic', 'juppe');
    campaign = await createLiveCampaign(staff, {
      targets: [targets.lavrov, targets.elaraby, targets.juppe],
      body: { delivery: { mode: 'individual', replies: 'relay' } },
    });
    base = `/console/campaigns/${campaign.id}`;
    signer = supporter(0);
    await signAndConfirm(app.api, stack.smtp, campaign.slug, signer);
    for (const key of Object.keys(targets) as (keyof typeof targets)[]) {
      [letterTo[key]] = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug && m.rcptTo.includes(targets[key].email));
    }
    // Juppé's office answers only with out-of-office notices: he has not answered
    for (let i = 0; i < AUTO_REPLIES; i++) {
      autoIds.unshift(await answer('juppe', { headers: `Subject: Réponse automatique ${i}\nAuto-Submitted: auto-replied`, body: 'Je suis absent.' }));
    }
    reply.lavrovAuto = await answer('lavrov', { headers: 'Subject: Automatic reply: Homs\nAuto-Submitted: auto-replied', body: 'I am away.' });
    pressOffice = `press.${uniq()}@mid-ru.example`;
    reply.lavrov = await answer('lavrov', {
      from: pressOffice,
      headers: 'Subject: Re: Homs\nDate: Wed, 08 Feb 2012 10:12:00 +0000',
      multipart: 'b-homs',
      body: [
        '--b-homs',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The Minister supports an end to the assault on Homs.',
        '<script>alert(1)</script> is not markup here.',
        '',
        `On 8 Feb 2012, ${signer.firstName} ${signer.lastName} via Test Org wrote:`,
        '> Dear Minister,',
        '--b-homs',
        'Content-Type: application/pdf; name="statement.pdf"',
        'Content-Disposition: attachment; filename="statement.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.alloc(2048, 7).toString('base64'),
        '--b-homs--',
        '',
      ].join('\n'),
    });
    reply.elaraby = await answer('elaraby', { headers: 'Subject: Your letter', body: 'Your letter has been passed on to the Secretary-General.' });
  });

  describe('the Replies tab', () => {
    it('lists the replies newest first: who answered (and who sent it for them), when, subject, first lines escaped, kind, stance, published', async () => {
      const page = await browser.get(`${base}/replies`);
      expect(page.status).toBe(200);
      expect(listed(page.text).slice(0, 3)).toEqual([reply.elaraby, reply.lavrov, reply.lavrovAuto]);
      expect(page.text).toMatch(
        new RegExp(
          `<a href="${base}/replies" aria-current="page">Replies <span class="tab-count">2<span class="visually-hidden"> unclassified</span></span></a>`,
        ),
      );
      const items = page.text.split('<li class="reply-item">').slice(1);
      const lavrov = items.find((i) => i.includes(`${base}/replies/${reply.lavrov}`))!;
      expect(pageText(lavrov)).toMatch(
        new RegExp(
          `^Sergei Lavrov Russian Federation from ${pressOffice.replace(/\./g, '\\.')} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC Re: Homs The Minister supports an end to the assault on Homs\\. <script>alert\\(1\\)</script> is not markup here\\. Unclassified Not published 1 attachment$`,
        ),
      );
      expect(lavrov).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.text).not.toContain('<script>alert(1)</script>');
      // the quoted letter is not in the first lines
      expect(lavrov).not.toContain('Dear Minister');
      // Elaraby answered from his own address: no sender named
      const elaraby = items.find((i) => i.includes(`${base}/replies/${reply.elaraby}`))!;
      expect(pageText(elaraby)).toMatch(/^Nabil Elaraby League of Arab States \d{4}-\d\d-\d\d \d\d:\d\d UTC Your letter Your letter has been passed on/);
      expect(pageText(items.find((i) => i.includes(reply.lavrovAuto))!)).toContain('Automatic reply: Homs I am away. Automatic Not published');
    });

    it('pages by a keyset cursor: the older replies once each, and none lost', async () => {
      const first = await browser.get(`${base}/replies`);
      const one = listed(first.text);
      expect(one).toHaveLength(PAGE);
      const next = olderLink(first.text);
      expect(next).toMatch(new RegExp(`^${base}/replies\\?cursor=`));
      const second = await browser.get(next!);
      expect(second.status).toBe(200);
      const two = listed(second.text);
      expect(olderLink(second.text)).toBeNull();
      expect([...one, ...two]).toEqual([reply.elaraby, reply.lavrov, reply.lavrovAuto, ...autoIds]);
      expect(second.text).toContain(`<a href="${base}/replies">Newest replies</a>`);
    });

    it('filters by official and by kind, keeping the filters on the next page; a bad filter is named (400)', async () => {
      expect(listed((await browser.get(`${base}/replies?targetId=${targets.lavrov.id}`)).text)).toEqual([reply.lavrov, reply.lavrovAuto]);
      const unclassified = await browser.get(`${base}/replies?kind=unclassified`);
      expect(listed(unclassified.text)).toEqual([reply.elaraby, reply.lavrov]);
      expect(unclassified.text).toMatch(/<option value="unclassified" selected>Unclassified<\/option>/);
      expect(pageText(unclassified.text)).toContain('Replies matching the filters');
      const both = await browser.get(`${base}/replies?targetId=${targets.lavrov.id}&kind=auto`);
      expect(listed(both.text)).toEqual([reply.lavrovAuto]);
      const auto = await browser.get(`${base}/replies?kind=auto`);
      expect(listed(auto.text)).toEqual([reply.lavrovAuto, ...autoIds.slice(0, PAGE - 1)]);
      const older = olderLink(auto.text)!;
      expect(older).toContain('kind=auto');
      expect(listed((await browser.get(older)).text)).toEqual(autoIds.slice(PAGE - 1));

      const bad = await browser.get(`${base}/replies?kind=angry`);
      expect(bad.status).toBe(400);
      expect(pageText(bad.text)).toContain('Kind: Must be one of: auto, unclassified, acknowledgement, substantive');
      expect(bad.text).toMatch(/<title>Error: /);
      const badCursor = await browser.get(`${base}/replies?cursor=garbage`);
      expect(badCursor.status).toBe(400);
      expect(pageText(badCursor.text)).toContain('Page: Is not one this API gave out');
      expect((await browser.get(`/console/campaigns/00000000-0000-4000-8000-000000000000/replies`)).status).toBe(404);
    });
  });

  describe('a reply’s page', () => {
    it('shows the full text escaped with its line breaks, the attachments’ names and sizes, and the letter it answers', async () => {
      const page = await browser.get(`${base}/replies/${reply.lavrov}`);
      expect(page.status).toBe(200);
      const text = page.text.match(/<h2 id="text-h">What they wrote<\/h2>\s*<div class="paper reply-text" dir="auto">([\s\S]*?)<\/div>/)?.[1];
      expect(text).toBe(
        `The Minister supports an end to the assault on Homs.\n&lt;script&gt;alert(1)&lt;/script&gt; is not markup here.\n\nOn 8 Feb 2012, ${signer.firstName} ${signer.lastName} via Test Org wrote:\n&gt; Dear Minister,`,
      );
      expect(page.text).not.toContain('<script>alert(1)</script>');
      const words = pageText(page.text);
      expect(words).toContain(`From ${pressOffice} (not the official’s address: someone answering for them)`);
      expect(words).toContain('Sent 2012-02-08 10:12 UTC');
      expect(words).toContain('Attachments statement.pdf application/pdf, 2 KB');
      expect(words).toContain(`The letter it answers A letter to Sergei Lavrov signed by ${signer.firstName} ${signer.lastName}, sent `);
      expect(page.text).toContain(`<a href="${base}/targets/${targets.lavrov.id}">Sergei Lavrov</a>`);
      // a campaigner has no letters page: no link to it
      expect(page.text).not.toContain('/console/letters/');
      // the mark form as the reply is
      expect(page.text).toMatch(/name="kind" value="unclassified" checked/);
      expect(page.text).toMatch(/name="stance" value="" checked/);
    });

    it('is a 404 page under another campaign, or unknown', async () => {
      const other = await browser.get(`/console/campaigns/00000000-0000-4000-8000-000000000000/replies/${reply.lavrov}`);
      expect(other.status).toBe(404);
      const unknown = await browser.get(`${base}/replies/00000000-0000-4000-8000-000000000000`);
      expect(unknown.status).toBe(404);
      expect(pageText(unknown.text)).toContain('Not found');
    });
  });

  describe('marking and publishing', () => {
    it('refuses a stance on an acknowledgement, keeping what was chosen; without the CSRF token changes nothing', async () => {
      await browser.get(`${base}/replies/${reply.lavrov}`);
      const bad = await browser.post(`${base}/replies/${reply.lavrov}/mark`, { kind: 'acknowledgement', stance: 'supports' });
      expect(bad.status).toBe(400);
      expect(bad.text).toMatch(/<title>Error: /);
      expect(pageText(bad.text)).toContain('There is a problem Stance: Only a substantive reply has a stance');
      expect(bad.text).toMatch(/name="kind" value="acknowledgement" checked/);
      expect(bad.text).toMatch(/name="stance" value="supports" checked/);
      const forged = await browser.post(`${base}/replies/${reply.lavrov}/mark`, { kind: 'substantive', stance: 'supports' }, { csrf: false });
      expect(forged.status).toBe(403);
      expect(await row(reply.lavrov)).toEqual({ kind: 'unclassified', stance: null, published: false });
    });

    it('marks a reply substantive with a stance, flashing what was done, audited; the tab counts one unclassified fewer', async () => {
      const marked = await browser.post(`${base}/replies/${reply.lavrov}/mark`, { kind: 'substantive', stance: 'supports' });
      expect(marked.status).toBe(303);
      expect(marked.location).toBe(`${base}/replies/${reply.lavrov}`);
      const page = await browser.get(marked.location!);
      expect(flashOf(page.text)).toBe('Marked substantive: supports.');
      expect(page.text).toMatch(/name="stance" value="supports" checked/);
      expect(await row(reply.lavrov)).toEqual({ kind: 'substantive', stance: 'supports', published: false });
      const [audit] = await stack.db.query(`SELECT actor_email, details FROM audit_log WHERE action = 'reply.mark' AND subject_id = $1`, [reply.lavrov]);
      expect(audit).toEqual({
        actor_email: campaignerEmail,
        details: {
          campaignId: campaign.id,
          from: { kind: 'unclassified', stance: null, published: false },
          to: { kind: 'substantive', stance: 'supports', published: false },
        },
      });
      const again = await browser.post(`${base}/replies/${reply.lavrov}/mark`, { kind: 'substantive', stance: 'supports' });
      expect(flashOf((await browser.get(again.location!)).text)).toBe('Nothing changed: it is already substantive: supports.');
      const inbox = await browser.get(`${base}/replies`);
      expect(inbox.text).toContain('Replies <span class="tab-count">1<span class="visually-hidden"> unclassified</span></span>');
      const item = inbox.text.split('<li class="reply-item">').find((i) => i.includes(`${base}/replies/${reply.lavrov}`))!;
      expect(pageText(item)).toMatch(/Substantive Supports Not published 1 attachment$/);
    });

    it('refuses publishing an unclassified reply, saying so, and publishes a substantive one onto the campaign page', async () => {
      await browser.get(`${base}/replies/${reply.elaraby}`);
      const refused = await browser.post(`${base}/replies/${reply.elaraby}/publish`, { published: 'true' });
      expect(refused.status).toBe(303);
      expect(flashOf((await browser.get(refused.location!)).text)).toBe(
        'Not published: only an acknowledgement or a substantive reply can be published; this one is unclassified. Mark it an acknowledgement or substantive first.',
      );
      expect(await row(reply.elaraby)).toEqual({ kind: 'unclassified', stance: null, published: false });

      await browser.get(`${base}/replies/${reply.lavrov}`);
      const published = await browser.post(`${base}/replies/${reply.lavrov}/publish`, { published: 'true' });
      expect(published.status).toBe(303);
      const page = await browser.get(published.location!);
      expect(flashOf(page.text)).toBe('Published: it is on the campaign page, under “Responses from officials”, without the letter it quotes.');
      expect(pageText(page.text)).toContain('Published It is on the campaign page');
      expect(await row(reply.lavrov)).toEqual({ kind: 'substantive', stance: 'supports', published: true });
      const publicPage = await app.api.get(`/c/${campaign.slug}?lang=en`);
      expect(publicPage.text).toContain('<h2 id="responses-h">Responses from officials</h2>');
      expect(publicPage.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; is not markup here.');
      expect(publicPage.text).not.toContain('Dear Minister');
      expect(publicPage.text).not.toContain(pressOffice);
      const inbox = await browser.get(`${base}/replies?targetId=${targets.lavrov.id}`);
      expect(pageText(inbox.text.split('<li class="reply-item">')[1])).toMatch(/Substantive Supports Published 1 attachment$/);
    });

    it('keeps a published reply one that may be published (the choice kept), and unpublishes it off the campaign page', async () => {
      await browser.get(`${base}/replies/${reply.lavrov}`);
      const demoted = await browser.post(`${base}/replies/${reply.lavrov}/mark`, { kind: 'unclassified', stance: '' });
      expect(demoted.status).toBe(400);
      expect(pageText(demoted.text)).toContain('What it is: It is published, and only an acknowledgement or a substantive reply can be');
      expect(demoted.text).toMatch(/name="kind" value="unclassified" checked/);
      expect(await row(reply.lavrov)).toEqual({ kind: 'substantive', stance: 'supports', published: true });

      const unpublished = await browser.post(`${base}/replies/${reply.lavrov}/publish`, { published: 'false' });
      expect(flashOf((await browser.get(unpublished.location!)).text)).toBe('Unpublished: it is no longer on the campaign page.');
      expect(await row(reply.lavrov)).toEqual({ kind: 'substantive', stance: 'supports', published: false });
      expect((await app.api.get(`/c/${campaign.slug}?lang=en`)).text).not.toContain('responses-h');
    });

    it('forwards a reply to the supporter who wrote the letter, once, on request (the campaign does not forward by itself)', async () => {
      const page = await browser.get(`${base}/replies/${reply.lavrov}`);
      expect(pageText(page.text)).toContain('Forward to the supporter');
      const forwarded = await browser.post(`${base}/replies/${reply.lavrov}/forward`);
      expect(flashOf((await browser.get(forwarded.location!)).text)).toMatch(/^Forwarded: it is on its way to the supporter/);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(signer.email) && m.subject.startsWith('Sergei Lavrov answered your letter'));
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const again = await browser.post(`${base}/replies/${reply.lavrov}/forward`);
      expect(flashOf((await browser.get(again.location!)).text)).toMatch(/^Not forwarded: This reply was forwarded already/);
      const [audit] = await stack.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reply.forward' AND subject_id = $1`, [reply.lavrov]);
      expect(audit.n).toBe(1);
      // an automatic reply is not forwarded, through the API either
      const [auto] = await stack.db.query(`SELECT id FROM replies WHERE campaign_id = $1 AND kind = 'auto' LIMIT 1`, [campaign.id]);
      const refused = await app.admin.post(`/api/replies/${auto.id}/forward`);
      expect(refused.status).toBe(409);
      expect(refused.json.message).toMatch(/automatic reply/);
    });
  });

  it('says who has not answered (an out-of-office is no answer), and for those who have: letters sent, replies, last reply, stance', async () => {
    const page = await browser.get(`${base}/replies`);
    const table = (id: string) =>
      [...(page.text.match(new RegExp(`<table class="list" id="${id}">([\\s\\S]*?)</table>`))?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
        .slice(1)
        .map((m) => pageText(m[1]));
    expect(pageText(page.text)).toContain('Not answered: 1 official of 3');
    expect(table('not-answered')).toEqual([`Alain Juppé Minister of Foreign Affairs, French Republic 1 ${AUTO_REPLIES}`]);
    expect(table('answered')).toEqual([
      expect.stringMatching(/^Sergei Lavrov Minister of Foreign Affairs, Russian Federation 1 1 1 \d{4}-\d\d-\d\d \d\d:\d\d UTC Supports$/),
      expect.stringMatching(/^Nabil Elaraby Secretary-General, League of Arab States 1 1 0 \d{4}-\d\d-\d\d \d\d:\d\d UTC not judged$/),
    ]);
  });
});
