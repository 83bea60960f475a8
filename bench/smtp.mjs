// The SMTP side of the delivery benchmarks: a loopback sink that discards (counting each letter
// by its X-Appeal-Delivery id), and the ceiling: raw nodemailer, pooled, sending the app's own
// letters (its buildLetterMessage, from dist/) to the same sink.
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { DIST, api, freePort, liveCampaign } from './lib.mjs';

const { buildLetterMessage } = await import(join(DIST, 'mail', 'letter-message.js'));

/** A loopback SMTP sink: `seen` maps each delivery id to how many times it arrived. */
export async function startSink() {
  const sink = { seen: new Map(), accepted: 0, url: '' };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk) => {
        if (head.length < 4096) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        sink.accepted++;
        const id = /\r\nX-Appeal-Delivery: ([0-9a-f-]{36})/i.exec(head)?.[1];
        if (id) sink.seen.set(id, (sink.seen.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.reset = () => {
    sink.accepted = 0;
    sink.seen.clear();
  };
  sink.close = () => new Promise((r) => server.close(r));
  return sink;
}

/** The ceiling: `letters` of the app's letters through raw pooled nodemailer, `concurrency` in flight. Answers { letters, seconds, rate }. */
export async function rawNodemailer(sink, { letters, concurrency, pool }) {
  const raw = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: pool, maxMessages: 1000, ignoreTLS: true });
  const sample = (i) =>
    buildLetterMessage(
      {
        deliveryId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        campaign: {
          slug: 'raw',
          title: 'Stop the assault on Homs',
          appeal: { subject: 'Use your influence', body: 'Dear {{target.name}},\n\nI urge {{target.organization}} to act.' },
        },
        target: { name: 'Minister', title: 'Minister', organization: 'State', email: 'minister@officials.example', locale: 'en' },
        supporter: { firstName: 'Amal', lastName: `Haddad${i}`, email: `s${i}@supporters.example`, country: 'LB', comment: 'Civilians must be protected.' },
      },
      { from: 'appeals@bench.example', orgName: 'Bench', domain: 'bench.example' },
    );
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < letters) await raw.sendMail({ ...sample(next++), disableFileAccess: true, disableUrlAccess: true });
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  raw.close();
  return { letters, seconds, rate: letters / seconds };
}

/**
 * The late launch: a campaign that went live with one official and has since collected
 * `signatures` confirmed signatures (made in SQL, so that official has no letters: it is not
 * measured), with `targets` more officials attached and not launched yet. launchLate() launches
 * them: each is owed a letter per signature, made by the launch backfill.
 */
export async function lateLaunchCampaign(run, server, token, { targets, signatures }) {
  const campaign = await liveCampaign(server, token, { targets: targets + 1 });
  const [first, ...late] = campaign.targetIds;
  // the official the campaign went live with: launched before anyone signed, nothing to backfill
  await run.query(`UPDATE campaign_targets SET status = 'launched', launched_at = now(), backfilled_at = now() WHERE campaign_id = $1 AND target_id = $2`, [
    campaign.id,
    first,
  ]);
  await api(server, token, 'POST', `/api/campaigns/${campaign.id}/launch`);
  await insertSignatures(run, campaign.id, signatures);
  return { ...campaign, targetIds: late };
}

/** Launches the officials lateLaunchCampaign() left waiting (one request each, as a campaigner would). */
export async function launchLate(server, token, campaign) {
  for (const targetId of campaign.targetIds) await api(server, token, 'POST', `/api/campaigns/${campaign.id}/targets/${targetId}/launch`);
}

/** Confirmed signatures made in SQL (`count`, each with a comment): a launch then owes each a letter per target. */
export function insertSignatures(run, campaignId, count) {
  return run.query(
    `WITH s AS (
       INSERT INTO supporters (email, first_name, last_name, country, verified_at)
       SELECT 'b' || g || '@supporters.example', 'Amal', 'Haddad' || g, 'LB', now() FROM generate_series(1, $1::int) g RETURNING id)
     INSERT INTO signatures (campaign_id, supporter_id, status, confirmed_at, comment)
     SELECT $2, id, 'confirmed', now(), 'Civilians must be protected.' FROM s`,
    [count, campaignId],
  );
}

/** Waits (up to 15 minutes) until `expected` letters say sent; answers how many do. */
export async function waitSent(run, expected) {
  let sent = 0;
  for (const until = Date.now() + 15 * 60_000; Date.now() < until;) {
    [{ n: sent }] = await run.query(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent'`);
    if (sent >= expected) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return sent;
}
