import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../../notifications/notification.entity.js';
import { REPLY_KINDS, STANCES, type ReplyKind, type Stance } from '../reply.entity.js';

const STANCE_DOC = 'supports, opposes or undecided: a substantive reply’s stance on the campaign’s ask; null when not (yet) judged';

class ReplyTargetView {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' }) id: string;
  @ApiProperty({ example: 'Sergei Lavrov' }) name: string;
  @ApiProperty({ example: 'Minister of Foreign Affairs' }) title: string;
  @ApiProperty({ example: 'Russian Federation' }) organization: string;
}

class ReplySenderView {
  @ApiProperty({ nullable: true, type: String, example: 'press.office@mid-ru.example', description: 'From: the official, or whoever in the office answered' })
  address: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'Press Office' })
  name: string | null;
}

class ReplyAttachmentView {
  @ApiProperty({ nullable: true, type: String, example: 'statement.pdf' }) filename: string | null;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty({ example: 48213, description: 'bytes (the content itself is not kept)' }) size: number;
}

/** The email that sent a reply on to its supporter (delivery.forwardReplies). */
class ReplyForwardView {
  @ApiProperty({ format: 'uuid', example: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', description: 'the supporter email (notification)' }) id: string;
  @ApiProperty({
    enum: NOTIFICATION_STATUSES,
    example: 'sent',
    description: 'queued, sending, retrying: owed; sent; failed; cancelled (the signature was withdrawn or erased)',
  })
  status: NotificationStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2012-02-09T10:12:09.000Z' }) sentAt: Date | null;
}

/** An official's reply to a relayed letter, as the campaigners see it. */
export class ReplyView {
  @ApiProperty({ format: 'uuid', example: '3f9a1c2e-8b7d-4e6f-a5c4-2b1d0e9f8a7b' }) id: string;
  @ApiProperty({ format: 'uuid', example: '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21' }) campaignId: string;
  @ApiProperty({ type: ReplyTargetView, description: 'the official the answered letter was written to' }) target: ReplyTargetView;
  @ApiProperty({ format: 'uuid', example: '7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11', description: 'the letter answered (its reply+TOKEN address named it)' })
  deliveryId: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    example: 'e4b8c2a1-7d3f-4c5e-9a0b-1f2e3d4c5b6a',
    description: 'the signature it carried; null for a digest',
  })
  signatureId: string | null;
  @ApiProperty({ type: ReplySenderView }) from: ReplySenderView;
  @ApiProperty({ example: 'Re: Use your influence to stop the assault on Homs' }) subject: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2012-02-09T10:12:00.000Z', description: 'its Date header' })
  sentAt: Date | null;
  @ApiProperty({ format: 'date-time', example: '2012-02-09T10:12:03.000Z' }) receivedAt: Date;
  @ApiProperty({
    example:
      'Thank you for your letter. The Minister has raised the situation in Homs with …\n\nOn 8 Feb 2012, Amal Haddad via Amnesty wrote:\n> Dear Minister …',
    description: 'plain text (an HTML reply converted: no markup, scripts or images), quotation included',
  })
  text: string;
  @ApiProperty({ type: [ReplyAttachmentView] }) attachments: ReplyAttachmentView[];
  @ApiProperty({ nullable: true, type: String, example: '<CAF3x9=abc@mail.mid-ru.example>' }) messageId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'in-reply-to': '<7b0f6a0e-4a43-4a5f-9d64-6b9c1c2f0a11@campaigns.example>' },
    description: 'the headers it was classified by (lower-case names)',
  })
  headers: Record<string, string>;
  @ApiProperty({
    enum: REPLY_KINDS,
    example: 'substantive',
    description: 'auto (a machine’s: out of office…), unclassified (not read yet), acknowledgement or substantive',
  })
  kind: ReplyKind;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'why it is auto ("Auto-Submitted: auto-replied", "subject (ru): автоответ")' })
  autoReason: string | null;
  @ApiProperty({ enum: STANCES, nullable: true, example: 'supports', description: STANCE_DOC }) stance: Stance | null;
  @ApiProperty({ example: false, description: 'shown on the campaign page and in the public API (without the quoted letter)' }) published: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2012-02-09T11:00:00.000Z', description: 'when a campaigner last marked it' })
  markedAt: Date | null;
  @ApiProperty({
    type: ReplyForwardView,
    nullable: true,
    description:
      'the email that sends it on to the supporter whose letter it answers; null: not forwarded (the campaign does not, an automatic reply, a digest’s)',
  })
  forward: ReplyForwardView | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
    description: 'its supporter was erased since: the quoted letter and their name are gone from it',
  })
  redactedAt: Date | null;
}

export class ReplyPage {
  @ApiProperty({ type: [ReplyView] }) items: ReplyView[];
  @ApiProperty({ nullable: true, type: String, example: null, description: 'pass as `cursor` for the next (older) page; null on the last page' })
  nextCursor: string | null;
}
