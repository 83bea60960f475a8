import { bytes, firstLines, otherSender } from './reply-format.js';

describe('replies in the console: how they are shown', () => {
  it('the first lines: their own words, blank lines skipped, cut with "…" when there is more', () => {
    expect(firstLines('Thank you.\n\nThe Minister has raised it.\n\nOn 8 Feb 2012, Amal Haddad wrote:\n> Dear Minister')).toBe(
      'Thank you.\nThe Minister has raised it.',
    );
    expect(firstLines('one\ntwo\nthree\nfour')).toBe('one\ntwo\nthree …');
    expect(firstLines(`${'word '.repeat(100)}end`, 3, 22)).toBe('word word word word…');
    // a reply that is all quotation: shown as it is
    expect(firstLines('> Dear Minister\n> Amal')).toBe('> Dear Minister\n> Amal');
    expect(firstLines('')).toBe('');
  });

  it('names the sender only when it is not the official’s own address (any case)', () => {
    expect(otherSender({ address: 'Lavrov@MID-ru.example', name: 'S. Lavrov' }, 'lavrov@mid-ru.example')).toBeNull();
    expect(otherSender({ address: 'press@mid-ru.example', name: 'Press Office' }, 'lavrov@mid-ru.example')).toBe('Press Office <press@mid-ru.example>');
    expect(otherSender({ address: 'press@mid-ru.example', name: null }, 'lavrov@mid-ru.example')).toBe('press@mid-ru.example');
    expect(otherSender({ address: null, name: null }, 'lavrov@mid-ru.example')).toBe('an unknown sender (no From address)');
  });

  it('sizes in bytes, KB and MB', () => {
    expect([bytes(1), bytes(812), bytes(48_213), bytes(3_500_000)]).toEqual(['1 byte', '812 bytes', '47 KB', '3.3 MB']);
  });
});
