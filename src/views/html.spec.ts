import { escapeHtml } from './html.js';

describe('escapeHtml', () => {
  it('escapes both quotes, for attribute values in either', () => {
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });
});
