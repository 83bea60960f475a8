import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { composeLetter } from '../letters/letter-composition.js';
import { digestFacts, FIXTURE_DELIVERY_ID, letterFacts } from '../letters/letter-facts.fixture.js';
import { buildDigestMessage, buildLetterMessage } from '../mail/letter-message.js';
import type { OutgoingMessage } from '../mail/outgoing-message.js';
import { replyAddressFor } from './reply-token.js';

const SENDER = { from: 'appeals@campaigns.example', orgName: 'Amnesty', domain: 'campaigns.example' };
const KEY = Buffer.alloc(32, 7);
const RELAY = replyAddressFor(FIXTURE_DELIVERY_ID, KEY, SENDER.domain);

/** The header block of the message as nodemailer writes it on the wire. */
async function wireHeaders(m: OutgoingMessage): Promise<string> {
  const raw = await new MailComposer({ ...m, from: m.from, envelope: m.envelope }).compile().build();
  return raw
    .toString('utf8')
    .split('\r\n\r\n')[0]
    .replace(/\r\n[ \t]+/g, ' ');
}

describe('a relayed letter: replies come to the organisation, and the official never sees the supporter’s address', () => {
  it('says Reply-To reply+TOKEN@MAIL_DOMAIN, and the supporter’s address is in no header nor the envelope', async () => {
    const m = buildLetterMessage(letterFacts(), SENDER, RELAY);
    expect(m.replyTo).toBe(RELAY);
    expect(m.from).toEqual({ name: 'Amal Haddad via Amnesty', address: 'appeals@campaigns.example' });
    const headers = await wireHeaders(m);
    expect(headers).toMatch(new RegExp(`^Reply-To: ${RELAY.replace('+', '\\+')}$`, 'm'));
    expect(headers.toLowerCase()).not.toContain('amal@example.org');
    expect(JSON.stringify(m.envelope)).not.toContain('amal@example.org');
    expect(m.text).not.toContain('amal@example.org');
    expect(m.html).not.toContain('amal@example.org');
  });

  it('keeps the supporter mode as it was: Reply-To the supporter', () => {
    expect(buildLetterMessage(letterFacts(), SENDER).replyTo).toBe('amal@example.org');
    expect(buildLetterMessage(letterFacts(), SENDER, null).replyTo).toBe('amal@example.org');
  });

  it('gives a relayed digest the same Reply-To, and an unrelayed one none', () => {
    expect(buildDigestMessage(digestFacts(), SENDER, RELAY).replyTo).toBe(RELAY);
    expect(buildDigestMessage(digestFacts(), SENDER).replyTo).toBeUndefined();
  });
});

describe('the supporter’s address under the signature, when the campaign shows it', () => {
  it('is a line of its own under the signature, in text and HTML', () => {
    const letter = composeLetter({ ...letterFacts(), showSupporterEmail: true });
    expect(letter.text).toBe('Dear Sergei Lavrov,\n\nPlease act.\n\nAmal Haddad, Lebanon\namal@example.org');
    expect(letter.html.endsWith('<p>Amal Haddad, Lebanon<br>amal@example.org</p>')).toBe(true);
  });

  it('is not there unless asked', () => {
    expect(composeLetter(letterFacts()).text).not.toContain('amal@example.org');
    expect(composeLetter({ ...letterFacts(), showSupporterEmail: false }).text).not.toContain('amal@example.org');
  });

  it('is text, never a template or markup: braces, dollar signs and angle brackets stay as typed, escaped in HTML', () => {
    const email = '{{target.name}}$&<b>@example.org';
    const letter = composeLetter({ ...letterFacts({ email }), showSupporterEmail: true });
    expect(letter.text.endsWith(`\n${email}`)).toBe(true);
    expect(letter.html.endsWith('<br>{{target.name}}$&amp;&lt;b&gt;@example.org</p>')).toBe(true);
  });
});
