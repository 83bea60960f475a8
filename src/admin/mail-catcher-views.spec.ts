import { linkUrls, mailMessagePage, type CaughtMessageView } from './mail-catcher-views.js';

const ctx: Parameters<typeof mailMessagePage>[0] = {
  staff: { id: 'u1', email: 'admin@localhost', role: 'admin' } as Parameters<typeof mailMessagePage>[0]['staff'],
  csrf: 'csrf-token',
  url: '/admin/mail/6f0c1f4e-8a53-4c38-9d1e-0b3c7c1f2a10',
  flash: null,
  mailCatcher: true,
  org: 'Appeals',
  publicUrl: 'http://localhost:3000',
};

const message = (over: Partial<CaughtMessageView> = {}): CaughtMessageView => ({
  id: '6f0c1f4e-8a53-4c38-9d1e-0b3c7c1f2a10',
  receivedAt: '2030-01-02T03:04:05.000Z',
  envelopeFrom: 'appeals@localhost',
  envelopeTo: ['s1@supporters.example'],
  subject: 'Подтвердите подпись',
  headers: [{ key: 'subject', value: 'Подтвердите подпись' }],
  text: 'Confirm: http://localhost:3000/confirm/abc_DEF-123.',
  hasHtml: false,
  raw: 'Subject: =?UTF-8?B?0J/QvtC00YLQstC10YDQtNC40YLQtSDQv9C+0LTQv9C40YHRjA==?=\r\n\r\n…',
  ...over,
});

describe('the caught mail pages', () => {
  it('links every http(s) URL of the text part, leaving out the full stop that ends the sentence', () => {
    expect(linkUrls('Confirm: https://act.example.org/confirm/abc_DEF-123. Or withdraw (http://x.example/w?a=1&b=2).').value).toBe(
      'Confirm: <a href="https://act.example.org/confirm/abc_DEF-123" rel="noreferrer noopener" target="_blank">https://act.example.org/confirm/abc_DEF-123</a>. ' +
        'Or withdraw (<a href="http://x.example/w?a=1&amp;b=2" rel="noreferrer noopener" target="_blank">http://x.example/w?a=1&amp;b=2</a>).',
    );
  });

  it('escapes the text around the links and links nothing that is not http(s)', () => {
    expect(linkUrls('<b>hi</b> javascript:alert(1) ftp://x.example "https://a.example/"').value).toBe(
      '&lt;b&gt;hi&lt;/b&gt; javascript:alert(1) ftp://x.example &quot;<a href="https://a.example/" rel="noreferrer noopener" target="_blank">https://a.example/</a>&quot;',
    );
    expect(linkUrls('no links here').value).toBe('no links here');
  });

  it('shows the decoded subject, the linked text, and frames the HTML part sandboxed only when there is one', () => {
    const plain = mailMessagePage(ctx, message());
    expect(plain).toContain('<h1>Подтвердите подпись</h1>');
    expect(plain).toContain('<a href="http://localhost:3000/confirm/abc_DEF-123"');
    expect(plain).not.toContain('<iframe');
    const withHtml = mailMessagePage(ctx, message({ hasHtml: true }));
    expect(withHtml).toContain('<iframe class="mail-html" sandbox src="/admin/mail/6f0c1f4e-8a53-4c38-9d1e-0b3c7c1f2a10/html"');
  });
});
