import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expectStatus } from '../helpers/api-client.js';
import { insertConfirmedSignatures } from '../helpers/bulk.js';
import { signAndConfirm, supporter, uniq } from '../helpers/fixtures.js';
import { ADMIN } from '../helpers/stack.js';
import { useStack } from '../helpers/use-stack.js';
import { waitFor } from '../helpers/wait.js';
import { artifact, createDemoLikeCampaign, launchChromium, ROOT, seriousViolations } from './support.js';

/**
 * An admin opens /admin in a real browser: logs in, reads real figures and the per-minute chart,
 * sends a refused letter again from the page (and is told whether it was sent or refused again),
 * and reads time labels that never overlap.
 */
describe('the delivery-monitoring dashboard, in a browser', () => {
  let browser: Browser;
  const { stack, app } = useStack({ stopFirst: () => browser?.close() });
  let page: Page;
  let campaign: { id: string; slug: string; title: string };

  beforeAll(async () => {
    browser = await launchChromium();
    // the pages' strict CSP would refuse the injected axe-core and waitForFunction (test/security-headers.e2e-spec.ts checks the pages under it)
    page = await browser.newPage({ bypassCSP: true, viewport: { width: 1280, height: 900 } });

    // the appeal on Homs: the Arab League's address refuses mail (550) for now
    campaign = await createDemoLikeCampaign(app.admin);
    const targets = await stack.db.query<{ id: string; email: string; name: string }>(
      `SELECT t.id, t.email, t.name FROM targets t JOIN campaign_targets ct ON ct.target_id = t.id WHERE ct.campaign_id = $1 ORDER BY t.name`,
      [campaign.id],
    );
    const league = targets.find((t) => t.name === 'Nabil Elaraby')!;
    stack.smtp.faults.permfailRcpt = new RegExp(`^${league.email.replace(/[.+]/g, '\\$&')}$`);
    const tag = uniq();
    for (const i of [0, 1, 2]) await signAndConfirm(app.api, stack.smtp, campaign.slug, supporter(i, tag));
    await waitFor(async () => {
      const rows = await stack.db.query(`SELECT status FROM deliveries WHERE campaign_id = $1`, [campaign.id]);
      return rows.length === 6 && rows.every((r) => r.status === 'sent' || r.status === 'failed');
    }, 'the 6 letters to be sent or refused');
    // and an hour of earlier sending, recorded as the workers record it, for the chart
    await waitFor(
      async () => (await stack.db.query(`SELECT 1 FROM campaign_targets WHERE campaign_id = $1 AND backfilled_at IS NULL`, [campaign.id])).length === 0,
      'the launch backfills',
    );
    expectStatus(await app.admin.post(`/api/campaigns/${campaign.id}/pause`), 200);
    await insertConfirmedSignatures(stack.db, campaign.id, 900);
    await stack.db.query(
      `WITH s AS (
         SELECT id, campaign_id, row_number() OVER (ORDER BY id) AS n FROM signatures
          WHERE campaign_id = $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.signature_id = signatures.id)
       )
       INSERT INTO deliveries (campaign_id, target_id, signature_id, status, attempts, sent_at)
       SELECT campaign_id, $2, id, 'sent', 1,
              now() - make_interval(secs => 60 + (n * 7919 % 3480) * (0.55 + 0.45 * sin(n / 40.0)) + (n % 7) * 30)
         FROM s`,
      [campaign.id, targets.find((t) => t.name === 'Sergei Lavrov')!.id],
    );
    expectStatus(await app.admin.post(`/api/campaigns/${campaign.id}/launch`), 200);
  });

  const text = (selector: string) => page.locator(selector).innerText();
  /** A condition for page.waitForFunction (run in the page): the element shows exactly this text. */
  const shows = (selector: string, expected: string) => `document.querySelector(${JSON.stringify(selector)})?.textContent === ${JSON.stringify(expected)}`;

  const signIn = async (email: string, password: string) => {
    await page.goto(`${app.url}/admin`);
    await page.waitForURL(`${app.url}/console/login?next=%2Fadmin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForURL(`${app.url}/admin`), page.getByRole('button', { name: 'Sign in' }).click()]);
  };

  it('asks for a sign-in first, and tells a campaigner the dashboard is for admins', async () => {
    const email = `campaigner.${uniq()}@staff.example`;
    expectStatus(await app.admin.post('/api/users', { email, password: 'campaigner-password-1', role: 'campaigner' }), 201);
    await signIn(email, 'campaigner-password-1');
    expect(await text('h1')).toBe('Admins only');
    expect(await text('main')).toContain(`You are signed in as ${email}, a campaigner. This page is for admins.`);
    expect(await seriousViolations(page)).toEqual([]);
    await Promise.all([page.waitForURL(/\/console\/login\?out=1$/), page.getByRole('button', { name: 'Sign out' }).click()]);
  });

  it('shows an admin the real figures and the chart', async () => {
    await signIn(ADMIN.email, ADMIN.password);

    const [truth] = await stack.db.query(
      `SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE sent_at >= date_trunc('minute', now()) - interval '59 minutes')::int AS last_hour
         FROM deliveries WHERE campaign_id = $1`,
      [campaign.id],
    );
    expect(truth.failed).toBe(3);
    await page.waitForFunction(shows('#total-sent', new Intl.NumberFormat('en').format(truth.sent)));
    expect(await text('#total-failed')).toBe('3');
    expect(await text('#total-last-hour')).toBe(new Intl.NumberFormat('en').format(truth.last_hour));

    const row = page.locator(`#campaigns tr[data-campaign="${campaign.id}"]`);
    expect(await row.innerText()).toContain('Stop the assault on Homs');
    const owed = truth.sent + truth.failed;
    expect(await row.locator('.sent-of').innerText()).toBe(
      `${new Intl.NumberFormat('en').format(truth.sent)} / ${new Intl.NumberFormat('en').format(owed)} (${Math.floor((truth.sent / owed) * 100)}%)`,
    );

    // the chart: 60 minutes, bars where letters went out, adding up to the hour's figure
    const bars = page.locator('#chart rect.bar-rect');
    expect(await bars.count()).toBe(60);
    const drawn = await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-sent'))));
    expect(drawn.reduce((a, b) => a + b, 0)).toBe(truth.last_hour);
    expect(drawn.filter((n) => n > 0).length).toBeGreaterThan(10);
    const tallest = await bars.evaluateAll((rects) => Math.max(...rects.map((r) => Number(r.getAttribute('height')))));
    expect(tallest).toBeGreaterThan(50);
    expect(await text('#chart-caption')).toContain(`${new Intl.NumberFormat('en').format(truth.last_hour)} letters in the last hour`);

    // failures by reason, and the queues
    expect(await text('#failures tbody')).toContain('550');
    expect(await page.locator('#failures tbody tr').count()).toBe(1);
    expect(await page.locator('#failed-letters tbody tr').count()).toBe(3);
    expect(await text('#queues tbody')).toContain('appeals');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('draws the chart\'s time labels apart: a ten-minute mark in the last minutes gives way to "now"', async () => {
    // a last hour that ends one minute past a ten-minute mark (in the browser's time zone, this process's)
    const last = new Date();
    last.setMinutes(51, 0, 0);
    const minutes = Array.from({ length: 60 }, (_, i) => ({ minute: new Date(last.getTime() - (59 - i) * 60_000).toISOString(), sent: i % 7 }));
    const route = '**/api/admin/stats/sent-per-minute*';
    await page.route(route, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ minutes }) }));
    try {
      await page.click('#refresh');
      await page.waitForFunction(
        `[...document.querySelectorAll('#chart rect.bar-rect')].map((r) => r.getAttribute('data-sent')).join() === ${JSON.stringify(minutes.map((m) => String(m.sent)).join())}`,
      );
      const labels = await page.locator('#chart text.tick').evaluateAll((nodes) =>
        nodes.map((n) => {
          const box = (n as unknown as { getBBox(): { x: number; width: number } }).getBBox();
          return { text: n.textContent ?? '', left: box.x, right: box.x + box.width };
        }),
      );
      const hhmm = (d: Date) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' }).format(d);
      const texts = labels.map((l) => l.text);
      expect(texts).toContain('now');
      expect(texts).toContain(hhmm(new Date(last.getTime() - 11 * 60_000))); // :40
      expect(texts).not.toContain(hhmm(new Date(last.getTime() - 60_000))); // :50, one minute before "now"
      const sorted = [...labels].sort((a, b) => a.left - b.left);
      for (let i = 1; i < sorted.length; i++) expect([sorted[i - 1].text, sorted[i].left - sorted[i - 1].right > 2]).toEqual([sorted[i - 1].text, true]);
    } finally {
      await page.unroute(route);
      await page.click('#refresh');
    }
  });

  it('a retried letter refused again: the banner says it failed again, and why', async () => {
    // the Arab League's server still refuses mail (550)
    const first = page.locator('#failed-letters tbody tr').first();
    const id = await first.getAttribute('data-delivery');
    await first.locator('button.retry-one').click();
    await page.waitForFunction(`/failed again: 550/.test(document.querySelector('#notice')?.textContent ?? '')`, undefined, { timeout: 20_000 });
    expect(await text('#notice')).toMatch(/^The letter to Nabil Elaraby failed again: 550 /);
    expect(await page.locator('#notice').getAttribute('class')).toContain('bad');
    const [row] = await stack.db.query(`SELECT status, attempts FROM deliveries WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'failed', attempts: 1 });
  });

  it('retries a refused letter from the page until it is sent, and saves a screenshot', async () => {
    stack.smtp.faults.permfailRcpt = undefined; // the Arab League's server takes mail again
    const first = page.locator('#failed-letters tbody tr').first();
    const id = await first.getAttribute('data-delivery');
    await first.locator('button.retry-one').click();
    // the banner follows the letter until it is sent
    await page.waitForFunction(shows('#notice', 'The letter to Nabil Elaraby was sent.'), undefined, { timeout: 20_000 });

    await stack.smtp.waitFor((m) => m.headers['x-appeal-delivery'] === id);
    await waitFor(async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE id = $1 AND status = 'sent'`, [id])).length === 1, 'the letter to be sent');
    // the page follows by itself (auto-refresh)
    await page.waitForFunction(shows('#total-failed', '2'), undefined, { timeout: 20_000 });
    await page.waitForFunction(shows('#total-waiting', '0'), undefined, { timeout: 20_000 });
    expect(await page.locator(`#failed-letters tr[data-delivery="${id}"]`).count()).toBe(0);
    const audit = await stack.db.query(`SELECT actor_email FROM audit_log WHERE action = 'delivery.retry' AND subject_id = $1`, [id]);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((a) => a.actor_email === ADMIN.email)).toBe(true);

    const shot = artifact('admin-dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.UPDATE_SCREENSHOTS) {
      mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
      copyFileSync(shot, join(ROOT, 'docs', 'screenshots', 'admin-dashboard.png'));
    }
  });

  it('opens Bull Board for the logged-in admin, its own assets included', async () => {
    const failedAssets: string[] = [];
    page.on('response', (r) => {
      if (r.url().startsWith(`${app.url}/admin/queues`) && r.status() >= 400) failedAssets.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${app.url}/admin/queues`);
    await page.getByText('Appeals queues').first().waitFor();
    await page.getByText('appeals', { exact: true }).first().waitFor();
    expect(failedAssets).toEqual([]);
    await page.screenshot({ path: artifact('admin-bull-board.png') });
  });
});
