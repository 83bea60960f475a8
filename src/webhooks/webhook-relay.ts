import { Injectable } from '@nestjs/common';
import { OutboxRelay } from '../queue/outbox-relay.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookOutbox } from './webhook-outbox.js';

/** how often a worker looks for new deliveries (an index probe on a partial index: nothing, mostly) */
const RELAY_INTERVAL_MS = 200;

/** The webhook outbox's relay (OutboxRelay): the deliveries written with their events go to the queue in bulk. */
@Injectable()
export class WebhookRelay extends OutboxRelay {
  constructor(outbox: WebhookOutbox, dispatcher: WebhookDispatcher) {
    super(outbox, dispatcher, RELAY_INTERVAL_MS, WebhookRelay.name);
  }
}
