import { jest } from '@jest/globals';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Clock } from '../src/common/clock.js';
import { localTime, nextOpening, weekday, type SendWindow } from '../src/deliveries/send-window.js';
import { QUEUES } from '../src/queue/queues.js';
import { expectStatus, type TargetJson } from './helpers/api-client.js';
import { ConsoleClient, pageText } from './helpers/console-client.js';
import { createLiveCampaign, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const OFFICE: SendWindow = { fromHour: 9, toHour: 17 };
const HOUR = 3_600_000;

/**
 * Office hours (issue 17): a campaign's `delivery.sendWindow`, read in each official's time zone
 * (the target's `timeZone`, else its country's only zone, else UTC). A letter owed while the
 * window is closed waits, queued in PostgreSQL with no attempt spent, for its place in the next
 * opening (the first exactly at it, the next ones a gap apart), and is sent then. The worker's
 * sense of the hour is the app's Clock, which these tests move (`jest.spyOn(clock, 'now')`); the
 * queue's delays stay in real time, so a letter "owed at 08:59:55" goes five real seconds later.
 */
describe('office hours: delivery.sendWindow', () => {
  // digests are owed for a period as soon as it is over
  const { stack, app } = useStack({ app: { DIGEST_GRACE_SECONDS: '0' } });
  let staff: typeof app.admin;

  beforeAll(async () => {
    ({ staff } = await newCampaigner(app));
  });
  afterEach(() => jest.restoreAllMocks());

  const queue = () => app.app.get<Queue>(getQueueToken(QUEUES.letters));
  /** Moves the app's clock so that it reads `atMs` now (and runs on at real speed); answers the shift. */
  function setClock(atMs: number): number {
    const shift = atMs - Date.now();
    jest.spyOn(app.app.get(Clock), 'now').mockImplementation(() => Date.now() + shift);
    return shift;
  }
  const letters = (campaignId: string) =>
    stack.db.query<{ id: string; status: string; attempts: number; sent_at: Date | null; tries: number }>(
      `SELECT d.id, d.status, d.attempts, d.sent_at, (SELECT count(*)::int FROM delivery_attempts a WHERE a.delivery_id = d.id) AS tries
         FROM deliveries d WHERE d.campaign_id = $1 ORDER BY d.created_at, d.id`,
      [campaignId],
    );
  /** When BullMQ will run a delayed job (real time, ms): its score in the delayed set (timestamp × 4096 + a counter). */
  async function dueAt(jobId: string): Promise<number | null> {
    const score = await stack.redis.zscore(`${stack.prefix}:${QUEUES.letters}:delayed`, jobId);
    return score === null ? null : Math.floor(Number(score) / 0x1000);
  }
  /** Waits until every letter of the campaign is deferred: its job delayed, the row queued with no attempt spent. */
  const deferred = (campaignId: string, count: number, timeout = 20_000) =>
    waitFor(
      async () => {
        const rows = await letters(campaignId);
        if (rows.length !== count) return null;
        const states = await Promise.all(
          rows.map((r) =>
            queue()
              .getJob(r.id)
              .then((j) => j?.getState()),
          ),
        );
        return rows.every((r, i) => r.status === 'queued' && states[i] === 'delayed') ? rows : null;
      },
      `${count} letter(s) deferred to the window's opening`,
      { timeout },
    );
  const mailsOf = (slug: string) => stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === slug);
  /**
   * A live campaign holding its letters (delivery.startAt an hour ahead) while `signers` sign,
   * their letters owed and held (attempts 0).
   */
  async function heldCampaign(target: TargetJson, delivery: Record<string, unknown>, signers: number) {
    const c = await createLiveCampaign(staff, {
      targets: [target],
      body: { delivery: { mode: 'individual', startAt: new Date(Date.now() + HOUR).toISOString(), ...delivery } },
    });
    const tag = uniq();
    for (let i = 0; i < signers; i++) await signAndConfirm(app.api, stack.smtp, c.slug, supporter(i, tag));
    const rows = await waitFor(async () => {
      const r = await letters(c.id);
      return r.length === signers ? r : null;
    }, 'the letters owed');
    for (const l of rows) await waitFor(async () => (await queue().getJob(l.id))?.returnvalue === 'held', 'a worker to hold the letter until startAt');
    return c;
  }
  /** Hands the held letters to the queue now (startAt cleared): the workers look at them at once. */
  const release = (campaignId: string) =>
    staff.patch(`/api/campaigns/${campaignId}`, { delivery: { mode: 'individual', startAt: null } }).then((r) => expectStatus(r, 200));
  const newTarget = async (body: Record<string, unknown>) =>
    expectStatus(await staff.createTarget({ name: `Official ${uniq()}`, email: `official.${uniq()}@officials.example`, ...body }), 201);

  describe('the API', () => {
    it("a target's timeZone: validated (400 naming it), spelled as IANA does, else its country's only zone, else none", async () => {
      for (const timeZone of ['Mars/Olympus_Mons', 'Moscow', 42]) {
        const r = await staff.createTarget({ name: 'X', email: `x.${uniq()}@officials.example`, timeZone } as never);
        expect([timeZone, r.status]).toEqual([timeZone, 400]);
        expect((r.json as unknown as { message: string[] }).message).toEqual([
          expect.stringContaining(`timeZone ${JSON.stringify(String(timeZone))} is not an IANA time zone`),
        ]);
      }
      const own = await newTarget({ country: 'RU', timeZone: 'asia/vladivostok' });
      expect(own).toMatchObject({ country: 'RU', timeZone: 'Asia/Vladivostok', timeZoneSource: 'target' });
      const lebanon = await newTarget({ country: 'LB' });
      expect(lebanon).toMatchObject({ timeZone: 'Asia/Beirut', timeZoneSource: 'country' });
      const russia = await newTarget({ country: 'RU' });
      expect(russia).toMatchObject({ timeZone: null, timeZoneSource: 'none' });
      const league = await newTarget({});
      expect(league).toMatchObject({ timeZone: null, timeZoneSource: 'none' });
      // stored as given; null clears it, and the country's zone applies again
      expect((await stack.db.query(`SELECT time_zone FROM targets WHERE id = $1`, [own.id]))[0].time_zone).toBe('Asia/Vladivostok');
      expect((await stack.db.query(`SELECT time_zone FROM targets WHERE id = $1`, [lebanon.id]))[0].time_zone).toBeNull();
      expect(expectStatus(await staff.patch(`/api/targets/${russia.id}`, { timeZone: 'Europe/Moscow' }), 200)).toMatchObject({
        timeZone: 'Europe/Moscow',
        timeZoneSource: 'target',
      });
      expect(expectStatus(await staff.patch(`/api/targets/${own.id}`, { timeZone: null }), 200)).toMatchObject({ timeZone: null, timeZoneSource: 'none' });
      expect(expectStatus(await staff.get(`/api/targets/${lebanon.id}`), 200)).toMatchObject({ timeZone: 'Asia/Beirut', timeZoneSource: 'country' });
      expect((await staff.patch(`/api/targets/${lebanon.id}`, { timeZone: 'Beirut' })).status).toBe(400);
    });

    it('the CSV import takes an optional time_zone column, checked like the JSON API; an empty cell clears it', async () => {
      const a = `a.${uniq()}@officials.example`;
      const b = `b.${uniq()}@officials.example`;
      const c = `c.${uniq()}@officials.example`;
      const csv = `name,email,country,time_zone\nA,${a},RU,Asia/Vladivostok\nB,${b},FR,\nC,${c},RU,Vladivostok\n`;
      const report = expectStatus(await staff.call('POST', '/api/targets/import', csv, { 'content-type': 'text/csv' }), 200);
      expect(report.summary).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
      expect(report.rows[2].reasons).toEqual([expect.stringContaining('timeZone "Vladivostok" is not an IANA time zone')]);
      expect(expectStatus(await staff.get(`/api/targets/${report.rows[0].id}`), 200)).toMatchObject({ timeZone: 'Asia/Vladivostok', timeZoneSource: 'target' });
      expect(expectStatus(await staff.get(`/api/targets/${report.rows[1].id}`), 200)).toMatchObject({ timeZone: 'Europe/Paris', timeZoneSource: 'country' });
      // again, A's cell empty: its own zone cleared; a file without the column leaves it alone
      const again = expectStatus(
        await staff.call('POST', '/api/targets/import', `name,email,country,time_zone\nA,${a},RU,\n`, { 'content-type': 'text/csv' }),
        200,
      );
      expect(again.summary).toMatchObject({ updated: 1 });
      expect(expectStatus(await staff.get(`/api/targets/${report.rows[0].id}`), 200)).toMatchObject({ timeZone: null, timeZoneSource: 'none' });
      await staff.patch(`/api/targets/${report.rows[0].id}`, { timeZone: 'Asia/Vladivostok' });
      const without = expectStatus(await staff.call('POST', '/api/targets/import', `name,email,country\nA,${a},RU\n`, { 'content-type': 'text/csv' }), 200);
      expect(without.summary).toMatchObject({ unchanged: 1 });
      expect(expectStatus(await staff.get(`/api/targets/${report.rows[0].id}`), 200).timeZone).toBe('Asia/Vladivostok');
    });

    it("a campaign's delivery.sendWindow: validated, stored, kept by other changes, cleared by null", async () => {
      const create = (sendWindow: unknown) =>
        staff.post('/api/campaigns', { slug: `homs-${uniq()}`, title: 'T', appeal: { subject: 's', body: 'b' }, delivery: { mode: 'individual', sendWindow } });
      const refused: [unknown, string][] = [
        [{ fromHour: 9, toHour: 9 }, 'delivery.sendWindow.toHour must differ from fromHour (for letters at any time, leave sendWindow out)'],
        [{ fromHour: 24, toHour: 9 }, 'delivery.sendWindow.fromHour must be a whole hour, 0 to 23'],
        [{ fromHour: 9, toHour: 25 }, 'delivery.sendWindow.toHour must be a whole hour, 1 to 24'],
        [{ fromHour: 9.5, toHour: 17 }, 'delivery.sendWindow.fromHour must be a whole hour, 0 to 23'],
        [{ fromHour: 9 }, 'delivery.sendWindow.toHour must be a whole hour, 1 to 24'],
        [{ fromHour: 9, toHour: 17, weekdaysOnly: 'yes' }, 'delivery.sendWindow.weekdaysOnly must be true or false'],
        ['9-17', 'delivery.sendWindow must be an object: { fromHour, toHour, weekdaysOnly? }'],
      ];
      for (const [sendWindow, message] of refused) {
        const r = await create(sendWindow);
        expect([sendWindow, r.status]).toEqual([sendWindow, 400]);
        expect(r.json.message).toContain(message);
      }
      const c = expectStatus(await create({ fromHour: 22, toHour: 6, weekdaysOnly: true }), 201);
      expect(c.delivery).toEqual({ mode: 'individual', sendWindow: { fromHour: 22, toHour: 6, weekdaysOnly: true } });
      const paced = expectStatus(await staff.patch(`/api/campaigns/${c.id}`, { delivery: { mode: 'individual', maxPerTargetPerHour: 50 } }), 200);
      expect(paced.delivery.sendWindow).toEqual({ fromHour: 22, toHour: 6, weekdaysOnly: true });
      const cleared = expectStatus(await staff.patch(`/api/campaigns/${c.id}`, { delivery: { mode: 'individual', sendWindow: null } }), 200);
      expect(cleared.delivery).toEqual({ mode: 'individual', maxPerTargetPerHour: 50, sendWindow: null });
    });
  });

  describe('the console', () => {
    let browser: ConsoleClient;
    beforeAll(async () => {
      const { email } = await newCampaigner(app);
      browser = await new ConsoleClient(app.url).signIn(email, 'campaigner-password-1');
    });

    it("an official's form takes a time zone, says which zone applies when it is empty, and names a wrong one", async () => {
      await browser.get('/console/targets/new');
      const fields = { name: 'Nabil Elaraby', title: '', organization: '', country: 'EG', locale: 'en', email: `sg.${uniq()}@arab-league.example`, tags: '' };
      const bad = await browser.post('/console/targets', { ...fields, timeZone: 'Cairo' });
      expect(bad.status).toBe(400);
      expect(pageText(bad.text)).toContain('Time zone');
      expect(pageText(bad.text)).toContain('"Cairo" is not an IANA time zone');
      expect(bad.text).toContain('value="Cairo"');
      const made = await browser.post('/console/targets', { ...fields, timeZone: '' });
      expect(made.status).toBe(303);
      const page = await browser.get(made.location!);
      expect(pageText(page.text)).toContain('Empty now: Africa/Cairo, the only zone of EG.');
      expect(page.text).toContain('<option value="Asia/Vladivostok">');
      const id = made.location!.split('/').pop()!;
      expect((await browser.post(`/console/targets/${id}`, { ...fields, email: fields.email, timeZone: 'Europe/Moscow' })).status).toBe(303);
      expect(expectStatus(await staff.get(`/api/targets/${id}`), 200)).toMatchObject({ timeZone: 'Europe/Moscow', timeZoneSource: 'target' });
      expect(pageText((await browser.get(`/console/targets/${id}`)).text)).toContain('Their office hours follow Europe/Moscow.');
      // emptied: back to the country's
      expect((await browser.post(`/console/targets/${id}`, { ...fields, timeZone: '' })).status).toBe(303);
      expect(expectStatus(await staff.get(`/api/targets/${id}`), 200)).toMatchObject({ timeZone: 'Africa/Cairo', timeZoneSource: 'country' });
    });

    it("a campaign's settings take office hours in a fieldset of their own; both hours empty: any time", async () => {
      const c = expectStatus(
        await staff.post('/api/campaigns', { slug: `homs-${uniq()}`, title: 'Stop the assault on Homs', appeal: { subject: 's', body: 'b' } }),
        201,
      );
      const form = await browser.get(`/console/campaigns/${c.id}/settings`);
      expect(form.text).toContain('<legend>Office hours</legend>');
      const fields = {
        title: 'Stop the assault on Homs',
        slug: c.slug,
        summary: '',
        signatureGoal: '',
        endsAt: '',
        requireConfirmation: 'true',
        'delivery.mode': 'individual',
        'delivery.maxPerTargetPerHour': '',
        'delivery.supporterReceipts': 'false',
        'delivery.startAt': '',
      };
      const same = await browser.post(`/console/campaigns/${c.id}/settings`, {
        ...fields,
        'delivery.sendWindow.fromHour': '9',
        'delivery.sendWindow.toHour': '9',
      });
      expect(same.status).toBe(400);
      expect(pageText(same.text)).toContain('Must differ from fromHour');
      const saved = await browser.post(`/console/campaigns/${c.id}/settings`, {
        ...fields,
        'delivery.sendWindow.fromHour': '9',
        'delivery.sendWindow.toHour': '17',
        'delivery.sendWindow.weekdaysOnly': 'true',
      });
      expect(saved.status).toBe(303);
      expect(expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200).delivery.sendWindow).toEqual({ fromHour: 9, toHour: 17, weekdaysOnly: true });
      const again = (await browser.get(`/console/campaigns/${c.id}/settings`)).text;
      expect(again).toMatch(/<option value="9" selected>09:00<\/option>/);
      expect(again).toMatch(/<option value="17" selected>17:00<\/option>/);
      const cleared = await browser.post(`/console/campaigns/${c.id}/settings`, {
        ...fields,
        'delivery.sendWindow.fromHour': '',
        'delivery.sendWindow.toHour': '',
      });
      expect(cleared.status).toBe(303);
      expect(expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200).delivery.sendWindow).toBeNull();
    });
  });

  it('a letter owed outside the window waits, with no attempt spent, and is sent when it opens; those that waited are spread a second apart', async () => {
    const target = await newTarget({ country: 'RU', timeZone: 'Asia/Vladivostok' });
    const c = await heldCampaign(target, { sendWindow: OFFICE }, 3);
    // 08:59:54 in Vladivostok (UTC+10): the window opens in six seconds
    const opening = nextOpening(OFFICE, 'Asia/Vladivostok', Date.now());
    expect(localTime('Asia/Vladivostok', opening.openMs)).toMatchObject({ hour: 9, minute: 0, second: 0 });
    const shift = setClock(opening.openMs - 6000);
    await release(c.id);

    const waiting = await deferred(c.id, 3);
    expect(Date.now() + shift).toBeLessThan(opening.openMs);
    expect(waiting.map(({ status, attempts, tries }) => ({ status, attempts, tries }))).toEqual(Array(3).fill({ status: 'queued', attempts: 0, tries: 0 }));
    expect(mailsOf(c.slug)).toEqual([]);
    // the first at the opening itself, then one a second (the campaign is not paced)
    const due = await Promise.all(waiting.map((l) => dueAt(l.id)));
    const offsets = due.map((d) => d! + shift - opening.openMs).sort((a, b) => a - b);
    // (within 50 ms: a few ms before the opening, as the shifted clock is read, is the opening too)
    expect(offsets).toHaveLength(3);
    for (const [i, o] of offsets.entries()) expect(Math.abs(o - i * 1000)).toBeLessThan(50);

    // the window opens: each is sent, at its place in it, with one attempt
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === c.slug, 3, 30_000);
    const sent = await waitFor(async () => {
      const rows = await letters(c.id);
      return rows.every((l) => l.status === 'sent') ? rows : null;
    }, 'the letters recorded as sent');
    for (const l of sent) {
      expect({ attempts: l.attempts, tries: l.tries }).toEqual({ attempts: 1, tries: 1 });
      // sent in the window, by the app's clock (the database's now() is real time); a little leeway for the two clocks' reading
      expect(l.sent_at!.getTime() + shift).toBeGreaterThanOrEqual(opening.openMs - 100);
    }
    expect(mailsOf(c.slug)).toHaveLength(3);
  });

  it("a target with no timeZone of its own follows its country's only zone (Lebanon: Asia/Beirut)", async () => {
    const target = await newTarget({ country: 'LB' });
    const c = await heldCampaign(target, { sendWindow: OFFICE }, 1);
    const opening = nextOpening(OFFICE, 'Asia/Beirut', Date.now());
    // in UTC the window would open hours from then: the letter would not go for hours
    expect(nextOpening(OFFICE, 'UTC', opening.openMs - 6000).openMs).not.toBe(opening.openMs);
    const shift = setClock(opening.openMs - 6000);
    await release(c.id);
    const [letter] = await deferred(c.id, 1);
    expect(letter).toMatchObject({ attempts: 0, tries: 0 });
    expect(Math.abs((await dueAt(letter.id))! + shift - opening.openMs)).toBeLessThan(50);
    const [mail] = await stack.smtp.waitFor((m) => m.headers['x-appeal-delivery'] === letter.id, 1, 30_000);
    expect(mail.rcptTo).toEqual([target.email]);
    const [after] = await waitFor(async () => {
      const rows = await letters(c.id);
      return rows[0]?.status === 'sent' ? rows : null;
    }, 'the letter recorded as sent');
    expect({ attempts: after.attempts, tries: after.tries }).toEqual({ attempts: 1, tries: 1 });
  });

  it('weekdaysOnly: a letter owed on Saturday waits for Monday morning, and the forecast says when', async () => {
    const target = await newTarget({ country: 'FR' });
    const window: SendWindow = { ...OFFICE, weekdaysOnly: true };
    // a Saturday noon in Paris
    let saturday = nextOpening({ fromHour: 12, toHour: 13 }, 'Europe/Paris', Date.now());
    while (weekday(localTime('Europe/Paris', saturday.openMs)) !== 6) saturday = nextOpening({ fromHour: 12, toHour: 13 }, 'Europe/Paris', saturday.openMs);
    const shift = setClock(saturday.openMs);
    const monday = nextOpening(window, 'Europe/Paris', saturday.openMs);
    expect(weekday(localTime('Europe/Paris', monday.openMs))).toBe(1);
    expect(monday.openMs - saturday.openMs).toBeGreaterThanOrEqual(44 * HOUR); // 45 h, or 44 or 46 over a daylight-saving change

    const c = await createLiveCampaign(staff, { targets: [target], body: { delivery: { mode: 'individual', maxPerTargetPerHour: 60, sendWindow: window } } });
    await signAndConfirm(app.api, stack.smtp, c.slug, supporter(1, uniq()));
    const [letter] = await deferred(c.id, 1);
    expect(letter).toMatchObject({ status: 'queued', attempts: 0, tries: 0 });
    // due on Monday at 09:00 in Paris, by the app's clock: the first letter of that opening goes as it opens
    expect(Math.abs((await dueAt(letter.id))! + shift - monday.openMs)).toBeLessThan(50);
    const job = await queue().getJob(letter.id);
    expect(job!.delay).toBeGreaterThan(44 * HOUR);
    expect(mailsOf(c.slug)).toEqual([]);

    // the forecast: the window opens on Monday, and the one letter goes then
    const forecast = expectStatus(await staff.get(`/api/campaigns/${c.id}/forecast`), 200);
    expect(forecast.targets[0]).toMatchObject({
      backlog: 1,
      basis: 'pacing-limit',
      timeZone: 'Europe/Paris',
      windowOpensAt: new Date(monday.openMs).toISOString(),
      projectedDrainAt: new Date(monday.openMs).toISOString(),
    });
    expect(forecast.targets[0].projectedSeconds).toBeGreaterThan(44 * 3600);
  });

  it('digests respect the window too: a digest owed on Saturday waits for Monday, no attempt spent', async () => {
    const target = await newTarget({ country: 'EG' });
    const window: SendWindow = { ...OFFICE, weekdaysOnly: true };
    let saturday = nextOpening({ fromHour: 12, toHour: 13 }, 'Africa/Cairo', Date.now());
    while (weekday(localTime('Africa/Cairo', saturday.openMs)) !== 6) saturday = nextOpening({ fromHour: 12, toHour: 13 }, 'Africa/Cairo', saturday.openMs);
    const shift = setClock(saturday.openMs);
    const monday = nextOpening(window, 'Africa/Cairo', saturday.openMs);
    const c = await createLiveCampaign(staff, {
      targets: [target],
      body: {
        appeal: { subject: '{{signatureCount}} people ask you to act', body: 'Dear {{target.name}},\n\n{{signatureCount}} people signed:\n\n{{signatories}}' },
        delivery: { mode: 'digest', digestIntervalMinutes: 5, sendWindow: window },
      },
    });
    const tag = uniq();
    for (const i of [0, 1]) await signAndConfirm(app.api, stack.smtp, c.slug, supporter(i, tag));
    // the confirmations in the five-minute period before this one, which is over: a digest is owed
    await stack.db.query(`UPDATE signatures SET confirmed_at = now() - interval '6 minutes' WHERE campaign_id = $1`, [c.id]);
    const [digest] = await deferred(c.id, 1, 40_000);
    expect(await stack.db.query(`SELECT signature_id, attempts FROM deliveries WHERE id = $1`, [digest.id])).toEqual([{ signature_id: null, attempts: 0 }]);
    expect(digest.tries).toBe(0);
    expect(Math.abs((await dueAt(digest.id))! + shift - monday.openMs)).toBeLessThan(50);
    expect(mailsOf(c.slug)).toEqual([]);
  });

  it('a paused campaign still holds: a letter whose window opens while the campaign is paused is held, then sent on resume', async () => {
    const target = await newTarget({ timeZone: 'America/Sao_Paulo' });
    const c = await heldCampaign(target, { sendWindow: OFFICE }, 1);
    const opening = nextOpening(OFFICE, 'America/Sao_Paulo', Date.now());
    setClock(opening.openMs - 6000);
    await release(c.id);
    const [letter] = await deferred(c.id, 1);
    expectStatus(await staff.post(`/api/campaigns/${c.id}/pause`), 200, 201);
    // the window opens: the worker takes the letter again, and holds it (paused): no attempt spent, nothing sent
    await waitFor(async () => (await queue().getJob(letter.id))?.returnvalue === 'held', 'the worker to hold the letter of the paused campaign', {
      timeout: 30_000,
    });
    expect((await letters(c.id))[0]).toMatchObject({ status: 'queued', attempts: 0, tries: 0 });
    expect(mailsOf(c.slug)).toEqual([]);
    // resumed inside the window: sent at once, with one attempt
    expectStatus(await staff.post(`/api/campaigns/${c.id}/resume`), 200, 201);
    await stack.smtp.waitFor((m) => m.headers['x-appeal-delivery'] === letter.id, 1, 30_000);
    const [after] = await waitFor(async () => {
      const rows = await letters(c.id);
      return rows[0]?.status === 'sent' ? rows : null;
    }, 'the letter recorded as sent');
    expect({ attempts: after.attempts, tries: after.tries }).toEqual({ attempts: 1, tries: 1 });
  });
});
