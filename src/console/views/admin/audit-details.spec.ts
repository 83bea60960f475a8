import { compactDetails, subjectOf } from './audit-details.js';

describe('audit entries in the console', () => {
  it('shows details as short key: value pairs, long lists counted and long texts cut', () => {
    expect(compactDetails({ targetId: 'abc', cancelled: 3 })).toBe('targetId: abc · cancelled: 3');
    expect(compactDetails({ reason: null, retried: 2, deliveryIds: ['a', 'b', 'c', 'd'] })).toBe('reason: — · retried: 2 · deliveryIds: 4 items');
    expect(compactDetails({ fields: ['title', 'slug'] })).toBe('fields: [title, slug]');
    expect(compactDetails({ from: { role: 'admin', active: true }, to: { role: 'campaigner', active: true } })).toBe(
      'from: {role: admin, active: true} · to: {role: campaigner, active: true}',
    );
    expect(compactDetails({ lastError: 'x'.repeat(300) }, 10)).toBe(`lastError: ${'x'.repeat(9)}…`);
    expect(compactDetails({})).toBe('');
    expect(compactDetails(null)).toBe('');
  });

  it('names the subject and links it to its console page where there is one', () => {
    const id = '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21';
    expect(subjectOf({ subjectType: 'campaign', subjectId: id, details: { slug: 'homs' } })).toEqual({
      label: 'Campaign homs',
      href: `/console/campaigns/${id}`,
    });
    expect(subjectOf({ subjectType: 'delivery', subjectId: id, details: {} })).toEqual({ label: 'Letter 9b2e4c1d', href: `/console/letters/${id}` });
    expect(subjectOf({ subjectType: 'user', subjectId: id, details: { email: 'a@b.example' } })).toEqual({
      label: 'Account a@b.example',
      href: `/console/staff/${id}`,
    });
    expect(subjectOf({ subjectType: 'supporter', subjectId: id, details: {} })).toEqual({ label: 'Supporter 9b2e4c1d', href: null });
    expect(subjectOf({ subjectType: 'deliveries', subjectId: null, details: {} })).toEqual({ label: "Every campaign's letters", href: null });
    expect(subjectOf({ subjectType: 'target', subjectId: null, details: {} })).toEqual({ label: 'The directory', href: null });
  });
});
