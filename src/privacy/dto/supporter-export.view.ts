import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_KINDS } from '../../notifications/notification.entity.js';

export class ExportedSupporter {
  @ApiProperty({ format: 'uuid', example: '0b6f5d1e-8a3c-4c2e-9f71-2d5a6e8b9c10' }) id: string;
  @ApiProperty({ example: 'amal@example.org' }) email: string;
  @ApiProperty({ example: 'Amal' }) firstName: string;
  @ApiProperty({ example: 'Haddad' }) lastName: string;
  @ApiProperty({ example: 'LB', description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiProperty({ type: String, nullable: true, example: '1100' }) postcode: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2012-02-08T09:41:00.000Z', description: 'when the address was first confirmed' })
  verifiedAt: string | null;
  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:30:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:41:00.000Z' }) updatedAt: string;
}

export class ExportedCampaignRef {
  @ApiProperty({ format: 'uuid', example: '6f0c2a9e-3b1d-4c7a-9e52-8d4f1a0b7c35' }) id: string;
  @ApiProperty({ example: 'stop-the-assault-on-homs' }) slug: string;
  @ApiProperty({ example: 'Stop the assault on Homs' }) title: string;
}

/** Moderation of a signature's own words, as the supporter's export shows it. */
export class ExportedReview {
  @ApiProperty({ type: String, nullable: true, enum: ['pending', 'approved', 'approved-without-text', 'rejected'], description: 'null: not held' })
  status: string | null;
  @ApiProperty({ type: [String], example: ['blocked-word'], description: 'the rules their words tripped' }) flags: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: "the campaigner's reason" }) reason: string | null;
}

export class ExportedSignature {
  @ApiProperty({ format: 'uuid', example: '3c2d1e0f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' }) id: string;
  @ApiProperty({ type: ExportedCampaignRef }) campaign: ExportedCampaignRef;
  @ApiProperty({ enum: ['pending', 'confirmed', 'withdrawn'], example: 'confirmed' }) status: string;
  @ApiProperty({ type: String, nullable: true, example: 'Civilians must be protected.' }) comment: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: "the letter's body in their own words (a campaign whose supporters may rewrite it); null: the campaign's letter",
  })
  letterBody: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'newsletter-2026-11' }) source: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ar', description: 'the language they signed in' }) locale: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'the keyed hash (HMAC-SHA256, hex) of the address it was signed from; the address itself is not kept',
  })
  ipHash: string | null;
  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:30:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:41:00.000Z' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2012-02-08T09:41:00.000Z' }) confirmedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) withdrawnAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Yes, Amnesty may email me about this and other campaigns.',
    description: 'the consent to further contact they ticked, in the words shown',
  })
  consentText: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'en' }) consentLanguage: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2012-02-08T09:30:00.000Z' }) consentGivenAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) consentWithdrawnAt: string | null;
  @ApiProperty({
    type: ExportedReview,
    nullable: true,
    description: 'what moderation made of their own words (docs/moderation.md); null: never flagged nor held',
  })
  review: ExportedReview | null;
}

export class ExportedTargetRef {
  @ApiProperty({ example: 'Sergei Lavrov' }) name: string;
  @ApiProperty({ example: 'Minister of Foreign Affairs' }) title: string;
  @ApiProperty({ example: 'Russian Federation' }) organization: string;
}

export class ExportedLetter {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2b4c-4d6e-8f0a-1b2c3d4e5f60' }) id: string;
  @ApiProperty({ enum: ['individual', 'digest'], example: 'individual', description: 'their own letter, or a digest that lists them among the signatories' })
  kind: 'individual' | 'digest';
  @ApiProperty({ example: 'stop-the-assault-on-homs' }) campaignSlug: string;
  @ApiProperty({ type: ExportedTargetRef }) target: ExportedTargetRef;
  @ApiProperty({ example: 'sent' }) status: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ type: String, nullable: true, example: '<5d1f8a3e-2b4c-4d6e-8f0a-1b2c3d4e5f60@campaigns.example>' }) messageId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) lastError: string | null;
  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:41:00.000Z', description: 'when it became owed' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2012-02-08T09:41:03.000Z' }) sentAt: string | null;
}

export class ExportedEmail {
  @ApiProperty({ format: 'uuid', example: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' }) id: string;
  @ApiProperty({ example: 'stop-the-assault-on-homs' }) campaignSlug: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'confirm_signature' }) kind: string;
  @ApiProperty({ example: 'sent' }) status: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ type: String, nullable: true, example: null }) lastError: string | null;
  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:30:00.000Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2012-02-08T09:30:02.000Z' }) sentAt: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    example: null,
    description: 'reply_forward: the reply it sent on (in `replies`); null for the other kinds',
  })
  replyId: string | null;
}

export class ExportedReplySender {
  @ApiProperty({ type: String, nullable: true, example: 'press.office@mid-ru.example' }) address: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Press Office' }) name: string | null;
}

export class ExportedReply {
  @ApiProperty({ format: 'uuid', example: '3f9a1c2e-8b7d-4e6f-a5c4-2b1d0e9f8a7b' }) id: string;
  @ApiProperty({ example: 'stop-the-assault-on-homs' }) campaignSlug: string;
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2b4c-4d6e-8f0a-1b2c3d4e5f60', description: 'their letter it answers (in `letters`)' }) deliveryId: string;
  @ApiProperty({ type: ExportedTargetRef, description: 'the official the letter was written to' }) target: ExportedTargetRef;
  @ApiProperty({ type: ExportedReplySender, description: 'who in the office sent it' }) from: ExportedReplySender;
  @ApiProperty({ example: 'Re: Use your influence to stop the assault on Homs' }) subject: string;
  @ApiProperty({ example: 'Thank you for your letter. The Minister has raised the situation in Homs with Damascus.', description: 'plain text, as stored' })
  text: string;
  @ApiProperty({ enum: ['auto', 'unclassified', 'acknowledgement', 'substantive'], example: 'substantive' }) kind: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2012-02-09T10:12:00.000Z', description: 'its Date header' }) sentAt:
    string | null;
  @ApiProperty({ format: 'date-time', example: '2012-02-09T10:12:03.000Z' }) receivedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'set when it was redacted by an erasure' })
  redactedAt: string | null;
}

/** Everything Appeals holds about one supporter (a data-subject access request). */
export class SupporterExport {
  @ApiProperty({ format: 'date-time', example: '2026-11-25T08:30:00.000Z' }) exportedAt: string;
  @ApiProperty({ type: ExportedSupporter }) supporter: ExportedSupporter;
  @ApiProperty({ type: [ExportedSignature], description: 'every campaign they signed' }) signatures: ExportedSignature[];
  @ApiProperty({ type: [ExportedLetter], description: 'the letters sent (or owed) in their name' }) letters: ExportedLetter[];
  @ApiProperty({ type: [ExportedEmail], description: 'the emails Appeals sent (or owes) them, the replies forwarded to them among them' })
  emails: ExportedEmail[];
  @ApiProperty({ type: [ExportedReply], description: "officials' replies to their own letters (relayed: docs/replies.md)" }) replies: ExportedReply[];
}

export class ErasureResult {
  @ApiProperty({ format: 'uuid', example: '0b6f5d1e-8a3c-4c2e-9f71-2d5a6e8b9c10', description: 'the anonymised supporter (the audit log names only this id)' })
  supporterId: string;
  @ApiProperty({ example: 2, description: 'confirmed (or withdrawn) signatures anonymised: they still count, and carry nothing personal' })
  signatures: number;
  @ApiProperty({ example: 1, description: 'unconfirmed signatures deleted (they count nowhere)' }) unconfirmedDeleted: number;
  @ApiProperty({ example: 3, description: 'letters cancelled: queued, retrying, failed or bounced ones, which will never be sent' }) lettersCancelled: number;
  @ApiProperty({ example: 0, description: 'letters in an SMTP conversation at that moment: they finish' }) lettersInFlight: number;
  @ApiProperty({ example: 1, description: 'emails to them cancelled' }) emailsCancelled: number;
  @ApiProperty({ example: 4, description: 'confirmation and withdrawal links that no longer work' }) linksRevoked: number;
}
