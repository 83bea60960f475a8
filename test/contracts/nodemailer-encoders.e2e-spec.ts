import * as base64 from 'nodemailer/lib/base64';
import MimeNode from 'nodemailer/lib/mime-node';
import { foldLines, hasLongerLines, isPlainText } from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';

/**
 * Contract: nodemailer's internal encoders, as src/mail/mime-message.ts uses them to write a
 * letter in one pass instead of through MailComposer. These are not nodemailer's public API (the
 * package documents sendMail and its options), so an upgrade may change them without notice; the
 * unit test beside toMime compares it with MailComposer of the same version, which would not see
 * both change together. This pins each output exactly: the same module paths and import forms
 * as mime-message.ts, the same calls, the same line length (76).
 *
 * If this fails after a nodemailer upgrade: read what changed, check that the letters are still
 * valid RFC 5322 / 2047 / 2045 (and that mailparser still reads them back), then update both
 * mime-message.ts and the expectations here.
 */
const LINE = 76;
const CRLF = '\r\n';

/** As mime-message.ts: one MimeNode encodes every header. */
const encoder = new MimeNode();
const header = (key: string, value: string | { name: string; address: string }) => foldLines(`${key}: ${encoder.encodeHeaderValue(key, value)}`, LINE);

describe('nodemailer/lib/mime-node: MimeNode#encodeHeaderValue (with mime-funcs foldLines at 76)', () => {
  describe('From: { name, address } (the supporter\u2019s name "via" the organisation)', () => {
    it('an ASCII name stays bare', () => {
      expect(header('From', { name: 'Amal Haddad via Amnesty', address: 'appeals@campaigns.example' })).toBe(
        'From: Amal Haddad via Amnesty <appeals@campaigns.example>',
      );
    });

    it('a name with quotes, angle brackets, a comma or a semicolon is quoted, its quotes escaped', () => {
      expect(header('From', { name: 'Amal "the" <x>, Haddad; via Amnesty', address: 'appeals@campaigns.example' })).toBe(
        'From: "Amal \\"the\\" <x>, Haddad; via Amnesty" <appeals@campaigns.example>',
      );
    });

    it('a Cyrillic name is one RFC 2047 encoded word, base64 (mostly non-Latin), the line folded before the address', () => {
      expect(header('From', { name: 'Сергей Лавров', address: 'appeals@campaigns.example' })).toBe(
        'From: =?UTF-8?B?0KHQtdGA0LPQtdC5INCb0LDQstGA0L7Qsg==?=' + CRLF + ' <appeals@campaigns.example>',
      );
    });

    it('an Arabic name with Latin words is quoted-printable words, split at a character boundary, folded', () => {
      expect(header('From', { name: 'أمل حداد via Amnesty', address: 'appeals@campaigns.example' })).toBe(
        'From: =?UTF-8?Q?=D8=A3=D9=85=D9=84_=D8=AD=D8=AF=D8=A7?=' + CRLF + ' =?UTF-8?Q?=D8=AF_via_Amnesty?= <appeals@campaigns.example>',
      );
    });
  });

  describe('To and Reply-To: address strings (parsed by nodemailer/lib/addressparser inside)', () => {
    it('a bare address is kept as it is', () => {
      expect(header('To', 'minister@mid.example')).toBe('To: minister@mid.example');
    });

    it('an internationalised domain becomes punycode', () => {
      expect(header('Reply-To', 'amal@jõgeva.ee')).toBe('Reply-To: amal@xn--jgeva-dua.ee');
    });

    it('a quoted display name with a comma is one address, its name quoted again', () => {
      expect(header('Reply-To', '"Haddad, Amal" <amal@example.org>')).toBe('Reply-To: "Haddad, Amal" <amal@example.org>');
    });
  });

  describe('Subject and X- headers: unstructured text', () => {
    it('ASCII text is left alone', () => {
      expect(header('Subject', 'Stop the assault on Homs')).toBe('Subject: Stop the assault on Homs');
      expect(header('X-Appeal-Campaign', 'homs')).toBe('X-Appeal-Campaign: homs');
    });

    it('a Cyrillic subject is RFC 2047 base64 words of whole characters, folded at 76 with CRLF and a space', () => {
      expect(header('Subject', 'Используйте своё влияние, чтобы остановить штурм Хомса')).toBe(
        [
          'Subject: =?UTF-8?B?0JjRgdC/0L7Qu9GM0LfRg9C50YLQtSDRgdCy0L4=?=',
          ' =?UTF-8?B?0ZEg0LLQu9C40Y/QvdC40LUsINGH0YLQvtCx0Ysg?=',
          ' =?UTF-8?B?0L7RgdGC0LDQvdC+0LLQuNGC0Ywg0YjRgtGD0YA=?=',
          ' =?UTF-8?B?0Lwg0KXQvtC80YHQsA==?=',
        ].join(CRLF),
      );
      expect(header('X-Appeal-Campaign', 'хомс')).toBe('X-Appeal-Campaign: =?UTF-8?B?0YXQvtC80YE=?=');
    });

    it('a long ASCII subject is folded at spaces, each line at most 76 characters', () => {
      const folded = header('Subject', `Please ${'Civilians in Baba Amr have been under bombardment '.repeat(3)}`);
      expect(folded).toBe(
        [
          'Subject: Please Civilians in Baba Amr have been under bombardment Civilians',
          ' in Baba Amr have been under bombardment Civilians in Baba Amr have been',
          ' under bombardment ',
        ].join(CRLF),
      );
      for (const line of folded.split(CRLF)) expect(line.length).toBeLessThanOrEqual(LINE);
    });

    it('the fold is at 76: a header line of 75 characters stays whole, one of 76 is folded at its last space', () => {
      const subject = 'Stop the assault on Homs, protect the civilians of Baba Amr now';
      expect(header('Subject', `${subject} xx`)).toBe(`Subject: ${subject} xx`);
      expect(`Subject: ${subject} xx`).toHaveLength(75);
      expect(header('Subject', `${subject} xxx`)).toBe(`Subject: ${subject}${CRLF} xxx`);
    });

    it('line breaks never reach the header (a header injection), and control characters are encoded', () => {
      expect(header('Subject', 'line\r\nBcc: x@evil.example\u0000')).toBe('Subject: =?UTF-8?Q?line_Bcc=3A_x=40evil=2Eexample=00?=');
    });
  });

  it('Message-ID: the value gets its angle brackets, whether given or not', () => {
    expect(header('Message-ID', '<7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11@campaigns.example>')).toBe(
      'Message-ID: <7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11@campaigns.example>',
    );
    expect(header('Message-ID', '7b0f6a0e@campaigns.example')).toBe('Message-ID: <7b0f6a0e@campaigns.example>');
  });
});

describe('nodemailer/lib/mime-funcs: isPlainText and hasLongerLines (the choice of 7bit)', () => {
  it('isPlainText: ASCII with tabs and CRLF is plain; a letter outside ASCII or a control character is not', () => {
    expect(isPlainText('Dear Minister,\r\n\r\nPlease act.\tNow.')).toBe(true);
    expect(isPlainText('Dear Minister, é')).toBe(false);
    expect(isPlainText('a\x01b')).toBe(false);
  });

  it('hasLongerLines: true once any one line is longer than the limit', () => {
    expect(hasLongerLines('a'.repeat(76), LINE)).toBe(false);
    expect(hasLongerLines('a'.repeat(77), LINE)).toBe(true);
    expect(hasLongerLines(`short\r\n${'a'.repeat(77)}\r\nshort`, LINE)).toBe(true);
    expect(hasLongerLines(`${'a'.repeat(76)}\r\n${'a'.repeat(76)}`, LINE)).toBe(false);
  });
});

describe('nodemailer/lib/qp: quoted-printable of a body', () => {
  const long = `${'Civilians in Baba Amr have been under bombardment — for weeks. '.repeat(2)}end   `;

  it('encode: UTF-8 bytes outside ASCII and "=" as =XX, CRLF kept, a space or tab before a line end or the end as =20/=09', () => {
    expect(qp.encode(long)).toBe(
      'Civilians in Baba Amr have been under bombardment =E2=80=94 for weeks. Civilians in Baba Amr have been under bombardment =E2=80=94 for weeks. end  =20',
    );
    expect(qp.encode('a=b\r\nc\t \r\nd\t')).toBe('a=3Db\r\nc\t=20\r\nd=09');
  });

  it('wrap: soft line breaks ("=" CRLF) keep each line at most 76 characters, never inside an =XX', () => {
    const wrapped = qp.wrap(qp.encode(long), LINE);
    expect(wrapped).toBe(
      [
        'Civilians in Baba Amr have been under bombardment =E2=80=94 for weeks. =',
        'Civilians in Baba Amr have been under bombardment =E2=80=94 for weeks. end =',
        ' =20',
      ].join(CRLF),
    );
    for (const line of wrapped.split(CRLF)) expect(line.length).toBeLessThanOrEqual(LINE);
    expect(qp.wrap(qp.encode(`${'x'.repeat(72)}ééé`), LINE)).toBe(`${'x'.repeat(72)}=\r\n=C3=A9=C3=A9=C3=A9`);
  });
});

describe('nodemailer/lib/base64: base64 of a body', () => {
  it('encode: standard base64 (with padding) of the bytes given', () => {
    expect(base64.encode(Buffer.from('معالي الأمين العام', 'utf8'))).toBe('2YXYudin2YTZiiDYp9mE2KPZhdmK2YYg2KfZhNi52KfZhQ==');
  });

  it('wrap: lines of 76 characters, CRLF between them, none after the last', () => {
    const wrapped = base64.wrap(base64.encode(Buffer.from('أوقفوا الهجوم على حمص. '.repeat(3), 'utf8')), LINE);
    expect(wrapped).toBe(
      [
        '2KPZiNmC2YHZiNinINin2YTZh9is2YjZhSDYudmE2Ykg2K3Zhdi1LiDYo9mI2YLZgdmI2Kcg2KfZ',
        'hNmH2KzZiNmFINi52YTZiSDYrdmF2LUuINij2YjZgtmB2YjYpyDYp9mE2YfYrNmI2YUg2LnZhNmJ',
        'INit2YXYtS4g',
      ].join(CRLF),
    );
  });
});
