import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expectStatus, type CampaignJson } from './helpers/api-client.js';
import { insertConfirmedSignatures } from './helpers/bulk.js';
import { createTargets, LETTER, newCampaigner, uniq } from './helpers/fixtures.js';
import { confirmTokenIn, type ReceivedMail } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';
import { verifySignature, WebhookReceiver } from './helpers/webhook-receiver.js';
import type { ApiClient } from './helpers/api-client.js';

/** The unsubscribe link of a supporter email, from its List-Unsubscribe header. */
function unsubscribeUrlIn(mail: ReceivedMail): string {
  const header = mail.headers['list-unsubscribe'];
  const url = header?.match(/^<(https?:\/\/[^>]+)>$/)?.[1];
  if (!url) throw new Error(`no List-Unsubscribe URL in ${header}`);
  return url;
}

const CSV_HEADER =
  'first_name,last_name,email,country,postcode,comment,source,status,signed_at,confirmed_at,withdrawn_at,language,consent,consent_text,consent_language,consent_given_at,consent_withdrawn_at,signature_id,letter_body';

/**
 * Issue 19: consent to further contact, recorded with the words the supporter saw; one-click
 * unsubscribe (RFC 8058) that withdraws it and nothing else; and the CSV export of a campaign's
 * signatories for the organisation's CRM, streamed and formula-safe.
 */
describe('supporters as the organisation’s list: consent, unsubscribe, export', () => {
  // FORM_MIN_FILL_SECONDS=0: the form's signed stamp is still checked, its age is not
  // and a CRM's webhook receiver on this machine (WEBHOOK_ALLOW_PRIVATE)
  const receiver = new WebhookReceiver();
  const { stack, app } = useStack({
    beforeApps: () => receiver.start(),
    app: { FORM_MIN_FILL_SECONDS: '0', WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '50' },
    afterApps: () => receiver.stop(),
  });
  let secret: string;
  /** the consent events the receiver took about one supporter's signature, verified with the secret */
  const consentHooks = (address: string) =>
    receiver.accepted
      .filter((h) => h.body?.type?.startsWith('consent.') && h.body.data.supporter?.email === address)
      .map((h) => {
        expect(verifySignature(secret, h)).toBe(true);
        return h.body;
      });
  const consentHooksOf = (signatureId: string) =>
    receiver.accepted.filter((h) => h.body?.type?.startsWith('consent.') && h.body.data.signatureId === signatureId).map((h) => h.body);
  const signatureIdOf = async (address: string) =>
    (
      await stack.db.query(`SELECT s.id FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE p.email = $1 AND s.campaign_id = $2`, [
        address,
        campaign.id,
      ])
    )[0].id as string;
  let staff: ApiClient;
  let campaign: CampaignJson;
  const tag = uniq();
  const email = (who: string) => `${who}.${tag}@supporters.example`;
  const confirmationTo = async (address: string) => (await stack.smtp.waitFor((m) => m.rcptTo.includes(address) && !!m.headers['x-appeal-notification']))[0];
  const signatureOf = async (address: string) =>
    (
      await stack.db.query(
        `SELECT s.status, s.opt_in_text, s.opt_in_locale, s.opt_in_at, s.opt_in_withdrawn_at FROM signatures s JOIN supporters p ON p.id = s.supporter_id
          WHERE p.email = $1 AND s.campaign_id = $2`,
        [address, campaign.id],
      )
    )[0];
  const exportCsv = async (query: string) => {
    const r = await staff.call('GET', `/api/campaigns/${campaign.id}/signatures?${query}`);
    expect(r.status).toBe(200);
    return r.text.trimEnd().split('\r\n');
  };

  beforeAll(async () => {
    secret = expectStatus(await app.admin.post('/api/admin/webhooks', { url: receiver.url, events: ['consent.given', 'consent.withdrawn'] }), 201).secret;
    ({ staff } = await newCampaigner(app));
    const [target] = await createTargets(staff, 1);
    campaign = expectStatus(
      await staff.createCampaign({
        slug: `list-${tag}`,
        title: 'Stop the assault on Homs',
        summary: 'Urge them to act.',
        appeal: LETTER,
        optIn: { enabled: true, label: { en: '  Keep me informed about Amnesty campaigns  ' } },
      }),
      201,
    );
    expectStatus(await staff.attachTarget(campaign.id, target.id), 201);
    expectStatus(await staff.launchTarget(campaign.id, target.id), 200);
    expectStatus(await staff.launchCampaign(campaign.id), 200);
  });

  it('validates the campaign’s consent words, and shows them as an unticked box', async () => {
    expect(campaign.optIn).toEqual({ enabled: true, label: { en: 'Keep me informed about Amnesty campaigns' } });
    const bad = await staff.patch(`/api/campaigns/${campaign.id}`, { optIn: { enabled: true, label: { 'not a tag!': 'x' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('optIn.label: "not a tag!" is not a BCP 47 language tag');
    expect(expectStatus(await staff.getCampaign(campaign.id), 200).optIn.label).toEqual({ en: 'Keep me informed about Amnesty campaigns' });

    expect(expectStatus(await app.api.getPublicCampaign(campaign.slug), 200).optIn).toEqual({ label: 'Keep me informed about Amnesty campaigns' });
    const en = await app.api.call('GET', `/c/${campaign.slug}?lang=en`);
    expect(en.text).toContain('<input type="checkbox" id="optIn" name="optIn" value="yes">');
    expect(en.text).toContain('Keep me informed about Amnesty campaigns</label>');
    // no words of its own in Russian: the default words in Russian, with the organisation's name
    const ru = await app.api.call('GET', `/c/${campaign.slug}?lang=ru`);
    expect(ru.text).toContain('Да, Test Org может писать мне об этой и других кампаниях.');
    expect(ru.text).not.toMatch(/name="optIn" value="yes" checked/);
  });

  it('records the consent with the words shown and their language, and no consent when the box is not ticked', async () => {
    const page = await app.api.call('GET', `/c/${campaign.slug}?lang=ru`);
    const stamp = page.text.match(/name="stamp" value="([^"]+)"/)![1];
    const form = (fields: Record<string, string>) =>
      app.api.call(
        'POST',
        `/c/${campaign.slug}?lang=ru`,
        new URLSearchParams({ firstName: 'Ivan', lastName: 'Petrov', country: 'RU', stamp, ...fields }).toString(),
        {
          'content-type': 'application/x-www-form-urlencoded',
        },
      );
    expect((await form({ email: email('ticked'), optIn: 'yes' })).status).toBe(303);
    expect((await form({ email: email('unticked') })).status).toBe(303);
    expectStatus(await app.api.sign(campaign.slug, { firstName: 'Amal', lastName: 'Haddad', email: email('api'), country: 'LB', optIn: true }), 202);
    expectStatus(
      await app.api.sign(campaign.slug, {
        firstName: 'Marie',
        lastName: '=HYPERLINK("http://x.example")',
        email: email('formula'),
        country: 'FR',
        optIn: false,
      }),
      202,
    );
    const bad = await app.api.sign(campaign.slug, { firstName: 'A', lastName: 'B', email: email('bad'), country: 'FR', optIn: 'yes' as unknown as boolean });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('optIn must be true or false');

    expect(await signatureOf(email('ticked'))).toMatchObject({
      opt_in_text: 'Да, Test Org может писать мне об этой и других кампаниях. Я могу отписаться в любой момент.',
      opt_in_locale: 'ru',
      opt_in_at: expect.any(Date),
      opt_in_withdrawn_at: null,
    });
    expect(await signatureOf(email('unticked'))).toMatchObject({ opt_in_text: null, opt_in_at: null });
    expect(await signatureOf(email('api'))).toMatchObject({ opt_in_text: 'Keep me informed about Amnesty campaigns', opt_in_locale: 'en' });
    expect(await signatureOf(email('formula'))).toMatchObject({ opt_in_text: null });
    // nothing is reported before the address is confirmed
    expect(receiver.received).toEqual([]);
    for (const who of ['ticked', 'unticked', 'api', 'formula']) {
      const token = confirmTokenIn(await confirmationTo(email(who)));
      expectStatus(await app.api.confirm(token), 200);
    }
    // the CRM hears of the two consents (confirmed now), signed, with the words and their language
    await waitFor(() => receiver.accepted.length >= 2, 'the two consent.given events');
    const [given] = consentHooks(email('ticked'));
    expect(given).toMatchObject({
      type: 'consent.given',
      data: {
        text: 'Да, Test Org может писать мне об этой и других кампаниях. Я могу отписаться в любой момент.',
        locale: 'ru',
        withdrawnAt: null,
        campaign: { slug: campaign.slug },
        supporter: { firstName: 'Ivan', lastName: 'Petrov', email: email('ticked'), country: 'RU' },
      },
    });
    expect(consentHooks(email('api')).map((h) => h.type)).toEqual(['consent.given']);
    expect(consentHooks(email('unticked'))).toEqual([]);
  });

  it('exports the signatories as CSV, filtered, formula-safe and audited', async () => {
    const all = await exportCsv('format=csv&status=confirmed');
    expect(all[0]).toBe(CSV_HEADER);
    expect(all).toHaveLength(5);
    const consenting = await exportCsv('status=confirmed&optIn=true');
    expect(
      consenting
        .slice(1)
        .map((l) => l.split(',')[2])
        .sort(),
    ).toEqual([email('api'), email('ticked')].sort());
    expect(
      consenting
        .find((l) => l.split(',')[2] === email('ticked'))!
        .split(',')
        .slice(11, 13),
    ).toEqual(['ru', 'yes']);
    const formula = all.find((l) => l.split(',')[2] === email('formula'))!;
    expect(formula).toContain(`"'=HYPERLINK(""http://x.example"")"`);
    expect(
      (await exportCsv('optIn=false'))
        .slice(1)
        .map((l) => l.split(',')[2])
        .sort(),
    ).toEqual([email('formula'), email('unticked')].sort());

    const wrong = await staff.get(`/api/campaigns/${campaign.id}/signatures?status=signed`);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.json.message)).toContain('status must be one of: pending, confirmed, withdrawn');
    expect((await app.api.get(`/api/campaigns/${campaign.id}/signatures`)).status).toBe(401);
    const audits = expectStatus(await app.admin.get(`/api/admin/audit?subjectId=${campaign.id}&action=signatures.export`), 200).items;
    expect(audits.map((a: { details: unknown }) => a.details)).toEqual([
      { filter: { optIn: false } },
      { filter: { status: 'confirmed', optIn: true } },
      { filter: { status: 'confirmed' } },
    ]);
  });

  it('carries a one-click unsubscribe in every supporter email, which withdraws the consent (not the signature), idempotently', async () => {
    const confirmation = await confirmationTo(email('ticked'));
    expect(confirmation.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = unsubscribeUrlIn(confirmation);
    expect(confirmation.text).toContain(url);
    const [thanks] = await stack.smtp.waitFor((m) => m.rcptTo.includes(email('ticked')) && !!m.headers['x-appeal-thank-you']);
    expect(unsubscribeUrlIn(thanks)).not.toBe(url);

    // opening the link only asks: a mail scanner withdraws nothing
    const question = await fetch(url);
    expect(question.status).toBe(200);
    expect(await question.text()).toContain('Отписаться');
    expect((await signatureOf(email('ticked'))).opt_in_withdrawn_at).toBeNull();

    // the mail client's one-click POST (RFC 8058), multipart as the RFC prefers
    const body = new FormData();
    body.append('List-Unsubscribe', 'One-Click');
    const oneClick = await fetch(url, { method: 'POST', body });
    expect(oneClick.status).toBe(200);
    const withdrawn = await signatureOf(email('ticked'));
    expect(withdrawn).toMatchObject({ status: 'confirmed', opt_in_withdrawn_at: expect.any(Date), opt_in_text: expect.stringContaining('Да') });
    // again, form-encoded: the same answer, nothing changes
    const again = await fetch(url, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(again.status).toBe(200);
    expect((await signatureOf(email('ticked'))).opt_in_withdrawn_at).toEqual(withdrawn.opt_in_withdrawn_at);
    // the CRM hears of the withdrawal once, however many times the link is used
    const id = await signatureIdOf(email('ticked'));
    await waitFor(() => consentHooksOf(id).length >= 2, 'the consent.withdrawn event');
    expect(consentHooksOf(id).map((h) => h.type)).toEqual(['consent.given', 'consent.withdrawn']);
    expect(consentHooksOf(id)[1].data).toMatchObject({ signatureId: id, withdrawnAt: expect.any(String) });
    expect(consentHooksOf(id)[1].data.supporter).toBeUndefined();
    const row = (await exportCsv('status=confirmed')).find((l) => l.split(',')[2] === email('ticked'))!;
    expect(row.split(',')[12]).toBe('withdrawn');
    expect((await exportCsv('optIn=true')).join('\n')).not.toContain(email('ticked'));

    const unknown = await fetch(url.replace(/unsubscribe\/[^?]+/, 'unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), { method: 'POST' });
    expect(unknown.status).toBe(404);
  });

  it('takes a consent given again after a withdrawal, by signing again', async () => {
    expectStatus(await app.api.sign(campaign.slug, { firstName: 'Ivan', lastName: 'Petrov', email: email('ticked'), country: 'RU', optIn: true }), 202);
    expect(await signatureOf(email('ticked'))).toMatchObject({
      opt_in_withdrawn_at: null,
      opt_in_text: 'Keep me informed about Amnesty campaigns',
      opt_in_locale: 'en',
    });
    // a confirmed signature: the consent counts at once, and the CRM hears of it
    const id = await signatureIdOf(email('ticked'));
    await waitFor(() => consentHooksOf(id).length >= 3, 'the second consent.given event');
    expect(consentHooksOf(id).map((h) => h.type)).toEqual(['consent.given', 'consent.withdrawn', 'consent.given']);
    expect(consentHooksOf(id)[2].data).toMatchObject({ text: 'Keep me informed about Amnesty campaigns', locale: 'en', withdrawnAt: null });
    // signing again with the box ticked while consenting changes nothing, and reports nothing
    expectStatus(await app.api.sign(campaign.slug, { firstName: 'Ivan', lastName: 'Petrov', email: email('ticked'), country: 'RU', optIn: true }), 202);
    expect(consentHooksOf(id)).toHaveLength(3);
  });

  it('streams the export of 100,000 signatures with flat memory', async () => {
    await insertConfirmedSignatures(stack.db, campaign.id, 100_000);
    // the live heap (after a full collection), not the garbage waiting for one: what the export holds
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const live = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = live();
    let peak = before;
    let lines = 0;
    let bytes = 0;
    let chunks = 0;
    const r = await fetch(`${app.api.base}/api/campaigns/${campaign.id}/signatures?status=confirmed`, { headers: { authorization: `Bearer ${staff.token}` } });
    expect(r.status).toBe(200);
    for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines++;
      if (++chunks % 10 === 0) peak = Math.max(peak, live());
    }
    // the header, the 4 confirmed supporters, and the 100,000
    expect(lines).toBe(1 + 4 + 100_000);
    // the server (in this process) and this reader hold a batch at a time: a small part of the file
    const grew = peak - before;
    console.log(`signatures export: ${(bytes / 1e6).toFixed(1)} MB in ${chunks} chunks, live heap grew at most ${(grew / 1e6).toFixed(1)} MB`);
    expect(chunks).toBeGreaterThan(20);
    expect(grew).toBeLessThan(bytes / 4);
  }, 120_000);
});
