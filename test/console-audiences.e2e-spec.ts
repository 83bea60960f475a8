import { expectStatus, type TargetJson } from './helpers/api-client.js';
import { ConsoleClient, pageText } from './helpers/console-client.js';
import { LETTER, newCampaigner, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';

/**
 * Audiences in the console (issue 16), without JavaScript: an official attached from a search
 * with an audience; foreign ministers attached many at once by tag with "same-country" (a filter
 * naming nothing refused in words); an audience changed on the official's page, the flash saying
 * that letters already owed stay owed; bad country codes named beside their field with what was
 * typed kept; "who receives a letter from…" a country, for one that is matched and one that is
 * not (signing from there refused), then taken by a fallback official.
 */
describe('console: audiences, attaching many at once and who receives a letter', () => {
  const { stack, app } = useStack();
  let browser: ConsoleClient;
  let staff: Awaited<ReturnType<typeof newCampaigner>>['staff'];
  let campaign: { id: string };
  const tag = uniq();
  const ministerTag = `fm-${tag}`;
  const ministers: Record<string, TargetJson> = {};
  let league: TargetJson;
  let fallback: TargetJson;
  let retired: TargetJson;

  beforeAll(async () => {
    const made = await newCampaigner(app);
    staff = made.staff;
    browser = await new ConsoleClient(app.url).signIn(made.email, 'campaigner-password-1');
    const create = async (body: Parameters<typeof staff.createTarget>[0]) => expectStatus(await staff.createTarget(body), 201);
    for (const country of ['FR', 'DE', 'LB'])
      ministers[country] = await create({
        name: `Minister ${country} ${tag}`,
        title: 'Minister of Foreign Affairs',
        organization: `Government ${country}`,
        country,
        email: `fm.${country.toLowerCase()}.${tag}@gov.example`,
        tags: [ministerTag, 'g20'],
      });
    // tagged too, but deactivated: never attached
    retired = await create({ name: `Retired Minister ${tag}`, country: 'IT', email: `fm.it.${tag}@gov.example`, tags: [ministerTag] });
    expectStatus(await staff.patch(`/api/targets/${retired.id}`, { active: false }), 200);
    league = await create({
      name: `Secretary-General ${tag}`,
      title: 'Secretary-General',
      organization: `League of Arab States ${tag}`,
      email: `sg.${tag}@arab-league.example`,
    });
    fallback = await create({ name: `UN Envoy ${tag}`, title: 'Special Envoy', organization: 'United Nations', email: `envoy.${tag}@un.example` });
    campaign = expectStatus(
      await staff.createCampaign({ slug: `own-minister-${tag}`, title: 'Write to your own minister', summary: 'Ask them.', appeal: LETTER }),
      201,
    );
  });

  const base = () => `/console/campaigns/${campaign.id}`;
  const audienceOf = async (targetId: string) =>
    (await stack.db.query(`SELECT audience FROM campaign_targets WHERE campaign_id = $1 AND target_id = $2`, [campaign.id, targetId]))[0]?.audience;
  /** The answer of the recipients check on a Targets page, as read. */
  const recipientsAnswer = async (query: string) => {
    const page = await browser.get(`${base()}/targets?${query}`);
    return { status: page.status, html: page.text, text: pageText(page.text.match(/<div class="recipients-answer">([\s\S]*?)<\/section>/)?.[1] ?? '') };
  };
  /** Follows a redirect and answers the flash it left (the page's text, where the flash is first). */
  const flashAfter = async (r: { status: number; location: string | null; text: string }) => {
    expect([r.status, r.text.slice(0, 300)]).toEqual([303, '']);
    const page = await browser.get(r.location!);
    return pageText(page.text.match(/<div[^>]*id="flash"[^>]*>([\s\S]*?)<\/div>/)?.[1] ?? '');
  };

  it('attaches an official found in the directory with the audience chosen, and says so', async () => {
    const found = await browser.get(`${base()}/targets?q=${encodeURIComponent(`League of Arab States ${tag}`)}`);
    expect(found.status).toBe(200);
    // one form: the audience once, a button per official found
    expect(found.text).toMatch(/<form method="post" action="[^"]+\/targets" id="attach-form"/);
    expect(found.text).toContain(`name="targetId" value="${league.id}"`);
    expect(found.text).toMatch(/<select id="f-attach-audience" name="audience"[^>]*>.*<option value="everyone" selected>Every supporter<\/option>/s);
    expect(pageText(found.text)).toContain('Who receives a letter from…');

    const r = await browser.post(`${base()}/targets`, {
      q: `League of Arab States ${tag}`,
      targetId: league.id,
      audience: 'countries',
      audienceCountries: 'sy, LB;lb',
    });
    expect(r.location).toBe(`${base()}/targets?q=${encodeURIComponent(`League of Arab States ${tag}`)}`);
    expect(await flashAfter(r)).toBe(
      `Secretary-General ${tag} attached, with letters from supporters in LB, SY. Launch them to owe them a letter for every confirmed signature their audience includes.`,
    );
    expect(await audienceOf(league.id)).toEqual({ mode: 'countries', countries: ['LB', 'SY'] });
    // the list says whose letters each official receives
    expect(pageText((await browser.get(`${base()}/targets`)).text)).toContain(
      `Secretary-General ${tag} Secretary-General, League of Arab States ${tag} · en Attached, not launched Letters from supporters in LB, SY`,
    );
  });

  it('refuses bad country codes beside the field, keeping what was typed, and attaches nobody', async () => {
    await browser.get(`${base()}/targets`);
    const r = await browser.post(`${base()}/targets`, {
      q: 'Envoy',
      targetId: fallback.id,
      audience: 'countries',
      audienceCountries: 'FR, XX, Germany',
    });
    expect(r.status).toBe(400);
    const text = pageText(r.text);
    expect(text).toContain('There is a problem');
    expect(text).toContain('These countries: Not country codes: XX, GERMANY. Use two-letter ISO codes such as FR, DE, LB.');
    expect(r.text).toContain('value="FR, XX, Germany"');
    expect(r.text).toMatch(/<option value="countries" selected>/);
    expect(r.text).toContain('href="#f-attach-audienceCountries"');
    // the search is still there to attach from
    expect(r.text).toContain(`name="targetId" value="${fallback.id}"`);
    expect(await audienceOf(fallback.id)).toBeUndefined();
    // an empty list for "these countries" is no audience either
    const empty = await browser.post(`${base()}/targets`, { targetId: fallback.id, audience: 'countries', audienceCountries: ' , ' });
    expect(empty.status).toBe(400);
    expect(pageText(empty.text)).toContain('List the countries whose supporters write to them');
    expect(await audienceOf(fallback.id)).toBeUndefined();
  });

  it('attaches every active minister tagged so at once, each writing to their own country’s supporters', async () => {
    const page = await browser.get(`${base()}/targets`);
    expect(page.text).toContain(`<option value="${ministerTag}"></option>`);
    const r = await browser.post(`${base()}/targets/bulk`, {
      tag: ministerTag.toUpperCase(),
      country: '',
      organization: '',
      audience: 'same-country',
      audienceCountries: '',
    });
    expect(await flashAfter(r)).toBe(
      `3 attached, 0 already attached (of 3 matching tag “${ministerTag}”), with letters from supporters in the official's country. Launch them to owe them letters.`,
    );
    for (const m of Object.values(ministers)) expect(await audienceOf(m.id)).toEqual({ mode: 'same-country' });
    expect(await audienceOf(retired.id)).toBeUndefined();
    const list = pageText((await browser.get(`${base()}/targets`)).text);
    expect(list.match(/Letters from supporters in the official's country/g)).toHaveLength(3);

    // again, narrowed to one country: nothing new, the one attached keeps its audience
    const again = await browser.post(`${base()}/targets/bulk`, { tag: ministerTag, country: 'fr', audience: 'everyone' });
    expect(await flashAfter(again)).toBe(`0 attached, 1 already attached (of 1 matching tag “${ministerTag}”, country FR).`);
    expect(await audienceOf(ministers.FR.id)).toEqual({ mode: 'same-country' });
    const audits = await stack.db.query(`SELECT details FROM audit_log WHERE action = 'target.attach-bulk' AND subject_id = $1 ORDER BY at`, [campaign.id]);
    expect(audits.map((a: { details: { attached: number } }) => a.details.attached)).toEqual([3, 0]);
  });

  it('refuses a bulk attach naming nothing, or a bad filter or audience, in words', async () => {
    const before = (await stack.db.query(`SELECT count(*)::int AS n FROM campaign_targets WHERE campaign_id = $1`, [campaign.id]))[0].n;
    const nothing = await browser.post(`${base()}/targets/bulk`, { tag: ' ', country: '', organization: '', audience: 'everyone' });
    expect(await flashAfter(nothing)).toBe(
      'Nothing attached: fill in a tag, a country or an organization (at least one). A filter naming nothing would take the whole directory.',
    );
    const badCountry = await browser.post(`${base()}/targets/bulk`, { tag: ministerTag, country: 'QQ', audience: 'same-country' });
    expect(badCountry.status).toBe(400);
    expect(pageText(badCountry.text)).toContain('Country: Must be an ISO 3166-1 alpha-2 country code such as "LB"');
    expect(badCountry.text).toContain('value="QQ"');
    expect(badCountry.text).toContain(`value="${ministerTag}"`);
    const badAudience = await browser.post(`${base()}/targets/bulk`, { organization: 'Government', audience: 'countries', audienceCountries: 'EU' });
    expect(badAudience.status).toBe(400);
    expect(pageText(badAudience.text)).toContain('These countries: Not a country code: EU.');
    expect(badAudience.text).toContain('id="f-bulk-audienceCountries"');
    expect(badAudience.text).toContain('value="Government"');
    expect((await stack.db.query(`SELECT count(*)::int AS n FROM campaign_targets WHERE campaign_id = $1`, [campaign.id]))[0].n).toBe(before);
  });

  it('changes an official’s audience on their page, saying that letters already owed stay owed', async () => {
    const detail = await browser.get(`${base()}/targets/${ministers.DE.id}`);
    expect(detail.status).toBe(200);
    expect(pageText(detail.text)).toContain("Audience Letters from supporters in the official's country");
    expect(detail.text).toMatch(/<option value="same-country" selected>/);
    const r = await browser.post(`${base()}/targets/${ministers.DE.id}/audience`, { audience: 'countries', audienceCountries: 'de at ch' });
    expect(r.location).toBe(`${base()}/targets/${ministers.DE.id}`);
    expect(await flashAfter(r)).toBe(
      `Minister DE ${tag} now receives letters from supporters in AT, CH, DE. Letters already owed stay owed; the new audience decides for signatures confirmed from now on.`,
    );
    expect(await audienceOf(ministers.DE.id)).toEqual({ mode: 'countries', countries: ['AT', 'CH', 'DE'] });
    const [audit] = await stack.db.query(`SELECT details FROM audit_log WHERE action = 'target.audience' AND subject_id = $1`, [campaign.id]);
    expect(audit.details).toMatchObject({
      targetId: ministers.DE.id,
      from: { mode: 'same-country' },
      to: { mode: 'countries', countries: ['AT', 'CH', 'DE'] },
    });
    // the form shows the audience as it is now
    expect((await browser.get(`${base()}/targets/${ministers.DE.id}`)).text).toContain('value="AT, CH, DE"');

    // a bad code: named beside the field, what was typed kept, nothing changed
    const bad = await browser.post(`${base()}/targets/${ministers.DE.id}/audience`, { audience: 'countries', audienceCountries: 'DE, ZZ' });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain('These countries: Not a country code: ZZ.');
    expect(bad.text).toContain('value="DE, ZZ"');
    expect(bad.text).toContain('aria-invalid="true"');
    expect(await audienceOf(ministers.DE.id)).toEqual({ mode: 'countries', countries: ['AT', 'CH', 'DE'] });

    // back to their own country; the same again changes nothing
    await browser.get(`${base()}/targets/${ministers.DE.id}`);
    expect(
      await flashAfter(await browser.post(`${base()}/targets/${ministers.DE.id}/audience`, { audience: 'same-country', audienceCountries: 'AT, CH, DE' })),
    ).toContain('now receives letters from supporters in the official');
    expect(await audienceOf(ministers.DE.id)).toEqual({ mode: 'same-country' });
    expect(await flashAfter(await browser.post(`${base()}/targets/${ministers.DE.id}/audience`, { audience: 'same-country' }))).toBe(
      `Nothing changed: Minister DE ${tag} already receives letters from supporters in the official's country.`,
    );
    // without the page's CSRF token: refused, nothing changed
    const forged = await browser.post(`${base()}/targets/${ministers.DE.id}/audience`, { audience: 'everyone', _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(await audienceOf(ministers.DE.id)).toEqual({ mode: 'same-country' });
  });

  it('says who receives a letter from a country: nobody launched yet, the officials matched, nobody (refused), then a fallback', async () => {
    expect((await recipientsAnswer('recipientsFor=FR')).text).toBe(
      'No official is launched yet, so nobody receives letters: a signature from France (FR) is taken, and each official launched later gets the letters its audience includes.',
    );

    // one button launches every official still pending (the three ministers attached at once, and the League)
    const targetsPage = await browser.get(`${base()}/targets`);
    expect(pageText(targetsPage.text)).toContain('Launch the 4 pending officials');
    expect(await flashAfter(await browser.post(`${base()}/targets/launch-pending`, {}))).toBe('4 officials launched.');
    for (const t of [...Object.values(ministers), league])
      expect((await staff.getCampaign(campaign.id)).json.targets.find((x) => x.id === t.id)?.status).toBe('launched');
    expect(pageText((await browser.get(`${base()}/targets`)).text)).not.toContain('pending officials');

    const lb = await recipientsAnswer('recipientsFor=lb');
    expect(lb.status).toBe(200);
    expect(lb.text).toBe(
      // in launch order: the League was attached (and so launched) first
      `A supporter in Lebanon (LB) writes to 2 officials: Secretary-General ${tag} Secretary-General, League of Arab States ${tag} · letters from supporters in LB, SY ` +
        `Minister LB ${tag} Minister of Foreign Affairs, Government LB, LB · letters from supporters in the official's country`,
    );
    expect(lb.html).toMatch(/<option value="LB" selected>Lebanon \(LB\)<\/option>/);
    expect(lb.html).toContain(`href="${base()}/targets/${ministers.LB.id}"`);
    const fr = await recipientsAnswer('recipientsFor=FR');
    expect(fr.text).toMatch(new RegExp(`^A supporter in France \\(FR\\) writes to 1 official: Minister FR ${tag} `));

    const jp = await recipientsAnswer('recipientsFor=JP');
    expect(jp.text).toContain('Nobody receives a letter from a supporter in Japan (JP).');
    expect(jp.text).toContain('signing from there is refused');
    expect(jp.html).toContain('class="notice bad"');
    // the staff API says the same
    expect(expectStatus(await staff.get(`/api/campaigns/${campaign.id}/recipients?country=JP`), 200).targets).toEqual([]);

    const wrong = await browser.get(`${base()}/targets?recipientsFor=XX`);
    expect(wrong.status).toBe(400);
    expect(pageText(wrong.text)).toContain('Choose a country from the list.');

    // a fallback official takes the supporters nobody else does: Japan now, not Lebanon
    await browser.get(`${base()}/targets?q=Envoy`);
    expect(
      await flashAfter(await browser.post(`${base()}/targets`, { q: 'Envoy', targetId: fallback.id, audience: 'fallback', audienceCountries: '' })),
    ).toContain(`UN Envoy ${tag} attached, with letters from supporters whom no country-matched official receives.`);
    expectStatus(await staff.launchTarget(campaign.id, fallback.id), 200, 202);
    expect((await recipientsAnswer('recipientsFor=JP')).text).toBe(
      `A supporter in Japan (JP) writes to 1 official: UN Envoy ${tag} Special Envoy, United Nations · letters from supporters whom no country-matched official receives`,
    );
    expect((await recipientsAnswer('recipientsFor=LB')).text).not.toContain('UN Envoy');
    const api = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/recipients?country=LB`), 200);
    expect(api.targets.map((t: { id: string }) => t.id).sort()).toEqual([ministers.LB.id, league.id].sort());
  });
});
