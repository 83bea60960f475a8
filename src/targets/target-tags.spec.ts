import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateTargetDto, ListTargetsQuery, UpdateTargetDto } from './dto/target.dto.js';
import { isTag, normaliseTag, normaliseTags, splitTags, tagListProblem, tagProblem } from './target-tags.js';

/** The messages class-validator gives for `plain` read as `cls`, and the instance. */
async function check<T extends object>(cls: new () => T, plain: Record<string, unknown>) {
  const dto = plainToInstance(cls, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return { dto, messages: errors.flatMap((e) => Object.values(e.constraints ?? {})) };
}

describe('target tags', () => {
  it('normalises a tag: NFC, trimmed, lower-cased', () => {
    expect(normaliseTag('  Foreign-Minister ')).toBe('foreign-minister');
    expect(normaliseTag('G20')).toBe('g20');
    // "é" written as e + combining acute is stored as the one character
    expect(normaliseTag('Ministre-Affaires-E\u0301trange\u0300res')).toBe('ministre-affaires-\u00e9trang\u00e8res');
  });

  it('normalises a list: each tag normalised, repeats dropped, sorted', () => {
    expect(normaliseTags([' G20', 'foreign-minister', 'g20', 'EU_Council', 'Foreign-Minister'])).toEqual(['eu_council', 'foreign-minister', 'g20']);
    expect(normaliseTags([])).toEqual([]);
    // anything else is left for the validator to refuse
    expect(normaliseTags('g20')).toBe('g20');
    expect(normaliseTags(['g20', 7])).toEqual(['g20', 7]);
  });

  it('takes letters of any script, digits, - and _, 1 to 50 of them', () => {
    for (const t of ['foreign-minister', 'eu_council', 'g20', 'министр', 'وزير-الخارجية', 'हिन्दी', 'a', 'x'.repeat(50)]) {
      expect([t, isTag(t)]).toEqual([t, true]);
    }
    for (const t of ['', 'foreign minister', 'g20;eu', 'a,b', 'x'.repeat(51), 'tag!', 'Upper', '<b>', 'tab\there', '½']) {
      expect([t, isTag(t)]).toEqual([t, false]);
    }
  });

  it('splits tags typed as text, dropping empty pieces', () => {
    expect(splitTags('foreign-minister;g20')).toEqual(['foreign-minister', 'g20']);
    expect(splitTags(' foreign-minister ; ;g20; ')).toEqual(['foreign-minister', 'g20']);
    expect(splitTags('')).toEqual([]);
    expect(splitTags('a, b;c', /[,;]/)).toEqual(['a', 'b', 'c']);
    // a comma is not a separator of the CSV cell: the piece is kept whole, for the validator to name
    expect(splitTags('a,b;c')).toEqual(['a,b', 'c']);
  });

  it('names what is wrong with a list of tags', () => {
    expect(tagListProblem(['foreign-minister', 'g20'])).toBeNull();
    expect(tagListProblem([])).toBeNull();
    expect(tagListProblem('g20')).toBe('must be a list of tags such as ["foreign-minister"]');
    expect(tagListProblem(['g20', 7])).toBe('must be a list of text: 7 is not');
    expect(tagListProblem(['foreign minister', 'g20'])).toBe('must each be 1 to 50 letters, digits, - or _: "foreign minister" is not');
    expect(tagListProblem(['a b', '', 'ok'])).toBe('must each be 1 to 50 letters, digits, - or _: "a b", "" are not');
    expect(tagListProblem(Array.from({ length: 21 }, (_, i) => `t${i}`))).toBe('may be at most 20: 21 given');
    // repeats count once
    expect(tagListProblem([...Array.from({ length: 20 }, (_, i) => `t${i}`), 'T0'])).toBeNull();
    expect(tagListProblem(Array.from({ length: 8 }, (_, i) => `bad ${i}`))).toMatch(/"bad 0", "bad 1", "bad 2", "bad 3", "bad 4" and 3 more are not$/);
    expect(tagProblem('g20')).toBeNull();
    expect(tagProblem('g 20')).toBe('must be 1 to 50 letters, digits, - or _: "g 20" is not');
  });

  it('is read by the DTOs: normalised on the way in, a bad tag named in a 400 message', async () => {
    const ok = await check(CreateTargetDto, { name: 'A', email: 'a@x.example', tags: [' Foreign-Minister', 'g20', 'G20'] });
    expect(ok.messages).toEqual([]);
    expect(ok.dto.tags).toEqual(['foreign-minister', 'g20']);
    expect((await check(CreateTargetDto, { name: 'A', email: 'a@x.example' })).dto.tags).toBeUndefined();
    const bad = await check(CreateTargetDto, { name: 'A', email: 'a@x.example', tags: ['fine', 'Not Fine!'] });
    expect(bad.messages).toEqual(['tags must each be 1 to 50 letters, digits, - or _: "not fine!" is not']);
    expect((await check(UpdateTargetDto, { tags: 'g20' })).messages).toEqual(['tags must be a list of tags such as ["foreign-minister"]']);
    expect((await check(UpdateTargetDto, { tags: [] })).dto.tags).toEqual([]);

    const query = await check(ListTargetsQuery, { tag: ' Foreign-Minister ' });
    expect(query.messages).toEqual([]);
    expect(query.dto.tag).toBe('foreign-minister');
    expect((await check(ListTargetsQuery, { tag: 'foreign minister' })).messages).toEqual([
      'tag must be 1 to 50 letters, digits, - or _: "foreign minister" is not',
    ]);
  });
});
