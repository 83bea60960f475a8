import { expectStatus, type ApiClient, type UntypedJson } from './helpers/api-client.js';
import { insertConfirmedSignatures } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/** Every letter, one by one: the admin list, one letter's history, and sending failed ones again. */
describe('admin deliveries', () => {
  const { stack, app } = useStack();
  let campaigner: ApiClient;

  beforeAll(async () => {
    campaigner = (await newCampaigner(app)).staff;
  });

  const backfilled = (campaignId: string) =>
    waitFor(
      async () =>
        (await stack.db.query(`SELECT 1 FROM campaign_targets WHERE campaign_id = $1 AND status = 'launched' AND backfilled_at IS NULL`, [campaignId]))
          .length === 0,
      'the launch backfills to finish',
    );

  async function listAll(query: string, limit: number) {
    const items: UntypedJson[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: UntypedJson[]; nextCursor: string | null } = expectStatus(
        await app.admin.get(`/api/admin/deliveries?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
        200,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { items, pages };
  }

  describe('the list', () => {
    let campaign: { id: string; slug: string };
    let targets: { id: string; name: string; email: string }[];

    beforeAll(async () => {
      targets = await createTargets(app.admin, 2);
      campaign = await createLiveCampaign(app.admin, { targets });
      await backfilled(campaign.id);
      // held: the workers leave these letters as they are
      expectStatus(await app.admin.post(`/api/campaigns/${campaign.id}/pause`), 200);
      await insertConfirmedSignatures(stack.db, campaign.id, 30);
      // 60 letters from one statement share one created_at: only the id orders them
      await stack.db.query(
        `INSERT INTO deliveries (campaign_id, target_id, signature_id)
         SELECT s.campaign_id, t.id, s.id FROM signatures s CROSS JOIN unnest($2::uuid[]) AS t (id) WHERE s.campaign_id = $1`,
        [campaign.id, targets.map((t) => t.id)],
      );
      // a few are older, some failed, some sent
      await stack.db.query(
        `UPDATE deliveries SET created_at = now() - interval '3 days' WHERE id IN (SELECT id FROM deliveries WHERE campaign_id = $1 ORDER BY id LIMIT 8)`,
        [campaign.id],
      );
      await stack.db.query(
        `UPDATE deliveries SET status = 'failed', last_error = '550 5.1.1 <x@officials.example>: no such user'
          WHERE id IN (SELECT id FROM deliveries WHERE campaign_id = $1 AND target_id = $2 ORDER BY id DESC LIMIT 5)`,
        [campaign.id, targets[1].id],
      );
    });

    it('returns every delivery exactly once across pages, newest first, in a stable order', async () => {
      const expected = await stack.db.query<{ id: string }>(`SELECT id FROM deliveries WHERE campaign_id = $1 ORDER BY created_at DESC, id DESC`, [
        campaign.id,
      ]);
      expect(expected).toHaveLength(60);
      for (const limit of [7, 60, 500]) {
        const { items, pages } = await listAll(`campaignId=${campaign.id}`, limit);
        expect(pages).toBe(Math.ceil(60 / limit));
        expect(items.map((i) => i.id)).toEqual(expected.map((r) => r.id));
      }
    });

    it('says for each letter its campaign, target, supporter, status, attempts, error, message id and times', async () => {
      const page = expectStatus(await app.admin.get(`/api/admin/deliveries?campaignId=${campaign.id}&status=failed&limit=1`), 200);
      const [item] = page.items;
      const [row] = await stack.db.query(
        `SELECT d.id, p.first_name, p.last_name FROM deliveries d JOIN signatures s ON s.id = d.signature_id JOIN supporters p ON p.id = s.supporter_id
          WHERE d.campaign_id = $1 AND d.status = 'failed' ORDER BY d.created_at DESC, d.id DESC LIMIT 1`,
        [campaign.id],
      );
      expect(item).toEqual({
        id: row.id,
        campaign: { id: campaign.id, slug: campaign.slug, title: 'Stop the assault on Homs' },
        target: { id: targets[1].id, name: targets[1].name, organization: 'State 1', email: targets[1].email },
        supporterName: `${row.first_name} ${row.last_name}`,
        status: 'failed',
        attempts: 0,
        lastError: '550 5.1.1 <x@officials.example>: no such user',
        messageId: null,
        smtpResponse: null,
        queuedAt: expect.any(String),
        claimedAt: null,
        sentAt: null,
        updatedAt: expect.any(String),
      });
      expect(page.nextCursor).toEqual(expect.any(String));
    });

    it('filters by target, status and the time the letter became owed', async () => {
      const byTarget = await listAll(`campaignId=${campaign.id}&targetId=${targets[0].id}`, 11);
      expect(byTarget.items).toHaveLength(30);
      expect(byTarget.items.every((i) => i.target.id === targets[0].id)).toBe(true);

      const failed = await listAll(`status=failed&campaignId=${campaign.id}`, 2);
      expect(failed.items.map((i) => i.status)).toEqual(Array(5).fill('failed'));

      const dayAgo = new Date(Date.now() - 24 * 3600_000).toISOString();
      const old = await listAll(`campaignId=${campaign.id}&to=${dayAgo}`, 3);
      expect(old.items).toHaveLength(8);
      const recent = await listAll(`campaignId=${campaign.id}&from=${dayAgo}`, 50);
      expect(recent.items).toHaveLength(52);
      expect(new Set([...old.items, ...recent.items].map((i) => i.id)).size).toBe(60);
    });

    it('names the bad parameter with a 400', async () => {
      const cases: [string, string][] = [
        ['status=lost', 'status'],
        ['limit=501', 'limit'],
        ['limit=0', 'limit'],
        ['campaignId=123', 'campaignId'],
        ['targetId=abc', 'targetId'],
        ['from=yesterday', 'from'],
        ['cursor=not-a-cursor', 'cursor'],
        ['colour=red', 'colour'],
      ];
      for (const [query, name] of cases) {
        const r = await app.admin.get(`/api/admin/deliveries?${query}`);
        expect(r.status).toBe(400);
        expect(JSON.stringify(r.json.message)).toContain(name);
      }
    });
  });

  describe('one letter, and retries', () => {
    let campaign: { id: string; slug: string };
    let good: { id: string; email: string };
    let refusing: { id: string; email: string; name: string };

    beforeAll(async () => {
      [good, refusing] = await createTargets(app.admin, 2);
      campaign = await createLiveCampaign(app.admin, { targets: [good, refusing] });
      stack.smtp.faults.permfailRcpt = new RegExp(`^${refusing.email.replace(/[.]/g, '\\.')}$`);
      const tag = uniq();
      for (const i of [0, 1, 2]) await signAndConfirm(app.api, stack.smtp, campaign.slug, supporter(i, tag));
      await waitFor(async () => {
        const rows = await stack.db.query(`SELECT status FROM deliveries WHERE campaign_id = $1`, [campaign.id]);
        return rows.length === 6 && rows.filter((r) => r.status === 'failed').length === 3 && rows.filter((r) => r.status === 'sent').length === 3;
      }, '3 letters sent and 3 refused');
    });

    const failedIds = async () =>
      (await stack.db.query<{ id: string }>(`SELECT id FROM deliveries WHERE campaign_id = $1 AND status = 'failed' ORDER BY id`, [campaign.id])).map(
        (r) => r.id,
      );

    it('groups the failures by reason', async () => {
      const { groups } = expectStatus(await app.admin.get(`/api/admin/deliveries/failures?campaignId=${campaign.id}`), 200);
      expect(groups).toEqual([
        {
          campaign: { id: campaign.id, slug: campaign.slug, title: 'Stop the assault on Homs' },
          reason: expect.stringMatching(/^550 .*no such user here/),
          failed: 3,
          bounced: 0,
          lastAt: expect.any(String),
        },
      ]);
      expect(groups[0].reason).not.toContain(refusing.email);
      expect((await app.admin.get('/api/admin/deliveries/failures?campaignId=x')).status).toBe(400);
    });

    it('shows one letter with its attempt history', async () => {
      const [id] = await failedIds();
      const d = expectStatus(await app.admin.get(`/api/admin/deliveries/${id}`), 200);
      expect(d).toMatchObject({ id, status: 'failed', attempts: 1, target: { id: refusing.id }, messageId: `<${id}@campaigns.example>` });
      expect(d.lastError).toMatch(/^550 /);
      expect(d.history).toEqual([
        {
          attempt: 1,
          startedAt: expect.any(String),
          finishedAt: expect.any(String),
          outcome: 'permanent_failure',
          response: expect.stringMatching(/^550 /),
          durationMs: expect.any(Number),
        },
      ]);
      expect(d.auditTrail).toEqual([]);
      expect((await app.admin.get(`/api/admin/deliveries/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
      expect((await app.admin.get(`/api/admin/deliveries/not-an-id`)).status).toBe(400);
    });

    it('retries one failed letter until it is sent, and audits it', async () => {
      const [id] = await failedIds();
      stack.smtp.faults.permfailRcpt = undefined;
      expect((await campaigner.post(`/api/admin/deliveries/${id}/retry`)).status).toBe(403);
      expect((await app.api.post(`/api/admin/deliveries/${id}/retry`)).status).toBe(401);
      expect(expectStatus(await app.admin.post(`/api/admin/deliveries/${id}/retry`), 200)).toEqual({ retried: 1 });

      await stack.smtp.waitFor((m) => m.headers['x-appeal-delivery'] === id);
      const d = await waitFor(async () => {
        const r = expectStatus(await app.admin.get(`/api/admin/deliveries/${id}`), 200);
        return r.status === 'sent' ? r : null;
      }, 'the retried letter to be sent');
      expect(d.history.map((h: { outcome: string }) => h.outcome)).toEqual(['permanent_failure', 'sent']);
      expect(d.attempts).toBe(1);
      expect(d.lastError).toBeNull();
      expect(d.auditTrail).toEqual([{ at: expect.any(String), action: 'delivery.retry', actorEmail: 'admin@test.example' }]);
      const [audit] = await stack.db.query(`SELECT details FROM audit_log WHERE action = 'delivery.retry' AND subject_id = $1`, [id]);
      expect(audit.details).toEqual({ previousStatus: 'failed', lastError: expect.stringMatching(/^550 /) });

      // a letter that is not failed cannot be retried, and nothing changes
      const again = await app.admin.post(`/api/admin/deliveries/${id}/retry`);
      expect(again.status).toBe(409);
      expect(again.json.message).toContain('sent');
      expect((await app.admin.post(`/api/admin/deliveries/00000000-0000-4000-8000-000000000000/retry`)).status).toBe(404);
      expect(await stack.db.query(`SELECT 1 FROM audit_log WHERE action = 'delivery.retry' AND subject_id = $1`, [id])).toHaveLength(1);
    });

    it('retries all failed letters of a campaign, or of one failure group, and audits it', async () => {
      const remaining = await failedIds();
      expect(remaining).toHaveLength(2);
      // another cause: nothing of this group to retry
      const none = expectStatus(await app.admin.post('/api/admin/deliveries/retry-failed', { campaignId: campaign.id, reason: '421 busy' }), 200);
      expect(none).toEqual({ retried: 0 });
      expect(await failedIds()).toEqual(remaining);

      const { groups } = expectStatus(await app.admin.get(`/api/admin/deliveries/failures?campaignId=${campaign.id}`), 200);
      const r = expectStatus(await app.admin.post('/api/admin/deliveries/retry-failed', { campaignId: campaign.id, reason: groups[0].reason }), 200);
      expect(r).toEqual({ retried: 2 });
      await waitFor(
        async () =>
          (await failedIds()).length === 0 &&
          (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status <> 'sent'`, [campaign.id])).length === 0,
        'every letter to be sent',
      );
      const [audit] = await stack.db.query(
        `SELECT actor_email, subject_type, subject_id, details FROM audit_log WHERE action = 'delivery.retry_failed' ORDER BY at DESC LIMIT 1`,
      );
      expect(audit).toEqual({
        actor_email: 'admin@test.example',
        subject_type: 'campaign',
        subject_id: campaign.id,
        details: { reason: groups[0].reason, retried: 2, deliveryIds: expect.arrayContaining(remaining) },
      });
      expect(expectStatus(await app.admin.get(`/api/admin/deliveries/failures?campaignId=${campaign.id}`), 200)).toEqual({ groups: [] });
    });

    it('refuses to retry a letter no longer owed, and bad requests, changing nothing', async () => {
      const [target] = await createTargets(app.admin, 1);
      const other = await createLiveCampaign(app.admin, { targets: [target] });
      stack.smtp.faults.permfailRcpt = new RegExp(`^${target.email.replace(/[.]/g, '\\.')}$`);
      await signAndConfirm(app.api, stack.smtp, other.slug, supporter(9));
      const [failed] = await waitFor(async () => {
        const rows = await stack.db.query<{ id: string }>(`SELECT id FROM deliveries WHERE campaign_id = $1 AND status = 'failed'`, [other.id]);
        return rows.length ? rows : null;
      }, 'the letter to fail');
      stack.smtp.faults.permfailRcpt = undefined;
      expectStatus(await app.admin.delete(`/api/campaigns/${other.id}/targets/${target.id}`), 200);

      const r = await app.admin.post(`/api/admin/deliveries/${failed.id}/retry`);
      expect(r.status).toBe(409);
      expect(r.json.message).toContain('withdrawn');
      expect(expectStatus(await app.admin.post('/api/admin/deliveries/retry-failed', { campaignId: other.id }), 200)).toEqual({ retried: 0 });
      const [row] = await stack.db.query(`SELECT status FROM deliveries WHERE id = $1`, [failed.id]);
      expect(row.status).toBe('failed');

      expect((await app.admin.post('/api/admin/deliveries/retry-failed', { campaignId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
      for (const [body, name] of [
        [{ campaignId: 'x' }, 'campaignId'],
        [{ reason: '' }, 'reason'],
        [{ everything: true }, 'everything'],
      ] as const) {
        const bad = await app.admin.post('/api/admin/deliveries/retry-failed', body);
        expect(bad.status).toBe(400);
        expect(JSON.stringify(bad.json.message)).toContain(name);
      }
      expect((await campaigner.post('/api/admin/deliveries/retry-failed', {})).status).toBe(403);
      expect((await campaigner.get('/api/admin/deliveries')).status).toBe(403);
      expect((await app.api.get('/api/admin/deliveries')).status).toBe(401);
    });
  });
});
