import { expectStatus } from './helpers/api-client.js';
import { insertConfirmedSignatures } from './helpers/bulk.js';
import { ConsoleClient, pageText, type ConsoleResponse } from './helpers/console-client.js';
import { createLiveCampaign, createTargets, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { ADMIN } from './helpers/stack.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const olderLink = (r: ConsoleResponse, label: string) => r.text.match(new RegExp(`href="([^"]+)">${label}</a>`))?.[1]?.replace(/&amp;/g, '&');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The console's letters browser and supporter data requests over plain HTTP: filters and pages,
 * one letter's attempts, sending failed letters again (one, or a failure group after saying how
 * many) with the test SMTP server refusing then accepting them, refusals said in words; the
 * export download and the erasure after the address is typed twice.
 */
describe('console: letters and data requests (admin)', () => {
  const { stack, app } = useStack();
  let admin: ConsoleClient;

  beforeAll(async () => {
    admin = await new ConsoleClient(app.url).signIn(ADMIN.email, ADMIN.password);
  });

  const statusOf = async (id: string) => (await stack.db.query(`SELECT status FROM deliveries WHERE id = $1`, [id]))[0].status;
  const refuse = (email: string) => {
    stack.smtp.faults.permfailRcpt = new RegExp(`^${escapeRe(email)}$`);
  };

  describe('letters', () => {
    let campaign: { id: string; slug: string };
    let good: { id: string; name: string; email: string };
    let refusing: { id: string; name: string; email: string };
    const failed = async () =>
      (await stack.db.query<{ id: string }>(`SELECT id FROM deliveries WHERE campaign_id = $1 AND status = 'failed' ORDER BY id`, [campaign.id])).map(
        (r) => r.id,
      );

    beforeAll(async () => {
      [good, refusing] = await createTargets(app.admin, 2);
      campaign = await createLiveCampaign(app.admin, { targets: [good, refusing] });
      // the second official's server refuses every letter: 550 at RCPT
      refuse(refusing.email);
      const tag = uniq();
      for (const i of [0, 1, 2]) await signAndConfirm(app.api, stack.smtp, campaign.slug, supporter(i, tag));
      await waitFor(
        async () =>
          (await failed()).length === 3 &&
          (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id])).length === 3,
        '3 letters sent and 3 refused',
      );
    });

    it('lists the letters, filtered by campaign, official and status, with the failures grouped by reason', async () => {
      const all = await admin.get('/console/letters');
      expect(all.status).toBe(200);
      const text = pageText(all.text);
      expect(text).toContain('Failures by reason');
      expect(text).toMatch(/Stop the assault on Homs 550 .*no such user here 3 0 .*UTC Retry all 3/);
      expect(all.text).toContain(`<option value="${campaign.id}">Stop the assault on Homs</option>`);

      const filtered = await admin.get(`/console/letters?campaignId=${campaign.id}&targetId=${refusing.id}&status=failed`);
      expect(filtered.status).toBe(200);
      expect(filtered.text).toContain(`<option value="${campaign.id}" selected>`);
      expect(filtered.text).toContain(`<option value="${refusing.id}" selected>${refusing.name}, State 1</option>`);
      expect(filtered.text).toContain(`<option value="${good.id}">`);
      const rows = filtered.text.match(/<a href="\/console\/letters\/[0-9a-f-]{36}">/g) ?? [];
      expect(rows).toHaveLength(3);
      expect(pageText(filtered.text)).toMatch(new RegExp(`${escapeRe(refusing.name)} ${escapeRe(refusing.email)} Amal\\d Haddad Failed 1 550`));
      const sent = await admin.get(`/console/letters?campaignId=${campaign.id}&status=sent`);
      expect(sent.text.match(/<a href="\/console\/letters\/[0-9a-f-]{36}">/g)).toHaveLength(3);
      expect(pageText(sent.text)).not.toContain('Failed 1');

      const bad = await admin.get('/console/letters?campaignId=nope&status=lost');
      expect(bad.status).toBe(400);
      expect(pageText(bad.text)).toContain('Campaign: Must be a UUID');
      expect(pageText(bad.text)).toContain('Status: Must be one of the following values');
    });

    it('shows one letter with every SMTP attempt, and retries it once the cause is fixed', async () => {
      const [id] = await failed();
      const page = await admin.get(`/console/letters/${id}`);
      expect(page.status).toBe(200);
      const text = pageText(page.text);
      expect(text).toContain(`Letter to ${refusing.name} Stop the assault on Homs`);
      expect(text).toMatch(/Status Failed after 1 attempt/);
      expect(text).toMatch(/Supporter Amal\d Haddad/);
      expect(text).toContain(`Message-ID <${id}@campaigns.example>`);
      expect(text).toMatch(/Attempt Started Outcome Server's answer Duration 1 .* UTC Refused 550 .*no such user here \d+ ms/);
      expect(text).toContain('Staff actions None.');
      expect(page.text).toContain(`action="/console/letters/${id}/retry"`);

      stack.smtp.faults.permfailRcpt = undefined;
      const retried = await admin.post(`/console/letters/${id}/retry`);
      expect(retried.status).toBe(303);
      expect(retried.location).toBe(`/console/letters/${id}`);
      expect(pageText((await admin.get(retried.location!)).text)).toContain('Retried: the letter is queued again with a fresh set of attempts.');
      await stack.smtp.waitFor((m) => m.headers['x-appeal-delivery'] === id);
      await waitFor(async () => (await statusOf(id)) === 'sent', 'the retried letter to be sent');
      const after = pageText((await admin.get(`/console/letters/${id}`)).text);
      expect(after).toMatch(/Status Sent after 1 attempt/);
      expect(after).toMatch(/Refused 550 .* Accepted 250/);
      expect(after).toMatch(/UTC : delivery\.retry by admin@test\.example/);
      expect(after).not.toContain('Send it again');

      // sent: not retried again, and the page says why
      const again = await admin.post(`/console/letters/${id}/retry`);
      expect(pageText((await admin.get(again.location!)).text)).toContain('Not retried: Only failed or bounced letters can be retried; this one is sent');
      expect(await stack.db.query(`SELECT 1 FROM audit_log WHERE action = 'delivery.retry' AND subject_id = $1`, [id])).toHaveLength(1);
    });

    it('retries a failure group after a confirmation giving the number', async () => {
      refuse(refusing.email);
      const remaining = await failed();
      expect(remaining).toHaveLength(2);
      const list = await admin.get(`/console/letters?campaignId=${campaign.id}`);
      const confirmHref = olderLink(list, 'Retry all 2')!;
      expect(confirmHref).toMatch(/^\/console\/letters\/retry-failed\?campaignId=/);
      const confirm = await admin.get(confirmHref);
      expect(confirm.status).toBe(200);
      const text = pageText(confirm.text);
      expect(text).toContain('Retry 2 letters?');
      expect(text).toMatch(/2 letters of “Stop the assault on Homs” have failed with: 550 .*no such user here/);
      expect(text).toContain('2 failed and 0 bounced go back to the queue');

      stack.smtp.faults.permfailRcpt = undefined;
      // the form carries the group: its campaign and reason, as the page gave them
      const reason = confirm.text
        .match(/name="reason" value="([^"]+)"/)![1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"');
      const done = await admin.post('/console/letters/retry-failed', { campaignId: campaign.id, reason });
      expect(done.status).toBe(303);
      expect(pageText((await admin.get(done.location!)).text)).toContain('Retried: 2 letters queued again.');
      await waitFor(
        async () =>
          (await failed()).length === 0 &&
          (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status <> 'sent'`, [campaign.id])).length === 0,
        'every letter to be sent',
      );
      for (const id of remaining) expect(stack.smtp.received.some((m) => m.headers['x-appeal-delivery'] === id)).toBe(true);
      const [audit] = await stack.db.query(
        `SELECT actor_email, subject_id, details FROM audit_log WHERE action = 'delivery.retry_failed' ORDER BY at DESC LIMIT 1`,
      );
      expect(audit).toEqual({
        actor_email: ADMIN.email,
        subject_id: campaign.id,
        details: { reason, retried: 2, deliveryIds: expect.arrayContaining(remaining) },
      });
      expect(pageText((await admin.get(`/console/letters?campaignId=${campaign.id}`)).text)).toContain('No failed or bounced letter in this campaign.');
      // the group is gone: its confirmation says there is nothing to retry
      const gone = await admin.get(confirmHref);
      expect(gone.status).toBe(303);
      expect(pageText((await admin.get(gone.location!)).text)).toContain(
        'Nothing was retried: no letter of this campaign is failed or bounced with this reason any more.',
      );
    });

    it('says why a letter no longer owed is not retried, one or as a group', async () => {
      const [target] = await createTargets(app.admin, 1);
      const other = await createLiveCampaign(app.admin, { targets: [target] });
      refuse(target.email);
      await signAndConfirm(app.api, stack.smtp, other.slug, supporter(9));
      const [letter] = await waitFor(
        async () => stack.db.query<{ id: string }>(`SELECT id FROM deliveries WHERE campaign_id = $1 AND status = 'failed'`, [other.id]),
        'the letter to fail',
      );
      stack.smtp.faults.permfailRcpt = undefined;
      expectStatus(await app.admin.delete(`/api/campaigns/${other.id}/targets/${target.id}`), 200);

      const one = await admin.post(`/console/letters/${letter.id}/retry`);
      expect(pageText((await admin.get(one.location!)).text)).toContain(
        'Not retried: Its target was withdrawn from the campaign: the letter is no longer owed',
      );
      const list = await admin.get(`/console/letters?campaignId=${other.id}`);
      const confirm = await admin.get(olderLink(list, 'Retry all 1')!);
      const reason = confirm.text
        .match(/name="reason" value="([^"]+)"/)![1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"');
      const group = await admin.post('/console/letters/retry-failed', { campaignId: other.id, reason });
      expect(pageText((await admin.get(group.location!)).text)).toContain(
        'Nothing was retried. 1 letter was left as it was: no longer owed: its official was withdrawn from the campaign, or its supporter withdrew the signature.',
      );
      expect(await statusOf(letter.id)).toBe('failed');
    });

    it('pages with "Older letters", keeping the filters', async () => {
      const [target] = await createTargets(app.admin, 1);
      const held = await createLiveCampaign(app.admin, { targets: [target] });
      // held: the workers leave these letters as they are
      expectStatus(await app.admin.post(`/api/campaigns/${held.id}/pause`), 200);
      await insertConfirmedSignatures(stack.db, held.id, 60);
      await stack.db.query(`INSERT INTO deliveries (campaign_id, target_id, signature_id) SELECT campaign_id, $2, id FROM signatures WHERE campaign_id = $1`, [
        held.id,
        target.id,
      ]);
      const first = await admin.get(`/console/letters?campaignId=${held.id}&status=queued`);
      expect(first.text.match(/<a href="\/console\/letters\/[0-9a-f-]{36}">/g)).toHaveLength(50);
      const next = olderLink(first, 'Older letters')!;
      expect(next).toMatch(new RegExp(`^/console/letters\\?campaignId=${held.id}&status=queued&cursor=`));
      const second = await admin.get(next);
      const ids = [...second.text.matchAll(/<a href="\/console\/letters\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
      expect(ids).toHaveLength(10);
      const rows = await stack.db.query(`SELECT DISTINCT campaign_id, status FROM deliveries WHERE id = ANY($1::uuid[])`, [ids]);
      expect(rows).toEqual([{ campaign_id: held.id, status: 'queued' }]);
      expect(olderLink(second, 'Older letters')).toBeUndefined();
    });
  });

  describe('supporter data requests', () => {
    let email: string;
    let supporterId: string;

    beforeAll(async () => {
      const [target] = await createTargets(app.admin, 1);
      const campaign = await createLiveCampaign(app.admin, { targets: [target] });
      const s = supporter(1);
      email = s.email;
      await signAndConfirm(app.api, stack.smtp, campaign.slug, { ...s, comment: '=1+1 they must stop' });
      [{ id: supporterId }] = await stack.db.query(`SELECT id FROM supporters WHERE email = $1`, [email]);
      await waitFor(
        async () => (await stack.db.query(`SELECT 1 FROM deliveries WHERE campaign_id = $1 AND status = 'sent'`, [campaign.id])).length === 1,
        'the letter to be sent',
      );
    });

    it('exports everything held about a supporter as a CSV or JSON download, audited', async () => {
      const page = await admin.get('/console/data-requests');
      expect(page.status).toBe(200);
      expect(pageText(page.text)).toContain('Download export');

      const csv = await admin.post('/console/data-requests/export', { 'export-email': email.toUpperCase(), 'export-format': 'csv' });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="supporter-${supporterId}.csv"`);
      expect(csv.headers.get('cache-control')).toBe('no-store');
      const lines = csv.text.split('\r\n');
      expect(lines[0]).toBe('section,record,field,value');
      expect(lines).toContain(`supporter,${supporterId},email,${email}`);
      expect(lines).toContain(`supporter,${supporterId},firstName,Amal1`);
      expect(csv.text).toContain(`,comment,'=1+1 they must stop`);

      const json = await admin.post('/console/data-requests/export', { 'export-email': email, 'export-format': 'json' });
      expect(json.status).toBe(200);
      expect(json.headers.get('content-disposition')).toBe(`attachment; filename="supporter-${supporterId}.json"`);
      expect(json.headers.get('cache-control')).toBe('no-store');
      const data = JSON.parse(json.text);
      expect(data.supporter).toMatchObject({ id: supporterId, email, firstName: 'Amal1', lastName: 'Haddad' });
      expect(data.signatures).toHaveLength(1);
      expect(data.letters).toHaveLength(1);
      // the same export as the API's
      const api = expectStatus(await app.admin.get(`/api/admin/supporters/export?email=${encodeURIComponent(email)}`), 200);
      expect({ ...data, exportedAt: null }).toEqual({ ...api, exportedAt: null });

      const audits = await stack.db.query(`SELECT actor_email, details FROM audit_log WHERE action = 'supporter.export' AND subject_id = $1 ORDER BY at`, [
        supporterId,
      ]);
      expect(audits).toEqual([
        { actor_email: ADMIN.email, details: { format: 'csv' } },
        { actor_email: ADMIN.email, details: { format: 'json' } },
        { actor_email: ADMIN.email, details: { format: 'json' } },
      ]);
    });

    it('says beside the field when nobody has the address, or it is not one, keeping what was typed', async () => {
      const unknown = `nobody.${uniq()}@supporters.example`;
      const r = await admin.post('/console/data-requests/export', { 'export-email': unknown, 'export-format': 'csv' });
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(pageText(r.text)).toContain('Email address: No supporter has this email address');
      expect(r.text).toContain(`value="${unknown}"`);
      expect(r.text).toMatch(/value="csv" checked/);
      const bad = await admin.post('/console/data-requests/export', { 'export-email': 'not-an-address', 'export-format': 'json' });
      expect(bad.status).toBe(400);
      expect(pageText(bad.text)).toContain('Email address: Must be an email address');
    });

    it('erases only after the address is typed twice alike, then lists what it did', async () => {
      const exists = async () => (await stack.db.query(`SELECT email FROM supporters WHERE id = $1`, [supporterId]))[0].email === email;
      const page = await admin.get('/console/data-requests');
      expect(pageText(page.text)).toContain('Erasure cannot be undone.');

      const mismatch = await admin.post('/console/data-requests/erase', { 'erase-email': email, 'erase-emailAgain': `x${email}` });
      expect(mismatch.status).toBe(400);
      expect(pageText(mismatch.text)).toContain('Email address, again: Does not match the address above');
      expect(mismatch.text).toContain(`value="${email}"`);
      const missing = await admin.post('/console/data-requests/erase', { 'erase-email': email, 'erase-emailAgain': '' });
      expect(pageText(missing.text)).toContain('Email address, again: Type the address again, to confirm');
      const forged = await admin.post('/console/data-requests/erase', { 'erase-email': email, 'erase-emailAgain': email }, { csrf: false });
      expect(forged.status).toBe(403);
      expect(await exists()).toBe(true);

      const done = await admin.post('/console/data-requests/erase', { 'erase-email': ` ${email.toUpperCase()}`, 'erase-emailAgain': email });
      expect(done.status).toBe(200);
      const text = pageText(done.text);
      expect(text).toContain('Supporter erased');
      expect(text).toContain(`supporter ${supporterId}`);
      expect(text).toMatch(
        /Signatures anonymised \(they still count\) 1 Unconfirmed signatures deleted 0 Letters cancelled 0 Letters being sent at that moment \(they finish\) 0 Emails to them cancelled \d+ Confirmation and withdrawal links revoked \d+/,
      );
      expect(await exists()).toBe(false);
      const [audit] = await stack.db.query(`SELECT actor_email, subject_id FROM audit_log WHERE action = 'supporter.erase'`);
      expect(audit).toEqual({ actor_email: ADMIN.email, subject_id: supporterId });

      // afterwards the address is unknown
      const again = await admin.post('/console/data-requests/erase', { 'erase-email': email, 'erase-emailAgain': email });
      expect(again.status).toBe(400);
      expect(pageText(again.text)).toContain('Email address: No supporter has this email address');
    });
  });
});
