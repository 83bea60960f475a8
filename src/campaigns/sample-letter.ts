import { composeDigest, composeLetter, type ComposedLetter, type LetterTarget } from '../letters/letter-composition.js';
import type { Appeal } from '../letters/letter-template.js';
import { buildDigestMessage, buildLetterMessage, type SenderIdentity } from '../mail/letter-message.js';
import type { OutgoingMessage } from '../mail/outgoing-message.js';
import type { DeliveryMode } from './campaign.entity.js';

/** The supporter a preview or a test letter is written from. */
export const SAMPLE_SUPPORTER = {
  firstName: 'Amal',
  lastName: 'Haddad',
  email: 'supporter@example.org',
  country: 'LB',
  comment: 'Civilians must be protected.',
};

/** Digest previews list these signatories. */
export const SAMPLE_SIGNATORIES = [
  { firstName: 'Amal', lastName: 'Haddad', country: 'LB' },
  { firstName: 'Marie', lastName: 'Dupont', country: 'FR' },
  { firstName: 'Ivan', lastName: 'Petrov', country: 'RU' },
];

/** The official a preview is written to when the campaign has no target yet. */
export const SAMPLE_TARGET: LetterTarget = {
  name: 'Jane Official',
  title: 'Minister',
  organization: 'Example Ministry',
  email: 'official@example.org',
  locale: 'en',
  country: null,
  tags: [],
};

const NO_DELIVERY = '00000000-0000-0000-0000-000000000000';

export interface SampleLetterInput {
  campaign: { slug: string; title: string; appeal: Appeal; delivery: { mode: DeliveryMode } };
  target: LetterTarget;
}

/**
 * The letter exactly as the target would read it, from the sample supporter (or signatories),
 * with the version and translation its country, organization, tags and locale chose.
 */
export function renderSampleLetter({ campaign, target }: SampleLetterInput): ComposedLetter {
  return campaign.delivery.mode === 'digest'
    ? composeDigest({ deliveryId: NO_DELIVERY, campaign, target, signatories: SAMPLE_SIGNATORIES, more: 0 })
    : composeLetter({ deliveryId: NO_DELIVERY, campaign, target, supporter: SAMPLE_SUPPORTER });
}

/**
 * A test letter: the letter as rendered for the target, but addressed to the staff member who
 * asked for it, with "[TEST]" before the subject, a Message-ID of its own and no delivery
 * header, so that nothing can take it for a real letter.
 */
export function buildTestLetter(input: SampleLetterInput, to: string, testId: string, sender: SenderIdentity): OutgoingMessage {
  const facts = { deliveryId: testId, campaign: input.campaign, target: { ...input.target, email: to } };
  const message =
    input.campaign.delivery.mode === 'digest'
      ? buildDigestMessage({ ...facts, signatories: SAMPLE_SIGNATORIES, more: 0 }, sender)
      : buildLetterMessage({ ...facts, supporter: { ...SAMPLE_SUPPORTER, email: to } }, sender);
  return {
    ...message,
    subject: `[TEST] ${message.subject}`,
    replyTo: to,
    messageId: `<test-${testId}@${sender.domain}>`,
    headers: { 'X-Appeal-Campaign': input.campaign.slug, 'X-Appeal-Test': 'true' },
    envelope: { from: sender.from, to: [to] },
  };
}
