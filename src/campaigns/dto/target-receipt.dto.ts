import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CAMPAIGN_TARGET_STATUSES, type CampaignTargetStatus } from '../campaign-target.entity.js';

export const RECEIPT_FORMATS = ['json', 'csv'] as const;

export class ReceiptQuery {
  @ApiPropertyOptional({
    enum: RECEIPT_FORMATS,
    example: 'csv',
    description: 'csv: the whole list as a CSV file; default json (also chosen by `Accept: text/csv`)',
  })
  @IsOptional()
  @IsIn(RECEIPT_FORMATS, { message: 'format must be json or csv' })
  format?: (typeof RECEIPT_FORMATS)[number];

  @ApiPropertyOptional({ description: 'JSON only: nextCursor of the previous page', example: 'WyIyMDEyLTAyLTA5IDA5OjE0OjA1LjEyMzQ1NiswMCIsIi4uLiJd' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 1000, example: 1000, description: 'JSON only: lines per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

class ReceiptCampaign {
  @ApiProperty({ format: 'uuid', example: '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21' }) id: string;
  @ApiProperty({ example: 'stop-the-assault-on-homs' }) slug: string;
  @ApiProperty({ example: 'Stop the assault on Homs' }) title: string;
}

class ReceiptTarget {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' }) id: string;
  @ApiProperty({ example: 'Sergei Lavrov' }) name: string;
  @ApiProperty({ example: 'Minister of Foreign Affairs' }) title: string;
  @ApiProperty({ example: 'Russian Federation' }) organization: string;
  @ApiProperty({ example: 'minister@mid.example' }) email: string;
  @ApiProperty({ enum: CAMPAIGN_TARGET_STATUSES, example: 'launched', description: 'where the campaign stands with this target now' })
  status: CampaignTargetStatus;
}

class ReceiptTotals {
  @ApiProperty({
    example: 10470,
    description: 'letters delivered to this official: accepted and not reported undeliverable since (a digest letter counts once)',
  })
  letters: number;
  @ApiProperty({ example: 10472, description: 'people those letters carried: the lines of the receipt' }) signatories: number;
  @ApiProperty({ example: 10472, description: 'lines of the receipt (signatories whose letter was delivered)' }) sent: number;
  @ApiProperty({
    example: 12,
    description: 'signatories whose letter was accepted, then reported undeliverable (a hard bounce): not on the receipt, which is proof of delivery',
  })
  bounced: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2012-02-08T09:31:04.000Z' }) firstSentAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2012-03-31T22:58:40.000Z' }) lastSentAt: string | null;
}

export class ReceiptLine {
  @ApiProperty({ format: 'date-time', example: '2012-02-08T09:31:04.000Z', description: 'when the SMTP server accepted the letter' })
  sentAt: string;

  @ApiProperty({ example: 'Amal Haddad' })
  supporterName: string;

  @ApiProperty({ example: 'LB', description: 'ISO 3166-1 alpha-2' })
  country: string;

  @ApiProperty({ example: 'Lebanon' })
  countryName: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: '<e4b8c2a1-7d3f-4c5e-9a0b-1f2e3d4c5b6a@campaigns.example>',
    description: 'the Message-ID the office received',
  })
  messageId: string | null;

  @ApiProperty({ enum: ['sent'], example: 'sent', description: 'every line is a delivered letter (a bounced one is taken off)' })
  status: 'sent' | 'bounced';

  @ApiProperty({ enum: ['individual', 'digest'], example: 'individual', description: 'digest: one letter listing many signatories (each gets a line)' })
  letter: 'individual' | 'digest';

  @ApiProperty({ format: 'uuid', example: 'e4b8c2a1-7d3f-4c5e-9a0b-1f2e3d4c5b6a' })
  deliveryId: string;
}

export class TargetReceipt {
  @ApiProperty({ type: ReceiptCampaign }) campaign: ReceiptCampaign;
  @ApiProperty({ type: ReceiptTarget }) target: ReceiptTarget;
  @ApiProperty({ format: 'date-time', example: '2012-04-01T08:00:00.000Z' }) generatedAt: string;
  @ApiProperty({ type: ReceiptTotals }) totals: ReceiptTotals;
  @ApiProperty({ type: [ReceiptLine], description: 'one line per signatory, by sending time' }) items: ReceiptLine[];
  @ApiProperty({ nullable: true, type: String, example: null, description: 'pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
