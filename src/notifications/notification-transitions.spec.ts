import { getMetadataArgsStorage } from 'typeorm';
import { NOTIFICATION_STATUSES, type NotificationStatus } from './notification.entity.js';
import { OWE_CONFIRMATION_EMAILS } from './notification-outbox.sql.js';
import {
  allows,
  FINAL_NOTIFICATION_STATUSES,
  fromStatesSql,
  NEW_NOTIFICATION_STATUS,
  nextStatuses,
  NOTIFICATION_TRANSITIONS,
  OPEN_NOTIFICATION_STATUSES,
  type NotificationTransition,
} from './notification-transitions.js';

const transitions = Object.keys(NOTIFICATION_TRANSITIONS) as NotificationTransition[];

describe('the transitions of a supporter email', () => {
  it('moves only between the statuses the table allows', () => {
    for (const t of transitions) {
      const { from, to } = NOTIFICATION_TRANSITIONS[t];
      expect(NOTIFICATION_STATUSES).toContain(to);
      for (const s of from) expect(NOTIFICATION_STATUSES).toContain(s);
      expect(from).not.toContain(to);
    }
  });

  it('is claimed only when owed, and only a claimed email gets an outcome', () => {
    expect(NOTIFICATION_TRANSITIONS.claim).toEqual({ from: ['queued', 'retrying'], to: 'sending' });
    for (const t of ['markSent', 'markRetrying', 'markFailed', 'deferForOutage', 'cancelClaimed', 'recoverStuck'] as const) {
      expect(NOTIFICATION_TRANSITIONS[t].from).toEqual(['sending']);
    }
    expect(allows('markSent', 'queued')).toBe(false);
    expect(allows('markSent', 'cancelled')).toBe(false);
    expect(allows('markSent', 'sending')).toBe(true);
  });

  it('gives an outage back its attempt: sending → queued, the status a new email has', () => {
    expect(NOTIFICATION_TRANSITIONS.deferForOutage.to).toBe(NEW_NOTIFICATION_STATUS);
    expect(NEW_NOTIFICATION_STATUS).toBe('queued');
  });

  it('cancels on withdrawal only what is not being sent, and on erasure everything unsent', () => {
    expect(NOTIFICATION_TRANSITIONS.cancelUnsent.from).toEqual(['queued', 'retrying']);
    expect([...NOTIFICATION_TRANSITIONS.cancelForErasure.from].sort()).toEqual([...OPEN_NOTIFICATION_STATUSES].sort());
    expect(allows('cancelUnsent', 'sending')).toBe(false);
    expect(allows('cancelForErasure', 'sending')).toBe(true);
    expect(allows('cancelForErasure', 'sent')).toBe(false);
  });

  it('never leaves sent, failed or cancelled', () => {
    expect([...FINAL_NOTIFICATION_STATUSES].sort()).toEqual(['cancelled', 'failed', 'sent']);
    for (const s of FINAL_NOTIFICATION_STATUSES) {
      expect(nextStatuses(s)).toEqual([]);
      for (const t of transitions) expect(allows(t, s)).toBe(false);
    }
  });

  it('answers every status reachable in one step', () => {
    expect(nextStatuses('queued').sort()).toEqual(['cancelled', 'sending']);
    expect(nextStatuses('retrying').sort()).toEqual(['cancelled', 'sending']);
    expect(nextStatuses('sending').sort()).toEqual(['cancelled', 'failed', 'queued', 'retrying', 'sent']);
  });

  it('lets every open email reach an end (no status it could be stuck in)', () => {
    for (const start of OPEN_NOTIFICATION_STATUSES) {
      const seen = new Set<NotificationStatus>([start]);
      const todo = [start];
      for (let s = todo.pop(); s; s = todo.pop()) {
        for (const n of nextStatuses(s)) {
          if (!seen.has(n)) {
            seen.add(n);
            todo.push(n);
          }
        }
      }
      expect(FINAL_NOTIFICATION_STATUSES.some((f) => seen.has(f))).toBe(true);
    }
  });

  it('writes the statuses a transition starts from as SQL', () => {
    expect(fromStatesSql('claim')).toBe(`('queued', 'retrying')`);
    expect(fromStatesSql('markSent')).toBe(`('sending')`);
    expect(fromStatesSql('cancelForErasure')).toBe(`('queued', 'retrying', 'sending')`);
  });

  it('agrees with the open statuses spelt out in the signing statement and the unique index', () => {
    const open = (sql: string) =>
      /status IN \(([^)]*)\)/
        .exec(sql)![1]
        .split(',')
        .map((s) => s.trim().replace(/'/g, ''))
        .sort();
    expect(open(OWE_CONFIRMATION_EMAILS)).toEqual([...OPEN_NOTIFICATION_STATUSES].sort());
    const index = getMetadataArgsStorage().indices.find((i) => i.name === 'uq_notifications_open');
    expect(open(index!.where!)).toEqual([...OPEN_NOTIFICATION_STATUSES].sort());
  });
});
