import { confirmationEmail, deliveryReceiptEmail, thankYouEmail } from './supporter-emails.js';

const sender = { from: 'appeals@campaigns.example', orgName: 'Test Org', domain: 'campaigns.example' };
const base = {
  notificationId: '00000000-0000-4000-8000-000000000001',
  campaign: { slug: 'homs', title: 'Stop the assault <on> Homs' },
  supporter: { firstName: 'Amal <b>', email: 'amal@supporters.example' },
  withdrawUrl: 'https://appeals.example/withdraw/tok?lang=en',
  targets: [] as { name: string; title: string; organization: string }[],
};

describe('emails to supporters', () => {
  it('asks for confirmation in the supporter’s language, in text and escaped HTML', () => {
    const m = confirmationEmail({ ...base, locale: 'ru', confirmUrl: 'https://appeals.example/confirm/abc?lang=ru', expiresInHours: 48 }, sender);
    expect(m.subject).toBe('Подтвердите подпись: Stop the assault <on> Homs');
    expect(m.text).toContain('Ссылка действует 2 дня.');
    expect(m.text).toContain('https://appeals.example/confirm/abc?lang=ru');
    expect(m.html).toContain('<html lang="ru" dir="ltr">');
    expect(m.html).toContain('Здравствуйте, Amal &lt;b&gt;!');
    expect(m.html).not.toContain('<b>!');
    expect(m.headers).toMatchObject({ 'X-Appeal-Notification': base.notificationId, 'Content-Language': 'ru', 'Auto-Submitted': 'auto-generated' });
    expect(m.headers['X-Appeal-Campaign']).toBeUndefined();
    expect(m.envelope).toEqual({ from: sender.from, to: [base.supporter.email] });
  });

  it('names the officials the letter will go to once confirmed, when there are any', () => {
    const targets = [{ name: 'Jean-Noël Barrot', title: 'Minister for Europe and Foreign Affairs', organization: 'French Republic <FR>' }];
    const m = confirmationEmail({ ...base, targets, locale: 'en', confirmUrl: 'https://appeals.example/confirm/abc', expiresInHours: 48 }, sender);
    expect(m.text).toContain('Once you confirm, your letter goes to:');
    expect(m.text).toContain('Jean-Noël Barrot');
    expect(m.html).toContain('French Republic &lt;FR&gt;');
    const none = confirmationEmail({ ...base, locale: 'en', confirmUrl: 'https://appeals.example/confirm/abc', expiresInHours: 48 }, sender);
    expect(none.text).not.toContain('your letter goes to');
  });

  it("names the campaign in the supporter's language when it has a translation, and links the privacy policy", () => {
    const campaign = { ...base.campaign, translations: { ru: { title: 'Остановите штурм Хомса' } } };
    const withPrivacy = { ...sender, privacyUrl: 'https://ngo.example/privacy?x=1&y=2' };
    const ru = confirmationEmail(
      { ...base, campaign, locale: 'ru', confirmUrl: 'https://appeals.example/confirm/abc?lang=ru', expiresInHours: 48 },
      withPrivacy,
    );
    expect(ru.subject).toBe('Подтвердите подпись: Остановите штурм Хомса');
    expect(ru.text).toContain('Спасибо, что подписали «Остановите штурм Хомса».');
    expect(ru.text).toContain('Как Test Org обращается с вашими данными: https://ngo.example/privacy?x=1&y=2');
    expect(ru.html).toContain('<a href="https://ngo.example/privacy?x=1&amp;y=2" style="color:#1d4ed8">политика конфиденциальности</a>');
    // English has no translation: the default title
    const en = thankYouEmail({ ...base, campaign, locale: 'en', campaignUrl: 'https://appeals.example/c/homs', targets: [] }, withPrivacy);
    expect(en.subject).toBe('Thank you: your signature is confirmed – Stop the assault <on> Homs');
    expect(en.text).toContain('How Test Org handles your data: https://ngo.example/privacy?x=1&y=2');
    const receipt = deliveryReceiptEmail(
      {
        notificationId: base.notificationId,
        campaign,
        supporter: base.supporter,
        locale: 'ru',
        campaignUrl: 'https://appeals.example/c/homs',
        sent: [],
        failed: [],
      },
      withPrivacy,
    );
    expect(receipt.subject).toContain('Остановите штурм Хомса');
    expect(receipt.text).toContain('https://ngo.example/privacy');
    // no PRIVACY_URL: no such line
    expect(confirmationEmail({ ...base, locale: 'en', confirmUrl: 'u', expiresInHours: 24 }, sender).text).not.toContain('handles your data');
  });

  it('counts hours when the link lasts less than whole days, and falls back to English', () => {
    const m = confirmationEmail({ ...base, locale: null, confirmUrl: 'https://appeals.example/confirm/abc', expiresInHours: 25 }, sender);
    expect(m.text).toContain('This link works for 25 hours.');
    expect(m.headers['Content-Language']).toBe('en');
    expect(confirmationEmail({ ...base, locale: 'pt-BR', confirmUrl: 'u', expiresInHours: 24 }, sender).text).toContain('This link works for 1 day.');
  });

  it('thanks in Arabic, right to left, naming who receives the letter, with no confirmation link', () => {
    const m = thankYouEmail(
      {
        ...base,
        locale: 'ar',
        campaignUrl: 'https://appeals.example/c/homs?source=thank-you-email',
        targets: [
          { name: 'Sergei Lavrov', title: 'Minister of Foreign Affairs', organization: 'Russian Federation' },
          { name: 'Nabil Elaraby', title: 'Secretary-General', organization: '' },
        ],
      },
      sender,
    );
    expect(m.subject).toBe('شكرًا لك: تم تأكيد توقيعك – Stop the assault <on> Homs');
    expect(m.html).toContain('<html lang="ar" dir="rtl">');
    expect(m.html).toContain('<li><strong>Sergei Lavrov</strong>, Minister of Foreign Affairs, Russian Federation</li>');
    expect(m.text).toContain('- Nabil Elaraby – Secretary-General');
    expect(m.text).toContain('https://appeals.example/c/homs?source=thank-you-email');
    expect(m.text).not.toContain('/confirm/');
    expect(m.headers).toMatchObject({ 'X-Appeal-Thank-You': base.notificationId });
    expect(m.headers['X-Appeal-Notification']).toBeUndefined();
  });

  describe('delivery receipt', () => {
    const lavrov = { name: 'Sergei Lavrov', title: 'Minister of Foreign Affairs', organization: 'Russian Federation' };
    const elaraby = { name: 'Nabil Elaraby', title: 'Secretary-General', organization: '' };
    const facts = {
      notificationId: base.notificationId,
      campaign: base.campaign,
      supporter: base.supporter,
      campaignUrl: 'https://appeals.example/c/homs?source=receipt-email',
    };

    it('all delivered, in Russian: a plain statement and the list, with no withdraw link', () => {
      const m = deliveryReceiptEmail({ ...facts, locale: 'ru', sent: [lavrov, elaraby], failed: [] }, sender);
      expect(m.subject).toBe('Ваши письма доставлены – Stop the assault <on> Homs');
      expect(m.text).toContain(
        'Все ваши письма по кампании «Stop the assault <on> Homs» доставлены (2):\n- Sergei Lavrov – Minister of Foreign Affairs, Russian Federation\n- Nabil Elaraby – Secretary-General',
      );
      expect(m.text).not.toContain('/withdraw/');
      expect(m.headers).toMatchObject({ 'X-Appeal-Receipt': base.notificationId, 'Content-Language': 'ru' });
      expect(m.messageId).toBe(`<n-${base.notificationId}@campaigns.example>`);
    });

    it('one letter delivered, one refused, in Arabic, right to left and escaped', () => {
      const m = deliveryReceiptEmail({ ...facts, locale: 'ar', sent: [lavrov], failed: [{ ...elaraby, name: 'Nabil <Elaraby>' }] }, sender);
      expect(m.subject).toBe('رسائلك: تعذّر تسليم بعضها – Stop the assault <on> Homs');
      expect(m.html).toContain('<html lang="ar" dir="rtl">');
      expect(m.text).toContain('تم التسليم إلى:\n- Sergei Lavrov');
      expect(m.text).toContain('تعذّر التسليم إلى:\n- Nabil <Elaraby> – Secretary-General');
      expect(m.html).toContain('<li><strong>Nabil &lt;Elaraby&gt;</strong>, Secretary-General</li>');
    });

    it('a single letter says so in the singular', () => {
      expect(deliveryReceiptEmail({ ...facts, locale: 'en', sent: [lavrov], failed: [] }, sender).text).toContain(
        'Your letter for “Stop the assault <on> Homs” has been delivered to:\n- Sergei Lavrov',
      );
    });
  });
});
