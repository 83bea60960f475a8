import { messagesFor } from '../i18n/i18n.js';
import { DEFAULT_SIGNATURE, editableText, letterParts, normaliseLetterText } from './letter-editing.js';

describe('the words compared for personalisation', () => {
  it('fold case, and take punctuation and whitespace runs for one space', () => {
    expect(normaliseLetterText('  Please ACT,\n\n  now!!  ')).toBe('please act now');
    expect(normaliseLetterText('word,word')).toBe(normaliseLetterText('word, word'));
    expect(normaliseLetterText('«Остановите» — обстрелы…')).toBe('остановите обстрелы');
    expect(normaliseLetterText('[official’s name]')).toBe(normaliseLetterText("official's name"));
  });

  it('keep every word: a changed, added or removed word is a different text', () => {
    expect(normaliseLetterText('Please act now.')).not.toBe(normaliseLetterText('Please act today.'));
    expect(normaliseLetterText('Please act now.')).not.toBe(normaliseLetterText('Please act.'));
    expect(normaliseLetterText('Please act now.')).not.toBe(normaliseLetterText('Please, please act now.'));
  });
});

describe('a letter in parts: fixed salutation and signature, the middle to rewrite', () => {
  it('takes the first paragraph as the salutation and trailing supporter lines as the signature', () => {
    const body = 'Dear {{target.title}} {{target.name}},\r\n\r\nPlease act.\n\nNow.\n\nYours,\n{{supporter.fullName}}\n{{supporter.country}}\n';
    expect(letterParts(body)).toEqual({
      salutation: 'Dear {{target.title}} {{target.name}},',
      middle: 'Please act.\n\nNow.\n\nYours,',
      signature: '{{supporter.fullName}}\n{{supporter.country}}',
    });
  });

  it('signs with the name and country when the template does not end with a signature', () => {
    expect(letterParts('Dear {{target.name}},\n\nPlease act.')).toEqual({
      salutation: 'Dear {{target.name}},',
      middle: 'Please act.',
      signature: DEFAULT_SIGNATURE,
    });
    expect(letterParts('Please act.')).toEqual({ salutation: 'Please act.', middle: '', signature: DEFAULT_SIGNATURE });
  });

  it('shows the middle in the page language, each placeholder as its description in brackets, the comment left out', () => {
    const body =
      'Dear {{target.name}},\n\nAs a citizen of {{supporter.country}} I ask {{target.organization}} to stop: {{campaign.title}}.\n\n{{supporter.comment}}\n\n{{supporter.fullName}}';
    expect(editableText(body, messagesFor('en'), 'Stop the assault on Homs')).toBe(
      'As a citizen of [your country] I ask [their government or organisation] to stop: Stop the assault on Homs.',
    );
    expect(editableText(body, messagesFor('ru'), 'Хомс')).toContain('[');
    expect(editableText(body, messagesFor('ru'), 'Хомс')).not.toContain('{{');
  });
});
