import pg from 'pg';
import { CURRENT_HOUR, FIRST_FULL_HOUR } from '../src/deliveries/sent-windows.sql.js';
import { StatsRollup } from '../src/deliveries/stats-rollup.js';
import { expectStatus } from './helpers/api-client.js';
import { insertConfirmedSignatures } from './helpers/bulk.js';
import { createLiveCampaign, createTargets, newCampaigner, supporter, uniq } from './helpers/fixtures.js';
import { confirmTokenIn, withdrawTokenIn } from './helpers/smtp-server.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const SIGNATURE_STATUSES = ['pending', 'confirmed', 'withdrawn'];
const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'retrying', 'failed', 'bounced', 'cancelled'];

/**
 * GET /api/admin/stats reads summaries kept by triggers, never the rows themselves: these tests
 * hold it to the rows, counted the slow way, after every kind of status change.
 */
describe('admin stats', () => {
  // retried letters stay `retrying` (an hour's backoff); the roll-up runs only when a test says so
  const { stack, app } = useStack({ app: { RETRY_BASE_DELAY_MS: '3600000', STATS_ROLLUP_INTERVAL_SECONDS: '3600' } });
  let rollup: StatsRollup;

  beforeAll(async () => {
    rollup = app.app.get(StatsRollup);
  });

  /**
   * The figures counted from the rows themselves, as the stats define them (one statement: one
   * snapshot). "Sent in the last hour" counts letters the SMTP server accepted in that time, also
   * those that bounced afterwards (a bounce does not undo the sending).
   */
  async function fromRows(campaignId: string) {
    const [r] = await stack.db.query(
      `SELECT (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM signatures WHERE campaign_id = $1 GROUP BY 1) s) AS signatures,
              (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1) d) AS deliveries,
              count(*) FILTER (WHERE sent_at >= date_trunc('minute', now()) - interval '59 minutes')::int AS hour,
              count(*) FILTER (WHERE sent_at >= date_trunc('minute', now()) - interval '1439 minutes')::int AS day,
              min(created_at) FILTER (WHERE status IN ('queued', 'sending', 'retrying')) AS oldest
         FROM deliveries WHERE campaign_id = $1`,
      [campaignId],
    );
    const zeroFilled = (statuses: string[], found: Record<string, number> | null) => Object.fromEntries(statuses.map((s) => [s, found?.[s] ?? 0]));
    return {
      signatures: zeroFilled(SIGNATURE_STATUSES, r.signatures),
      deliveries: zeroFilled(DELIVERY_STATUSES, r.deliveries),
      sentLastHour: r.hour as number,
      sentLastDay: r.day as number,
      oldestUnsentAt: r.oldest ? new Date(r.oldest).toISOString() : null,
    };
  }

  /** Launch backfills done: no letter will appear for a signature unless a test makes it. */
  const backfilled = (campaignId: string) =>
    waitFor(
      async () =>
        (await stack.db.query(`SELECT 1 FROM campaign_targets WHERE campaign_id = $1 AND status = 'launched' AND backfilled_at IS NULL`, [campaignId]))
          .length === 0,
      'the launch backfills to finish',
    );

  async function statsOf(campaignId: string) {
    const stats = expectStatus(await app.admin.get('/api/admin/stats'), 200);
    const row = stats.campaigns.find((c: { id: string }) => c.id === campaignId);
    return { stats, row };
  }

  /**
   * A campaign's letters per official and its failures grouped by reason, counted from the letters
   * the slow way (the grouping spelled out here, not the database function the summary uses).
   */
  async function lettersFromRows(campaignId: string) {
    const reason = `regexp_replace(coalesce(last_error, 'no reason recorded'), '<?[^\\s<>"'',;:]+@[^\\s<>"'',;:]+>?', '<address>', 'g')`;
    const counts = await stack.db.query<{ target_id: string; status: string; n: number }>(
      `SELECT target_id, status, count(*)::int AS n FROM deliveries WHERE campaign_id = $1 GROUP BY 1, 2`,
      [campaignId],
    );
    const failures = await stack.db.query<{ target_id: string; reason: string; failed: number; bounced: number; last_at: Date }>(
      `SELECT target_id, ${reason} AS reason, count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'bounced')::int AS bounced, max(updated_at) AS last_at
         FROM deliveries WHERE campaign_id = $1 AND status IN ('failed', 'bounced') GROUP BY 1, 2`,
      [campaignId],
    );
    const targets = new Map<string, { counts: Record<string, number>; failures: { reason: string; failed: number; bounced: number }[] }>();
    const entry = (id: string) => {
      if (!targets.has(id)) targets.set(id, { counts: Object.fromEntries(DELIVERY_STATUSES.map((st) => [st, 0])), failures: [] });
      return targets.get(id)!;
    };
    for (const c of counts) entry(c.target_id).counts[c.status] = c.n;
    for (const f of failures) entry(f.target_id).failures.push({ reason: f.reason, failed: f.failed, bounced: f.bounced });
    const byReason = new Map<string, { failed: number; bounced: number }>();
    for (const f of failures) {
      const g = byReason.get(f.reason) ?? { failed: 0, bounced: 0 };
      byReason.set(f.reason, { failed: g.failed + f.failed, bounced: g.bounced + f.bounced });
    }
    return { targets, byReason, latestFailure: failures.reduce((m, f) => Math.max(m, new Date(f.last_at).getTime()), 0) };
  }

  /** GET /api/campaigns/:id/letters and GET /api/admin/deliveries/failures say what the letters say. */
  async function expectLettersToMatchRows(campaignId: string) {
    const truth = await lettersFromRows(campaignId);
    const letters = expectStatus(await app.admin.get(`/api/campaigns/${campaignId}/letters`), 200);
    const byReason = (list: { reason: string; failed: number; bounced: number }[]) =>
      Object.fromEntries(list.map((f) => [f.reason, { failed: f.failed, bounced: f.bounced }]));
    expect(
      Object.fromEntries(
        letters.targets.map((t: { targetId: string; counts: Record<string, number>; failures: { reason: string; failed: number; bounced: number }[] }) => [
          t.targetId,
          { counts: t.counts, failures: byReason(t.failures) },
        ]),
      ),
    ).toEqual(Object.fromEntries([...truth.targets].map(([id, t]) => [id, { counts: t.counts, failures: byReason(t.failures) }])));
    const { groups } = expectStatus(await app.admin.get(`/api/admin/deliveries/failures?campaignId=${campaignId}`), 200);
    expect(byReason(groups)).toEqual(Object.fromEntries(truth.byReason));
    // a group's time is the latest failure of a letter that entered it: never before the latest still failed
    for (const g of groups) expect(new Date(g.lastAt).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    if (groups.length) expect(Math.max(...groups.map((g: { lastAt: string }) => new Date(g.lastAt).getTime()))).toBeGreaterThanOrEqual(truth.latestFailure);
    return truth;
  }

  async function expectStatsToMatchRows(campaignId: string) {
    await expectLettersToMatchRows(campaignId);
    const truth = await fromRows(campaignId);
    const { row } = await statsOf(campaignId);
    expect({
      signatures: row.signatures,
      deliveries: row.deliveries,
      sentLastHour: row.sentLastHour,
      sentLastDay: row.sentLastDay,
      oldestUnsentAt: row.oldestUnsentAt,
    }).toEqual(truth);
    return { truth, row };
  }

  it('match the rows after a mixed run: sent, failed, retrying, cancelled, withdrawn, bounced by bulk SQL', async () => {
    const targets = await createTargets(app.admin, 3);
    const [, refusing, withdrawnLater] = targets;
    const campaign = await createLiveCampaign(app.admin, { targets });
    const tag = uniq();
    const supporters = [0, 1, 2, 3, 4].map((i) => supporter(i, tag));
    for (const s of supporters) expectStatus(await app.api.post(`/api/public/campaigns/${campaign.slug}/signatures`, s), 202);
    const mails = await Promise.all(
      supporters.map(async (s) => (await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-notification']))[0]),
    );

    // paused, the confirmed signatures' letters are owed but held
    expectStatus(await app.admin.post(`/api/campaigns/${campaign.id}/pause`), 200);
    for (const m of mails.slice(0, 4)) expectStatus(await app.api.post('/api/public/signatures/confirm', { token: confirmTokenIn(m) }), 200);
    // one target withdrawn: its 4 letters are cancelled
    expectStatus(await app.admin.delete(`/api/campaigns/${campaign.id}/targets/${withdrawnLater.id}`), 200);

    // (every email to supporters sent first: the faults below are for letters)
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM notifications WHERE status IN ('queued', 'sending', 'retrying')`)).length === 0,
      'the emails to supporters to be sent',
    );
    // one target refuses its mail for good (550); the first 2 letters presented are told to try later (421)
    stack.smtp.faults.permfailRcpt = new RegExp(`^${refusing.email.replace(/[.]/g, '\\.')}$`);
    stack.smtp.faults.tempfailFirst = 2;
    expectStatus(await app.admin.post(`/api/campaigns/${campaign.id}/launch`), 200);
    const settled = await waitFor(async () => {
      const t = await fromRows(campaign.id);
      const d = t.deliveries;
      return d.sent === 2 && d.retrying === 2 && d.failed === 4 && d.cancelled === 4 && d.queued + d.sending === 0 ? t : null;
    }, 'the letters to settle: 2 sent, 2 retrying, 4 failed, 4 cancelled');
    expect(settled.signatures).toEqual({ pending: 1, confirmed: 4, withdrawn: 0 });
    expect(settled.sentLastHour).toBe(2);
    expect(settled.oldestUnsentAt).not.toBeNull();
    const first = await expectStatsToMatchRows(campaign.id);
    expect(first.row.oldestUnsentAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(first.row.title).toBe('Stop the assault on Homs');
    expect(first.row.status).toBe('live');

    // a supporter withdraws: the signature moves, and any of their letters still retrying is cancelled
    const withdraw = await stack.smtp.waitFor((m) => m.rcptTo.includes(supporters[0].email) && m.text.includes('/withdraw/'));
    expectStatus(await app.api.post('/api/public/signatures/withdraw', { token: withdrawTokenIn(withdraw[0]) }), 200);
    // a status changed by plain SQL (as bounce processing or an operator would) is counted too
    const [sentRow] = await stack.db.query(`SELECT id FROM deliveries WHERE campaign_id = $1 AND status = 'sent' LIMIT 1`, [campaign.id]);
    await stack.db.query(`UPDATE deliveries SET status = 'bounced', last_error = '550 5.1.1 bounced later' WHERE id = $1`, [sentRow.id]);

    const before = await expectStatsToMatchRows(campaign.id);
    expect(before.truth.signatures).toEqual({ pending: 1, confirmed: 3, withdrawn: 1 });
    expect(before.truth.deliveries.bounced).toBe(1);
    // folded into the totals, the figures are the same, and nothing is left to fold
    const { folded } = await rollup.run();
    expect(folded).toBeGreaterThan(0);
    await expectStatsToMatchRows(campaign.id);
    expect(await stack.db.query(`SELECT 1 FROM campaign_stat_deltas`)).toHaveLength(0);
    expect(await rollup.run()).toEqual({ folded: 0 });
    await expectStatsToMatchRows(campaign.id);

    // the retrying letters wait in the letters queue as delayed jobs
    const { stats } = await statsOf(campaign.id);
    expect(Object.keys(stats.queues).sort()).toEqual(['appeals', 'maintenance', 'notifications', 'webhooks']);
    expect(stats.queues.appeals).toEqual({ waiting: expect.any(Number), active: expect.any(Number), delayed: expect.any(Number), failed: expect.any(Number) });
    expect(stats.queues.appeals.delayed).toBeGreaterThanOrEqual(1);
    expect(stats.queueError).toBeNull();
  });

  it('counts concurrent single-row updates from many connections, with a roll-up folding in between, losing none', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    expectStatus(await app.admin.post(`/api/campaigns/${campaign.id}/pause`), 200); // the workers leave these letters alone
    await backfilled(campaign.id);
    await insertConfirmedSignatures(stack.db, campaign.id, 600);
    await stack.db.query(`INSERT INTO deliveries (campaign_id, target_id, signature_id) SELECT campaign_id, $2, id FROM signatures WHERE campaign_id = $1`, [
      campaign.id,
      target.id,
    ]);
    const ids = (await stack.db.query<{ id: string }>(`SELECT id FROM deliveries WHERE campaign_id = $1 ORDER BY id`, [campaign.id])).map((r) => r.id);
    expect(ids).toHaveLength(600);

    // 16 connections, as 16 workers: each letter claimed, then recorded as sent / retrying / failed, one row per statement
    const pool = new pg.Pool({ connectionString: stack.db.url, max: 16 });
    try {
      const outcome = (i: number) => (['sent', 'sent', 'retrying', 'failed'] as const)[i % 4];
      let folding = true;
      const folder = (async () => {
        while (folding) await rollup.run();
      })();
      await Promise.all(
        Array.from({ length: 16 }, async (_, w) => {
          for (let i = w; i < ids.length; i += 16) {
            await pool.query(`UPDATE deliveries SET status = 'sending', attempts = attempts + 1 WHERE id = $1 AND status = 'queued'`, [ids[i]]);
            await pool.query(`UPDATE deliveries SET status = $2, sent_at = CASE WHEN $2 = 'sent' THEN now() END WHERE id = $1 AND status = 'sending'`, [
              ids[i],
              outcome(i),
            ]);
          }
        }),
      );
      folding = false;
      await folder;
    } finally {
      await pool.end();
    }
    const { truth } = await expectStatsToMatchRows(campaign.id);
    expect(truth.deliveries).toMatchObject({ queued: 0, sending: 0, sent: 300, retrying: 150, failed: 150 });
    expect(truth.sentLastHour).toBe(300);
    await rollup.run();
    await expectStatsToMatchRows(campaign.id);
  });

  it('never makes a status change wait on a shared counter row: statements only append deltas', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    await rollup.run();
    await backfilled(campaign.id);
    await insertConfirmedSignatures(stack.db, campaign.id, 3);
    // the triggers wrote deltas, and did not touch the totals (only the roll-up does)
    expect(await stack.db.query(`SELECT 1 FROM campaign_stat_totals WHERE campaign_id = $1`, [campaign.id])).toHaveLength(0);
    expect(await stack.db.query(`SELECT kind, status, n FROM campaign_stat_deltas WHERE campaign_id = $1`, [campaign.id])).toEqual([
      { kind: 'signatures', status: 'confirmed', n: 3 },
    ]);
    // two transactions changing the same campaign's letters both commit while neither has ended
    const a = new pg.Client({ connectionString: stack.db.url });
    const b = new pg.Client({ connectionString: stack.db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      const sigs = await stack.db.query<{ id: string }>(`SELECT id FROM signatures WHERE campaign_id = $1 ORDER BY id`, [campaign.id]);
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query(`INSERT INTO deliveries (campaign_id, target_id, signature_id) VALUES ($1, $2, $3)`, [campaign.id, target.id, sigs[0].id]);
      await b.query(`SET LOCAL lock_timeout = '2s'`);
      await b.query(`INSERT INTO deliveries (campaign_id, target_id, signature_id) VALUES ($1, $2, $3)`, [campaign.id, target.id, sigs[1].id]);
      await b.query('COMMIT');
      await a.query('COMMIT');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    await expectStatsToMatchRows(campaign.id);
  });

  it('count the last 60 and 1,440 minutes exactly, at every edge, from minutes, whole hours and unfolded deltas', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    await backfilled(campaign.id);
    // letters sent at the edges of both windows (minutes before the current one, each 20 s into its
    // minute), in the hours read whole, and outside: one letter per offset
    // and at the edges of the hours read whole: the current hour's first minute, the day's first
    // whole hour, the minutes around them (offsets from the database's clock)
    const [edge] = await stack.db.query(
      `SELECT extract(minute FROM now())::int AS hour_start,
              (extract(epoch FROM date_trunc('minute', now()) - date_trunc('hour', date_trunc('minute', now()) - interval '1380 minutes')) / 60)::int AS first_full`,
    );
    const offsets = [0, 1, 30, 58, 59, 60, 61, 119, 120, 121, 179, 180, 600, 1379, 1380, 1381, 1438, 1439, 1440, 1441, 1500, 1600].concat(
      [edge.hour_start, edge.hour_start + 1, edge.first_full - 1, edge.first_full, edge.first_full + 1].filter((o) => o >= 0 && o < 1600),
    );
    const within = (list: number[], minutes: number) => list.filter((o) => o < minutes).length;
    const insertAt = async (minutesAgo: number[]) => {
      await insertConfirmedSignatures(stack.db, campaign.id, minutesAgo.length);
      await stack.db.query(
        `WITH s AS (SELECT id, row_number() OVER (ORDER BY id) AS k FROM signatures
                     WHERE campaign_id = $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.signature_id = signatures.id))
         INSERT INTO deliveries (campaign_id, target_id, signature_id, status, sent_at)
         SELECT $1, $2, s.id, 'sent', date_trunc('minute', now()) - make_interval(mins => ($3::int[])[s.k]) + interval '20 seconds' FROM s`,
        [campaign.id, target.id, minutesAgo],
      );
    };
    /** the stats and the rows in the same minute (a minute that turns in between is measured again) */
    const windows = async () => {
      for (;;) {
        const { row, stats } = await statsOf(campaign.id);
        const truth = await fromRows(campaign.id);
        const [{ minute }] = await stack.db.query(`SELECT date_trunc('minute', now()) AS minute`);
        if (new Date(stats.generatedAt).getTime() >= new Date(minute).getTime())
          return { stats: [row.sentLastHour, row.sentLastDay], rows: [truth.sentLastHour, truth.sentLastDay] };
      }
    };
    /**
     * campaign_sent_days's row for this hour's window, and the letters sent in the window's whole
     * hours counted from the rows; `hour`: the hour they were read in
     */
    const dayRow = async () =>
      (
        await stack.db.query(
          `SELECT (SELECT n::int FROM campaign_sent_days WHERE campaign_id = $1 AND from_hour = ${FIRST_FULL_HOUR} AND to_hour = ${CURRENT_HOUR}) AS kept,
                  (SELECT count(*)::int FROM deliveries WHERE campaign_id = $1 AND sent_at >= ${FIRST_FULL_HOUR} AND sent_at < ${CURRENT_HOUR}) AS truth,
                  ${CURRENT_HOUR}::text AS hour`,
          [campaign.id],
        )
      )[0] as { kept: number | null; truth: number; hour: string };
    /** a roll-up, then its row for the window holds what the rows say (once more if the hour turned in between) */
    const rollUpAndExpectDayRow = async () => {
      for (;;) {
        const before = await dayRow();
        await rollup.run();
        const after = await dayRow();
        if (after.hour !== before.hour) continue;
        expect(after.kept).toBe(after.truth);
        return after;
      }
    };
    await insertAt(offsets);
    // not folded yet: all from the deltas
    let w = await windows();
    expect(w.rows).toEqual([within(offsets, 60), within(offsets, 1440)]);
    expect(w.stats).toEqual(w.rows);
    // folded into minutes and hours, and the window's whole hours into one row (made for every
    // campaign when a process first rolls up in an hour: this campaign is newer than this
    // process's last move, so its hours would be read instead until the next hour)
    rollup['daysMovedTo'] = null;
    expect((await rollUpAndExpectDayRow()).truth).toBeGreaterThan(0);
    expect(await stack.db.query(`SELECT 1 FROM campaign_sent_hours WHERE campaign_id = $1`, [campaign.id])).not.toHaveLength(0);
    w = await windows();
    expect(w.stats).toEqual(w.rows);
    // more on top, unfolded, in hours already folded
    const more = [2, 90, 700, 1439, edge.hour_start, edge.first_full];
    await insertAt(more);
    w = await windows();
    expect(w.rows).toEqual([within(offsets, 60) + within(more, 60), within(offsets, 1440) + within(more, 1440)]);
    expect(w.stats).toEqual(w.rows);
    // folded on top of the row (not recomputed: this process moved it this hour already)
    await rollUpAndExpectDayRow();
    w = await windows();
    expect(w.stats).toEqual(w.rows);

    // the hour has turned and no roll-up has moved the row yet: a row for another window is not
    // read (made wrong here on purpose), the hours are
    await stack.db.query(
      `UPDATE campaign_sent_days SET from_hour = from_hour - interval '1 hour', to_hour = to_hour - interval '1 hour', n = n + 1000 WHERE campaign_id = $1`,
      [campaign.id],
    );
    w = await windows();
    expect(w.stats).toEqual(w.rows);
    // a campaign with no row at all (created since the hour turned) likewise
    await stack.db.query(`DELETE FROM campaign_sent_days WHERE campaign_id = $1`, [campaign.id]);
    w = await windows();
    expect(w.stats).toEqual(w.rows);
    // the first roll-up of a process in a new hour moves every campaign's row to the new window
    rollup['daysMovedTo'] = null; // (as when the hour turns)
    await rollUpAndExpectDayRow();
    w = await windows();
    expect(w.stats).toEqual(w.rows);
  });

  it('draws sent letters per minute for the last hour, zeros included, the current minute last', async () => {
    const [target] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [target] });
    await backfilled(campaign.id);
    await insertConfirmedSignatures(stack.db, campaign.id, 7);
    // 4 letters sent 3 minutes ago, 3 sent now: as the worker records them
    await stack.db.query(
      `INSERT INTO deliveries (campaign_id, target_id, signature_id, status, sent_at)
       SELECT campaign_id, $2, id, 'sent', CASE WHEN row_number() OVER (ORDER BY id) <= 4 THEN now() - interval '3 minutes' ELSE now() END
         FROM signatures WHERE campaign_id = $1`,
      [campaign.id, target.id],
    );
    const series = expectStatus(await app.admin.get(`/api/admin/stats/sent-per-minute?campaignId=${campaign.id}`), 200);
    expect(series.campaignId).toBe(campaign.id);
    expect(series.minutes).toHaveLength(60);
    const minute = (offset: number) => {
      const d = new Date(series.minutes[59].minute);
      d.setUTCMinutes(d.getUTCMinutes() - offset);
      return d.toISOString();
    };
    const [{ now }] = await stack.db.query(`SELECT date_trunc('minute', now()) AS now`);
    expect(series.minutes[59].minute).toBe(new Date(now).toISOString());
    expect(series.minutes.map((m: { minute: string }) => m.minute)).toEqual(Array.from({ length: 60 }, (_, i) => minute(59 - i)));
    expect(series.minutes[59].sent).toBe(3);
    expect(series.minutes[56].sent).toBe(4);
    expect(series.minutes.reduce((t: number, m: { sent: number }) => t + m.sent, 0)).toBe(7);
    // the same after folding, and across all campaigns it is at least this campaign's
    await rollup.run();
    const again = expectStatus(await app.admin.get(`/api/admin/stats/sent-per-minute?campaignId=${campaign.id}&minutes=5`), 200);
    expect(again.minutes.map((m: { sent: number }) => m.sent)).toEqual([0, 4, 0, 0, 3]);
    const all = expectStatus(await app.admin.get('/api/admin/stats/sent-per-minute'), 200);
    expect(all.campaignId).toBeNull();
    expect(all.minutes[59].sent).toBeGreaterThanOrEqual(3);

    for (const bad of ['minutes=0', 'minutes=1441', 'minutes=ten', 'campaignId=nope']) {
      const r = await app.admin.get(`/api/admin/stats/sent-per-minute?${bad}`);
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.json.message)).toContain(bad.split('=')[0]);
    }
  });

  it('is for admins only', async () => {
    const { staff: campaigner } = await newCampaigner(app);
    for (const path of ['/api/admin/stats', '/api/admin/stats/sent-per-minute']) {
      expect((await app.api.get(path)).status).toBe(401);
      expect((await campaigner.get(path)).status).toBe(403);
    }
  });
});
