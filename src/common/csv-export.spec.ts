import { csvField, neutralise, toCsv } from './csv-export.js';

describe('CSV exports', () => {
  it.each(['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('neutralise a formula: %j', (v) => {
    expect(neutralise(v)).toBe(`'${v}`);
  });
  it('leave ordinary values alone, dates as ISO 8601, nothing for null', () => {
    expect(neutralise('Amal Haddad')).toBe('Amal Haddad');
    expect(neutralise('a-b')).toBe('a-b');
    expect(neutralise(new Date('2012-02-08T09:30:00Z'))).toBe('2012-02-08T09:30:00.000Z');
    expect(neutralise(null)).toBe('');
    expect(neutralise(42)).toBe('42');
  });
  it('quote fields with commas, quotes and line breaks, after neutralising', () => {
    expect(csvField('Haddad, Amal')).toBe('"Haddad, Amal"');
    expect(csvField('say "stop"')).toBe('"say ""stop"""');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
  });
  it('write a header and rows with CRLF', () => {
    expect(
      toCsv(
        ['name', 'country'],
        [
          ['Amal', 'LB'],
          ['=cmd', null],
        ],
      ),
    ).toBe("name,country\r\nAmal,LB\r\n'=cmd,\r\n");
  });
});
