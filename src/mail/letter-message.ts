import { composeDigest, composeLetter, type DigestFacts, type LetterFacts } from '../letters/letter-composition.js';
import type { OutgoingMessage } from './outgoing-message.js';

export interface SenderIdentity {
  from: string;
  orgName: string;
  domain: string;
}

export const messageIdFor = (deliveryId: string, domain: string) => `<${deliveryId}@${domain}>`;
export const bounceAddressFor = (deliveryId: string, domain: string) => `bounces+${deliveryId}@${domain}`;

/**
 * The letter on the wire (PRODUCT.md): From the organisation's address with the supporter's
 * name, Reply-To the supporter, a Message-ID stable per delivery, the campaign and delivery in
 * headers, and an envelope sender that names the delivery so a late bounce can be matched.
 * No supporter input reaches the envelope.
 *
 * `relayTo`: the campaign relays replies (delivery.replies "relay"): Reply-To is this address,
 * reply+TOKEN@MAIL_DOMAIN (src/replies/reply-token.ts), and the supporter's address is in no
 * header (nor in the body, unless the campaign shows it under the signature).
 */
export function buildLetterMessage(facts: LetterFacts, sender: SenderIdentity, relayTo: string | null = null): OutgoingMessage {
  const letter = composeLetter(facts);
  const fullName = `${facts.supporter.firstName} ${facts.supporter.lastName}`.trim();
  return {
    from: { name: `${fullName} via ${sender.orgName}`, address: sender.from },
    replyTo: relayTo ?? facts.supporter.email,
    to: facts.target.email,
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    messageId: messageIdFor(facts.deliveryId, sender.domain),
    headers: {
      'X-Appeal-Campaign': facts.campaign.slug,
      'X-Appeal-Delivery': facts.deliveryId,
    },
    envelope: { from: bounceAddressFor(facts.deliveryId, sender.domain), to: [facts.target.email] },
  };
}

/**
 * The digest on the wire: from the organisation itself, as it speaks for many people; when the
 * campaign relays replies, Reply-To its reply+TOKEN@MAIL_DOMAIN address (`relayTo`).
 */
export function buildDigestMessage(facts: DigestFacts, sender: SenderIdentity, relayTo: string | null = null): OutgoingMessage {
  const letter = composeDigest(facts);
  return {
    from: { name: sender.orgName, address: sender.from },
    ...(relayTo ? { replyTo: relayTo } : {}),
    to: facts.target.email,
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
    messageId: messageIdFor(facts.deliveryId, sender.domain),
    headers: { 'X-Appeal-Campaign': facts.campaign.slug, 'X-Appeal-Delivery': facts.deliveryId },
    envelope: { from: bounceAddressFor(facts.deliveryId, sender.domain), to: [facts.target.email] },
  };
}
