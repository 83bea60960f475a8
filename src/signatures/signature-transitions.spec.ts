import { SIGNATURE_STATUSES } from './signature.entity.js';
import {
  allows,
  fromStatesSql,
  KEPT_SIGNATURE_STATUSES,
  KEPT_SQL,
  nextStatuses,
  SIGNATURE_TRANSITIONS,
  type SignatureTransition,
} from './signature-transitions.js';
import { SIGN_CONFIRMED_SQL, SIGN_PENDING_SQL } from './signing.sql.js';

const transitions = Object.keys(SIGNATURE_TRANSITIONS) as SignatureTransition[];

describe('the transitions of a signature', () => {
  it('moves only between known statuses (or deletes)', () => {
    for (const t of transitions) {
      const { from, to } = SIGNATURE_TRANSITIONS[t];
      expect([...SIGNATURE_STATUSES, 'deleted']).toContain(to);
      for (const s of from) expect(SIGNATURE_STATUSES).toContain(s);
      expect(from).not.toContain(to);
    }
  });

  it('confirms only a pending signature (confirming again changes nothing)', () => {
    expect(SIGNATURE_TRANSITIONS.confirm).toEqual({ from: ['pending'], to: 'confirmed' });
    expect(allows('confirm', 'confirmed')).toBe(false);
    expect(allows('confirm', 'withdrawn')).toBe(false);
  });

  it('withdraws a pending or confirmed signature, and a withdrawn one is withdrawn for good', () => {
    expect(allows('withdraw', 'pending')).toBe(true);
    expect(allows('withdraw', 'confirmed')).toBe(true);
    expect(allows('withdraw', 'withdrawn')).toBe(false);
    expect(nextStatuses('withdrawn')).toEqual([]);
  });

  it('deletes only what counts nowhere: an unconfirmed signature; an erasure keeps the others in place', () => {
    expect(SIGNATURE_TRANSITIONS.purge.from).toEqual(['pending']);
    expect(allows('purge', 'confirmed')).toBe(false);
    expect(allows('purge', 'withdrawn')).toBe(false);
    expect(KEPT_SIGNATURE_STATUSES).toEqual(['confirmed', 'withdrawn']);
    expect(KEPT_SQL).toBe(`('confirmed', 'withdrawn')`);
  });

  it('answers every status reachable in one step', () => {
    expect(nextStatuses('pending').sort()).toEqual(['confirmed', 'deleted', 'withdrawn']);
    expect(nextStatuses('confirmed')).toEqual(['withdrawn']);
  });

  it('writes the statuses a transition starts from as SQL', () => {
    expect(fromStatesSql('confirm')).toBe(`('pending')`);
    expect(fromStatesSql('withdraw')).toBe(`('pending', 'confirmed')`);
  });

  it('lets signing again change a signature only while it is pending, the one status confirming leaves', () => {
    // the signing statement spells the status out (its text is measured: npm run bench:sign)
    for (const sql of [SIGN_PENDING_SQL, SIGN_CONFIRMED_SQL]) {
      const editable = [...sql.matchAll(/WHEN signatures\.status = '(\w+)'/g)].map((m) => m[1]);
      expect(editable.length).toBeGreaterThan(0);
      expect(new Set(editable)).toEqual(new Set(SIGNATURE_TRANSITIONS.confirm.from));
    }
  });
});
