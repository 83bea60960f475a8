import { parse } from 'csv-parse/sync';
import { DeliveryReceiptsService } from '../src/notifications/delivery-receipts.service.js';
import { ApiClient, expectStatus } from './helpers/api-client.js';
import { insertConfirmedSignatures } from './helpers/bulk.js';
import { createLiveCampaign, LETTER, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import { useStack } from './helpers/use-stack.js';
import { waitFor } from './helpers/wait.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

/**
 * Receipts: the proof of delivery a campaign hands an official's office (every letter sent to
 * them, JSON and CSV), and the email a supporter gets once all their letters are final. And test
 * mode, which must change none of the figures either one reads.
 */
describe('receipts', () => {
  // the test SMTP server refuses (550) every address starting with "refuses."
  const { stack, app } = useStack({ faults: { permfailRcpt: /^refuses\./ } });
  let staff: ApiClient;
  let staffEmail: string;

  const newTarget = async (name: string, local = `official.${uniq()}`) =>
    expectStatus(
      await staff.post('/api/targets', { name, title: 'Minister of Foreign Affairs', organization: `State of ${name}`, email: `${local}@officials.example` }),
      201,
    );

  beforeAll(async () => {
    ({ email: staffEmail, staff } = await newCampaigner(app));
  });

  describe('proof of delivery: GET /api/campaigns/:id/targets/:targetId/receipt', () => {
    let campaignId: string;
    let official: { id: string; name: string };
    /** what the receipt must list, by sending time */
    let expected: { supporterName: string; status: string; letter: string; deliveryId: string; messageId: string }[];

    beforeAll(async () => {
      // a draft campaign (no worker touches its letters) whose letters to one official are in every state
      const c = expectStatus(await staff.post('/api/campaigns', { slug: `proof-${uniq()}`, title: 'Stop the assault on Homs', appeal: LETTER }), 201);
      campaignId = c.id;
      official = await newTarget('Sergei Lavrov');
      const other = await newTarget('Nabil Elaraby');
      for (const t of [official, other]) expectStatus(await staff.post(`/api/campaigns/${campaignId}/targets`, { targetId: t.id }), 201);
      await insertConfirmedSignatures(stack.db, campaignId, 7, `now() - interval '2 hours'`);
      const sigs = await stack.db.query<{ id: string; supporter_id: string }>(
        `SELECT s.id, s.supporter_id FROM signatures s JOIN supporters p ON p.id = s.supporter_id
          WHERE s.campaign_id = $1 ORDER BY (regexp_replace(p.first_name, '\\D', '', 'g'))::int`,
        [campaignId],
      );
      // a name a spreadsheet would run as a formula
      await stack.db.query(`UPDATE supporters SET first_name = $2, last_name = '+1' WHERE id = $1`, [
        sigs[0].supporter_id,
        '=HYPERLINK("http://evil.example","x")',
      ]);
      const letter = async (sig: string | null, targetId: string, status: string, sentMinutesAgo: number | null, extra = '') => {
        const [row] = await stack.db.query<{ id: string }>(
          `INSERT INTO deliveries (campaign_id, target_id, signature_id, status, sent_at${extra ? ', period_start, period_end' : ''})
           VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL ELSE now() - make_interval(mins => $5::int) END${extra})
           RETURNING id`,
          [campaignId, targetId, sig, status, sentMinutesAgo],
        );
        await stack.db.query(`UPDATE deliveries SET message_id = '<' || id || '@campaigns.example>' WHERE id = $1`, [row.id]);
        return row.id;
      };
      const sent1 = await letter(sigs[0].id, official.id, 'sent', 50);
      const sent2 = await letter(sigs[1].id, official.id, 'sent', 40);
      // accepted, then reported undeliverable: not proof of delivery (counted in the totals only)
      await letter(sigs[2].id, official.id, 'bounced', 30);
      await letter(sigs[3].id, official.id, 'failed', null);
      await letter(sigs[4].id, official.id, 'queued', null);
      // folded into a digest (cancelled): the digest carries it; sigs[6] has no letter of its own, so the digest carries it too
      await letter(sigs[5].id, official.id, 'cancelled', null);
      const digest = await letter(null, official.id, 'sent', 10, `, 'epoch', now() - interval '1 hour'`);
      // a letter to another official is not on this one's receipt
      await letter(sigs[1].id, other.id, 'sent', 35);
      const names = await stack.db.query<{ id: string; name: string }>(
        `SELECT s.id, p.first_name || ' ' || p.last_name AS name FROM signatures s JOIN supporters p ON p.id = s.supporter_id WHERE s.campaign_id = $1`,
        [campaignId],
      );
      const nameOf = (sig: { id: string }) => names.find((n) => n.id === sig.id)!.name;
      const digestLines = [sigs[5], sigs[6]].sort((a, b) => (a.id < b.id ? -1 : 1));
      expected = [
        { supporterName: nameOf(sigs[0]), status: 'sent', letter: 'individual', deliveryId: sent1, messageId: `<${sent1}@campaigns.example>` },
        { supporterName: nameOf(sigs[1]), status: 'sent', letter: 'individual', deliveryId: sent2, messageId: `<${sent2}@campaigns.example>` },
        ...digestLines.map((s) => ({
          supporterName: nameOf(s),
          status: 'sent',
          letter: 'digest',
          deliveryId: digest,
          messageId: `<${digest}@campaigns.example>`,
        })),
      ];
    });

    it('lists exactly the letters sent to that official, one line per signatory, by sending time, with totals', async () => {
      const r = expectStatus(await staff.get(`/api/campaigns/${campaignId}/targets/${official.id}/receipt`), 200);
      expect(r.campaign).toMatchObject({ id: campaignId, title: 'Stop the assault on Homs' });
      expect(r.target).toMatchObject({ id: official.id, name: 'Sergei Lavrov', status: 'pending' });
      expect(
        r.items.map(({ supporterName, status, letter, deliveryId, messageId }: Record<string, string>) => ({
          supporterName,
          status,
          letter,
          deliveryId,
          messageId,
        })),
      ).toEqual(expected);
      expect(r.items.every((l: { country: string; countryName: string }) => l.country === 'LB' && l.countryName === 'Lebanon')).toBe(true);
      const times = r.items.map((l: { sentAt: string }) => Date.parse(l.sentAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(r.totals).toEqual({ letters: 3, signatories: 4, sent: 4, bounced: 1, firstSentAt: r.items[0].sentAt, lastSentAt: r.items[3].sentAt });
      expect(r.nextCursor).toBeNull();
    });

    it('pages the JSON with a cursor, every line once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: { deliveryId: string; supporterName: string }[]; nextCursor: string | null } = expectStatus(
          await staff.get(`/api/campaigns/${campaignId}/targets/${official.id}/receipt?limit=2${cursor ? `&cursor=${cursor}` : ''}`),
          200,
        );
        seen.push(...page.items.map((l) => `${l.deliveryId} ${l.supporterName}`));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(2);
      expect(seen).toEqual(expected.map((l) => `${l.deliveryId} ${l.supporterName}`));
    });

    it('gives the whole list as CSV (?format=csv or Accept: text/csv), neutralised against spreadsheet formulas', async () => {
      const byQuery = await staff.get(`/api/campaigns/${campaignId}/targets/${official.id}/receipt?format=csv`);
      const byAccept = await staff.call('GET', `/api/campaigns/${campaignId}/targets/${official.id}/receipt`, undefined, { accept: 'text/csv' });
      for (const r of [byQuery, byAccept]) {
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="receipt-proof-[0-9a-f]+-sergei-lavrov-\d{4}-\d{2}-\d{2}\.csv"$/);
      }
      expect(byAccept.text).toBe(byQuery.text);
      const rows: Record<string, string>[] = parse(byQuery.text, { columns: true });
      expect(Object.keys(rows[0])).toEqual(['sent_at', 'supporter_name', 'country', 'country_name', 'message_id', 'status', 'letter', 'delivery_id']);
      expect(rows.map((r) => [r.delivery_id, r.status, r.letter, r.message_id])).toEqual(expected.map((l) => [l.deliveryId, l.status, l.letter, l.messageId]));
      // the formula is text: a leading quote, and the field quoted (it holds quotes and a comma)
      expect(rows[0].supporter_name).toBe(`'=HYPERLINK("http://evil.example","x") +1`);
      expect(byQuery.text.split('\r\n')[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"") +1"`);
    });

    it('answers 404 for an unknown campaign or an official never attached, 400 for bad input, 401 without a login', async () => {
      const stranger = await newTarget('Ahmet Davutoğlu');
      expect((await staff.get(`/api/campaigns/${MISSING}/targets/${official.id}/receipt`)).status).toBe(404);
      expect((await staff.get(`/api/campaigns/${campaignId}/targets/${stranger.id}/receipt`)).status).toBe(404);
      expect((await staff.get(`/api/campaigns/${campaignId}/targets/${stranger.id}/receipt?format=csv`)).status).toBe(404);
      expect((await staff.get(`/api/campaigns/nope/targets/${official.id}/receipt`)).status).toBe(400);
      expect((await staff.get(`/api/campaigns/${campaignId}/targets/${official.id}/receipt?format=xml`)).json.message).toEqual(['format must be json or csv']);
      expect((await staff.get(`/api/campaigns/${campaignId}/targets/${official.id}/receipt?cursor=bogus`)).status).toBe(400);
      expect((await staff.get(`/api/campaigns/${campaignId}/targets/${official.id}/receipt?limit=0`)).status).toBe(400);
      expect((await app.api.get(`/api/campaigns/${campaignId}/targets/${official.id}/receipt`)).status).toBe(401);
    });

    it('is documented in OpenAPI as JSON and CSV, with examples', async () => {
      const doc = expectStatus(await app.api.get('/api/docs/openapi.json'), 200);
      const op = doc.paths['/api/campaigns/{id}/targets/{targetId}/receipt'].get;
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
      expect(Object.keys(op.responses['200'].content)).toEqual(['application/json', 'text/csv']);
      for (const p of op.parameters.filter((x: { in: string }) => x.in === 'query'))
        expect([p.name, p.example ?? p.schema?.example]).not.toEqual([p.name, undefined]);
      for (const name of ['TargetReceipt', 'ReceiptLine', 'ReceiptTotals', 'ReceiptTarget', 'ReceiptCampaign']) {
        const missing = Object.entries<Record<string, unknown>>(doc.components.schemas[name].properties)
          .filter(([, p]) => p.example === undefined && !p.$ref && !p.allOf && !(p.items as { $ref?: string } | undefined)?.$ref)
          .map(([f]) => f);
        expect([name, missing]).toEqual([name, []]);
      }
    });
  });

  describe('delivery receipts to supporters (opt-in per campaign)', () => {
    const receiptsTo = (email: string) => stack.smtp.received.filter((m) => m.rcptTo.includes(email) && m.headers['x-appeal-receipt']);

    it('once every letter is final: one email naming the letters delivered and those that failed', async () => {
      const lavrov = await newTarget('Sergei Lavrov');
      const refusing = await newTarget('Walid Muallem', `refuses.${uniq()}`);
      const elaraby = await newTarget('Nabil Elaraby');
      const c = await createLiveCampaign(staff, { targets: [lavrov, refusing, elaraby], body: { delivery: { mode: 'individual', supporterReceipts: true } } });
      expect(expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200).delivery).toMatchObject({ supporterReceipts: true });
      const s = supporter(1);
      await signAndConfirm(app.api, stack.smtp, c.slug, s);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-receipt'], 1, 30_000);
      // by then each letter was final: two sent, one refused for good
      const letters = await stack.db.query(
        `SELECT d.target_id, d.status FROM deliveries d JOIN signatures g ON g.id = d.signature_id WHERE g.campaign_id = $1`,
        [c.id],
      );
      expect(Object.fromEntries(letters.map((l) => [l.target_id, l.status]))).toEqual({ [lavrov.id]: 'sent', [elaraby.id]: 'sent', [refusing.id]: 'failed' });
      expect(mail.subject).toBe('Your letters: some could not be delivered – Stop the assault on Homs');
      expect(mail.text).toContain('Here is what became of your letters for “Stop the assault on Homs”.');
      expect(mail.text).toContain(
        'Delivered to:\n- Nabil Elaraby – Minister of Foreign Affairs, State of Nabil Elaraby\n- Sergei Lavrov – Minister of Foreign Affairs, State of Sergei Lavrov\n\n' +
          'Could not be delivered to:\n- Walid Muallem – Minister of Foreign Affairs, State of Walid Muallem',
      );
      expect(mail.text).toContain(`/c/${c.slug}?source=receipt-email`);
      expect(mail.html).toContain('<li><strong>Walid Muallem</strong>, Minister of Foreign Affairs, State of Walid Muallem</li>');
      expect(mail.headers['auto-submitted']).toBe('auto-generated');

      // never a second one
      expect(await app.app.get(DeliveryReceiptsService).oweReceipts()).toBe(0);
      expect(receiptsTo(s.email)).toHaveLength(1);
    });

    it('all delivered: says so; a campaign that did not opt in sends none', async () => {
      const a = await newTarget('Hoshyar Zebari');
      const b = await newTarget('Nasser Judeh');
      const opted = await createLiveCampaign(staff, { targets: [a, b], body: { delivery: { mode: 'individual', supporterReceipts: true } } });
      const quiet = await createLiveCampaign(staff, { targets: [a, b] });
      const s = supporter(2);
      const other = supporter(3);
      await signAndConfirm(app.api, stack.smtp, opted.slug, s);
      await signAndConfirm(app.api, stack.smtp, quiet.slug, other);
      const [mail] = await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-receipt'], 1, 30_000);
      expect(mail.subject).toBe('Your letters have been delivered – Stop the assault on Homs');
      expect(mail.text).toContain('All your letters for “Stop the assault on Homs” have been delivered (2):\n- Hoshyar Zebari');

      // the quiet campaign's letters are all sent too, and the receipts job owes nothing for them
      await waitFor(async () => {
        const [r] = await stack.db.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS n FROM deliveries WHERE campaign_id = $1`, [quiet.id]);
        return r.n === 2;
      }, 'the quiet campaign’s letters sent');
      expect(await app.app.get(DeliveryReceiptsService).oweReceipts()).toBe(0);
      const owed = await stack.db.query(
        `SELECT n.id FROM notifications n JOIN signatures g ON g.id = n.signature_id WHERE g.campaign_id = $1 AND n.kind = 'delivery_receipt'`,
        [quiet.id],
      );
      expect(owed).toEqual([]);
      expect(receiptsTo(s.email)).toHaveLength(1);
      expect(receiptsTo(other.email)).toHaveLength(0);
    });
  });

  it('test mode changes no count: stats, sent per minute, receipts, forecast, pacing window, deliveries, notifications', async () => {
    const t = await newTarget('Sergei Lavrov');
    const c = await createLiveCampaign(staff, { targets: [t], body: { delivery: { mode: 'individual', maxPerTargetPerHour: 1000, supporterReceipts: true } } });
    const s = supporter(4);
    await signAndConfirm(app.api, stack.smtp, c.slug, s);
    // the letter went, and so did the supporter's receipt: everything has settled
    await stack.smtp.waitFor((m) => m.rcptTo.includes(s.email) && !!m.headers['x-appeal-receipt']);
    await waitFor(async () => (await stack.db.query(`SELECT count(*)::int AS n FROM notifications WHERE status <> 'sent'`))[0].n === 0, 'every email sent');

    const snapshot = async () => {
      const stats = expectStatus(await app.admin.get('/api/admin/stats'), 200).campaigns.find((x: { id: string }) => x.id === c.id);
      const forecast = expectStatus(await staff.get(`/api/campaigns/${c.id}/forecast`), 200).targets[0];
      const receipt = expectStatus(await staff.get(`/api/campaigns/${c.id}/targets/${t.id}/receipt`), 200);
      const minutes = expectStatus(await app.admin.get(`/api/admin/stats/sent-per-minute?campaignId=${c.id}&minutes=5`), 200).minutes;
      return {
        stats: { signatures: stats.signatures, deliveries: stats.deliveries, sentLastHour: stats.sentLastHour, sentLastDay: stats.sentLastDay },
        counts: expectStatus(await staff.get(`/api/campaigns/${c.id}`), 200).counts,
        sentPerMinute: minutes.reduce((n: number, m: { sent: number }) => n + m.sent, 0),
        forecast: { backlog: forecast.backlog, sentLastHour: forecast.sentLastHour, sentThisWindow: forecast.sentThisWindow },
        receipt: { totals: receipt.totals, items: receipt.items },
        rows: await stack.db.query(
          `SELECT (SELECT count(*) FROM deliveries)::int AS deliveries, (SELECT count(*) FROM delivery_attempts)::int AS attempts,
                  (SELECT count(*) FROM notifications)::int AS notifications, (SELECT count(*) FROM signatures)::int AS signatures`,
        ),
      };
    };
    const before = await snapshot();
    expect(before.forecast.sentThisWindow).toBe(1);
    const r = expectStatus(await staff.post(`/api/campaigns/${c.id}/test-send`, { targetId: t.id }), 202);
    const [mail] = await stack.smtp.waitFor(
      (m) => m.rcptTo.includes(staffEmail) && m.headers['x-appeal-test'] === 'true' && m.headers['message-id'] === `<test-${r.id}@campaigns.example>`,
    );
    expect(mail.subject).toBe(`[TEST] ${LETTER.subject}`);
    expect(mail.rcptTo).toEqual([staffEmail]);
    // the receipts job has run since, and owes nothing for a test letter
    expect(await app.app.get(DeliveryReceiptsService).oweReceipts()).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});
