import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expectStatus } from '../helpers/api-client.js';
import { supporter, uniq } from '../helpers/fixtures.js';
import { ADMIN } from '../helpers/stack.js';
import { useStack } from '../helpers/use-stack.js';
import { waitFor } from '../helpers/wait.js';
import { artifact, createDemoLikeCampaign, launchChromium, ROOT, seriousViolations } from './support.js';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/**
 * Moderation in a real browser (issue 17): a campaigner turns it on in Settings, supporters'
 * words that trip a rule wait in the Review tab, and the campaigner sends one without its words
 * and approves another. Each page is checked with axe-core and photographed at desktop and phone
 * width (test/artifacts/console-review-*.png).
 */
describe('the console’s review queue, in a browser', () => {
  let browser: Browser;
  let page: Page;
  const { stack, app } = useStack({ stopFirst: () => browser?.close() });

  beforeAll(async () => {
    browser = await launchChromium();
    page = await (await browser.newContext({ bypassCSP: true, viewport: DESKTOP })).newPage();
  });

  async function check(name: string): Promise<void> {
    expect([name, await seriousViolations(page)]).toEqual([name, []]);
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: artifact(`console-${name}-desktop.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    const fits = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
      return d.documentElement.scrollWidth <= d.documentElement.clientWidth + 1;
    });
    expect([name, 'fits 390 px', fits]).toEqual([name, 'fits 390 px', true]);
    await page.screenshot({ path: artifact(`console-${name}-phone.png`), fullPage: false });
    await page.setViewportSize(DESKTOP);
  }

  it('turns moderation on, lists what waits, and takes the decisions', async () => {
    const campaign = await createDemoLikeCampaign(app.admin, { requireConfirmation: false });
    await page.goto(`${app.url}/console/campaigns/${campaign.id}/settings`);
    await page.waitForURL(/\/console\/login/);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await Promise.all([page.waitForURL(`${app.url}/console/campaigns/${campaign.id}/settings`), page.getByRole('button', { name: 'Sign in' }).click()]);

    await page.getByLabel('Texts that trip a rule').check();
    await page.getByLabel('Blocked words').fill('idiot\nwar criminal');
    await page.getByLabel('Hold them for review').check();
    await page.locator('#moderation').scrollIntoViewIfNeeded();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save settings' }).click()]);
    expect(expectStatus(await app.admin.get(`/api/campaigns/${campaign.id}`), 200).moderation).toEqual({
      mode: 'flagged',
      blockedWords: ['idiot', 'war criminal'],
      duplicates: 'review',
    });

    const tag = uniq();
    const signed = [
      { ...supporter(1, tag), firstName: 'Layla', comment: 'My brother lives in Bab Amr. Please call Damascus today.' },
      { ...supporter(2, tag), firstName: 'Omar', comment: 'Only an idiot would stay silent while Homs is shelled.' },
      { ...supporter(3, tag), firstName: 'Nadia', comment: 'Read https://example.org/a, www.example.com/b and spam.xyz/c before you answer.' },
    ];
    for (const s of signed) expectStatus(await app.api.sign(campaign.slug, s), 200, 202);
    await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug && m.text.includes('Layla Haddad'));

    await page.goto(`${app.url}/console/campaigns/${campaign.id}`);
    await page.getByRole('link', { name: 'Review 2 waiting', exact: true }).click();
    const items = page.locator('.review-item');
    expect(await items.count()).toBe(2);
    expect(await items.first().innerText()).toContain('Blocked word: idiot');
    expect(await items.nth(1).innerText()).toContain('3 links');
    await check('review');
    // the README's picture of the queue, on request
    if (process.env.UPDATE_SCREENSHOTS) copyFileSync(artifact('console-review-desktop.png'), join(ROOT, 'docs', 'screenshots', 'console-review-desktop.png'));

    const omar = items.first();
    await omar.getByLabel(/Reason/).fill('insults the minister');
    await Promise.all([page.waitForNavigation(), omar.getByRole('button', { name: 'Send without their words' }).click()]);
    expect(await page.locator('#flash').innerText()).toContain("Approved without the supporter's words");
    await Promise.all([page.waitForNavigation(), page.locator('.review-item').first().getByRole('button', { name: 'Approve', exact: true }).click()]);
    expect(await page.locator('#flash').innerText()).toContain('Approved:');
    expect(await page.locator('main').innerText()).toContain('Nothing waits for review.');

    const omarsLetters = await stack.smtp.waitFor((m) => m.headers['x-appeal-campaign'] === campaign.slug && m.text.includes('Omar Haddad'), 2);
    for (const m of omarsLetters) expect(m.text).not.toContain('idiot');
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id])).length === 6,
      'six letters sent',
    );

    await page.getByRole('link', { name: /Every flagged text/ }).click();
    expect(await page.locator('main').innerText()).toContain("Sent without the supporter's words by admin@test.example");
    await check('review-flagged');
  });
});
