import { BadRequestException } from '@nestjs/common';
import { readTargetCsv, targetCsvBody } from './target-csv.js';

const problem = (text: string) => {
  try {
    readTargetCsv(text);
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return (e as BadRequestException).message;
  }
  throw new Error('expected a 400');
};

describe('reading a target import (CSV)', () => {
  it('reads the header in any order and case, with quoted fields, a BOM and CRLF line ends', () => {
    const csv = '\ufeffEmail, Name ,title\r\nminister@mfa.example,"Bin Zayed, Abdullah","Minister of ""Foreign"" Affairs"\r\n\r\nb@x.example,B,\r\n';
    expect(readTargetCsv(csv)).toEqual({
      columns: ['email', 'name', 'title'],
      rows: [
        { line: 2, cells: { email: 'minister@mfa.example', name: 'Bin Zayed, Abdullah', title: 'Minister of "Foreign" Affairs' } },
        { line: 4, cells: { email: 'b@x.example', name: 'B', title: '' } },
      ],
    });
  });

  it('names a missing required column, an unknown one, and one named twice', () => {
    expect(problem('name,title\nA,B\n')).toBe('Missing required column(s): email');
    expect(problem('title,organization\nA,B\n')).toBe('Missing required column(s): name, email');
    expect(problem('name,email,titel\n')).toBe('Unknown column(s) "titel": the columns are name, title, organization, country, email, locale, tags, time_zone');
    expect(problem('name,email,Email\n')).toBe('Column(s) named twice: email');
  });

  it('reads an optional tags column, its cell kept as written', () => {
    expect(readTargetCsv('name,email,Tags\nA,a@x.example,foreign-minister;g20\nB,b@x.example,\n')).toEqual({
      columns: ['name', 'email', 'tags'],
      rows: [
        { line: 2, cells: { name: 'A', email: 'a@x.example', tags: 'foreign-minister;g20' } },
        { line: 3, cells: { name: 'B', email: 'b@x.example', tags: '' } },
      ],
    });
  });

  it('turns a row into the body of POST /api/targets: empty optional cells left out, tags split at ";"', () => {
    expect(targetCsvBody({ name: 'A', email: 'a@x.example', title: '', country: 'LB', locale: '' })).toEqual({
      name: 'A',
      email: 'a@x.example',
      country: 'LB',
    });
    expect(targetCsvBody({ name: 'A', email: 'a@x.example', tags: ' foreign-minister ; G20;; ' })).toEqual({
      name: 'A',
      email: 'a@x.example',
      tags: ['foreign-minister', 'G20'],
    });
    // a tags column with an empty cell: no tags (an existing target's are removed)
    expect(targetCsvBody({ name: 'A', email: 'a@x.example', tags: '' })).toEqual({ name: 'A', email: 'a@x.example', tags: [] });
    // no tags column: tags not in the body (an existing target's stay)
    expect(targetCsvBody({ name: 'A', email: 'a@x.example' })).not.toHaveProperty('tags');
    // a time_zone column: the zone as written, an empty cell null (the target's own zone cleared); none: not in the body
    expect(targetCsvBody({ name: 'A', email: 'a@x.example', time_zone: 'Europe/Moscow' })).toEqual({
      name: 'A',
      email: 'a@x.example',
      timeZone: 'Europe/Moscow',
    });
    expect(targetCsvBody({ name: 'A', email: 'a@x.example', time_zone: '' })).toEqual({ name: 'A', email: 'a@x.example', timeZone: null });
    expect(targetCsvBody({ name: 'A', email: 'a@x.example' })).not.toHaveProperty('timeZone');
  });

  it('refuses an empty file and one that is not CSV', () => {
    expect(problem('')).toMatch(/^The file is empty/);
    expect(problem('name,email\n"unclosed,a@b.example\n')).toMatch(/^The file is not valid CSV: /);
  });

  it('keeps a row of the wrong length for the report, naming the problem', () => {
    const { rows } = readTargetCsv('name,email\nA,a@x.example,extra\nB\n');
    expect(rows.map((r) => r.shapeProblem)).toEqual(['the row has 3 field(s), the header 2', 'the row has 1 field(s), the header 2']);
  });

  it('takes at most 5000 rows at once', () => {
    const rows = Array.from({ length: 5001 }, (_, i) => `N${i},n${i}@x.example`).join('\n');
    expect(problem(`name,email\n${rows}\n`)).toBe('The file has 5001 rows; one import takes at most 5000: split it');
  });
});
