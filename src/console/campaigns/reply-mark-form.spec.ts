import { markedText, markOf } from './reply-mark-form.js';

describe('the mark form of a reply', () => {
  const unpublished = { published: false };

  it('sends a substantive reply’s stance, "Not judged" as null; other kinds without one', () => {
    expect(markOf({ kind: 'substantive', stance: 'supports' }, unpublished)).toEqual({ ok: true, dto: { kind: 'substantive', stance: 'supports' } });
    expect(markOf({ kind: 'substantive', stance: '' }, unpublished)).toEqual({ ok: true, dto: { kind: 'substantive', stance: null } });
    expect(markOf({ kind: 'substantive' }, unpublished)).toEqual({ ok: true, dto: { kind: 'substantive', stance: null } });
    expect(markOf({ kind: 'acknowledgement', stance: '' }, unpublished)).toEqual({ ok: true, dto: { kind: 'acknowledgement' } });
    expect(markOf({ kind: 'unclassified' }, unpublished)).toEqual({ ok: true, dto: { kind: 'unclassified' } });
    expect(markOf({ kind: 'auto' }, unpublished)).toEqual({ ok: true, dto: { kind: 'auto' } });
  });

  it('refuses a stance on any other kind, a kind or stance not offered, and no kind, beside the field', () => {
    expect(markOf({ kind: 'acknowledgement', stance: 'opposes' }, unpublished)).toEqual({
      ok: false,
      errors: { stance: 'Only a substantive reply has a stance: choose Substantive above, or “Not judged”.' },
    });
    expect(markOf({ kind: 'rude' }, unpublished)).toEqual({ ok: false, errors: { kind: 'Choose what the reply is.' } });
    expect(markOf({}, unpublished)).toEqual({ ok: false, errors: { kind: 'Choose what the reply is.' } });
    expect(markOf({ kind: 'substantive', stance: 'maybe' }, unpublished)).toEqual({
      ok: false,
      errors: { stance: 'Choose a stance from the list, or “Not judged”.' },
    });
  });

  it('keeps a published reply one that may be published', () => {
    const published = { published: true };
    expect(markOf({ kind: 'unclassified' }, published)).toEqual({
      ok: false,
      errors: { kind: 'It is published, and only an acknowledgement or a substantive reply can be: unpublish it first to mark it unclassified.' },
    });
    expect(markOf({ kind: 'auto' }, published).ok).toBe(false);
    expect(markOf({ kind: 'acknowledgement' }, published)).toEqual({ ok: true, dto: { kind: 'acknowledgement' } });
  });

  it('says what a mark did, or that nothing changed', () => {
    expect(markedText({ kind: 'unclassified', stance: null }, { kind: 'substantive', stance: 'supports' })).toBe('Marked substantive: supports.');
    expect(markedText({ kind: 'unclassified', stance: null }, { kind: 'substantive', stance: null })).toBe('Marked substantive: stance not judged.');
    expect(markedText({ kind: 'substantive', stance: 'opposes' }, { kind: 'acknowledgement', stance: null })).toBe('Marked acknowledgement.');
    expect(markedText({ kind: 'acknowledgement', stance: null }, { kind: 'acknowledgement', stance: null })).toBe(
      'Nothing changed: it is already acknowledgement.',
    );
  });
});
