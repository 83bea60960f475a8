import { messagesFor } from '../../i18n/i18n.js';
import { letterBody, letterText } from './letter-preview.js';

const render = (parts: { toString(): string }[]) => parts.map(String).join('');

describe('the letter as a supporter reads it', () => {
  const en = messagesFor('en');

  it('shows each blank as a described, highlighted part, and the campaign title as itself', () => {
    expect(render(letterText('Dear {{target.title}} {{ target.name }}, about {{campaign.title}}', en, 'Homs'))).toBe(
      'Dear <mark class="slot">official’s title</mark> <mark class="slot">official’s name</mark>, about Homs',
    );
    expect(render(letterText('{{supporter.fullName}}', messagesFor('ar'), 'x'))).toBe('<mark class="slot">اسمك</mark>');
  });

  it('escapes the campaigner’s text and leaves unknown braces as written', () => {
    expect(render(letterText('<b>{{nope}}</b> & {{campaign.title}}', en, '<i>T</i>'))).toBe('&lt;b&gt;{{nope}}&lt;/b&gt; &amp; &lt;i&gt;T&lt;/i&gt;');
  });

  it('keeps paragraphs and line breaks', () => {
    expect(String(letterBody('One\r\ntwo\n\n\n  Three  \n\n', en, 't'))).toBe('<p dir="auto">One<br>two</p><p dir="auto">Three</p>');
  });
});
