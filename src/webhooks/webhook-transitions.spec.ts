import { getMetadataArgsStorage } from 'typeorm';
import { WEBHOOK_DELIVERY_STATUSES, WebhookDelivery, type WebhookDeliveryStatus } from './webhook-delivery.entity.js';
import {
  allows,
  fromStatesSql,
  NEW_WEBHOOK_DELIVERY_STATUS,
  nextStatuses,
  OPEN_SQL,
  OPEN_WEBHOOK_DELIVERY_STATUSES,
  SETTLED_WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_DELIVERY_TRANSITIONS,
  type WebhookDeliveryTransition,
} from './webhook-transitions.js';

const transitions = Object.keys(WEBHOOK_DELIVERY_TRANSITIONS) as WebhookDeliveryTransition[];

describe('the transitions of a webhook delivery', () => {
  it('moves only between the statuses the table allows', () => {
    for (const t of transitions) {
      const { from, to } = WEBHOOK_DELIVERY_TRANSITIONS[t];
      expect(WEBHOOK_DELIVERY_STATUSES).toContain(to);
      for (const s of from) expect(WEBHOOK_DELIVERY_STATUSES).toContain(s);
      expect(from).not.toContain(to);
    }
  });

  it('is claimed only when owed, and only a claimed delivery gets an outcome (one statement records all three, from the same status)', () => {
    expect(WEBHOOK_DELIVERY_TRANSITIONS.claim).toEqual({ from: ['queued', 'retrying'], to: 'sending' });
    for (const t of ['markDelivered', 'markRetrying', 'markFailed', 'recoverStuck'] as const) expect(WEBHOOK_DELIVERY_TRANSITIONS[t].from).toEqual(['sending']);
    expect(fromStatesSql('markDelivered')).toBe(fromStatesSql('markFailed'));
    expect(fromStatesSql('markDelivered')).toBe(fromStatesSql('markRetrying'));
    expect(allows('markDelivered', 'queued')).toBe(false);
    expect(allows('claim', 'delivered')).toBe(false);
  });

  it('leaves delivered and failed only by an admin’s replay, back to the status a new delivery has', () => {
    expect([...SETTLED_WEBHOOK_DELIVERY_STATUSES].sort()).toEqual(['delivered', 'failed']);
    for (const s of SETTLED_WEBHOOK_DELIVERY_STATUSES) expect(nextStatuses(s)).toEqual([NEW_WEBHOOK_DELIVERY_STATUS]);
    expect(WEBHOOK_DELIVERY_TRANSITIONS.replay.to).toBe('queued');
    expect(allows('replay', 'retrying')).toBe(false);
    expect(allows('replay', 'sending')).toBe(false);
  });

  it('lets every open delivery reach a settled status', () => {
    for (const start of OPEN_WEBHOOK_DELIVERY_STATUSES) {
      const seen = new Set<WebhookDeliveryStatus>([start]);
      const todo = [start];
      for (let s = todo.pop(); s; s = todo.pop()) {
        for (const n of nextStatuses(s)) {
          if (!seen.has(n)) {
            seen.add(n);
            todo.push(n);
          }
        }
      }
      expect([start, SETTLED_WEBHOOK_DELIVERY_STATUSES.every((f) => seen.has(f))]).toEqual([start, true]);
    }
  });

  it('agrees with the open statuses spelt out in the indexes and the check constraint', () => {
    expect([...OPEN_WEBHOOK_DELIVERY_STATUSES].sort()).toEqual(['queued', 'retrying', 'sending']);
    expect(OPEN_SQL).toBe(`('queued', 'sending', 'retrying')`);
    // TypeORM's metadata is global: every test file that loads the entity adds its own copy, so this one's class is asked for
    const indexes = getMetadataArgsStorage().indices.filter(
      (i) => i.target === WebhookDelivery && ['ix_webhook_deliveries_open_order', 'ix_webhook_deliveries_owed'].includes(i.name!),
    );
    expect(indexes).toHaveLength(2);
    for (const i of indexes) expect(i.where).toBe(`status IN ${OPEN_SQL}`);
    const check = getMetadataArgsStorage().checks.find((c) => c.target === WebhookDelivery && c.name === 'ck_webhook_deliveries_status');
    expect(check!.expression).toBe(`status IN ('${WEBHOOK_DELIVERY_STATUSES.join("', '")}')`);
  });
});
