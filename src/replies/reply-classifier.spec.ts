import { classifyReply, foldSubject } from './reply-classifier.js';

const human = { headers: {}, subject: 'Re: Use your influence to stop the assault on Homs', envelopeFrom: 'aide@mid.example' };
const kindOf = (over: Partial<typeof human> & { headers?: Record<string, string> }) => classifyReply({ ...human, ...over }).kind;

describe('classifying a reply: automatic or for a campaigner to read', () => {
  it('leaves a person’s answer unclassified', () => {
    expect(classifyReply(human)).toEqual({ kind: 'unclassified', reason: null });
    expect(kindOf({ subject: 'RE: Homs — the Minister’s answer' })).toBe('unclassified');
    expect(kindOf({ subject: 'Ответ на ваше письмо о Хомсе' })).toBe('unclassified');
    expect(kindOf({ subject: 'رد على رسالتكم بشأن حمص' })).toBe('unclassified');
    expect(kindOf({ subject: 'Réponse du ministre' })).toBe('unclassified');
    expect(kindOf({ subject: 'Antwort des Ministers' })).toBe('unclassified');
    expect(kindOf({ subject: '' })).toBe('unclassified');
  });

  it('reads RFC 3834 Auto-Submitted: anything but "no" is automatic', () => {
    expect(classifyReply({ ...human, headers: { 'auto-submitted': 'auto-replied' } })).toEqual({ kind: 'auto', reason: 'Auto-Submitted: auto-replied' });
    expect(kindOf({ headers: { 'auto-submitted': 'Auto-Generated; owner-email="x@y.example"' } })).toBe('auto');
    expect(kindOf({ headers: { 'auto-submitted': 'auto-notified' } })).toBe('auto');
    expect(kindOf({ headers: { 'auto-submitted': 'no' } })).toBe('unclassified');
    expect(kindOf({ headers: { 'auto-submitted': 'No' } })).toBe('unclassified');
  });

  it('reads X-Autoreply, X-Autorespond and Precedence', () => {
    expect(kindOf({ headers: { 'x-autoreply': 'yes' } })).toBe('auto');
    expect(kindOf({ headers: { 'x-autoreply': '' } })).toBe('auto');
    expect(kindOf({ headers: { 'x-autorespond': 'Out of office' } })).toBe('auto');
    expect(kindOf({ headers: { precedence: 'auto_reply' } })).toBe('auto');
    expect(kindOf({ headers: { precedence: 'Bulk' } })).toBe('auto');
    expect(kindOf({ headers: { precedence: 'junk' } })).toBe('auto');
    expect(kindOf({ headers: { precedence: 'list' } })).toBe('unclassified');
    expect(kindOf({ headers: { precedence: 'first-class' } })).toBe('unclassified');
  });

  it('takes mail from the null sender for a machine’s', () => {
    expect(classifyReply({ ...human, envelopeFrom: '' }).kind).toBe('auto');
    expect(classifyReply({ ...human, envelopeFrom: null }).kind).toBe('unclassified');
  });

  it.each([
    ['en', 'Automatic reply: Use your influence to stop the assault on Homs'],
    ['en', 'Out of Office: Re: Homs'],
    ['en', 'OUT OF THE OFFICE'],
    ['en', 'Auto-Reply: Homs'],
    ['en', 'Autoreply'],
    ['en', 'Away from the office until 12 March'],
    ['fr', 'Réponse automatique : Homs'],
    ['fr', 'Absent du bureau jusqu’au 12 mars'],
    ['fr', 'Message d’absence'],
    ['de', 'Automatische Antwort: Homs'],
    ['de', 'Abwesenheitsnotiz: Homs'],
    ['de', 'Nicht im Büro'],
    ['de', 'Außer Haus bis 12.03.'],
    ['ru', 'Автоответ: Используйте своё влияние'],
    ['ru', 'АВТООТВЕТ'],
    ['ru', 'Нет на месте'],
    ['ru', 'Автоматический ответ: Хомс'],
    ['ru', 'Вне офиса до 12 марта'],
    ['ar', 'رد تلقائي: أوقفوا الهجوم على حمص'],
    ['ar', 'خارج المكتب'],
    ['ar', 'رَدّ تلقائيّ'],
    ['ar', 'الرد الآلي'],
  ])('an out-of-office subject (%s) "%s" is automatic', (language, subject) => {
    const c = classifyReply({ ...human, subject });
    expect(c.kind).toBe('auto');
    expect(c.reason).toMatch(new RegExp(`^subject \\(${language}\\): `));
  });

  it('folds case, Arabic marks and white space before matching', () => {
    expect(foldSubject('  Out   of\tOffice ')).toBe('out of office');
    expect(foldSubject('رَدّ تلقائيّ')).toBe('رد تلقائي');
    expect(foldSubject('АВТООТВЕТ')).toBe('автоответ');
  });
});
