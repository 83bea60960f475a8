import { campaignWithLetters, expectEachSentExactlyOnce, waitAllSent } from './helpers/bulk.js';
import { useStack } from './helpers/use-stack.js';

/** SMTP_MAX_PER_SECOND caps the letters handed to the SMTP server by the whole installation. */
describe('SMTP_MAX_PER_SECOND', () => {
  const { stack, app } = useStack({ app: { SMTP_MAX_PER_SECOND: '5' } });

  it('30 letters owed at once, at 5 a second, take at least 5 seconds to go out, each once', async () => {
    const c = await campaignWithLetters(app.admin, stack.db, { targets: 1, signatures: 30 });
    await c.go();
    await waitAllSent(stack.db, c.id, 30, 40_000);
    await expectEachSentExactlyOnce(
      stack.db,
      stack.smtp.received.filter((m) => m.headers['x-appeal-campaign'] === c.slug),
      c.id,
      30,
    );
    // six windows of a second, five letters in each: the first and the last letter lie at least
    // five windows apart (less a margin for the time between a letter's start and its record);
    // uncapped, 30 letters to a local server go out in well under a second
    const [span] = await stack.db.query(`SELECT extract(epoch FROM max(sent_at) - min(sent_at))::float8 AS seconds FROM deliveries WHERE campaign_id = $1`, [
      c.id,
    ]);
    expect(span.seconds).toBeGreaterThanOrEqual(4);
  }, 90_000);
});
