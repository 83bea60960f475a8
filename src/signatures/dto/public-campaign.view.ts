import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_STATUSES, type CampaignStatus } from '../../campaigns/campaign.entity.js';

class PublicLetterView {
  @ApiProperty({ example: 'Используйте своё влияние, чтобы остановить штурм Хомса' })
  subject: string;

  @ApiProperty({ example: 'Уважаемый {{target.title}} {{target.name}}!\n\n…\n\nС уважением,\n{{supporter.fullName}}, {{supporter.country}}' })
  body: string;

  @ApiProperty({ nullable: true, type: String, example: 'ru', description: "the letter's translation shown, or null for the default letter" })
  translation: string | null;
}

class PublicTargetView {
  @ApiProperty({ example: 'Sergei Lavrov' }) name: string;
  @ApiProperty({ example: 'Minister of Foreign Affairs' }) title: string;
  @ApiProperty({ example: 'Russian Federation' }) organization: string;
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
  @ApiProperty({ type: [PublicTargetView], description: 'the launched officials (never their addresses)' }) targets: PublicTargetView[];
  @ApiProperty({
    example: false,
    description: "true when who receives a supporter's letter depends on their country (audiences): ask GET /api/public/campaigns/:slug/recipients?country=",
  })
  targeted: boolean;
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

  @ApiProperty({ example: true, description: 'signers confirm by email' }) requireConfirmation: boolean;
}
