import { eventListProblem } from './event-list.validator.js';

describe('the events an endpoint subscribes to', () => {
  it('takes known event types, each once', () => {
    expect(eventListProblem(['signature.confirmed'])).toBeNull();
    expect(eventListProblem(['letter.sent', 'letter.failed', 'letter.bounced', 'supporter.erased', 'consent.given', 'consent.withdrawn'])).toBeNull();
  });

  it('names what it refuses', () => {
    expect(eventListProblem('signature.confirmed')).toBe('must be a list of event types such as ["signature.confirmed"]');
    expect(eventListProblem([])).toBe('must name at least one event type');
    expect(eventListProblem(['letter.sent', 'letter.opened'])).toMatch(
      /^has an unknown event type: "letter.opened" \(known: signature.confirmed, .*supporter.erased\)$/,
    );
    expect(eventListProblem(['a', 7])).toMatch(/^has unknown event types: "a", 7 \(known:/);
    expect(eventListProblem(['letter.sent', 'letter.sent'])).toBe('lists "letter.sent" twice');
  });
});
