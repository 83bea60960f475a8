import { buildTestLetter, renderSampleLetter } from './sample-letter.js';

const appeal = {
  subject: 'Stop it, {{target.name}}',
  body: 'Dear {{target.title}} {{target.name}},\n\nPlease act.',
  translations: { ru: { subject: 'Остановите это, {{target.name}}', body: 'Уважаемый {{target.name}}!' } },
};
const campaign = { slug: 'homs', title: 'Stop the assault on Homs', appeal, delivery: { mode: 'individual' as const } };
const lavrov = {
  name: 'Sergei Lavrov',
  title: 'Minister',
  organization: 'Russian Federation',
  email: 'minister@mid.example',
  locale: 'ru',
  country: 'RU',
  tags: ['foreign-minister'],
};
const sender = { from: 'appeals@campaigns.example', orgName: 'Amnesty', domain: 'campaigns.example' };

describe('sample letters (preview and test send)', () => {
  it("renders the target's translation from the sample supporter, and names the translation", () => {
    expect(renderSampleLetter({ campaign, target: lavrov })).toMatchObject({
      translation: 'ru',
      subject: 'Остановите это, Sergei Lavrov',
      text: 'Уважаемый Sergei Lavrov!\n\nCivilians must be protected.\n\nAmal Haddad, Ливан',
    });
    expect(renderSampleLetter({ campaign, target: { ...lavrov, locale: 'ar' } })).toMatchObject({ translation: null, subject: 'Stop it, Sergei Lavrov' });
  });

  it('renders the version chosen for the target, in its translation, and names both', () => {
    const versioned = {
      ...campaign,
      appeal: {
        ...appeal,
        versions: [
          {
            name: 'Russia',
            when: { countries: ['RU'] },
            subject: 'Russia, {{target.name}}',
            body: 'Russia can act.',
            translations: { ru: { subject: 'Россия, {{target.name}}', body: 'Россия может.' } },
          },
        ],
      },
    };
    expect(renderSampleLetter({ campaign: versioned, target: lavrov })).toMatchObject({
      version: 'Russia',
      translation: 'ru',
      subject: 'Россия, Sergei Lavrov',
    });
    expect(renderSampleLetter({ campaign: versioned, target: { ...lavrov, locale: 'en' } })).toMatchObject({
      version: 'Russia',
      translation: null,
      subject: 'Russia, Sergei Lavrov',
    });
    expect(renderSampleLetter({ campaign: versioned, target: { ...lavrov, country: 'FR' } })).toMatchObject({
      version: null,
      translation: 'ru',
      subject: 'Остановите это, Sergei Lavrov',
    });
  });

  it('renders a digest letter with a sample list of signatories', () => {
    const digest = {
      ...campaign,
      appeal: { subject: '{{signatureCount}} people', body: 'Dear {{target.name}},\n\n{{signatories}}' },
      delivery: { mode: 'digest' as const },
    };
    const letter = renderSampleLetter({ campaign: digest, target: { ...lavrov, locale: 'en' } });
    expect(letter.subject).toBe('3 people');
    expect(letter.text).toBe('Dear Sergei Lavrov,\n\nAmal Haddad, Lebanon\nMarie Dupont, France\nIvan Petrov, Russia');
  });

  it('a test letter goes to the staff member only, marked [TEST], and claims no delivery', () => {
    const m = buildTestLetter({ campaign, target: lavrov }, 'campaigner@amnesty.example', 'e4b8c2a1-7d3f-4c5e-9a0b-1f2e3d4c5b6a', sender);
    expect(m.to).toBe('campaigner@amnesty.example');
    expect(m.replyTo).toBe('campaigner@amnesty.example');
    expect(m.envelope).toEqual({ from: 'appeals@campaigns.example', to: ['campaigner@amnesty.example'] });
    expect(m.subject).toBe('[TEST] Остановите это, Sergei Lavrov');
    expect(m.messageId).toBe('<test-e4b8c2a1-7d3f-4c5e-9a0b-1f2e3d4c5b6a@campaigns.example>');
    expect(m.headers).toEqual({ 'X-Appeal-Campaign': 'homs', 'X-Appeal-Test': 'true' });
    expect(m.from).toEqual({ name: 'Amal Haddad via Amnesty', address: 'appeals@campaigns.example' });
    expect(JSON.stringify(m)).not.toContain('minister@mid.example');
  });
});
