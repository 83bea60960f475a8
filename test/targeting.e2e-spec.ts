import { ApiClient, expectStatus, type CampaignJson } from './helpers/api-client.js';
import { LETTER, newCampaigner, signAndConfirm, uniq } from './helpers/fixtures.js';
import type { ReceivedMail } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/** 30 foreign ministers, one per country: the directory a "write to your own minister" campaign chooses from. */
const MINISTER_COUNTRIES = [
  ['RU', 'ru'],
  ['FR', 'fr'],
  ['LB', 'ar'],
  ['SY', 'ar'],
  ['DE', 'de'],
  ['GB', 'en'],
  ['US', 'en'],
  ['CN', 'en'],
  ['TR', 'en'],
  ['IR', 'en'],
  ['EG', 'ar'],
  ['SA', 'ar'],
  ['JO', 'ar'],
  ['IQ', 'ar'],
  ['KW', 'ar'],
  ['QA', 'ar'],
  ['AE', 'ar'],
  ['OM', 'ar'],
  ['BH', 'ar'],
  ['YE', 'ar'],
  ['DZ', 'ar'],
  ['MA', 'ar'],
  ['TN', 'ar'],
  ['LY', 'ar'],
  ['SD', 'ar'],
  ['MR', 'ar'],
  ['SO', 'ar'],
  ['DJ', 'ar'],
  ['KM', 'fr'],
  ['PS', 'ar'],
] as const;

interface Official {
  id: string;
  email: string;
  country: string | null;
}

/**
 * Issue 16: "ask your own government's foreign minister". Thirty ministers tagged
 * `foreign-minister` attached in bulk with `same-country`, the Arab League's Secretary-General
 * with `everyone`, and a fallback official for supporters whose country has no minister here:
 * each supporter's letters go to exactly the officials their audience gives, each once, and the
 * recipients endpoints say so before anyone signs.
 */
describe('choosing who receives a letter: audiences', () => {
  // FORM_MIN_FILL_SECONDS=0: the form's signed stamp is still checked, its age is not
  // DIGEST_GRACE_SECONDS=0: a digest period is closed as soon as it ends
  const { stack, app } = useStack({ app: { FORM_MIN_FILL_SECONDS: '0', DIGEST_GRACE_SECONDS: '0' } });
  let staff: ApiClient;
  const tag = uniq();
  const ministers = new Map<string, Official>();
  let secretaryGeneral: Official;
  let envoy: Official;
  let campaign: CampaignJson;

  /** the letters (not supporter emails) received for a supporter's signature, by the official's address */
  const lettersFrom = (lastName: string): ReceivedMail[] => stack.smtp.received.filter((m) => m.headers['x-appeal-delivery'] && m.text.includes(lastName));
  const recipientsOf = (mails: ReceivedMail[]) => mails.flatMap((m) => m.rcptTo).sort();

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
    const rows = MINISTER_COUNTRIES.map(
      ([cc, locale]) =>
        `Minister ${cc} ${tag},Minister of Foreign Affairs,Government of ${cc},${cc},fm.${cc.toLowerCase()}.${tag}@officials.example,${locale},foreign-minister;g${cc === 'RU' || cc === 'FR' ? '20' : 'x'}`,
    );
    rows.push(`Secretary-General ${tag},Secretary-General,League of Arab States,,sg.${tag}@officials.example,ar,arab-league`);
    rows.push(`Special Envoy ${tag},Special Envoy for Syria,United Nations,,envoy.${tag}@officials.example,en,un`);
    const csv = ['name,title,organization,country,email,locale,tags', ...rows].join('\n');
    const report = expectStatus(await staff.call('POST', '/api/targets/import', csv, { 'content-type': 'text/csv; charset=utf-8' }), 200, 201);
    expect(report).toMatchObject({ summary: { created: 32, rejected: 0 } });
    const all = expectStatus(await staff.get(`/api/targets?q=${tag}&limit=100`), 200).items as (Official & { tags: string[] })[];
    for (const t of all) {
      if (t.country) ministers.set(t.country, t);
      else if (t.tags.includes('arab-league')) secretaryGeneral = t;
      else envoy = t;
    }
    expect(ministers.size).toBe(30);
    expect(ministers.get('RU')!).toMatchObject({ tags: ['foreign-minister', 'g20'] });
  });

  it('attaches the 30 ministers in one request, each with same-country, and says what it did', async () => {
    campaign = expectStatus(
      await staff.createCampaign({ slug: `own-minister-${tag}`, title: 'Ask your own minister', summary: 'Press Damascus.', appeal: LETTER }),
      201,
    );
    const noFilter = await staff.post(`/api/campaigns/${campaign.id}/targets/bulk`, { filter: {}, audience: { mode: 'same-country' } });
    expect(noFilter.status).toBe(400);
    expect(noFilter.json.message).toMatch(/at least one of tag, country, organization or q/);
    const badAudience = await staff.post(`/api/campaigns/${campaign.id}/targets/bulk`, {
      filter: { tag: 'foreign-minister' },
      audience: { mode: 'countries', countries: ['FR', 'XX'] },
    });
    expect(badAudience.status).toBe(400);
    expect(JSON.stringify(badAudience.json.message)).toMatch(/not an ISO 3166-1 alpha-2 country code: XX/);
    expect(expectStatus(await staff.getCampaign(campaign.id), 200).targets).toEqual([]);

    const bulk = { filter: { tag: 'Foreign-Minister', q: tag }, audience: { mode: 'same-country' } };
    expect(expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets/bulk`, bulk), 200)).toMatchObject({
      matched: 30,
      attached: 30,
      alreadyAttached: 0,
    });
    expect(expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets/bulk`, bulk), 200)).toMatchObject({
      matched: 30,
      attached: 0,
      alreadyAttached: 30,
      attachedIds: [],
    });
    expect(
      expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets`, { targetId: secretaryGeneral.id, audience: { mode: 'everyone' } }), 201),
    ).toMatchObject({ audience: { mode: 'everyone' }, status: 'pending' });
    expect(expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets`, { targetId: envoy.id, audience: { mode: 'fallback' } }), 201)).toMatchObject({
      audience: { mode: 'fallback' },
    });
    const view = expectStatus(await staff.getCampaign(campaign.id), 200);
    expect(view.targets).toHaveLength(32);
    expect(view.targets.filter((t) => t.audience.mode === 'same-country')).toHaveLength(30);
    // one request launches the 32 pending targets (each audited as its own launch)
    const launched = expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets/launch-pending`), 200);
    expect(launched).toEqual({ launched: expect.any(Array), backfilling: 0 });
    expect(launched.launched).toHaveLength(32);
    expect(expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets/launch-pending`), 200)).toEqual({ launched: [], backfilling: 0 });
    expectStatus(await staff.launchCampaign(campaign.id), 200);

    const audits = expectStatus(await app.admin.get(`/api/admin/audit?subjectId=${campaign.id}&action=target.attach-bulk`), 200).items;
    expect(audits.map((a: { details: { attached: number } }) => a.details.attached).sort()).toEqual([0, 30]);
    expect(audits[0].details).toMatchObject({ matched: 30, audience: { mode: 'same-country' }, filter: { tag: 'foreign-minister' } });
  });

  it('says who receives the letter of a supporter from each country, before anyone signs', async () => {
    const expected: Record<string, string[]> = {
      RU: [ministers.get('RU')!.id, secretaryGeneral.id],
      FR: [ministers.get('FR')!.id, secretaryGeneral.id],
      LB: [ministers.get('LB')!.id, secretaryGeneral.id],
      SY: [ministers.get('SY')!.id, secretaryGeneral.id],
      BR: [secretaryGeneral.id, envoy.id],
    };
    for (const [country, ids] of Object.entries(expected)) {
      const staffView = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/recipients?country=${country.toLowerCase()}`), 200);
      expect(staffView.country).toBe(country);
      expect(staffView.targets.map((t: { id: string }) => t.id).sort()).toEqual([...ids].sort());
      const publicView = expectStatus(await app.api.get(`/api/public/campaigns/${campaign.slug}/recipients?country=${country}`), 200);
      expect(publicView.targets).toHaveLength(ids.length);
      for (const t of publicView.targets) expect(Object.keys(t).sort()).toEqual(['name', 'organization', 'title']);
    }
    expect((await app.api.get(`/api/public/campaigns/${campaign.slug}/recipients?country=ZZ`)).status).toBe(400);
    expect((await app.api.get(`/api/public/campaigns/${campaign.slug}/recipients`)).status).toBe(400);
    expect((await app.api.get(`/api/public/campaigns/no-such-${tag}/recipients?country=FR`)).status).toBe(404);
    expect(expectStatus(await app.api.getPublicCampaign(campaign.slug), 200).targeted).toBe(true);
  });

  it("sends each supporter's letters to exactly the officials their audience gives, each once", async () => {
    const countries = ['RU', 'FR', 'LB', 'SY', 'BR'];
    for (const cc of countries) {
      await signAndConfirm(app.api, stack.smtp, campaign.slug, {
        firstName: 'Supporter',
        lastName: `From${cc}${tag}`,
        email: `${cc}.${tag}@supporters.example`,
        country: cc,
      });
    }
    const expected: Record<string, string[]> = {
      RU: [ministers.get('RU')!.email, secretaryGeneral.email],
      FR: [ministers.get('FR')!.email, secretaryGeneral.email],
      LB: [ministers.get('LB')!.email, secretaryGeneral.email],
      SY: [ministers.get('SY')!.email, secretaryGeneral.email],
      BR: [secretaryGeneral.email, envoy.email],
    };
    await waitFor(() => stack.smtp.received.filter((m) => m.headers['x-appeal-delivery']).length >= 10, '10 letters to be sent', { timeout: 30_000 });
    for (const cc of countries) expect(recipientsOf(lettersFrom(`From${cc}${tag}`))).toEqual([...expected[cc]].sort());
    const [counts] = await stack.db.query(
      `SELECT count(*)::int AS letters, count(DISTINCT (signature_id, target_id))::int AS pairs FROM deliveries WHERE campaign_id = $1`,
      [campaign.id],
    );
    expect(counts).toEqual({ letters: 10, pairs: 10 });

    // the thank-you email names the officials this supporter writes to, not the campaign's 32
    const [thanks] = await stack.smtp.waitFor((m) => m.rcptTo.includes(`br.${tag}@supporters.example`) && !!m.headers['x-appeal-thank-you']);
    expect(thanks.text).toContain(`Special Envoy ${tag}`);
    expect(thanks.text).not.toContain(`Minister RU ${tag}`);
  });

  it('a target launched late owes letters only to the signatures its audience includes', async () => {
    const late = expectStatus(
      await staff.createTarget({ name: `Deputy ${tag}`, title: 'Deputy Minister', organization: 'Council', email: `deputy.${tag}@officials.example` }),
      201,
    );
    expectStatus(
      await staff.post(`/api/campaigns/${campaign.id}/targets`, { targetId: late.id, audience: { mode: 'countries', countries: ['ru', 'fr'] } }),
      201,
    );
    expect(expectStatus(await staff.launchTarget(campaign.id, late.id), 200, 202).audience).toEqual({ mode: 'countries', countries: ['FR', 'RU'] });
    await waitFor(() => stack.smtp.to(late.email).length >= 2, 'the backfilled letters to the late target', { timeout: 30_000 });
    await waitFor(async () => (await staff.getCampaign(campaign.id)).json.targets.find((t) => t.id === late.id)?.backfilledAt, 'the backfill to end');
    expect(
      stack.smtp
        .to(late.email)
        .map((m) => m.text.match(/From(RU|FR|LB|SY|BR)/)?.[1])
        .sort(),
    ).toEqual(['FR', 'RU']);
    const [owed] = await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE target_id = $1`, [late.id]);
    expect(owed.n).toBe(2);
  });

  it('an audience changed mid-campaign decides for later confirmations only, and the answer says so', async () => {
    const bad = await staff.patch(`/api/campaigns/${campaign.id}/targets/${secretaryGeneral.id}`, { audience: { mode: 'somewhere' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.message)).toMatch(/audience.mode must be one of: everyone, same-country, countries, fallback/);
    const changed = expectStatus(
      await staff.patch(`/api/campaigns/${campaign.id}/targets/${secretaryGeneral.id}`, { audience: { mode: 'countries', countries: ['LB'] } }),
      200,
    );
    expect(changed).toMatchObject({ id: secretaryGeneral.id, audience: { mode: 'countries', countries: ['LB'] } });
    expect(changed.note).toMatch(/already owed stay owed/);
    const [audit] = expectStatus(await app.admin.get(`/api/admin/audit?subjectId=${campaign.id}&action=target.audience`), 200).items;
    expect(audit.details).toMatchObject({ targetId: secretaryGeneral.id, from: { mode: 'everyone' }, to: { mode: 'countries', countries: ['LB'] } });

    const before = stack.smtp.to(secretaryGeneral.email).length;
    for (const cc of ['FR', 'LB', 'BR']) {
      await signAndConfirm(app.api, stack.smtp, campaign.slug, {
        firstName: 'Later',
        lastName: `Later${cc}${tag}`,
        email: `later.${cc}.${tag}@supporters.example`,
        country: cc,
      });
    }
    const expected: Record<string, string[]> = {
      FR: [ministers.get('FR')!.email, `deputy.${tag}@officials.example`],
      LB: [ministers.get('LB')!.email, secretaryGeneral.email],
      BR: [envoy.email],
    };
    await waitFor(() => ['FR', 'LB', 'BR'].every((cc) => lettersFrom(`Later${cc}${tag}`).length >= expected[cc].length), 'the later letters', {
      timeout: 30_000,
    });
    for (const cc of ['FR', 'LB', 'BR']) expect(recipientsOf(lettersFrom(`Later${cc}${tag}`))).toEqual([...expected[cc]].sort());
    // the Secretary-General's letters owed before the change stayed owed and were sent: one more, from Lebanon
    expect(stack.smtp.to(secretaryGeneral.email).length).toBe(before + 1);
    const [sg] = await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE target_id = $1 AND status <> 'cancelled'`, [secretaryGeneral.id]);
    expect(sg.n).toBe(6);
  });

  it('a digest lists, for each official, only the signatories its audience includes', async () => {
    const digest = expectStatus(
      await staff.createCampaign({
        slug: `digest-${tag}`,
        title: 'Digest',
        summary: 'One letter a period.',
        appeal: { subject: '{{signatureCount}} people ask you to act', body: 'Dear {{target.name}},\n\n{{signatories}}' },
        delivery: { mode: 'digest', digestIntervalMinutes: 5 },
      }),
      201,
    );
    const fr = ministers.get('FR')!;
    const de = ministers.get('DE')!;
    for (const t of [fr, de])
      expectStatus(await staff.post(`/api/campaigns/${digest.id}/targets`, { targetId: t.id, audience: { mode: 'same-country' } }), 201);
    expectStatus(await staff.post(`/api/campaigns/${digest.id}/targets`, { targetId: secretaryGeneral.id }), 201);
    for (const t of [fr, de, secretaryGeneral]) expectStatus(await staff.launchTarget(digest.id, t.id), 200);
    expectStatus(await staff.launchCampaign(digest.id), 200);
    for (const cc of ['FR', 'LB']) {
      await signAndConfirm(app.api, stack.smtp, digest.slug, {
        firstName: 'Digest',
        lastName: `Digest${cc}${tag}`,
        email: `digest.${cc}.${tag}@supporters.example`,
        country: cc,
      });
    }
    // the confirmations move into the previous five-minute period, which is over
    await stack.db.query(`UPDATE signatures SET confirmed_at = now() - interval '6 minutes' WHERE campaign_id = $1`, [digest.id]);
    const letters = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === digest.slug, 2, 30_000);
    const to = (email: string) => letters.find((m) => m.rcptTo.includes(email))!;
    expect(to(fr.email).subject).toBe('1 people ask you to act');
    expect(to(fr.email).text).toContain(`DigestFR${tag}`);
    expect(to(fr.email).text).not.toContain(`DigestLB${tag}`);
    expect(to(secretaryGeneral.email).subject).toBe('2 people ask you to act');
    // Germany's minister has no German signatory in the period: no letter at all
    const [none] = await stack.db.query(`SELECT count(*)::int AS n FROM deliveries WHERE campaign_id = $1 AND target_id = $2`, [digest.id, de.id]);
    expect(none.n).toBe(0);
  });

  describe('a campaign that writes to no one from some countries', () => {
    let slug: string;

    beforeAll(async () => {
      const c = expectStatus(
        await staff.createCampaign({ slug: `ministers-only-${tag}`, title: 'Ministers only', summary: 'Only ministers.', appeal: LETTER }),
        201,
      );
      slug = c.slug;
      expectStatus(await staff.post(`/api/campaigns/${c.id}/targets/bulk`, { filter: { tag: 'g20', q: tag }, audience: { mode: 'same-country' } }), 200);
      for (const t of expectStatus(await staff.getCampaign(c.id), 200).targets) expectStatus(await staff.launchTarget(c.id, t.id), 200);
      expectStatus(await staff.launchCampaign(c.id), 200);
    });

    it('refuses a signing nobody would receive with a 422 naming the reason, and stores nothing', async () => {
      expect(expectStatus(await app.api.get(`/api/public/campaigns/${slug}/recipients?country=BR`), 200)).toEqual({ country: 'BR', targets: [] });
      const email = `nobody.${tag}@supporters.example`;
      const refused = await app.api.sign(slug, { firstName: 'Nobody', lastName: 'Receives', email, country: 'BR' });
      expect(refused.status).toBe(422);
      expect(refused.text).toMatch(/No official of this campaign receives letters from supporters in Brazil \(BR\)/);
      expect(await stack.db.query(`SELECT 1 FROM supporters WHERE email = $1`, [email])).toEqual([]);
      expectStatus(await app.api.sign(slug, { firstName: 'Some', lastName: 'One', email: `fr.only.${tag}@supporters.example`, country: 'FR' }), 202);
    });

    it('the page without JavaScript: says so beside the country, then names the recipients after signing and in the email', async () => {
      const page = await fetch(`${app.api.base}/c/${slug}`);
      const html = await page.text();
      expect(html).toContain('Who receives your letter depends on your country');
      const stamp = html.match(/name="stamp" value="([^"]+)"/)?.[1];
      expect(stamp).toBeTruthy();
      const form = (country: string, email: string) =>
        new URLSearchParams({ firstName: 'Page', lastName: `Signer${country}`, email, country, stamp: stamp! }).toString();
      const post = (body: string) =>
        fetch(`${app.api.base}/c/${slug}?lang=en`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          redirect: 'manual',
        });

      const refused = await post(form('BR', `page.br.${tag}@supporters.example`));
      expect(refused.status).toBe(422);
      const refusedHtml = await refused.text();
      expect(refusedHtml).toContain('No official of this appeal receives letters from supporters in Brazil');
      expect(refusedHtml).toContain(`value="page.br.${tag}@supporters.example"`);

      const signed = await post(form('FR', `page.fr.${tag}@supporters.example`));
      expect(signed.status).toBe(303);
      const location = signed.headers.get('location')!;
      expect(location).toContain('country=FR');
      const checkEmail = await (await fetch(`${app.api.base}${location}`)).text();
      expect(checkEmail).toContain('From France, your letter goes to:');
      expect(checkEmail).toContain(`Minister FR ${tag}`);
      expect(checkEmail).not.toContain(`Minister RU ${tag}`);
      const [confirmation] = await stack.smtp.waitFor((m) => m.rcptTo.includes(`page.fr.${tag}@supporters.example`) && !!m.headers['x-appeal-notification']);
      expect(confirmation.text).toContain('Once you confirm, your letter goes to:');
      expect(confirmation.text).toContain(`Minister FR ${tag}`);
      expect(confirmation.text).not.toContain(`Minister RU ${tag}`);
    });
  });
});
