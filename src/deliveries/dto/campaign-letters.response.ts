import { ApiProperty } from '@nestjs/swagger';
import { DeliveryCounts } from './stats.response.js';

export class TargetFailureReason {
  @ApiProperty({
    description: "the SMTP server's answer (or the bounce report) with addresses replaced by <address>",
    example: '550 5.1.1 <address>: no such user here',
  })
  reason: string;
  @ApiProperty({ example: 3 }) failed: number;
  @ApiProperty({ example: 0 }) bounced: number;
  @ApiProperty({
    description: 'when a letter last joined this group (failed or bounced with this reason)',
    format: 'date-time',
    example: '2026-11-02T09:14:05.000Z',
  })
  lastAt: string;
}

export class TargetLetters {
  @ApiProperty({ format: 'uuid', example: '5d1f8a3e-2c4b-4a6d-9e8f-0a1b2c3d4e5f' }) targetId: string;
  @ApiProperty({ type: DeliveryCounts, description: "this campaign's letters to the target, by status" }) counts: DeliveryCounts;
  @ApiProperty({ example: 9475, description: 'letters owed in all: every status but cancelled' }) owed: number;
  @ApiProperty({ type: [TargetFailureReason], description: 'why letters failed or bounced, largest groups first' }) failures: TargetFailureReason[];
}

export class CampaignLetters {
  @ApiProperty({ format: 'uuid', example: '9b2e4c1d-6f3a-4e8b-b1d2-7c5a0e9f3a21' }) campaignId: string;
  @ApiProperty({ type: [TargetLetters], description: 'every target the campaign has letters to' }) targets: TargetLetters[];
}
