import { expectStatus } from './helpers/api-client.js';
import { LETTER, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { type RunningApp } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const RUSSIA = {
  name: 'Russia',
  // stored upper-case
  when: { countries: ['ru'] },
  subject: 'Russia can stop the assault on Homs, {{target.name}}',
  body: 'Dear {{target.title}} {{target.name}},\n\nYour government can press Damascus to end the assault on Homs.\n\n{{supporter.fullName}}, {{supporter.country}}',
  translations: {
    ru: {
      subject: 'Россия может остановить штурм Хомса, {{target.name}}',
      body: 'Уважаемый {{target.title}} {{target.name}}!\n\nВаше правительство может добиться от Дамаска прекращения штурма Хомса.\n\n{{supporter.fullName}}, {{supporter.country}}',
    },
  },
};
const LEAGUE = {
  name: 'Arab League',
  when: { tags: ['Secretary-General'] },
  subject: 'The League can act, {{target.name}}',
  body: 'Dear {{target.title}} {{target.name}},\n\nThe League can act.',
};
/** the default letter's own Russian: for a Russian-speaking official no version is for */
const DEFAULT_RU = { subject: 'Остановите штурм Хомса', body: 'Уважаемый {{target.name}}!\n\nПрошу вас действовать.' };

/**
 * Letter versions by target (issue 16): a campaign's letter has a version for `countries: ["RU"]`
 * with a Russian translation, and one for the tag `secretary-general`. The Russian minister
 * (country RU, locale ru) gets the first in Russian, the Secretary-General the second, the
 * Belarusian minister (locale ru, no version for BY) the default letter's Russian, the French
 * minister the default letter: in the preview (its `version` and `translation`) and on the wire.
 * Bad versions are 400s naming the version and the problem, and change nothing.
 */
describe('letter versions by target', () => {
  const { stack, app } = useStack({ app: { FORM_MIN_FILL_SECONDS: '0' } });
  let staff: RunningApp['api'];
  let campaign: { id: string; slug: string };
  const tag = uniq();
  const official = (name: string, country: string | null, locale: string, organization: string) => ({
    name: `${name} ${tag}`,
    title: 'Minister of Foreign Affairs',
    organization,
    ...(country ? { country } : {}),
    locale,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}.${tag}@officials.example`,
  });
  let lavrov: { id: string; name: string; email: string };
  let barrot: { id: string; name: string; email: string };
  let aboulGheit: { id: string; name: string; email: string };
  let belarus: { id: string; name: string; email: string };

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
    lavrov = expectStatus(await staff.createTarget(official('Sergei Lavrov', 'RU', 'ru', 'Russian Federation')), 201);
    barrot = expectStatus(await staff.createTarget(official('Jean-Noel Barrot', 'FR', 'fr', 'French Republic')), 201);
    aboulGheit = expectStatus(
      await staff.createTarget({ ...official('Ahmed Aboul Gheit', null, 'en', 'League of Arab States'), title: 'Secretary-General' }),
      201,
    );
    belarus = expectStatus(await staff.createTarget(official('Maxim Ryzhenkov', 'BY', 'ru', 'Republic of Belarus')), 201);
    // the directory's tags (set here as the directory stores them: lower-case)
    await stack.db.query(`UPDATE targets SET tags = '{secretary-general}' WHERE id = $1`, [aboulGheit.id]);
    await stack.db.query(`UPDATE targets SET tags = '{foreign-minister}' WHERE id = ANY($1)`, [[lavrov.id, barrot.id, belarus.id]]);

    const slug = `homs-versions-${tag}`;
    const created = expectStatus(
      await staff.createCampaign({
        slug,
        title: 'Stop the assault on Homs',
        appeal: { ...LETTER, translations: { ru: DEFAULT_RU }, versions: [RUSSIA, LEAGUE] },
      }),
      201,
    );
    campaign = { id: created.id, slug };
    for (const t of [lavrov, barrot, aboulGheit, belarus]) {
      expectStatus(await staff.attachTarget(campaign.id, t.id), 201);
      expectStatus(await staff.launchTarget(campaign.id, t.id), 200, 202);
    }
  });

  const savedAppeal = async () => (await stack.db.query(`SELECT appeal FROM campaigns WHERE id = $1`, [campaign.id]))[0].appeal;

  it('stores the versions with their conditions normalised, and shows them', async () => {
    const expected = [
      { ...RUSSIA, when: { countries: ['RU'] } },
      { ...LEAGUE, when: { tags: ['secretary-general'] } },
    ];
    expect((await savedAppeal()).versions).toEqual(expected);
    expect(expectStatus(await staff.getCampaign(campaign.id), 200).appeal).toMatchObject({ versions: expected });
  });

  it('previews each official’s version and translation, and says which', async () => {
    const preview = async (targetId: string, appeal?: unknown) =>
      expectStatus(await staff.post(`/api/campaigns/${campaign.id}/preview`, { targetId, ...(appeal ? { appeal } : {}) }), 200);
    expect(await preview(lavrov.id)).toMatchObject({
      target: { id: lavrov.id, locale: 'ru' },
      version: 'Russia',
      translation: 'ru',
      subject: `Россия может остановить штурм Хомса, ${lavrov.name}`,
    });
    expect((await preview(lavrov.id)).text).toContain('Ваше правительство может добиться от Дамаска');
    expect(await preview(aboulGheit.id)).toMatchObject({ version: 'Arab League', translation: null, subject: `The League can act, ${aboulGheit.name}` });
    expect(await preview(belarus.id)).toMatchObject({ version: null, translation: 'ru', subject: 'Остановите штурм Хомса' });
    expect(await preview(barrot.id)).toMatchObject({ version: null, translation: null, subject: LETTER.subject });

    // an unsaved letter (the console's editor): its versions choose, checked as saving would check them
    const draft = { ...LETTER, versions: [{ ...LEAGUE, name: 'France', when: { countries: ['fr'], organizations: [' french republic '] } }] };
    expect(await preview(barrot.id, draft)).toMatchObject({ version: 'France', translation: null, subject: `The League can act, ${barrot.name}` });
    expect(await preview(lavrov.id, draft)).toMatchObject({ version: null, translation: null, subject: LETTER.subject });
    const bad = await staff.post(`/api/campaigns/${campaign.id}/preview`, {
      targetId: lavrov.id,
      appeal: { ...LETTER, versions: [{ ...RUSSIA, body: '{{foo}}' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toEqual(['appeal.versions[0] ("Russia").body: unknown placeholder {{foo}}']);
  });

  it('refuses bad versions with a 400 naming the version and the problem, and changes nothing', async () => {
    const before = await savedAppeal();
    const campaigns = async () => (await stack.db.query(`SELECT count(*)::int AS n FROM campaigns`))[0].n;
    const count = await campaigns();
    const cases: [unknown, string[]][] = [
      [
        [{ ...RUSSIA, translations: { ru: { ...RUSSIA.translations.ru, body: 'Уважаемый {{target.nam}}' } } }],
        ['appeal.versions[0] ("Russia").translations.ru.body: unknown placeholder {{target.nam}}'],
      ],
      [
        [RUSSIA, { ...LEAGUE, subject: '{{signatureCount}} ask you' }],
        ['appeal.versions[1] ("Arab League").subject: {{signatureCount}} is only available in digest mode'],
      ],
      [[{ ...RUSSIA, when: {} }], ['appeal.versions[0] ("Russia").when must give at least one condition: countries, organizations or tags']],
      [[{ ...RUSSIA, when: { countries: [] } }], ['appeal.versions[0] ("Russia").when must give at least one condition: countries, organizations or tags']],
      [
        [{ ...RUSSIA, when: { countries: ['RU', 'XX'] } }],
        ['appeal.versions[0] ("Russia").when.countries: "XX" is not an ISO 3166-1 alpha-2 country code (such as "RU")'],
      ],
      [
        [RUSSIA, { ...LEAGUE, name: ' russia ' }],
        ['appeal.versions[1] ("russia").name is the name of appeal.versions[0] already: each version needs a name of its own'],
      ],
      [[{ ...RUSSIA, name: '' }], ['appeal.versions[0] ("").name must be one line of 1 to 100 characters']],
      [[{ ...RUSSIA, subject: '' }], ['appeal.versions[0] ("Russia").subject must be one line of 1 to 300 characters']],
      [[{ ...RUSSIA, audience: 'everyone' }], ['appeal.versions[0] ("Russia"): unknown field(s) audience']],
      [Array.from({ length: 51 }, (_, i) => ({ ...RUSSIA, name: `v${i}` })), ['appeal.versions may hold at most 50 versions: 51 given']],
      [{ Russia: RUSSIA }, ['appeal.versions must be a list: [{ name, when: { countries?, organizations?, tags? }, subject, body, translations? }]']],
    ];
    for (const [versions, message] of cases) {
      const patched = await staff.patch(`/api/campaigns/${campaign.id}`, { appeal: { ...LETTER, versions } });
      expect([patched.status, patched.json.message]).toEqual([400, message]);
      const created = await staff.post('/api/campaigns', { slug: `homs-${uniq()}`, title: 'T', appeal: { ...LETTER, versions } });
      expect([created.status, created.json.message]).toEqual([400, message]);
    }
    expect(await savedAppeal()).toEqual(before);
    expect(await campaigns()).toBe(count);
  });

  it('sends each official the version its conditions choose, in its language, and the others the default letter', async () => {
    expectStatus(await staff.launchCampaign(campaign.id), 200);
    const amal = { ...supporter(0, tag), comment: 'Civilians must be protected.' };
    await signAndConfirm(app.api, stack.smtp, campaign.slug, amal);
    const letters = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug, 4);
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id])).length === 4,
      'the four letters to say sent',
    );
    const to = (t: { email: string }) => {
      const mine = letters.filter((m) => m.rcptTo.includes(t.email));
      expect(mine).toHaveLength(1);
      return mine[0];
    };
    const ru = to(lavrov);
    expect(ru.subject).toBe(`Россия может остановить штурм Хомса, ${lavrov.name}`);
    expect(ru.text).toContain(`Уважаемый Minister of Foreign Affairs ${lavrov.name}!`);
    expect(ru.text).toContain('Ваше правительство может добиться от Дамаска прекращения штурма Хомса.');
    expect(ru.text).toContain(`${amal.firstName} ${amal.lastName}, Ливан`);
    const league = to(aboulGheit);
    expect(league.subject).toBe(`The League can act, ${aboulGheit.name}`);
    expect(league.text).toContain('The League can act.');
    const by = to(belarus);
    expect(by.subject).toBe('Остановите штурм Хомса');
    expect(by.text).not.toContain('Дамаска');
    const fr = to(barrot);
    expect(fr.subject).toBe(LETTER.subject);
    expect(fr.text).toContain(`Dear Minister of Foreign Affairs ${barrot.name},`);
    expect(fr.text).not.toContain('Damascus');
  });

  it('mails a test letter in the version the official would get', async () => {
    const receipt = expectStatus(await staff.post(`/api/campaigns/${campaign.id}/test-send`, { targetId: lavrov.id }), 202);
    expect(receipt.subject).toBe(`[TEST] Россия может остановить штурм Хомса, ${lavrov.name}`);
    const [mail] = await stack.smtp.waitFor((m) => m.headers['x-appeal-test'] === 'true' && m.headers['x-appeal-campaign'] === campaign.slug);
    expect(mail.subject).toBe(`[TEST] Россия может остановить штурм Хомса, ${lavrov.name}`);
  });
});
