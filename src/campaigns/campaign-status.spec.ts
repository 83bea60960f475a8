import { nextStatus } from './campaign-status.js';

describe('the campaign status machine', () => {
  it.each([
    ['draft', 'launch', 'live'],
    ['live', 'pause', 'paused'],
    ['paused', 'launch', 'live'],
    ['paused', 'resume', 'live'],
    ['live', 'close', 'closed'],
    ['paused', 'close', 'closed'],
  ] as const)('%s --%s--> %s', (from, action, to) => expect(nextStatus(from, action)).toBe(to));

  it.each([
    ['draft', 'pause'],
    ['draft', 'close'],
    ['live', 'launch'],
    ['draft', 'resume'],
    ['live', 'resume'],
    ['closed', 'resume'],
    ['paused', 'pause'],
    ['closed', 'launch'],
    ['closed', 'pause'],
    ['closed', 'close'],
  ] as const)('refuses %s --%s-->', (from, action) => expect(nextStatus(from, action)).toBeNull());
});
