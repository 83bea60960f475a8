import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_CAMPAIGN, DEMO_TARGETS } from '../../src/seed/demo-campaign.js';
import { expectStatus, type ApiClient } from '../helpers/api-client.js';
import { uniq } from '../helpers/fixtures.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/** Debian's chromium, driven by playwright-core (no browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A/AA and best practice). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { axe: { run(ctx: unknown): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    return (await g.axe.run(g.document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * axe-core needs JavaScript: for a page seen with JavaScript off, the same HTML is served again
 * at its own address in a context where scripts run (the page's own scripts removed, so what is
 * checked is what the supporter without JavaScript sees).
 */
export async function seriousViolationsWithoutJs(context: BrowserContext, page: Page): Promise<string[]> {
  const url = page.url();
  const content = (await page.content()).replace(/<script\b[^>]*><\/script>/g, '');
  const checker = await context.newPage();
  try {
    await checker.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: content }));
    await checker.goto(url);
    return await seriousViolations(checker);
  } finally {
    await checker.close();
  }
}

/** The demo campaign's own words (the appeal on Homs), live, with its two officials, under a fresh slug. */
export async function createDemoLikeCampaign(staff: ApiClient, body: Record<string, unknown> = {}): Promise<{ id: string; slug: string; title: string }> {
  const tag = uniq();
  const slug = `homs-${tag}`;
  const campaign = expectStatus(
    await staff.post('/api/campaigns', {
      slug,
      title: DEMO_CAMPAIGN.title,
      summary: DEMO_CAMPAIGN.summary,
      appeal: DEMO_CAMPAIGN.appeal,
      signatureGoal: DEMO_CAMPAIGN.signatureGoal,
      ...body,
    }),
    201,
  );
  for (const t of DEMO_TARGETS) {
    const target = expectStatus(
      await staff.post('/api/targets', {
        name: t.name,
        title: t.title,
        organization: t.organization,
        ...(t.country ? { country: t.country } : {}),
        email: t.email.replace('@', `.${tag}@`),
        locale: t.locale,
      }),
      201,
    );
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets`, { targetId: target.id }), 201);
    expectStatus(await staff.post(`/api/campaigns/${campaign.id}/targets/${target.id}/launch`), 200, 202);
  }
  expectStatus(await staff.post(`/api/campaigns/${campaign.id}/launch`), 200);
  return { id: campaign.id, slug, title: DEMO_CAMPAIGN.title };
}

/** The page's signed form stamp (bot friction), as a browser would post it back. */
export function stampIn(page: string): string {
  const m = page.match(/name="stamp" value="([^"]+)"/);
  if (!m) throw new Error('no form stamp in the page');
  return m[1];
}

/** A link to this app in a supporter's email (text part). */
export function linkIn(text: string, kind: 'confirm' | 'withdraw'): string {
  const m = text.match(new RegExp(`https?://[^\\s]+/${kind}/[A-Za-z0-9_-]+(\\?lang=[a-z]+)?`));
  if (!m) throw new Error(`no ${kind} link in: ${text}`);
  return m[0];
}
