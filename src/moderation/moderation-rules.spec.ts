import { blockedWordsIn, countLinks, screen, targetDomainOf, type ScreenInput } from './moderation-rules.js';

const input = (text: string, more: Partial<ScreenInput> = {}): ScreenInput => ({
  text,
  supporterEmail: 'layla@example.org',
  targetDomains: ['mid.ru', 'las.int'],
  nearDuplicate: null,
  ...more,
});

describe('blockedWordsIn', () => {
  it('matches whole words and phrases, in any case and script, never inside a longer word', () => {
    expect(blockedWordsIn('Stop the ASSAULT on Homs', ['ass'])).toEqual([]);
    expect(blockedWordsIn('You are an Ass.', ['ass'])).toEqual(['ass']);
    expect(blockedWordsIn('what a\n  war   criminal', ['war criminal'])).toEqual(['war criminal']);
    expect(blockedWordsIn('Вы ПРЕСТУПНИК!', ['преступник'])).toEqual(['преступник']);
    expect(blockedWordsIn('أنت مجرم', ['مجرم'])).toEqual(['مجرم']);
    // full-width letters fold to their plain form
    expect(blockedWordsIn('ｉｄｉｏｔ', ['idiot'])).toEqual(['idiot']);
  });

  it('treats the words as text, not patterns, and skips empty ones', () => {
    expect(blockedWordsIn('a+b (c)', ['a+b', '(c)', '  '])).toEqual(['a+b', '(c)']);
    expect(blockedWordsIn('aab', ['a+b'])).toEqual([]);
  });
});

describe('countLinks', () => {
  it('counts links with a scheme, with www. and bare domains, not email addresses', () => {
    expect(countLinks('see https://example.org/a?b=c and www.example.com')).toBe(2);
    expect(countLinks('visit spam.xyz/offer or bit.ly/x')).toBe(2);
    expect(countLinks('write to me at layla@example.com')).toBe(0);
    expect(countLinks('The assault on Homs must stop. Now.')).toBe(0);
  });
});

describe('targetDomainOf', () => {
  it('is the target domain the supporter is at, or under; public mail services never count', () => {
    expect(targetDomainOf('a@mid.ru', ['mid.ru'])).toBe('mid.ru');
    expect(targetDomainOf('a@press.MID.ru', ['mid.ru'])).toBe('mid.ru');
    expect(targetDomainOf('a@notmid.ru', ['mid.ru'])).toBeNull();
    expect(targetDomainOf('a@gmail.com', ['gmail.com'])).toBeNull();
  });
});

describe('screen', () => {
  it('records every rule tripped, whatever the mode, and holds nothing when moderation is off', () => {
    const v = screen({ mode: 'off', blockedWords: ['idiot'] }, input('idiot, see a.com and b.com', { supporterEmail: 'x@mid.ru' }));
    expect(v.flags).toEqual(['blocked-word', 'links', 'target-domain']);
    expect(v.details).toEqual({ blockedWords: ['idiot'], links: 2, domain: 'mid.ru' });
    expect(v.hold).toBe(false);
  });

  it('in flagged mode holds a text that trips a rule, and not a clean one', () => {
    const policy = { mode: 'flagged' as const, blockedWords: ['idiot'] };
    expect(screen(policy, input('You idiot')).hold).toBe(true);
    expect(screen(policy, input('Please press Syria to stop the assault')).hold).toBe(false);
    expect(screen(policy, input('one link https://a.org is allowed')).hold).toBe(false);
    expect(screen({ ...policy, maxLinks: 0 }, input('one link https://a.org')).hold).toBe(true);
  });

  it('holds a near-duplicate only when duplicates is "review"; flags it either way', () => {
    const near = { nearDuplicate: { of: 'sig-1', similarity: 0.8712 } };
    const allow = screen({ mode: 'flagged' }, input('same words', near));
    expect(allow).toEqual({ flags: ['near-duplicate'], details: { nearDuplicateOf: 'sig-1', similarity: 0.87 }, hold: false });
    expect(screen({ mode: 'flagged', duplicates: 'review' }, input('same words', near)).hold).toBe(true);
  });

  it('in all mode holds every text, clean or not', () => {
    expect(screen({ mode: 'all' }, input('A fine letter'))).toEqual({ flags: [], details: {}, hold: true });
  });
});
