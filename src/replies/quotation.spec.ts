import { withoutQuotation } from './quotation.js';

describe('an answer without the letter it quotes', () => {
  it('drops the lines quoted with ">" and the attribution line above them', () => {
    const text = [
      'Thank you for your letter. The Minister has raised Homs with Damascus.',
      '',
      'On Wed, 8 Feb 2012 at 09:31, Amal Haddad via Test Org <appeals@campaigns.example> wrote:',
      '> Dear Minister Sergei Lavrov,',
      '> Amal Haddad, Lebanon',
    ].join('\n');
    expect(withoutQuotation(text)).toBe('Thank you for your letter. The Minister has raised Homs with Damascus.');
  });

  it('drops inline quoted lines but keeps the answer around them', () => {
    expect(withoutQuotation('> Please act.\nWe are acting.\n> Amal Haddad\nRegards')).toBe('We are acting.\nRegards');
  });

  it.each([
    ['-----Original Message-----'],
    ['-----Ursprüngliche Nachricht-----'],
    ["-----Message d'origine-----"],
    ['-----Исходное сообщение-----'],
    ['-----الرسالة الأصلية-----'],
    ['________________________________'],
    ['Le mer. 8 févr. 2012 à 09:31, Amal Haddad a écrit :'],
    ['Am 08.02.2012 um 09:31 schrieb Amal Haddad:'],
    ['8 февраля 2012 г., 09:31 пользователь Amal Haddad написал:'],
  ])('cuts from "%s" on', (opener) => {
    expect(withoutQuotation(`We answer.\n\n${opener}\nDear Minister,\nAmal Haddad, Lebanon`)).toBe('We answer.');
  });

  it('cuts an Outlook header block (From:, then Sent:) with the letter under it', () => {
    const text =
      'Noted.\n\nFrom: Amal Haddad via Test Org <appeals@campaigns.example>\nSent: 08 February 2012 09:31\nTo: Minister\nSubject: Homs\n\nDear Minister';
    expect(withoutQuotation(text)).toBe('Noted.');
    expect(withoutQuotation('From: the Minister’s office, with thanks.\nWe will reply in full.')).toBe(
      'From: the Minister’s office, with thanks.\nWe will reply in full.',
    );
  });

  it('leaves an answer that quotes nothing as it is', () => {
    expect(withoutQuotation('Dear Ms Haddad,\n\nThe Minister supports your call.\n\nPress Office')).toBe(
      'Dear Ms Haddad,\n\nThe Minister supports your call.\n\nPress Office',
    );
  });
});
