import { CampaignsService } from '../src/campaigns/campaigns.service.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { LETTER, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { type Stack } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

const RUSSIAN = {
  subject: 'Используйте своё влияние, чтобы остановить штурм Хомса',
  body:
    'Уважаемый {{target.title}} {{target.name}}!\n\nПрошу {{target.organization}} добиться прекращения обстрелов Хомса.\n\n' +
    '{{supporter.comment}}\n\nС уважением,\n{{supporter.fullName}}, {{supporter.country}}',
};
const APPEAL = { ...LETTER, translations: { ru: RUSSIAN } };

/**
 * Campaigns from the staff side: the letter and its placeholders, the status machine, campaign
 * targets (attach, launch, withdraw), previews and test sends, translations, and endsAt.
 */
describe('campaigns', () => {
  const { stack, app } = useStack();
  let staff: ApiClient;
  let staffEmail: string;

  beforeAll(async () => {
    ({ email: staffEmail, staff } = await newCampaigner(app));
  });

  const newTarget = async (over: Record<string, unknown> = {}) => {
    const tag = uniq();
    return expectStatus(
      await staff.post('/api/targets', {
        name: `Official ${tag}`,
        title: 'Minister of Foreign Affairs',
        organization: `State ${tag}`,
        email: `official.${tag}@officials.example`,
        ...over,
      }),
      201,
    );
  };
  const newCampaign = async (over: Record<string, unknown> = {}) =>
    expectStatus(await staff.post('/api/campaigns', { slug: `homs-${uniq()}`, title: 'Stop the assault on Homs', appeal: APPEAL, ...over }), 201);
  const attachAndLaunch = async (campaignId: string, targetId: string) => {
    expectStatus(await staff.post(`/api/campaigns/${campaignId}/targets`, { targetId }), 201);
    return staff.post(`/api/campaigns/${campaignId}/targets/${targetId}/launch`);
  };
  const campaignCount = async () => (await stack.db.query(`SELECT count(*)::int AS n FROM campaigns`))[0].n as number;
  const auditOf = async (subjectId: string) => expectStatus(await app.admin.getAudit(`subjectId=${subjectId}&limit=500`), 200).items;

  describe('create, read, update', () => {
    it('creates a draft with its letter, no signatures and no targets yet', async () => {
      const slug = `homs-${uniq()}`;
      const r = await staff.post('/api/campaigns', {
        slug,
        title: 'Stop the assault on Homs',
        summary: 'Urge them to act.',
        appeal: APPEAL,
        signatureGoal: 10000,
      });
      expect(r.status).toBe(201);
      expect(r.json).toEqual({
        id: expect.any(String),
        slug,
        title: 'Stop the assault on Homs',
        summary: 'Urge them to act.',
        translations: {},
        appeal: APPEAL,
        signatureGoal: 10000,
        endsAt: null,
        requireConfirmation: true,
        delivery: { mode: 'individual' },
        // consent to further contact is not asked unless the campaign says so
        optIn: { enabled: false },
        // supporters add a comment to the letter unless the campaign lets them rewrite it
        letterEditing: 'comment',
        // supporters' own words go as written unless the campaign moderates them
        moderation: { mode: 'off' },
        awaitingReview: 0,
        status: 'draft',
        launchedAt: null,
        closedAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        counts: { pending: 0, confirmed: 0, withdrawn: 0 },
        personalisation: { personal: 0, total: 0 },
        targets: [],
      });
      expect(expectStatus(await staff.get(`/api/campaigns/${r.json.id}`), 200)).toEqual(r.json);
    });

    it('400 names each unknown placeholder, in the letter and its translations, and saves nothing', async () => {
      const before = await campaignCount();
      const r = await staff.post('/api/campaigns', {
        slug: `homs-${uniq()}`,
        title: 'Bad letter',
        appeal: {
          subject: 'Dear {{target.name}}',
          body: 'Write to {{target.email}} and {{ supporter.emial }}; {{signatories}}',
          translations: { ru: { subject: '{{campaign.titel}}', body: 'ok' }, 'not a locale': { subject: 's', body: 'b' } },
        },
      });
      expect(r.status).toBe(400);
      expect(r.json.error).toBe('Bad Request');
      expect(r.json.message).toEqual(
        expect.arrayContaining([
          'appeal.body: unknown placeholder {{target.email}}',
          'appeal.body: unknown placeholder {{supporter.emial}}',
          'appeal.body: {{signatories}} is only available in digest mode',
          'appeal.translations.ru.subject: unknown placeholder {{campaign.titel}}',
          'appeal.translations.not a locale: "not a locale" is not a BCP 47 language tag',
        ]),
      );
      expect(await campaignCount()).toBe(before);
    });

    it('400 for a bad slug, a missing letter or an unknown field; 409 for a taken slug', async () => {
      const bad = await staff.post('/api/campaigns', { slug: 'Not A Slug!', title: 'T', extra: true });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toEqual(
        expect.arrayContaining([
          'slug may hold only a-z, 0-9 and inner dashes, at most 80 characters',
          'property extra should not exist',
          expect.stringMatching(/^appeal /),
        ]),
      );
      const noLetter = await staff.post('/api/campaigns', { slug: `homs-${uniq()}`, title: 'No letter' });
      expect(noLetter.status).toBe(400);
      expect(noLetter.json.message).toEqual([
        'appeal is required: { subject, body, translations? }',
        'appeal must be an object: { subject, body, translations? }',
      ]);
      const first = await newCampaign();
      const taken = await staff.post('/api/campaigns', { slug: first.slug, title: 'Another', appeal: LETTER });
      expect(taken.status).toBe(409);
      expect(taken.json).toEqual({ statusCode: 409, message: `The slug "${first.slug}" is taken`, error: 'Conflict' });
    });

    it('404 for an unknown campaign, 400 for an id that is not a UUID', async () => {
      for (const [method, path, body] of [
        ['GET', '', undefined],
        ['PATCH', '', { title: 'x' }],
        ['POST', '/preview', {}],
        ['POST', '/test-send', {}],
        ['POST', '/launch', undefined],
        ['POST', '/pause', undefined],
        ['POST', '/close', undefined],
        ['POST', '/targets', { targetId: MISSING_ID }],
      ] as const) {
        const missing = await staff.call(method, `/api/campaigns/${MISSING_ID}${path}`, body);
        expect([method, path, missing.status]).toEqual([method, path, 404]);
        expect(missing.json.error).toBe('Not Found');
        const bad = await staff.call(method, `/api/campaigns/nope${path}`, body);
        expect([method, path, bad.status]).toEqual([method, path, 400]);
      }
    });

    it('updates only the fields given; a bad letter is a 400 and changes nothing', async () => {
      const c = await newCampaign();
      const r = await staff.patch(`/api/campaigns/${c.id}`, { title: 'Protect the civilians of Homs', signatureGoal: 500 });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ title: 'Protect the civilians of Homs', signatureGoal: 500, slug: c.slug, appeal: APPEAL });
      const bad = await staff.patch(`/api/campaigns/${c.id}`, { appeal: { subject: 'Hi {{target.nmae}}', body: 'b' } });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toEqual(['appeal.subject: unknown placeholder {{target.nmae}}']);
      expect(expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200).appeal).toEqual(APPEAL);
      const nulls = await staff.patch(`/api/campaigns/${c.id}`, { appeal: null, title: null, signatureGoal: null });
      expect(nulls.status).toBe(400);
      expect(nulls.json.message).toEqual(['appeal cannot be null', 'title cannot be null']);
      expect(expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200).signatureGoal).toBe(500);
      const renamed = await staff.patch(`/api/campaigns/${c.id}`, { slug: `${c.slug}-2` });
      expect(renamed.json.slug).toBe(`${c.slug}-2`);
    });

    it('lists newest first with counts and targets, page by page', async () => {
      const all = expectStatus(await staff.get('/api/campaigns?limit=500'), 200);
      expect(all.nextCursor).toBeNull();
      expect(all.items.every((c: { counts: unknown; targets: unknown }) => c.counts && Array.isArray(c.targets))).toBe(true);
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = expectStatus(
          await staff.get(`/api/campaigns?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        walked.push(...page.items.map((c: { id: string }) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(walked).toEqual(all.items.map((c: { id: string }) => c.id));
      const times = all.items.map((c: { createdAt: string }) => Date.parse(c.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect((await staff.get('/api/campaigns?cursor=garbage')).status).toBe(400);
      expect((await staff.get(`/api/campaigns?cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`)).status).toBe(400);
    });
  });

  describe('the status machine: draft → live ⇄ paused → closed', () => {
    it('launches only with a launched target, answers 409 for every illegal change, and audits each change', async () => {
      const c = await newCampaign();
      const target = await newTarget();
      const noTarget = await staff.post(`/api/campaigns/${c.id}/launch`);
      expect(noTarget.status).toBe(409);
      expect(noTarget.json).toEqual({ statusCode: 409, message: 'Launch at least one target of the campaign first', error: 'Conflict' });
      expect((await staff.post(`/api/campaigns/${c.id}/pause`)).status).toBe(409);
      expect((await staff.post(`/api/campaigns/${c.id}/close`)).status).toBe(409);

      const attached = await staff.post(`/api/campaigns/${c.id}/targets`, { targetId: target.id });
      expect(attached.status).toBe(201);
      expect(attached.json).toMatchObject({ id: target.id, status: 'pending', launchedAt: null });
      expect((await staff.post(`/api/campaigns/${c.id}/launch`)).status).toBe(409); // attached is not launched

      const launchedTarget = await staff.post(`/api/campaigns/${c.id}/targets/${target.id}/launch`);
      expect(launchedTarget.status).toBe(200); // no signature yet: nothing to backfill
      expect(launchedTarget.json).toMatchObject({ id: target.id, status: 'launched', backfill: 'done', backfilledAt: expect.any(String) });

      const steps: [string, number, string][] = [
        ['launch', 200, 'live'],
        ['launch', 409, 'live'],
        ['pause', 200, 'paused'],
        ['pause', 409, 'paused'],
        ['launch', 200, 'live'], // resume
        ['close', 200, 'closed'],
        ['close', 409, 'closed'],
        ['pause', 409, 'closed'],
        ['launch', 409, 'closed'],
      ];
      for (const [action, status, after] of steps) {
        const r = await staff.post(`/api/campaigns/${c.id}/${action}`);
        expect([action, r.status]).toEqual([action, status]);
        if (status === 409) expect(r.json.message).toBe(`A ${after} campaign cannot ${action}`);
        expect(expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200).status).toBe(after);
      }
      const closed = expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200);
      expect(closed.launchedAt).not.toBeNull();
      expect(closed.closedAt).not.toBeNull();
      expect((await staff.patch(`/api/campaigns/${c.id}`, { title: 'x' })).status).toBe(409);
      expect((await staff.post(`/api/campaigns/${c.id}/targets`, { targetId: (await newTarget()).id })).status).toBe(409);

      const audit = await auditOf(c.id);
      expect(audit.map((e) => e.action)).toEqual([
        'campaign.close',
        'campaign.resume',
        'campaign.pause',
        'campaign.launch',
        'target.launch',
        'target.attach',
        'campaign.create',
      ]);
      expect(audit.every((e) => e.actorEmail === staffEmail)).toBe(true);
      expect(audit[0].details).toEqual({ from: 'live', to: 'closed' });
      expect(audit[4].details).toEqual({ targetId: target.id });
    });

    it('POST …/resume takes a paused campaign back to live (audited as campaign.resume) and nothing else; signing works again', async () => {
      const c = await newCampaign();
      const draft = await staff.post(`/api/campaigns/${c.id}/resume`);
      expect(draft.status).toBe(409);
      expect(draft.json.message).toBe('A draft campaign is launched, not resumed (POST …/launch)');
      expectStatus(await attachAndLaunch(c.id, (await newTarget()).id), 200);
      expectStatus(await staff.post(`/api/campaigns/${c.id}/launch`), 200);
      const live = await staff.post(`/api/campaigns/${c.id}/resume`);
      expect(live.status).toBe(409);
      expect(live.json.message).toBe('A live campaign cannot resume');
      expectStatus(await staff.post(`/api/campaigns/${c.id}/pause`), 200);
      expect((await app.api.post(`/api/public/campaigns/${c.slug}/signatures`, supporter(1))).status).toBe(409);
      const resumed = expectStatus(await staff.post(`/api/campaigns/${c.id}/resume`), 200);
      expect(resumed.status).toBe('live');
      await waitFor(async () => (await app.api.post(`/api/public/campaigns/${c.slug}/signatures`, supporter(2))).status === 202, 'signing to be open again');
      expect((await auditOf(c.id)).slice(0, 3).map((e) => [e.action, e.details])).toEqual([
        ['campaign.resume', { from: 'paused', to: 'live' }],
        ['campaign.pause', { from: 'live', to: 'paused' }],
        ['campaign.launch', { from: 'draft', to: 'live' }],
      ]);
      expect((await staff.post(`/api/campaigns/${MISSING_ID}/resume`)).status).toBe(404);
      expect((await staff.post('/api/campaigns/nope/resume')).status).toBe(400);
      expectStatus(await staff.post(`/api/campaigns/${c.id}/close`), 200);
      expect((await staff.post(`/api/campaigns/${c.id}/resume`)).json.message).toBe('A closed campaign cannot resume');
    });

    it('the slug of a launched campaign cannot change (links to it are out)', async () => {
      const c = await newCampaign();
      expectStatus(await attachAndLaunch(c.id, (await newTarget()).id), 200);
      expectStatus(await staff.post(`/api/campaigns/${c.id}/launch`), 200);
      const r = await staff.patch(`/api/campaigns/${c.id}`, { slug: `${c.slug}-renamed` });
      expect(r.status).toBe(409);
      expect(r.json.message).toBe('The slug can only change while the campaign is a draft (links to it are out)');
    });
  });

  describe('campaign targets', () => {
    it('attach: 404 for an unknown target, 400 for a bad id, 409 for a deactivated target; twice is harmless', async () => {
      const c = await newCampaign();
      const missing = await staff.post(`/api/campaigns/${c.id}/targets`, { targetId: MISSING_ID });
      expect(missing.status).toBe(404);
      expect(missing.json.message).toBe(`No target ${MISSING_ID}`);
      const bad = await staff.post(`/api/campaigns/${c.id}/targets`, { targetId: 'nope' });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toEqual(['targetId must be a UUID']);
      const retired = await newTarget();
      expectStatus(await staff.delete(`/api/targets/${retired.id}`), 200);
      const inactive = await staff.post(`/api/campaigns/${c.id}/targets`, { targetId: retired.id });
      expect(inactive.status).toBe(409);
      expect(inactive.json.message).toBe('This target is deactivated');
      const t = await newTarget();
      expectStatus(await staff.post(`/api/campaigns/${c.id}/targets`, { targetId: t.id }), 201);
      expectStatus(await staff.post(`/api/campaigns/${c.id}/targets`, { targetId: t.id }), 201);
      expect(expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200).targets.map((x: { id: string }) => x.id)).toEqual([t.id]);
      const notAttached = await staff.post(`/api/campaigns/${c.id}/targets/${retired.id}/launch`);
      expect(notAttached.status).toBe(404);
      expect((await staff.delete(`/api/campaigns/${c.id}/targets/${retired.id}`)).status).toBe(404);
    });

    it('withdrawing a target cancels its unsent letters; it must be attached again before another launch', async () => {
      const first = await newTarget();
      const c = await newCampaign();
      expectStatus(await attachAndLaunch(c.id, first.id), 200);
      expectStatus(await staff.post(`/api/campaigns/${c.id}/launch`), 200);
      expectStatus(await staff.post(`/api/campaigns/${c.id}/pause`), 200); // letters are held, not sent
      await insertConfirmedSignatures(stack, c.id, 5);

      const late = await newTarget();
      const launched = await attachAndLaunch(c.id, late.id);
      expect(launched.status).toBe(202);
      expect(launched.json).toMatchObject({ status: 'launched', backfill: 'queued', backfilledAt: null });
      const owed = await waitFor(async () => {
        const rows = await stack.db.query(`SELECT status FROM deliveries WHERE campaign_id = $1 AND target_id = $2`, [c.id, late.id]);
        return rows.length === 5 ? rows : null;
      }, 'the backfill to owe the late target 5 letters');
      expect(owed.every((d) => d.status === 'queued')).toBe(true);

      const withdrawn = await staff.delete(`/api/campaigns/${c.id}/targets/${late.id}`);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.json).toMatchObject({ id: late.id, status: 'withdrawn', cancelled: 5, withdrawnAt: expect.any(String) });
      const rows = await stack.db.query(`SELECT status, last_error FROM deliveries WHERE campaign_id = $1 AND target_id = $2`, [c.id, late.id]);
      expect(rows).toEqual(Array(5).fill({ status: 'cancelled', last_error: 'target withdrawn' }));
      expect(expectStatus(await staff.delete(`/api/campaigns/${c.id}/targets/${late.id}`), 200).cancelled).toBe(0);

      const again = await staff.post(`/api/campaigns/${c.id}/targets/${late.id}/launch`);
      expect(again.status).toBe(409);
      expect(again.json.message).toBe('This target was withdrawn: attach it again first');
      const reattached = expectStatus(await staff.post(`/api/campaigns/${c.id}/targets`, { targetId: late.id }), 201);
      expect(reattached).toMatchObject({ status: 'pending', withdrawnAt: null });

      const audit = await auditOf(c.id);
      expect(audit.find((e) => e.action === 'target.withdraw')).toMatchObject({ actorEmail: staffEmail, details: { targetId: late.id, cancelled: 5 } });
    });
  });

  describe('letters: preview, translations, test send', () => {
    let campaign: { id: string; slug: string };
    let english: { id: string; name: string; email: string };
    let russian: { id: string; name: string; email: string };

    beforeAll(async () => {
      english = await newTarget({ name: 'Nabil Elaraby', title: 'Secretary-General', organization: 'League of Arab States', locale: 'en' });
      russian = await newTarget({ name: 'Сергей Лавров', title: 'министр иностранных дел', organization: 'Российская Федерация', country: 'RU', locale: 'ru' });
      campaign = await newCampaign();
      for (const t of [english, russian]) expectStatus(await attachAndLaunch(campaign.id, t.id), 200);
      expectStatus(await staff.post(`/api/campaigns/${campaign.id}/launch`), 200);
    });

    it("previews the letter in the target's language, from a sample supporter", async () => {
      const ru = await staff.post(`/api/campaigns/${campaign.id}/preview`, { targetId: russian.id });
      expect(ru.status).toBe(200);
      expect(ru.json).toEqual({
        target: { id: russian.id, name: 'Сергей Лавров', locale: 'ru' },
        // no version of the letter is for this target: the default letter, in Russian
        version: null,
        translation: 'ru',
        subject: RUSSIAN.subject,
        text:
          'Уважаемый министр иностранных дел Сергей Лавров!\n\nПрошу Российская Федерация добиться прекращения обстрелов Хомса.\n\n' +
          'Civilians must be protected.\n\nС уважением,\nAmal Haddad, Ливан',
        html: expect.stringContaining('<p>Уважаемый министр иностранных дел Сергей Лавров!</p>'),
      });
      const en = expectStatus(await staff.post(`/api/campaigns/${campaign.id}/preview`, { targetId: english.id }), 200);
      expect(en).toMatchObject({ translation: null, subject: LETTER.subject });
      expect(en.text).toContain('Dear Secretary-General Nabil Elaraby,');
      expect(en.text).toContain('Amal Haddad, Lebanon');
      // no targetId: the first launched target
      expect(expectStatus(await staff.post(`/api/campaigns/${campaign.id}/preview`, {}), 200).target.id).toBe(english.id);
    });

    it('preview: 404 for a target not attached, 400 for a bad id; a campaign with no target previews for a sample official', async () => {
      const stranger = await newTarget();
      const r = await staff.post(`/api/campaigns/${campaign.id}/preview`, { targetId: stranger.id });
      expect(r.status).toBe(404);
      expect(r.json.message).toBe(`Target ${stranger.id} is not attached to campaign ${campaign.id}`);
      expect((await staff.post(`/api/campaigns/${campaign.id}/preview`, { targetId: 'x' })).status).toBe(400);
      const draft = await newCampaign();
      const sample = expectStatus(await staff.post(`/api/campaigns/${draft.id}/preview`, {}), 200);
      expect(sample.target).toBeNull();
      expect(sample.text).toContain('Dear Minister Jane Official,');
    });

    it('sends each target the letter in its own language, through the real pipeline', async () => {
      const s = { ...supporter(1), comment: 'Stop the shelling now.' };
      await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
      const [toRussian] = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug && m.rcptTo.includes(russian.email));
      const [toEnglish] = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug && m.rcptTo.includes(english.email));
      expect(toRussian.subject).toBe(RUSSIAN.subject);
      expect(toRussian.text).toBe(
        'Уважаемый министр иностранных дел Сергей Лавров!\n\nПрошу Российская Федерация добиться прекращения обстрелов Хомса.\n\n' +
          'Stop the shelling now.\n\nС уважением,\nAmal1 Haddad, Ливан',
      );
      expect(toEnglish.subject).toBe(LETTER.subject);
      expect(toEnglish.text).toContain('Dear Secretary-General Nabil Elaraby,');
      expect(toEnglish.text).toContain('Amal1 Haddad, Lebanon');
    });

    it('test send: the letter for a target, to my own address, "[TEST]" in the subject, nothing owed or counted', async () => {
      // the letters of the earlier tests settle first, so that "before" is a still picture
      await waitFor(
        async () =>
          (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status IN ('queued', 'sending', 'retrying')`, [campaign.id])).length === 0,
        "the campaign's letters to settle",
      );
      const before = {
        deliveries: await stack.db.query(`SELECT id, status FROM deliveries WHERE campaign_id = $1 ORDER BY id`, [campaign.id]),
        counts: expectStatus(await staff.get(`/api/campaigns/${campaign.id}`), 200).counts,
      };
      const r = await staff.post(`/api/campaigns/${campaign.id}/test-send`, { targetId: russian.id });
      expect(r.status).toBe(202);
      expect(r.json).toEqual({
        status: 'queued',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        to: staffEmail,
        target: { id: russian.id, name: 'Сергей Лавров', locale: 'ru' },
        subject: `[TEST] ${RUSSIAN.subject}`,
      });
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(staffEmail) && m.headers['x-appeal-test'] === 'true');
      expect(mail.rcptTo).toEqual([staffEmail]);
      expect(mail.headers.to).toBe(staffEmail);
      expect(mail.subject).toBe(`[TEST] ${RUSSIAN.subject}`);
      expect(mail.text).toContain('Уважаемый министр иностранных дел Сергей Лавров!');
      expect(mail.headers['message-id']).toBe(`<test-${r.json.id}@campaigns.example>`);
      expect(mail.headers['x-appeal-campaign']).toBe(campaign.slug);
      expect(mail.headers['x-appeal-delivery']).toBeUndefined();
      expect(stack.smtp.received.filter((m) => m.rcptTo.includes(russian.email) && m.subject.startsWith('[TEST]'))).toEqual([]);

      expect(await stack.db.query(`SELECT id, status FROM deliveries WHERE campaign_id = $1 ORDER BY id`, [campaign.id])).toEqual(before.deliveries);
      expect(expectStatus(await staff.get(`/api/campaigns/${campaign.id}`), 200).counts).toEqual(before.counts);
      const [audit] = (await auditOf(campaign.id)).filter((e) => e.action === 'campaign.test-send');
      expect(audit).toMatchObject({ actorEmail: staffEmail, details: { targetId: russian.id, to: staffEmail } });
    });

    it('test send: 404 for a target not attached, 400 for a bad id; an admin gets it at their own address', async () => {
      const stranger = await newTarget();
      expect((await staff.post(`/api/campaigns/${campaign.id}/test-send`, { targetId: stranger.id })).status).toBe(404);
      expect((await staff.post(`/api/campaigns/${campaign.id}/test-send`, { targetId: 'x' })).status).toBe(400);
      const r = expectStatus(await app.admin.post(`/api/campaigns/${campaign.id}/test-send`, {}), 202);
      expect(r.to).toBe('admin@test.example');
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes('admin@test.example') && m.headers['x-appeal-test'] === 'true');
      expect(mail.subject).toBe(`[TEST] ${LETTER.subject}`);
    });
  });

  describe('endsAt', () => {
    it('a campaign past its endsAt takes no signature, and the scheduled job closes it (audited as the system)', async () => {
      const c = await newCampaign();
      expectStatus(await attachAndLaunch(c.id, (await newTarget()).id), 200);
      expectStatus(await staff.post(`/api/campaigns/${c.id}/launch`), 200);
      const future = await newCampaign({ endsAt: new Date(Date.now() + 3_600_000).toISOString() });
      expectStatus(await attachAndLaunch(future.id, (await newTarget()).id), 200);
      expectStatus(await staff.post(`/api/campaigns/${future.id}/launch`), 200);

      const endsAt = new Date(Date.now() - 1000).toISOString();
      expect(expectStatus(await staff.patch(`/api/campaigns/${c.id}`, { endsAt }), 200).endsAt).toBe(endsAt);
      const late = await app.api.post(`/api/public/campaigns/${c.slug}/signatures`, supporter(9));
      expect(late.status).toBe(409);
      expect(late.json.message).toBe('This campaign is closed and takes no more signatures');

      const closed = await app.app.get(CampaignsService).closeEnded();
      expect(closed).toContain(c.id);
      expect(closed).not.toContain(future.id);
      const after = expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200);
      expect(after.status).toBe('closed');
      expect(after.closedAt).not.toBeNull();
      expect(expectStatus(await staff.get(`/api/campaigns/${future.id}`), 200).status).toBe('live');
      const [entry] = await auditOf(c.id);
      expect(entry).toMatchObject({ action: 'campaign.close', actorEmail: null, details: { from: 'live', to: 'closed', reason: 'endsAt passed' } });
    });

    it('400 for an endsAt that is not an ISO 8601 date', async () => {
      const r = await staff.post('/api/campaigns', { slug: `homs-${uniq()}`, title: 'T', appeal: LETTER, endsAt: 'next friday' });
      expect(r.status).toBe(400);
      expect(r.json.message).toEqual(['endsAt must be a valid ISO 8601 date string']);
    });
  });
});

/** Confirmed signatures written straight to the tables (supporters and signatures), for speed. */
async function insertConfirmedSignatures(stack: Stack, campaignId: string, count: number) {
  await stack.db.query(
    `WITH s AS (
       INSERT INTO supporters (email, first_name, last_name, country, verified_at)
       SELECT 'sql' || g || '.' || $2 || '@supporters.example', 'First' || g, 'Sql', 'LB', now() FROM generate_series(1, $1::int) g
       RETURNING id
     )
     INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at) SELECT $3, id, 'confirmed', now() FROM s`,
    [count, uniq(), campaignId],
  );
}
