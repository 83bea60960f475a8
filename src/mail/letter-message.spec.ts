import { letterFacts } from '../letters/letter-facts.fixture.js';
import { buildLetterMessage } from './letter-message.js';

const facts = letterFacts;

describe('the letter on the wire', () => {
  it('comes from the organisation under the supporter name, replies to the supporter, names its delivery', () => {
    const m = buildLetterMessage(facts(), { from: 'appeals@campaigns.example', orgName: 'Amnesty', domain: 'campaigns.example' });
    expect(m.from).toEqual({ name: 'Amal Haddad via Amnesty', address: 'appeals@campaigns.example' });
    expect(m.replyTo).toBe('amal@example.org');
    expect(m.to).toBe('minister@mid.example');
    expect(m.subject).toBe('Stop it, Sergei Lavrov');
    expect(m.messageId).toBe('<7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11@campaigns.example>');
    expect(m.headers).toEqual({ 'X-Appeal-Campaign': 'homs', 'X-Appeal-Delivery': '7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11' });
    expect(m.envelope).toEqual({ from: 'bounces+7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11@campaigns.example', to: ['minister@mid.example'] });
  });
});
