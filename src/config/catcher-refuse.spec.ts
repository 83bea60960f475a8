import { ConfigError, loadConfig } from './app-config.js';

describe('CATCHER_REFUSE', () => {
  it('is a case-insensitive regular expression over the whole recipient address; unset refuses nobody', () => {
    const refuse = loadConfig({ CATCHER_REFUSE: '^refuse\\+' }).catcherRefuse!;
    expect(refuse.test('refuse+minister@gov.example')).toBe(true);
    expect(refuse.test('REFUSE+minister@gov.example')).toBe(true);
    expect(refuse.test('minister+refuse@gov.example')).toBe(false);
    expect(loadConfig({}).catcherRefuse).toBeNull();
    expect(loadConfig({ CATCHER_REFUSE: '' }).catcherRefuse).toBeNull();
  });

  it('stops the start with a message naming it when the pattern does not compile', () => {
    expect(() => loadConfig({ CATCHER_REFUSE: '(unclosed' })).toThrow(ConfigError);
    expect(() => loadConfig({ CATCHER_REFUSE: '(unclosed' })).toThrow(/CATCHER_REFUSE: must be a regular expression/);
  });
});
