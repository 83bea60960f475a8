import type { DigestFacts } from '../letters/letter-composition.js';
import { buildDigestMessage } from './letter-message.js';

const target = { name: 'Sergei Lavrov', title: 'Minister', organization: 'Russian Federation', email: 'minister@mid.example', locale: 'en' };
const sender = { from: 'appeals@campaigns.example', orgName: 'Amnesty', domain: 'campaigns.example' };
const deliveryId = '7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11';

const digest = (
  over: Partial<DigestFacts> = {},
  body = 'Dear {{target.title}} {{target.name}},\n\n{{signatureCount}} people ask {{target.organization}}:\n\n{{signatories}}',
): DigestFacts => ({
  deliveryId,
  campaign: {
    slug: 'homs',
    title: 'Stop the assault on Homs',
    appeal: {
      subject: '{{signatureCount}} people: {{campaign.title}}',
      body,
      translations: { ru: { subject: '{{signatureCount}} человек', body: '{{signatories}}' } },
    },
  },
  target,
  signatories: [
    { firstName: 'Amal', lastName: 'Haddad', country: 'LB' },
    { firstName: 'Ivan', lastName: '', country: 'RU' },
  ],
  more: 0,
  ...over,
});

describe('a digest letter', () => {
  it('comes from the organisation itself, with no Reply-To, and names its delivery', () => {
    const m = buildDigestMessage(digest(), sender);
    expect(m).toEqual({
      from: { name: 'Amnesty', address: 'appeals@campaigns.example' },
      to: 'minister@mid.example',
      subject: '2 people: Stop the assault on Homs',
      text: 'Dear Minister Sergei Lavrov,\n\n2 people ask Russian Federation:\n\nAmal Haddad, Lebanon\nIvan, Russia',
      html: '<p>Dear Minister Sergei Lavrov,</p>\n<p>2 people ask Russian Federation:</p>\n<p>Amal Haddad, Lebanon<br>Ivan, Russia</p>',
      messageId: `<${deliveryId}@campaigns.example>`,
      headers: { 'X-Appeal-Campaign': 'homs', 'X-Appeal-Delivery': deliveryId },
      envelope: { from: `bounces+${deliveryId}@campaigns.example`, to: ['minister@mid.example'] },
    });
    expect(m.replyTo).toBeUndefined();
  });
});
