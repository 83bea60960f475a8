import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMessage } from './outgoing-message.js';
import { toMime } from './mime-message.js';

const base: OutgoingMessage = {
  from: { name: 'Amal Haddad via Amnesty', address: 'appeals@campaigns.example' },
  replyTo: 'amal@example.org',
  to: 'minister@mid.example',
  subject: 'Stop the assault on Homs',
  text: 'Dear Minister,\n\nPlease act.\n\nAmal Haddad, Lebanon',
  html: '<p>Dear Minister,</p>\n<p>Please act.</p>',
  messageId: '<7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11@campaigns.example>',
  headers: { 'X-Appeal-Campaign': 'homs', 'X-Appeal-Delivery': '7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11' },
  envelope: { from: 'bounces+7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11@campaigns.example', to: ['minister@mid.example'] },
};

const long = 'Civilians in Baba Amr have been under bombardment for weeks and must be protected now '.repeat(20);

/** Letters that stress the encoding: scripts, quotes and brackets in names, long lines, dots, control characters. */
const cases: [string, Partial<OutgoingMessage>][] = [
  ['plain ASCII', {}],
  ['text only', { html: undefined }],
  ['no Reply-To', { replyTo: undefined }],
  ['Cyrillic target and subject', { subject: 'Используйте своё влияние — сейчас', text: 'Уважаемый Сергей Лавров,\n\nпрошу вас действовать.' }],
  [
    'Arabic body and name',
    {
      from: { name: 'أمل حداد via Amnesty', address: 'appeals@campaigns.example' },
      text: 'معالي الأمين العام،\n\nأوقفوا الهجوم على حمص.',
      html: '<p dir="rtl">أوقفوا الهجوم على حمص.</p>',
    },
  ],
  ['quotes, brackets and commas in the name', { from: { name: 'Amal "the" <x>, Haddad; via Amnesty', address: 'appeals@campaigns.example' } }],
  ['long lines and trailing spaces', { subject: `Please ${long}`.slice(0, 300), text: `${long}\n  \nend   \n`, html: `<p>${long}</p>` }],
  ['lines starting with dots and From', { text: '.\n..\n.hidden\nFrom the people of Homs\n.' }],
  ['internationalised domain in Reply-To', { replyTo: 'amal@jõgeva.ee' }],
  ['emoji', { subject: 'Stop it 🕊️ now', text: 'Peace 🕊️ for Homs' }],
  ['CRLF line breaks in the body', { text: 'one\r\ntwo\r\n\r\nthree' }],
  // the choice between quoted-printable and base64 counts Latin letters against the rest
  ['as many Latin letters as other characters', { text: 'Homs éééé', html: undefined }],
  ['tabs, line breaks and DEL, which count as neither', { text: 'é\t\t\t\x7f\x7f\nab\r\n', html: '<p>é\t\t\x7f\x7fab</p>' }],
  ['the edges of the Latin alphabet', { text: 'ÉÉÉÉÉ AZaz @[`{', html: '<p>ÉÉÉÉ AZaz @[`{</p>' }],
  ['control characters', { text: 'ab\x01\x1f\x0b\x0cé', html: undefined }],
];

/** The Content-Transfer-Encoding of each part, in order. */
const encodings = (raw: string | Buffer) => [...raw.toString().matchAll(/^Content-Transfer-Encoding: (.+)$/gim)].map((m) => m[1].trim());

const parse = (raw: string | Buffer) => simpleParser(raw);
const composed = (m: OutgoingMessage) =>
  new Promise<Buffer>((resolve, reject) => new MailComposer({ ...m, xMailer: false }).compile().build((e, b) => (e ? reject(e) : resolve(b))));
const addresses = (a?: AddressObject | AddressObject[]) => [a ?? []].flat().flatMap((x) => x.value.map((v) => ({ name: v.name, address: v.address })));
const essentials = (p: ParsedMail) => ({
  from: addresses(p.from),
  to: addresses(p.to),
  replyTo: addresses(p.replyTo),
  subject: p.subject,
  messageId: p.messageId,
  text: p.text,
  html: p.html,
  campaign: p.headers.get('x-appeal-campaign'),
  delivery: p.headers.get('x-appeal-delivery'),
});

describe('a message composed for SMTP in one pass', () => {
  it.each(cases)('reads back as nodemailer would have written it: %s', async (_name, over) => {
    const message = { ...base, ...over };
    const raw = toMime(message);
    const theirs = await composed(message);
    expect(essentials(await parse(raw))).toEqual(essentials(await parse(theirs)));
    // and each part in the same transfer encoding (7bit, quoted-printable or base64)
    expect(encodings(raw)).toEqual(encodings(theirs));
    // every line ends CRLF and stays within the line length SMTP servers accept
    expect(raw).not.toMatch(/[^\r]\n|\r[^\n]/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('keeps the fields it was given, the date included', async () => {
    const date = new Date('2012-02-10T08:00:00Z');
    const raw = toMime(base, date);
    const parsed = await parse(raw);
    expect(parsed.date?.toISOString()).toBe(date.toISOString());
    expect(parsed.from?.value).toEqual([{ name: 'Amal Haddad via Amnesty', address: 'appeals@campaigns.example' }]);
    expect(parsed.messageId).toBe(base.messageId);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;\r\n boundary="--_Appeals-[0-9a-f-]{36}"$/m);
    expect(raw.split('\r\n\r\n')[0]).toMatch(/\r\nContent-Type: [^\r]+\r\n [^\r]+$/); // Content-Type is the last header
  });

  it('lets no line break in a name, subject or header value start a header of its own', async () => {
    const raw = toMime({
      ...base,
      from: { name: 'Amal\r\nBcc: victim@example.org', address: 'appeals@campaigns.example' },
      subject: 'Hello\r\nBcc: victim@example.org\nX-Evil: 1',
      headers: { ...base.headers, 'X-Appeal-Campaign': 'homs\r\nBcc: victim@example.org' },
    });
    const head = raw.split('\r\n\r\n')[0];
    expect(head).not.toMatch(/^(Bcc|X-Evil):/im);
    const parsed = await parse(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(parsed.subject).toBe('Hello Bcc: victim@example.org X-Evil: 1');
  });

  it('takes a lone CR in a body for a line break', async () => {
    expect((await parse(toMime({ ...base, html: undefined, text: 'one\rtwo' }))).text).toBe('one\ntwo\n');
  });

  it('writes short ASCII as it is, other text as quoted-printable or base64 of its UTF-8', () => {
    expect(toMime({ ...base, html: undefined })).toMatch(/Content-Transfer-Encoding: 7bit\r\n\r\nDear Minister,\r\n\r\nPlease act\./);
    expect(toMime({ ...base, html: undefined, text: 'Dear Minister, please protect the civilians of Homs — now.' })).toMatch(
      /Content-Transfer-Encoding: quoted-printable\r\n\r\nDear Minister, please protect the civilians of Homs =E2=80=94 now\./,
    );
    expect(toMime({ ...base, html: undefined, text: 'أوقفوا الهجوم على حمص' })).toMatch(/Content-Transfer-Encoding: base64\r\n\r\n2KPZiNmC/);
  });
});
