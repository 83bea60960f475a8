import { digestFacts, FIXTURE_DELIVERY_ID } from '../letters/letter-facts.fixture.js';
import { buildDigestMessage } from './letter-message.js';

const sender = { from: 'appeals@campaigns.example', orgName: 'Amnesty', domain: 'campaigns.example' };
const digest = digestFacts;
const deliveryId = FIXTURE_DELIVERY_ID;

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
