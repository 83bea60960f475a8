import { randomBytes } from 'node:crypto';
import { ApiClient, expectStatus, type TargetJson } from './api-client.js';
import { confirmTokenIn, type TestSmtpServer } from './smtp-server.js';

export const uniq = () => randomBytes(4).toString('hex');

export const LETTER = {
  subject: 'Use your influence to stop the assault on Homs',
  body:
    'Dear {{target.title}} {{target.name}},\n\nI urge {{target.organization}} to make clear, publicly and in private, ' +
    'that the military assault on Homs must end immediately.\n\n{{supporter.comment}}\n\nYours sincerely,\n{{supporter.fullName}}, {{supporter.country}}',
};

/** A campaigner account made by the admin, and a client logged in as it. */
export async function newCampaigner(app: { admin: ApiClient; api: ApiClient }): Promise<{ email: string; staff: ApiClient }> {
  const email = `campaigner.${uniq()}@amnesty.example`;
  const password = 'campaigner-password-1';
  expectStatus(await app.admin.createUser({ email, password, role: 'campaigner' }), 201);
  return { email, staff: await app.api.login(email, password) };
}

export interface TargetInput {
  name: string;
  title?: string;
  organization?: string;
  country?: string;
  email: string;
  locale?: string;
}

export async function createTargets(staff: ApiClient, count: number, tag = uniq()): Promise<TargetJson[]> {
  const targets: TargetJson[] = [];
  for (let i = 0; i < count; i++) {
    targets.push(
      expectStatus(
        await staff.createTarget({
          name: `Official ${i} ${tag}`,
          title: 'Minister of Foreign Affairs',
          organization: `State ${i}`,
          email: `official${i}.${tag}@officials.example`,
        }),
        201,
      ),
    );
  }
  return targets;
}

/** The founding case's two officials (Russia's Foreign Minister and the Arab League's Secretary-General), at addresses of their own (`tag`). */
export async function foundingTargets(staff: ApiClient, tag = uniq()): Promise<{ lavrov: TargetJson; elaraby: TargetJson }> {
  const create = async (target: { name: string; title: string; organization: string; email: string }) => expectStatus(await staff.createTarget(target), 201);
  const lavrov = await create({
    name: 'Sergei Lavrov',
    title: 'Minister of Foreign Affairs',
    organization: 'Russian Federation',
    email: `lavrov.${tag}@mid-ru.example`,
  });
  const elaraby = await create({
    name: 'Nabil Elaraby',
    title: 'Secretary-General',
    organization: 'League of Arab States',
    email: `elaraby.${tag}@arab-league.example`,
  });
  return { lavrov, elaraby };
}

/** A live campaign with `targets` attached and launched. */
export async function createLiveCampaign(
  staff: ApiClient,
  opts: { targets: { id: string }[]; slug?: string; body?: Record<string, unknown> },
): Promise<{ id: string; slug: string }> {
  const slug = opts.slug ?? `homs-${uniq()}`;
  const campaign = expectStatus(
    await staff.createCampaign({ slug, title: 'Stop the assault on Homs', summary: 'Urge them to act.', appeal: LETTER, ...opts.body }),
    201,
  );
  for (const t of opts.targets) {
    expectStatus(await staff.attachTarget(campaign.id, t.id), 201);
    expectStatus(await staff.launchTarget(campaign.id, t.id), 200, 202);
  }
  expectStatus(await staff.launchCampaign(campaign.id), 200);
  return { id: campaign.id, slug };
}

export function supporter(i: number, tag = uniq()) {
  return { firstName: `Amal${i}`, lastName: `Haddad`, email: `s${i}.${tag}@supporters.example`, country: 'LB' };
}

/** Signs, waits for the confirmation email, follows its link; answers the token used. */
export async function signAndConfirm(api: ApiClient, smtp: TestSmtpServer, slug: string, s: Parameters<ApiClient['sign']>[1]) {
  expectStatus(await api.sign(slug, s), 202);
  const [mail] = await smtp.waitFor((m) => m.rcptTo.includes(s.email.trim().toLowerCase()) && !!m.headers['x-appeal-notification']);
  const token = confirmTokenIn(mail);
  expectStatus(await api.confirm(token), 200);
  return token;
}
