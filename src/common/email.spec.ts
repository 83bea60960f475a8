import { normaliseEmail } from './email.js';

describe('email normalisation', () => {
  it('trims and lower-cases, so one person is one supporter', () => {
    expect(normaliseEmail('  Amal.Haddad@Example.ORG \n')).toBe('amal.haddad@example.org');
  });
  it('puts Unicode in NFC, so the same address typed two ways is equal', () => {
    expect(normaliseEmail('Jose\u0301@exa.mple')).toBe(normaliseEmail('Jos\u00e9@exa.mple'));
  });
});
