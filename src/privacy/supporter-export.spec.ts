import type { SupporterExport } from './dto/supporter-export.view.js';
import { exportAsCsv } from './supporter-export.service.js';

describe('the supporter export as CSV', () => {
  const data = {
    exportedAt: '2026-11-25T08:30:00.000Z',
    supporter: { id: 'p1', email: 'amal@example.org', firstName: '=HYPERLINK("http://evil.example")', lastName: 'Haddad', country: 'LB', postcode: null },
    signatures: [{ id: 's1', campaign: { id: 'c1', slug: 'homs', title: 'Stop, "now"' }, comment: '+1 line one\nline two', ipHash: 'ab12' }],
    letters: [],
    emails: [{ id: 'n1', kind: 'confirm_signature', status: 'sent', sentAt: new Date('2012-02-08T09:30:02Z') }],
  } as unknown as SupporterExport;
  const csv = exportAsCsv(data);
  const lines = csv.split('\r\n');

  it('has one row per value, with its section and record', () => {
    expect(lines[0]).toBe('section,record,field,value');
    expect(lines).toContain('supporter,p1,email,amal@example.org');
    expect(lines).toContain('signature,s1,campaign.slug,homs');
    expect(lines).toContain('signature,s1,ipHash,ab12');
    expect(lines).toContain('email,n1,sentAt,2012-02-08T09:30:02.000Z');
    expect(lines).toContain('supporter,p1,postcode,');
  });

  it('neutralises formulas and quotes what needs quoting', () => {
    expect(csv).toContain(`supporter,p1,firstName,"'=HYPERLINK(""http://evil.example"")"`);
    expect(csv).toContain(`signature,s1,comment,"'+1 line one\nline two"`);
    expect(csv).toContain('signature,s1,campaign.title,"Stop, ""now"""');
  });
});
