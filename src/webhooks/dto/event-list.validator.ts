import { registerDecorator } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, isWebhookEventType } from '../webhook-events.js';

const quote = (v: unknown) => JSON.stringify(v);

/**
 * What is wrong with a list of event types, as the end of a sentence starting with the field's
 * name, or null when nothing is: `"signature.signed" is not an event type (…)`.
 */
export function eventListProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return `must be a list of event types such as ["signature.confirmed"]`;
  if (!value.length) return 'must name at least one event type';
  const unknown = value.filter((v) => !isWebhookEventType(v));
  if (unknown.length) {
    const named = unknown.slice(0, 5).map(quote).join(', ');
    return `${unknown.length === 1 ? 'has an unknown event type' : 'has unknown event types'}: ${named} (known: ${WEBHOOK_EVENT_TYPES.join(', ')})`;
  }
  const twice = value.find((v, i) => value.indexOf(v) !== i);
  return twice === undefined ? null : `lists ${quote(twice)} twice`;
}

/** A non-empty list of known event types, each once; an unknown one is named in the message. */
export const IsEventList = () => (object: object, propertyName: string) =>
  registerDecorator({
    name: 'isEventList',
    target: object.constructor,
    propertyName,
    options: { message: (args) => `${args.property} ${eventListProblem(args.value) ?? 'is not valid'}` },
    validator: { validate: (v: unknown) => eventListProblem(v) === null },
  });
