import type { DigestFacts, LetterFacts, LetterTarget } from './letter-composition.js';

/** The facts of one letter and of one digest, shared by the composition and the wire-format specs (not built into dist/). */

export const FIXTURE_TARGET: LetterTarget = {
  name: 'Sergei Lavrov',
  title: 'Minister',
  organization: 'Russian Federation',
  email: 'minister@mid.example',
  locale: 'en',
  country: 'RU',
  tags: ['foreign-minister'],
};
export const FIXTURE_DELIVERY_ID = '7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11';

export const letterFacts = (over: Partial<LetterFacts['supporter']> = {}, body?: string): LetterFacts => ({
  deliveryId: FIXTURE_DELIVERY_ID,
  campaign: {
    slug: 'homs',
    title: 'Stop the assault on Homs',
    appeal: { subject: 'Stop it, {{target.name}}', body: body ?? 'Dear {{target.name}},\n\nPlease act.' },
  },
  target: FIXTURE_TARGET,
  supporter: { firstName: 'Amal', lastName: 'Haddad', email: 'amal@example.org', country: 'LB', comment: null, ...over },
});

export const digestFacts = (
  over: Partial<DigestFacts> = {},
  body = 'Dear {{target.title}} {{target.name}},\n\n{{signatureCount}} people ask {{target.organization}}:\n\n{{signatories}}',
): DigestFacts => ({
  deliveryId: FIXTURE_DELIVERY_ID,
  campaign: {
    slug: 'homs',
    title: 'Stop the assault on Homs',
    appeal: {
      subject: '{{signatureCount}} people: {{campaign.title}}',
      body,
      translations: { ru: { subject: '{{signatureCount}} человек', body: '{{signatories}}' } },
    },
  },
  target: FIXTURE_TARGET,
  signatories: [
    { firstName: 'Amal', lastName: 'Haddad', country: 'LB' },
    { firstName: 'Ivan', lastName: '', country: 'RU' },
  ],
  more: 0,
  ...over,
});
