import { expectStatus } from './helpers/api-client.js';
import { supporter } from './helpers/fixtures.js';
import { freePort } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

/**
 * `npm start` on a fresh machine: with no SMTP_URL the app catches its own mail, and an empty
 * database gets the demo campaign, live, so the whole flow can be tried at once.
 */
describe('development defaults', () => {
  const { stack, app } = useStack({ app: async () => ({ SMTP_URL: '', MAIL_CATCHER_PORT: String(await freePort()), SEED_DEMO: 'true' }) });

  it('seeds the live demo campaign: Homs, with its two targets at .example addresses', async () => {
    const page = expectStatus(await app.api.get('/api/public/campaigns/stop-the-assault-on-homs'), 200);
    expect(page.status).toBe('live');
    expect(page.title).toBe('Stop the assault on Homs');
    expect(page.targets.map((t: { name: string }) => t.name).sort()).toEqual(['Nabil Elaraby', 'Sergei Lavrov']);
    // in the languages of the publics it addresses, too
    const ru = expectStatus(await app.api.get('/api/public/campaigns/stop-the-assault-on-homs?lang=ru'), 200);
    expect(ru).toMatchObject({ title: 'Остановите штурм Хомса', translation: 'ru', letter: { translation: 'ru' } });
    expect(expectStatus(await app.api.get('/api/public/campaigns/stop-the-assault-on-homs?lang=ar'), 200).title).toBe('أوقفوا الهجوم على حمص');
    const emails = await stack.db.query<{ email: string }>(`SELECT email FROM targets`);
    expect(emails.every((t) => t.email.endsWith('.example'))).toBe(true);
  });

  it('catches every email in the embedded SMTP server: the flow runs locally for real', async () => {
    const s = supporter(1);
    expectStatus(await app.api.post('/api/public/campaigns/stop-the-assault-on-homs/signatures', s), 202);
    const [confirmation] = await waitFor(async () => {
      const rows = await stack.db.query(`SELECT raw FROM caught_mail WHERE $1 = ANY(envelope_to)`, [s.email]);
      return rows.length ? rows : null;
    }, 'the confirmation email in the catcher');
    const token = /\/confirm\/([A-Za-z0-9_-]{43})/.exec(confirmation.raw.replace(/=\r?\n/g, ''))?.[1];
    expect(token).toBeDefined();
    expectStatus(await app.api.post('/api/public/signatures/confirm', { token }), 200);
    const letters = await waitFor(async () => {
      const rows = await stack.db.query(`SELECT envelope_to, subject FROM caught_mail WHERE raw LIKE '%X-Appeal-Campaign: stop-the-assault-on-homs%'`);
      return rows.length === 2 ? rows : null;
    }, 'two letters in the catcher');
    expect(letters.map((l) => l.envelope_to[0]).sort()).toEqual(['minister.lavrov@mid-ru.example', 'secretary-general@arab-league.example']);
    expect(stack.smtp.received).toHaveLength(0);
  });
});
