import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery.entity.js';
import { allows, DELIVERY_TRANSITIONS, fromStatesSql, IllegalDeliveryTransition, nextStatuses, OWED_SQL, OWED_STATUSES } from './delivery-transitions.js';

describe('the ways a letter may go', () => {
  it('every status one may be in is reachable and every transition names real statuses', () => {
    const reached = new Set<DeliveryStatus>(['queued']); // a letter is born owed
    for (const t of Object.values(DELIVERY_TRANSITIONS)) {
      expect(DELIVERY_STATUSES).toContain(t.to);
      for (const f of t.from) expect(DELIVERY_STATUSES).toContain(f);
      reached.add(t.to);
    }
    expect([...reached].sort()).toEqual([...DELIVERY_STATUSES].sort());
  });

  it('a cancelled letter is final, and a sent one can only turn out bounced', () => {
    expect(nextStatuses('cancelled')).toEqual([]);
    expect(nextStatuses('sent')).toEqual(['bounced']);
  });

  it('only a worker holding a letter (sending) can settle it: sent, retrying, failed, given back, or cancelled as empty', () => {
    expect(nextStatuses('sending').sort()).toEqual(['cancelled', 'failed', 'queued', 'retrying', 'sent']);
    for (const s of DELIVERY_STATUSES.filter((x) => x !== 'sending')) {
      expect([s, allows('markSent', s)]).toEqual([s, false]);
      expect([s, allows('markFailed', s)]).toEqual([s, false]);
    }
  });

  it('no claim takes a letter that is in flight, sent, settled or cancelled: one SMTP attempt at a time', () => {
    expect(DELIVERY_STATUSES.filter((s) => allows('claim', s))).toEqual(['queued', 'retrying']);
  });

  it('an admin retries only failed or bounced letters; a withdrawal cancels only unsent ones; an erasure also the failed', () => {
    expect(DELIVERY_STATUSES.filter((s) => allows('retry', s))).toEqual(['failed', 'bounced']);
    expect(DELIVERY_STATUSES.filter((s) => allows('cancelUnsent', s))).toEqual(['queued', 'retrying']);
    expect(DELIVERY_STATUSES.filter((s) => allows('cancelForErasure', s))).toEqual(['queued', 'retrying', 'failed', 'bounced']);
    // a letter in an SMTP conversation is never cancelled under the worker's feet
    expect(allows('cancelUnsent', 'sending')).toBe(false);
    expect(allows('cancelForErasure', 'sending')).toBe(false);
  });

  it('owed means claimable, and the SQL lists say the same as the table', () => {
    expect(OWED_STATUSES).toEqual(['queued', 'retrying']);
    expect(OWED_SQL).toBe(`('queued', 'retrying')`);
    expect(fromStatesSql('markBounced')).toBe(`('sent')`);
    expect(fromStatesSql('cancelForErasure')).toBe(`('queued', 'retrying', 'failed', 'bounced')`);
  });

  it('names the refused move and where it could have started from', () => {
    expect(new IllegalDeliveryTransition('retry', 'sent').message).toBe('a sent letter cannot be moved by retry (only from failed, bounced)');
  });
});
