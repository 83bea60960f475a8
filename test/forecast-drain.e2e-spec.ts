import { ApiClient, expectStatus } from './helpers/api-client.js';
import { insertConfirmedSignatures } from './helpers/bulk.js';
import { createLiveCampaign, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';

const HOUR = 3_600_000;

/**
 * The drain forecast against known backlogs and limits: an API process only (no worker sends
 * anything), letters written straight to the table, the pacing window's counter set in Redis.
 */
describe('drain forecast: GET /api/campaigns/:id/forecast', () => {
  const { stack, app } = useStack({ app: { ROLE: 'api' } });
  let staff: ApiClient;

  const newTarget = async (name: string) =>
    expectStatus(await staff.post('/api/targets', { name, title: 'Minister', organization: 'State', email: `t.${uniq()}@officials.example` }), 201);
  /** `n` letters owed by the campaign to the target, in `status`, sent `sentMinutesAgo` when given */
  const owe = async (campaignId: string, targetId: string, n: number, status = 'queued', sentMinutesAgo: number | null = null) => {
    const before = (await stack.db.query<{ id: string }>(`SELECT id FROM signatures WHERE campaign_id = $1`, [campaignId])).map((r) => r.id);
    await insertConfirmedSignatures(stack.db, campaignId, n);
    await stack.db.query(
      `INSERT INTO deliveries (campaign_id, target_id, signature_id, status, sent_at)
       SELECT $1, $2, s.id, $3, CASE WHEN $4::int IS NULL THEN NULL ELSE now() - make_interval(mins => $4::int) END
         FROM signatures s WHERE s.campaign_id = $1 AND NOT (s.id = ANY($5::uuid[]))`,
      [campaignId, targetId, status, sentMinutesAgo, before],
    );
  };
  const forecast = async (campaignId: string) => expectStatus(await staff.get(`/api/campaigns/${campaignId}/forecast`), 200);

  beforeAll(async () => {
    staff = app.admin;
  });

  it('paced: the slots left in this window, then maxPerHour per window, shared with other paced campaigns; warns past endsAt', async () => {
    const lavrov = await newTarget('Sergei Lavrov');
    const endsAt = new Date(Date.now() + 2 * HOUR).toISOString();
    const c = await createLiveCampaign(staff, { targets: [lavrov], body: { endsAt, delivery: { mode: 'individual', maxPerTargetPerHour: 100 } } });
    const other = await createLiveCampaign(staff, { targets: [lavrov], body: { delivery: { mode: 'individual', maxPerTargetPerHour: 50 } } });
    const unpaced = await createLiveCampaign(staff, { targets: [lavrov] });
    await owe(c.id, lavrov.id, 1000);
    await owe(other.id, lavrov.id, 200);
    // owed to the same address without a limit: takes no slot of its windows, so it does not count
    await owe(unpaced.id, lavrov.id, 500);
    // 30 letters to this address went in the current pacing window already
    const windowIndex = Math.floor(Date.now() / HOUR);
    await stack.redis.set(`${stack.prefix}:pace:${lavrov.email}:${windowIndex}`, '30', 'PX', 2 * HOUR);

    const f = await forecast(c.id);
    const t = f.targets[0];
    const now = Date.parse(f.generatedAt);
    expect(f).toMatchObject({ campaignId: c.id, status: 'live', endsAt, windowSeconds: 3600, digestFallbackBacklog: null });
    expect(t).toMatchObject({
      targetId: lavrov.id,
      name: 'Sergei Lavrov',
      mode: 'individual',
      backlog: 1000,
      pacedBacklog: 1200,
      maxPerHour: 100,
      sentLastHour: 0,
    });
    // (the hour may have turned between setting the counter and reading it: the forecast says what it read)
    expect(t.sentThisWindow).toBe(Math.floor(now / HOUR) === windowIndex ? 30 : 0);
    // 1,200 owed to the address, 70 (or 100) slots left now, then 100 an hour: the last goes at the start of the 12th (or 11th) window after this one
    const left = 100 - t.sentThisWindow;
    const windowsAfter = Math.ceil((1200 - left) / 100);
    const drainAt = (Math.floor(now / HOUR) + 1) * HOUR + (windowsAfter - 1) * HOUR;
    expect(windowsAfter).toBe(t.sentThisWindow === 30 ? 12 : 11);
    expect(t).toMatchObject({
      basis: 'pacing-limit',
      heldBecause: null,
      projectedDrainAt: new Date(drainAt).toISOString(),
      projectedSeconds: Math.ceil((drainAt - now) / 1000),
      pastEndsAt: true,
      warning: `At 100 letters an hour, the 1,000 letters owed to Sergei Lavrov need until ${new Date(drainAt).toISOString()}: after the campaign ends (${endsAt}).`,
    });
    expect(f.projectedDrainAt).toBe(t.projectedDrainAt);
    expect(f.warnings).toEqual([t.warning]);
  });

  it('not paced: at the rate of the last hour; unknown when nothing went; nothing owed: now', async () => {
    const a = await newTarget('Nabil Elaraby');
    const b = await newTarget('Hoshyar Zebari');
    const idle = await newTarget('Nasser Judeh');
    const c = await createLiveCampaign(staff, { targets: [a, b, idle] });
    await owe(c.id, a.id, 60, 'sent', 10);
    await owe(c.id, a.id, 120);
    // sent more than an hour ago: not the current rate
    await owe(c.id, b.id, 40, 'sent', 90);
    await owe(c.id, b.id, 10);
    const f = await forecast(c.id);
    const now = Date.parse(f.generatedAt);
    const byId = (id: string) => f.targets.find((t: { targetId: string }) => t.targetId === id);
    expect(byId(a.id)).toMatchObject({
      backlog: 120,
      sentLastHour: 60,
      maxPerHour: null,
      sentThisWindow: null,
      basis: 'current-rate',
      projectedDrainAt: new Date(now + 2 * HOUR).toISOString(),
      pastEndsAt: false,
      warning: null,
    });
    expect(byId(b.id)).toMatchObject({ backlog: 10, sentLastHour: 0, basis: 'unknown', projectedDrainAt: null, projectedSeconds: null });
    expect(byId(idle.id)).toMatchObject({ backlog: 0, basis: 'nothing-owed', projectedSeconds: 0 });
    // one target's projection is unknown: so is the campaign's
    expect(f.projectedDrainAt).toBeNull();
  });

  it('a paused campaign holds its letters: no projection, a warning saying why', async () => {
    const t = await newTarget('Walid Muallem');
    const c = await createLiveCampaign(staff, { targets: [t], body: { delivery: { mode: 'individual', maxPerTargetPerHour: 10 } } });
    await owe(c.id, t.id, 25);
    expectStatus(await staff.post(`/api/campaigns/${c.id}/pause`), 200);
    const f = await forecast(c.id);
    expect(f.targets[0]).toMatchObject({
      backlog: 25,
      basis: 'held',
      heldBecause: 'the campaign is paused',
      projectedDrainAt: null,
      warning: '25 letters owed to Walid Muallem are held: the campaign is paused.',
    });
  });

  it('answers 404 for an unknown campaign, 400 for a bad id, and is documented with examples', async () => {
    expect((await staff.get('/api/campaigns/00000000-0000-4000-8000-000000000000/forecast')).status).toBe(404);
    expect((await staff.get('/api/campaigns/nope/forecast')).status).toBe(400);
    expect((await app.api.get('/api/campaigns/00000000-0000-4000-8000-000000000000/forecast')).status).toBe(401);
    const doc = expectStatus(await app.api.get('/api/docs/openapi.json'), 200);
    expect(Object.keys(doc.paths['/api/campaigns/{id}/forecast'].get.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    for (const name of ['CampaignForecast', 'TargetForecast']) {
      const missing = Object.entries<Record<string, unknown>>(doc.components.schemas[name].properties)
        .filter(([, p]) => p.example === undefined && !p.$ref && !p.allOf && !(p.items as { $ref?: string } | undefined)?.$ref)
        .map(([f]) => f);
      expect([name, missing]).toEqual([name, []]);
    }
  });
});
