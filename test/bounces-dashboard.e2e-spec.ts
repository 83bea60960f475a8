import type { Browser, Page } from 'playwright-core';
import { expectStatus } from './helpers/api-client.js';
import { campaignWithLetters } from './helpers/bulk.js';
import { dsnFixture, sendOverSmtp } from './helpers/dsn.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter } from './helpers/fixtures.js';
import { ADMIN, freePort } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';
import { artifact, launchChromium, seriousViolations } from './browser/support.js';

/**
 * The dashboard, in a browser: a failing address with the letters it holds, cleared with a
 * button; and the drain forecast warning that a paced target's letters go after the campaign ends.
 */
describe('failing addresses and the drain forecast on the dashboard, in a browser', () => {
  let port: number;
  let browser: Browser;
  const { stack, app } = useStack({
    beforeApps: async () => {
      port = await freePort();
    },
    app: () => ({ BOUNCE_SMTP_PORT: String(port), BOUNCE_HARD_LIMIT: '1', HOST: '127.0.0.1' }),
    stopFirst: () => browser?.close(),
  });
  let page: Page;
  let failing: { id: string; name: string; email: string };
  let paced: { id: string; title: string };
  let heldId: string;

  beforeAll(async () => {
    [failing] = await createTargets(app.admin, 1);
    const campaign = await createLiveCampaign(app.admin, { targets: [failing] });
    await signAndConfirm(app.api, stack.smtp, campaign.slug, supporter(1));
    const [letter] = await stack.smtp.waitFor((m) => m.rcptTo.includes(failing.email));
    const sentId = letter.headers['x-appeal-delivery'];
    await waitFor(async () => (await stack.db.query(`SELECT status FROM deliveries WHERE id = $1`, [sentId]))[0].status === 'sent', 'the letter sent');
    await sendOverSmtp(
      port,
      `bounces+${sentId}@campaigns.example`,
      dsnFixture('postfix-5.1.1-user-unknown.eml', { deliveryId: sentId, targetEmail: failing.email, mailDomain: 'campaigns.example' }),
    );
    // one hard bounce is the limit here: the next letter is held
    const s = supporter(2);
    await signAndConfirm(app.api, stack.smtp, campaign.slug, s);
    [{ id: heldId }] = await stack.db.query(`SELECT id FROM deliveries WHERE campaign_id = $1 AND status = 'queued'`, [campaign.id]);

    // a paced target: 1 letter an hour, 30 owed, the campaign ending in an hour
    const bulk = await campaignWithLetters(app.admin, stack.db, {
      targets: 1,
      signatures: 30,
      body: { endsAt: new Date(Date.now() + 3_600_000).toISOString(), delivery: { mode: 'individual', maxPerTargetPerHour: 1 } },
    });
    await bulk.go();
    paced = { id: bulk.id, title: 'Bulk' };
    await waitFor(async () => {
      const [r] = await stack.db.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM deliveries WHERE campaign_id = $1`,
        [bulk.id],
      );
      return r.n === 30 && r.sent === 1;
    }, 'the 30 letters owed, the first of them sent');

    browser = await launchChromium();
    page = await browser.newPage({ bypassCSP: true, viewport: { width: 1280, height: 1200 } });
    await page.goto(`${app.url}/admin`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await Promise.all([page.waitForURL(`${app.url}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);
  });

  it('lists the failing address with its held letter, and the paced target past the campaign’s end', async () => {
    const row = page.locator(`#failing-targets tr[data-target="${failing.id}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[1]).toBe(failing.email);
    expect(cells[3]).toBe('1');
    expect(cells[4]).toContain('5.1.1');
    expect(cells[5]).toBe('1');

    const forecast = page.locator(`#forecast tr[data-campaign="${paced.id}"]`);
    await forecast.waitFor();
    const f = await forecast.locator('td').allInnerTexts();
    expect(f[0]).toBe(paced.title);
    expect(f[3]).toBe('1');
    expect(f[6]).toMatch(/^At 1 letter an hour, the 29 letters owed to .* need until .*: after the campaign ends/);
    // the failing address's held letter shows in the forecast too
    expect(await page.locator('#forecast').innerText()).toContain('held');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact('admin-failing-forecast.png'), fullPage: true });
  });

  it('clears the flag from the page: the held letter goes', async () => {
    await page.locator(`#failing-targets tr[data-target="${failing.id}"] button.clear-failing`).click();
    await page.locator('#notice').waitFor({ state: 'visible' });
    expect(await page.locator('#notice').innerText()).toBe(`${failing.name} is no longer failing: 1 held letter queued again.`);
    await page.locator('#failing-empty').waitFor({ state: 'visible' });
    await waitFor(async () => (await stack.db.query(`SELECT status FROM deliveries WHERE id = $1`, [heldId]))[0].status === 'sent', 'the held letter sent');
    expect(expectStatus(await app.admin.get(`/api/targets/${failing.id}`), 200).failingSince).toBeNull();
  });
});
