import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_STATUSES, LETTER_EDITING, type CampaignStatus, type LetterEditing } from '../../campaigns/campaign.entity.js';
import { STANCES, type Stance } from '../../replies/reply.entity.js';

class PublicLetterView {
  @ApiProperty({ example: 'Используйте своё влияние, чтобы остановить штурм Хомса' })
  subject: string;

  @ApiProperty({ example: 'Уважаемый {{target.title}} {{target.name}}!\n\n…\n\nС уважением,\n{{supporter.fullName}}, {{supporter.country}}' })
  body: string;

  @ApiProperty({ nullable: true, type: String, example: 'ru', description: "the letter's translation shown, or null for the default letter" })
  translation: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description:
      'letterEditing "body": the text a supporter may rewrite, as the page offers it in this language (the body between its first paragraph, the salutation, and the signature; each placeholder as its description in [brackets]); sign with letter: {body}. null on a "comment" campaign',
  })
  editable: string | null;
}

class PublicTargetView {
  @ApiProperty({ example: 'Sergei Lavrov' }) name: string;
  @ApiProperty({ example: 'Minister of Foreign Affairs' }) title: string;
  @ApiProperty({ example: 'Russian Federation' }) organization: string;
}

class PublicResponseTargetView extends PublicTargetView {
  @ApiProperty({ example: 10482, description: "the campaign's letters its mail server accepted" }) lettersDelivered: number;
}

/** An official's reply a campaigner published (src/replies). */
class PublicResponseView {
  @ApiProperty({ type: PublicResponseTargetView, description: 'who answered (never an address)' }) target: PublicResponseTargetView;
  @ApiProperty({ enum: STANCES, nullable: true, example: 'supports', description: 'their stance on the ask, as the campaign judged it; null: not judged' })
  stance: Stance | null;
  @ApiProperty({
    example: 'The Minister has raised the situation in Homs with the Syrian government and …',
    description: 'their words, plain text, without the letter they quote',
  })
  text: string;
  @ApiProperty({ format: 'date-time', example: '2030-03-16T10:12:03.000Z' }) receivedAt: Date;
}

/** GET /api/public/campaigns/:slug: what anyone may see of a campaign (never an address). */
export class PublicCampaignView {
  @ApiProperty({ example: 'stop-the-assault-on-homs' }) slug: string;
  @ApiProperty({ example: 'Остановите штурм Хомса', description: 'in the language asked for when the campaign has it, else the default' }) title: string;
  @ApiProperty({ example: 'Призовите Россию и Лигу арабских государств добиться от Сирии прекращения обстрелов Хомса.' }) summary: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'ru',
    description: "the campaign's translation shown (a key of its translations), or null for its default text",
  })
  translation: string | null;

  @ApiProperty({ type: PublicLetterView, description: 'the letter templates as written, placeholders included' }) letter: PublicLetterView;
  @ApiProperty({
    enum: LETTER_EDITING,
    example: 'comment',
    description:
      'what a supporter may write: "comment", a personal message added to the letter; "body", the letter\'s body itself (letter: {body} when signing; letter.editable is the text to start from)',
  })
  letterEditing: LetterEditing;
  @ApiProperty({ type: [PublicTargetView], description: 'the launched officials (never their addresses)' }) targets: PublicTargetView[];
  @ApiProperty({
    example: false,
    description: "true when who receives a supporter's letter depends on their country (audiences): ask GET /api/public/campaigns/:slug/recipients?country=",
  })
  targeted: boolean;
  @ApiProperty({
    nullable: true,
    type: 'object',
    properties: { label: { type: 'string', nullable: true } },
    example: { label: null },
    description:
      'null: the campaign does not ask for consent to further contact. Otherwise the form shows an unticked box with `label` (null: the default words, "Yes, ORG may email me about this and other campaigns…") and signing takes optIn: true',
  })
  optIn: { label: string | null } | null;
  @ApiProperty({ example: 10482, description: 'confirmed signatures' }) signatureCount: number;
  @ApiProperty({ nullable: true, type: Number, example: 10000 }) signatureGoal: number | null;
  @ApiProperty({ enum: CAMPAIGN_STATUSES, example: 'live' }) status: CampaignStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2030-03-31T23:59:59.000Z' }) endsAt: Date | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2030-03-15T09:00:00.000Z',
    description: 'the letters are held until then (delivery.startAt); null: they go as signatures are confirmed',
  })
  deliveryStartAt: Date | null;

  @ApiProperty({ type: [PublicResponseView], description: "the officials' replies the campaign published, newest first (at most 50; [] when none)" })
  responses: PublicResponseView[];

  @ApiProperty({ example: true, description: 'signers confirm by email' }) requireConfirmation: boolean;
}
