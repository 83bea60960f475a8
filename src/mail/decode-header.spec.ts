import { decodeHeader } from './decode-header.js';

describe('header decoding for the mail catcher', () => {
  it('decodes RFC 2047 encoded words, B and Q, also split over folded lines', () => {
    expect(decodeHeader('=?UTF-8?B?0J/QvtC00YLQstC10YDQtNC40YLQtSDQv9C+0LTQv9C40YHRjA==?=')).toBe('Подтвердите подпись');
    expect(decodeHeader('=?UTF-8?B?0J/QvtC00YLQstC10YDQtNC4?=\r\n =?UTF-8?B?0YLQtSDQv9C+0LTQv9C40YHRjA==?=')).toBe('Подтвердите подпись');
    expect(decodeHeader('=?utf-8?Q?=D8=A3=D9=88=D9=82=D9=81=D9=88=D8=A7?= the shelling')).toBe('أوقفوا the shelling');
  });

  it('leaves plain text as it is, only unfolded and trimmed', () => {
    expect(decodeHeader(' Stop the assault\r\n on Homs ')).toBe('Stop the assault on Homs');
    expect(decodeHeader('')).toBe('');
  });
});
