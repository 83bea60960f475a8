import { BounceListener } from '../src/bounces/bounce-listener.js';
import { ApiClient, expectStatus, type TargetJson } from './helpers/api-client.js';
import { createLiveCampaign, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import type { ReceivedMail } from './helpers/smtp-server.js';
import { sendReply } from './helpers/replies.js';
import { useStack } from './helpers/use-stack.js';

/** The official's mail server, answering (helpers/replies.ts). */
const sendMail = (port: number, to: string, raw: string, from: string) => sendReply(port, to, raw, from);

/**
 * Replies for campaigners and for the public: the campaign's inbox (by target, by kind, in keyset
 * pages), marking a reply (kind, stance, published: validated, audited), where the campaign stands
 * with each official (and who has not answered), and the published replies on the campaign page
 * and in the public API, without an address or the quoted letter.
 */
describe('replies: the inbox, the marks, the summary and the published responses', () => {
  const { stack, app } = useStack({ app: { BOUNCE_SMTP_PORT: '0', HOST: '127.0.0.1' } });
  let staff: ApiClient;
  let port: number;
  let campaign: { id: string; slug: string };
  let supporterEmail: string;
  const targets: Record<'lavrov' | 'elaraby' | 'juppe', TargetJson> = {} as never;
  const letterTo: Record<string, ReceivedMail> = {};
  /** reply ids by name */
  const reply: Record<string, string> = {};

  /** Feeds a reply to the letter to `target` and answers its id. */
  async function answer(target: keyof typeof targets, name: string, headers: string, body: string, from = targets[target].email): Promise<string> {
    const letter = letterTo[target];
    const to = letter.parsed.replyTo!.value[0].address!;
    const raw = `From: ${from}\nTo: ${to}\nMessage-ID: <${name}.${uniq()}@officials.example>\n${headers}\nContent-Type: text/plain; charset=utf-8\n\n${body}\n`;
    expect(await sendMail(port, to, raw, from)).toMatch(/^250 /);
    const [row] = await stack.db.query(`SELECT id FROM replies WHERE delivery_id = $1 ORDER BY received_at DESC LIMIT 1`, [
      letter.headers['x-appeal-delivery'],
    ]);
    return row.id;
  }

  const mark = (id: string, body: Record<string, unknown>) => staff.patch(`/api/replies/${id}`, body);
  const row = async (id: string) => (await stack.db.query(`SELECT kind, stance, published FROM replies WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    port = app.app.get(BounceListener).port!;
    ({ staff } = await newCampaigner(app));
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
    const s = supporter(0);
    supporterEmail = s.email;
    await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
    for (const key of Object.keys(targets) as (keyof typeof targets)[]) {
      [letterTo[key]] = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug && m.rcptTo.includes(targets[key].email));
    }
    reply.lavrovAuto = await answer('lavrov', 'oof', 'Subject: Automatic reply: Homs\nAuto-Submitted: auto-replied', 'I am away.');
    reply.lavrov = await answer(
      'lavrov',
      'answer',
      'Subject: Re: Homs',
      `The Minister supports an end to the assault on Homs.\n<script>alert(1)</script> is not markup here.\n\nOn 8 Feb 2012, ${s.firstName} ${s.lastName} via Test Org wrote:\n> Dear Minister,\n> ${s.firstName} ${s.lastName}, Lebanon`,
      `press.${uniq()}@mid-ru.example`,
    );
    reply.elaraby = await answer('elaraby', 'receipt', 'Subject: Your letter', 'Your letter has been passed on to the Secretary-General.');
  });

  describe('GET /api/campaigns/:id/replies', () => {
    it('lists the campaign’s replies newest first, each with its target, letter, sender and kind', async () => {
      const page = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/replies`), 200);
      expect(page.items.map((r: { id: string }) => r.id)).toEqual([reply.elaraby, reply.lavrov, reply.lavrovAuto]);
      expect(page.nextCursor).toBeNull();
      expect(page.items[1]).toMatchObject({
        campaignId: campaign.id,
        target: { id: targets.lavrov.id, name: 'Sergei Lavrov', title: 'Minister of Foreign Affairs', organization: 'Russian Federation' },
        deliveryId: letterTo.lavrov.headers['x-appeal-delivery'],
        signatureId: expect.any(String),
        from: { address: expect.stringMatching(/^press\./), name: null },
        subject: 'Re: Homs',
        kind: 'unclassified',
        stance: null,
        published: false,
        attachments: [],
        receivedAt: expect.any(String),
      });
      expect(page.items[2]).toMatchObject({ kind: 'auto', autoReason: 'Auto-Submitted: auto-replied' });
    });

    it('filters by target and by kind, and pages by cursor without repeating or losing one', async () => {
      const byTarget = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/replies?targetId=${targets.lavrov.id}`), 200);
      expect(byTarget.items.map((r: { id: string }) => r.id)).toEqual([reply.lavrov, reply.lavrovAuto]);
      const auto = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/replies?kind=auto`), 200);
      expect(auto.items.map((r: { id: string }) => r.id)).toEqual([reply.lavrovAuto]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: { items: { id: string }[]; nextCursor: string | null } = expectStatus(
          await staff.get(`/api/campaigns/${campaign.id}/replies?limit=1${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        seen.push(...p.items.map((r) => r.id));
        cursor = p.nextCursor;
      } while (cursor);
      expect(seen).toEqual([reply.elaraby, reply.lavrov, reply.lavrovAuto]);
    });

    it('refuses bad input with a 400 naming it, an unknown campaign with 404, and anyone not staff with 401', async () => {
      const bad = async (q: string, message: RegExp) => {
        const r = await staff.get(`/api/campaigns/${campaign.id}/replies?${q}`);
        expect([r.status, JSON.stringify(r.json.message)]).toEqual([400, expect.stringMatching(message)]);
      };
      await bad('kind=angry', /kind must be one of: auto, unclassified, acknowledgement, substantive/);
      await bad('targetId=nope', /targetId must be a UUID/);
      await bad('cursor=garbage', /cursor is not one this API gave out/);
      await bad('limit=0', /limit/);
      expect((await staff.get(`/api/campaigns/00000000-0000-4000-8000-000000000000/replies`)).status).toBe(404);
      expect((await app.api.get(`/api/campaigns/${campaign.id}/replies`)).status).toBe(401);
    });
  });

  describe('PATCH /api/replies/:id', () => {
    it('refuses a stance on a reply that is not substantive (400), changing nothing', async () => {
      const r = await mark(reply.lavrov, { stance: 'supports' });
      expect(r.status).toBe(400);
      expect(r.json.message).toMatch(/stance applies only to a substantive reply; this one is unclassified/);
      const r2 = await mark(reply.lavrov, { kind: 'acknowledgement', stance: 'supports' });
      expect(r2.status).toBe(400);
      expect(r2.json.message).toMatch(/would be acknowledgement/);
      expect(await row(reply.lavrov)).toEqual({ kind: 'unclassified', stance: null, published: false });
    });

    it('refuses an empty mark, bad values and unknown replies', async () => {
      expect((await mark(reply.lavrov, {})).status).toBe(400);
      expect((await mark(reply.lavrov, { kind: 'rude' })).json.message).toEqual(['kind must be one of: auto, unclassified, acknowledgement, substantive']);
      expect((await mark(reply.lavrov, { kind: 'substantive', stance: 'maybe' })).json.message).toEqual([
        'stance must be one of: supports, opposes, undecided (or null)',
      ]);
      expect((await mark(reply.lavrov, { published: 'yes' })).status).toBe(400);
      expect((await mark(reply.lavrov, { surprise: 1 })).status).toBe(400);
      expect((await mark('00000000-0000-4000-8000-000000000000', { kind: 'substantive' })).status).toBe(404);
      expect((await mark('nope', { kind: 'substantive' })).status).toBe(400);
      expect(await row(reply.lavrov)).toEqual({ kind: 'unclassified', stance: null, published: false });
    });

    it('marks a reply substantive with a stance, audited with what changed', async () => {
      const marked = expectStatus(await mark(reply.lavrov, { kind: 'substantive', stance: 'supports' }), 200);
      expect(marked).toMatchObject({ id: reply.lavrov, kind: 'substantive', stance: 'supports', published: false, markedAt: expect.any(String) });
      const audit = expectStatus(await app.admin.get(`/api/admin/audit?action=reply.mark&subjectId=${reply.lavrov}`), 200).items;
      expect(audit).toEqual([
        expect.objectContaining({
          subjectType: 'reply',
          details: {
            campaignId: campaign.id,
            from: { kind: 'unclassified', stance: null, published: false },
            to: { kind: 'substantive', stance: 'supports', published: false },
          },
        }),
      ]);
    });

    it('publishes only an acknowledgement or a substantive reply (409 otherwise), and keeps a published one so', async () => {
      const auto = await mark(reply.lavrovAuto, { published: true });
      expect(auto.status).toBe(409);
      expect(auto.json.message).toMatch(/only an acknowledgement or a substantive reply can be published; this one is auto/);
      expect(expectStatus(await mark(reply.lavrov, { published: true }), 200).published).toBe(true);
      const demoted = await mark(reply.lavrov, { kind: 'unclassified' });
      expect(demoted.status).toBe(409);
      expect(demoted.json.message).toMatch(/this reply is published/);
      expect(await row(reply.lavrov)).toEqual({ kind: 'substantive', stance: 'supports', published: true });
    });

    it('an acknowledgement has no stance: changing a substantive reply’s kind clears it', async () => {
      expect(expectStatus(await mark(reply.elaraby, { kind: 'substantive', stance: 'undecided' }), 200).stance).toBe('undecided');
      expect(expectStatus(await mark(reply.elaraby, { kind: 'acknowledgement' }), 200)).toMatchObject({ kind: 'acknowledgement', stance: null });
    });
  });

  describe('GET /api/campaigns/:id/replies/summary', () => {
    it('per target: letters sent, replies from a person, automatic ones, the last reply and the stance', async () => {
      const { targets: rows } = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/replies/summary`), 200);
      expect(rows).toEqual([
        expect.objectContaining({
          id: targets.lavrov.id,
          status: 'launched',
          lettersSent: 1,
          replies: 1,
          autoReplies: 1,
          stance: 'supports',
          responded: true,
          lastReplyAt: expect.any(String),
        }),
        expect.objectContaining({ id: targets.elaraby.id, lettersSent: 1, replies: 1, autoReplies: 0, stance: null, responded: true }),
        expect.objectContaining({ id: targets.juppe.id, lettersSent: 1, replies: 0, autoReplies: 0, stance: null, responded: false, lastReplyAt: null }),
      ]);
    });

    it('?responded=false lists the officials who have not answered (an out-of-office is no answer), ?responded=true those who have', async () => {
      const silent = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/replies/summary?responded=false`), 200).targets;
      expect(silent.map((t: { name: string }) => t.name)).toEqual(['Alain Juppé']);
      const answered = expectStatus(await staff.get(`/api/campaigns/${campaign.id}/replies/summary?responded=true`), 200).targets;
      expect(answered.map((t: { name: string }) => t.name)).toEqual(['Sergei Lavrov', 'Nabil Elaraby']);
      const bad = await staff.get(`/api/campaigns/${campaign.id}/replies/summary?responded=maybe`);
      expect([bad.status, bad.json.message]).toEqual([400, ['responded must be true or false']]);
    });
  });

  describe('published responses', () => {
    it('appear in the public API: the official, the stance and their words, without the quoted letter or any address', async () => {
      const c = expectStatus(await app.api.getPublicCampaign(campaign.slug), 200);
      expect(c.responses).toEqual([
        {
          target: { name: 'Sergei Lavrov', title: 'Minister of Foreign Affairs', organization: 'Russian Federation', lettersDelivered: 1 },
          stance: 'supports',
          text: 'The Minister supports an end to the assault on Homs.\n<script>alert(1)</script> is not markup here.',
          receivedAt: expect.any(String),
        },
      ]);
      const json = JSON.stringify(c);
      expect(json).not.toContain('@');
      expect(json).not.toContain('Dear Minister');
      expect(json).not.toContain(supporterEmail);
    });

    it('appear on the campaign page, escaped, under "Responses from officials"', async () => {
      const page = await app.api.get(`/c/${campaign.slug}?lang=en`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<h2 id="responses-h">Responses from officials</h2>');
      expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; is not markup here.');
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).toContain('<span class="stance supports">Supports</span>');
      const ru = await app.api.get(`/c/${campaign.slug}?lang=ru`);
      expect(ru.text).toContain('Ответы официальных лиц');
    });

    it('leave the public view when unpublished', async () => {
      expectStatus(await mark(reply.lavrov, { published: false }), 200);
      expect(expectStatus(await app.api.getPublicCampaign(campaign.slug), 200).responses).toEqual([]);
      expect((await app.api.get(`/c/${campaign.slug}`)).text).not.toContain('responses-h');
    });
  });

  it('documents the routes, each answer with a schema and every field with an example', async () => {
    const doc = expectStatus(await app.api.get('/api/docs/openapi.json'), 200);
    const routes: [string, string, string[]][] = [
      ['get', '/api/campaigns/{id}/replies', ['200', '400', '401', '403', '404']],
      ['get', '/api/campaigns/{id}/replies/summary', ['200', '400', '401', '403', '404']],
      ['get', '/api/replies/{id}', ['200', '400', '401', '403', '404']],
      ['patch', '/api/replies/{id}', ['200', '400', '401', '403', '404', '409']],
    ];
    for (const [method, path, statuses] of routes) {
      const op = doc.paths[path]?.[method];
      expect([path, op?.summary?.length > 0]).toEqual([path, true]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(statuses));
      for (const p of op.parameters ?? []) if (p.in === 'query') expect([path, p.name, p.example ?? p.schema?.example]).not.toContainEqual(undefined);
    }
    const missing: string[] = [];
    for (const name of ['ReplyView', 'ReplyPage', 'ReplySummary', 'TargetReplySummary', 'MarkReplyDto', 'PublicResponseView', 'PublicResponseTargetView']) {
      const schema = doc.components.schemas[name];
      if (!schema) missing.push(`${name} (no schema)`);
      for (const [field, prop] of Object.entries<Record<string, unknown>>(schema?.properties ?? {})) {
        if (!prop.$ref && !prop.allOf && !(prop.items as { $ref?: string })?.$ref && prop.example === undefined) missing.push(`${name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
