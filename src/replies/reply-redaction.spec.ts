import { ERASED_NAME, QUOTATION_REMOVED, redactReply, scrubber, type ErasableReply } from './reply-redaction.js';

const who = { firstName: 'Amal', lastName: 'Haddad', email: 'amal.haddad@supporters.example' };
const reply: ErasableReply = {
  id: 'r1',
  digest: false,
  fromAddress: 'lavrov@mid-ru.example',
  fromName: 'Sergei Lavrov',
  subject: 'Re: Letter from Amal Haddad',
  text: 'Dear Amal,\n\nThe Minister has raised Homs with Damascus.\n\nOn Wed, 8 Feb 2012, Amal Haddad via Test Org wrote:\n> Dear Minister,\n> Civilians must be protected.\n> Amal Haddad, Lebanon',
  headers: { 'in-reply-to': '<d1@campaigns.example>', 'x-mailer': 'Outlook' },
};

describe('what erasure leaves of a reply', () => {
  it('a reply to their own letter: the quoted letter gone (said so), their names gone from the official’s words and subject', () => {
    const r = redactReply(reply, who)!;
    expect(r.text).toBe(`Dear ${ERASED_NAME},\n\nThe Minister has raised Homs with Damascus.\n\n${QUOTATION_REMOVED}`);
    expect(r.text).not.toMatch(/Amal|Haddad|Civilians/);
    expect(r.subject).toBe(`Re: Letter from ${ERASED_NAME}`);
    expect(r).toMatchObject({ fromAddress: 'lavrov@mid-ru.example', fromName: 'Sergei Lavrov', mark: true });
    expect(r.headers).toEqual(reply.headers);
  });

  it('a reply quoting nothing is marked redacted all the same, its words unchanged', () => {
    const r = redactReply({ ...reply, subject: 'Re: Homs', text: 'We have received your letter.' }, who)!;
    expect(r).toMatchObject({ text: 'We have received your letter.', subject: 'Re: Homs', mark: true });
  });

  it('a reply sent from the supporter’s own address loses its sender; their address is gone from the headers and text', () => {
    const r = redactReply(
      {
        ...reply,
        fromAddress: who.email,
        fromName: 'Amal Haddad',
        text: 'Write to AMAL.HADDAD@supporters.example.',
        headers: { 'reply-to': `Amal Haddad <${who.email}>` },
      },
      who,
    )!;
    expect(r).toMatchObject({ fromAddress: null, fromName: null, text: `Write to ${ERASED_NAME}.` });
    expect(r.headers['reply-to']).toBe(`${ERASED_NAME} <${ERASED_NAME}>`);
  });

  it('a reply to a digest: only their full name and address go (others it names stay), and only when it named them', () => {
    const digest = { ...reply, digest: true, text: 'Thank you all.\n\n> Signed: Amal Haddad (LB), Omar Haddad (SY), Amal Saleh (JO)' };
    const r = redactReply(digest, who)!;
    expect(r.text).toBe(`Thank you all.\n\n> Signed: ${ERASED_NAME} (LB), Omar Haddad (SY), Amal Saleh (JO)`);
    expect(r.mark).toBe(false);
    expect(redactReply({ ...digest, subject: 'Re: Homs', text: 'Thank you all.' }, who)).toBeNull();
  });

  it('takes out whole words only, in any case and script', () => {
    const scrub = scrubber(['Amal', 'Хадад', 'x']);
    expect(scrub('amal, AMAL. Amalfi; Hi Amal!')).toBe(`${ERASED_NAME}, ${ERASED_NAME}. Amalfi; Hi ${ERASED_NAME}!`);
    expect(scrub('Уважаемый Хадад, Хададов')).toBe(`Уважаемый ${ERASED_NAME}, Хададов`);
    // one letter is not a name worth erasing: "x" stays
    expect(scrub('x marks')).toBe('x marks');
    expect(scrubber(['Amal Haddad'])('Amal\n Haddad wrote')).toBe(`${ERASED_NAME} wrote`);
  });
});
