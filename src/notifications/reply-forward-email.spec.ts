import { replyForwardEmail, type ReplyForwardFacts } from './supporter-emails.js';

const sender = { from: 'appeals@campaigns.example', orgName: 'Test Org', domain: 'campaigns.example' };
const facts: ReplyForwardFacts = {
  notificationId: '00000000-0000-4000-8000-000000000002',
  locale: 'en',
  campaign: { slug: 'homs', title: 'Stop the assault on Homs', translations: { ru: { title: 'Остановите штурм Хомса' } } },
  supporter: { firstName: 'Amal', email: 'amal@supporters.example' },
  unsubscribeUrl: 'https://appeals.example/unsubscribe/tok?lang=en',
  official: { name: 'Sergei Lavrov', title: 'Minister of Foreign Affairs', organization: 'Russian Federation', email: 'lavrov@mid-ru.example' },
  reply: {
    fromAddress: 'lavrov@mid-ru.example',
    fromName: 'Sergei Lavrov',
    subject: 'Re: Use your influence',
    text: 'Thank you for your letter.\n\nThe Minister <b>shares</b> your concern.\n<script>alert(1)</script>',
    attachments: [],
  },
};

describe('a reply forwarded to its supporter', () => {
  it('says who answered, with the answer’s subject and text, from the organisation, with List-Unsubscribe', () => {
    const m = replyForwardEmail(facts, sender);
    expect(m.from).toEqual({ name: 'Test Org', address: 'appeals@campaigns.example' });
    expect(m.to).toBe('amal@supporters.example');
    expect(m.subject).toBe('Sergei Lavrov answered your letter: Re: Use your influence');
    expect(m.text).toContain('Sergei Lavrov, Minister of Foreign Affairs, Russian Federation answered your letter for “Stop the assault on Homs”.');
    expect(m.text).toContain('Subject: Re: Use your influence');
    expect(m.text).toContain('The Minister <b>shares</b> your concern.');
    // the sender is the official: no "sent from" line
    expect(m.text).not.toContain('It was sent from');
    expect(m.headers).toMatchObject({
      'X-Appeal-Reply-Forward': facts.notificationId,
      'List-Unsubscribe': `<${facts.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': 'en',
    });
    expect(m.messageId).toBe(`<n-${facts.notificationId}@campaigns.example>`);
  });

  it('never carries the official’s markup: the HTML part escapes the text', () => {
    const m = replyForwardEmail(facts, sender);
    expect(m.html).toContain('The Minister &lt;b&gt;shares&lt;/b&gt; your concern.');
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).not.toMatch(/<script|<b>shares/);
  });

  it('names the address it came from when that is not the official’s, and the attachments not passed on', () => {
    const m = replyForwardEmail(
      {
        ...facts,
        reply: {
          ...facts.reply,
          fromAddress: 'press@mid-ru.example',
          fromName: 'Press\nOffice',
          attachments: [{ filename: 'statement.pdf' }, { filename: null }],
        },
      },
      sender,
    );
    expect(m.text).toContain('It was sent from Press Office <press@mid-ru.example>.');
    expect(m.text).toContain('It came with attachments, which are not passed on: statement.pdf, #2');
    expect(m.html).toContain('Press Office &lt;press@mid-ru.example&gt;');
  });

  it('is in the supporter’s language: Russian words for a Russian-signing supporter, the campaign’s Russian title', () => {
    const m = replyForwardEmail({ ...facts, locale: 'ru', reply: { ...facts.reply, fromAddress: 'press@mid-ru.example', fromName: null } }, sender);
    expect(m.subject).toBe('Ответ на ваше письмо от адресата Sergei Lavrov: Re: Use your influence');
    expect(m.text).toContain('Здравствуйте, Amal!');
    expect(m.text).toContain('Пришёл ответ на ваше письмо по кампании «Остановите штурм Хомса».');
    expect(m.text).toContain('Ответ отправлен с адреса press@mid-ru.example.');
    expect(m.text).toContain('Тема: Re: Use your influence');
    expect(m.html).toContain('<html lang="ru" dir="ltr">');
    expect(m.headers['Content-Language']).toBe('ru');
  });

  it('is right to left in Arabic, and falls back to English for a language it does not speak', () => {
    expect(replyForwardEmail({ ...facts, locale: 'ar' }, sender).html).toContain('<html lang="ar" dir="rtl">');
    expect(replyForwardEmail({ ...facts, locale: 'tlh' }, sender).subject).toBe('Sergei Lavrov answered your letter: Re: Use your influence');
  });

  it('uses the campaign’s title when the answer has no subject, on one line', () => {
    const m = replyForwardEmail({ ...facts, reply: { ...facts.reply, subject: '' } }, sender);
    expect(m.subject).toBe('Sergei Lavrov answered your letter: Stop the assault on Homs');
    const folded = replyForwardEmail({ ...facts, reply: { ...facts.reply, subject: 'Re: a\r\nBcc: x@evil.example' } }, sender);
    expect(folded.subject).not.toMatch(/[\r\n]/);
  });
});
